import type { RawBuilder } from 'kysely';
import { sql, type Executor } from '../../platform/db/index.ts';
import { identityDb } from './accounts.repository.ts';

// SQL of login throttling (see login-throttle.ts and migrations/0002_login_throttle.sql).

const seconds = (value: number) => sql`${value}::int * interval '1 second'`;

interface DelayRules {
  freeFailures: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  forgetAfterSeconds: number;
}

/** delayAfterFailures() of login-throttle.ts, in SQL, as an interval. */
function delayFor(failures: RawBuilder<number>, rules: DelayRules) {
  const { freeFailures: free, firstDelaySeconds: first, maxDelaySeconds: max } = rules;
  return sql`(CASE WHEN ${failures} < ${free}::int THEN 0
    ELSE least(${max}::int, ${first}::int * power(2, least(${failures} - ${free}::int, 30))) END) * interval '1 second'`;
}

/**
 * One statement, so that concurrent attempts on several processes cannot all pass a delay:
 * refuses while the subject is locked or the pair's delay runs (counting nothing), else
 * counts the attempt (a pair idle for a day starts again from one).
 */
export async function beginLoginAttempt(
  executor: Executor,
  subjectHash: string,
  sourceHash: string,
  rules: DelayRules,
): Promise<{ lockedSeconds: number; counted: boolean; waitSeconds: number }> {
  const forgotten = sql`f.last_failed_at <= now() - ${seconds(rules.forgetAfterSeconds)}`;
  const next = sql<number>`(CASE WHEN ${forgotten} THEN 1 ELSE f.failures + 1 END)`;
  const result = await sql<{ locked_seconds: number; counted: boolean; wait_seconds: number }>`
    WITH locked AS (
      SELECT locked_until FROM login_locks WHERE subject_hash = ${subjectHash} AND locked_until > now()
    ), counted AS (
      INSERT INTO login_failures AS f (subject_hash, source_hash, failures, last_failed_at, next_attempt_at)
      SELECT ${subjectHash}, ${sourceHash}, 1, now(), now() + ${delayFor(sql<number>`1`, rules)}
      WHERE NOT EXISTS (SELECT 1 FROM locked)
      ON CONFLICT (subject_hash, source_hash) DO UPDATE SET
        failures = ${next},
        last_failed_at = now(),
        next_attempt_at = now() + ${delayFor(next, rules)}
      WHERE f.next_attempt_at <= now() OR ${forgotten}
      RETURNING 1
    )
    SELECT
      coalesce((SELECT ceil(extract(epoch FROM locked_until - now()))::int FROM locked), 0) AS locked_seconds,
      EXISTS (SELECT 1 FROM counted) AS counted,
      coalesce((SELECT ceil(extract(epoch FROM next_attempt_at - now()))::int FROM login_failures
                WHERE subject_hash = ${subjectHash} AND source_hash = ${sourceHash}), 0) AS wait_seconds
  `.execute(identityDb(executor));
  const row = result.rows[0];
  return { lockedSeconds: Number(row?.locked_seconds ?? 0), counted: row?.counted === true, waitSeconds: Number(row?.wait_seconds ?? 0) };
}

export async function forgetPair(executor: Executor, subjectHash: string, sourceHash: string): Promise<void> {
  await identityDb(executor).deleteFrom('login_failures').where('subject_hash', '=', subjectHash).where('source_hash', '=', sourceHash).execute();
}

export async function forgetSubject(executor: Executor, subjectHash: string): Promise<void> {
  await identityDb(executor).deleteFrom('login_failures').where('subject_hash', '=', subjectHash).execute();
  await identityDb(executor).deleteFrom('login_locks').where('subject_hash', '=', subjectHash).execute();
}

/** Distinct sources with a failure on this subject within the window. */
export async function countRecentSources(executor: Executor, subjectHash: string, windowSeconds: number): Promise<number> {
  const row = await identityDb(executor)
    .selectFrom('login_failures')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('subject_hash', '=', subjectHash)
    .where('last_failed_at', '>', sql<Date>`now() - ${seconds(windowSeconds)}`)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function lockSubject(executor: Executor, subjectHash: string, lockSeconds: number): Promise<Date> {
  const row = await sql<{ locked_until: Date }>`
    INSERT INTO login_locks (subject_hash, locked_until) VALUES (${subjectHash}, now() + ${seconds(lockSeconds)})
    ON CONFLICT (subject_hash) DO UPDATE SET locked_until = greatest(login_locks.locked_until, EXCLUDED.locked_until)
    RETURNING locked_until
  `.execute(identityDb(executor));
  const lockedUntil = row.rows[0]?.locked_until;
  return lockedUntil instanceof Date ? lockedUntil : new Date(String(lockedUntil));
}

/** True for exactly one caller per notice period (the row lock orders concurrent callers). */
export async function claimLockNotice(executor: Executor, subjectHash: string, everySeconds: number): Promise<boolean> {
  const row = await identityDb(executor)
    .updateTable('login_locks')
    .set({ notified_at: sql<Date>`now()` })
    .where('subject_hash', '=', subjectHash)
    .where((eb) => eb.or([eb('notified_at', 'is', null), eb('notified_at', '<=', sql<Date>`now() - ${seconds(everySeconds)}`)]))
    .returning('subject_hash')
    .executeTakeFirst();
  return row !== undefined;
}

/** Pairs idle past their memory, and locks that are over and whose notice period has passed. */
export async function deleteSpentLoginRows(executor: Executor, forgetAfterSeconds: number, noticeEverySeconds: number): Promise<number> {
  const pairs = await identityDb(executor)
    .deleteFrom('login_failures')
    .where('last_failed_at', '<=', sql<Date>`now() - ${seconds(forgetAfterSeconds)}`)
    .executeTakeFirst();
  const locks = await identityDb(executor)
    .deleteFrom('login_locks')
    .where('locked_until', '<=', sql<Date>`now()`)
    .where((eb) => eb.or([eb('notified_at', 'is', null), eb('notified_at', '<=', sql<Date>`now() - ${seconds(noticeEverySeconds)}`)]))
    .executeTakeFirst();
  return Number(pairs.numDeletedRows) + Number(locks.numDeletedRows);
}
