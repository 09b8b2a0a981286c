import { sql, type Executor } from '../../platform/db/index.ts';
import type { LookupBudgetScope } from './dossiers.tables.ts';

// SQL of the public lookup's budgets (migrations/0003_lookup_budgets.sql). Plain SQL: each
// statement is one guarded upsert or a purge by age, whose condition is the point.

/**
 * Takes one attempt of a budget, opening a new window when the last one has passed.
 * Undefined when the window's attempts are spent: the row is then left as it is. Concurrent
 * calls queue on the row's lock, so at most `limit` of them ever get an attempt.
 */
export async function takeLookupAttempt(db: Executor, scope: LookupBudgetScope, key: string, limit: number, windowSeconds: number): Promise<{ windowStart: string } | undefined> {
  // The window's start goes back as text: a Date would lose its microseconds.
  const result = await sql<{ windowStart: string }>`
    INSERT INTO dossier_lookup_budgets AS b (scope, key, attempts, window_start) VALUES (${scope}, ${key}, 1, now())
    ON CONFLICT (scope, key) DO UPDATE SET
      attempts = CASE WHEN b.window_start > now() - make_interval(secs => ${windowSeconds}) THEN b.attempts + 1 ELSE 1 END,
      window_start = CASE WHEN b.window_start > now() - make_interval(secs => ${windowSeconds}) THEN b.window_start ELSE now() END
    WHERE b.window_start <= now() - make_interval(secs => ${windowSeconds}) OR b.attempts < ${limit}
    RETURNING window_start::text AS "windowStart"
  `.execute(db);
  return result.rows[0];
}

/** Gives an attempt back to the window it was taken from (a right answer costs nothing). */
export async function returnLookupAttempt(db: Executor, scope: LookupBudgetScope, key: string, windowStart: string): Promise<void> {
  await sql`
    UPDATE dossier_lookup_budgets SET attempts = attempts - 1
    WHERE scope = ${scope} AND key = ${key} AND window_start = ${windowStart}::timestamptz AND attempts > 0
  `.execute(db);
}

export async function purgeLookupBudgets(db: Executor, olderThanSeconds: number): Promise<void> {
  await sql`DELETE FROM dossier_lookup_budgets WHERE window_start <= now() - make_interval(secs => ${olderThanSeconds})`.execute(db);
}
