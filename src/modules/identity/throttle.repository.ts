import { sql, type Executor } from '../../platform/db/index.ts';
import { identityDb } from './accounts.repository.ts';

export interface ThrottleRule {
  /** Failures counted within this window … */
  windowSeconds: number;
  /** … up to this many; the one that reaches it sets the lock. */
  limit: number;
  lockSeconds: number;
}

/** Seconds left on the lock of this key, or 0 when it is not locked. */
export async function lockedForSeconds(executor: Executor, scope: string, keyHash: string): Promise<number> {
  const row = await identityDb(executor)
    .selectFrom('auth_throttle')
    .select(sql<number>`ceil(extract(epoch from (locked_until - now())))::int`.as('seconds'))
    .where('scope', '=', scope)
    .where('key_hash', '=', keyHash)
    .where('locked_until', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row ? Math.max(1, row.seconds) : 0;
}

/**
 * Counts one failure in the key's current window (a new window starts when the old one
 * is over) and locks the key when the count reaches the limit. One statement, so
 * concurrent failures on several processes are all counted.
 * Returns the seconds of lock now in force (0 when none).
 */
export async function recordFailure(executor: Executor, scope: string, keyHash: string, rule: ThrottleRule): Promise<number> {
  const window = sql`${rule.windowSeconds}::int * interval '1 second'`;
  const lock = sql`now() + ${rule.lockSeconds}::int * interval '1 second'`;
  const expired = sql`auth_throttle.window_started_at <= now() - ${window}`;
  const failures = sql<number>`CASE WHEN ${expired} THEN 1 ELSE auth_throttle.failures + 1 END`;
  const result = await sql<{ seconds: number }>`
    INSERT INTO auth_throttle (scope, key_hash, window_started_at, failures, locked_until)
    VALUES (${scope}, ${keyHash}, now(), 1, CASE WHEN 1 >= ${rule.limit}::int THEN ${lock} END)
    ON CONFLICT (scope, key_hash) DO UPDATE SET
      window_started_at = CASE WHEN ${expired} THEN now() ELSE auth_throttle.window_started_at END,
      failures = ${failures},
      locked_until = CASE WHEN ${failures} >= ${rule.limit}::int THEN ${lock} ELSE auth_throttle.locked_until END
    RETURNING coalesce(ceil(extract(epoch from (locked_until - now())))::int, 0) AS seconds
  `.execute(identityDb(executor));
  return Math.max(0, result.rows[0]?.seconds ?? 0);
}

/** Counters whose window and lock are both over carry no information any more. */
export async function deleteStaleCounters(executor: Executor, olderThanSeconds: number): Promise<number> {
  const result = await identityDb(executor)
    .deleteFrom('auth_throttle')
    .where('window_started_at', '<', sql<Date>`now() - ${olderThanSeconds}::int * interval '1 second'`)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
