import { sql, type Executor } from '../../platform/db/index.ts';
import type { AccountKind } from '../../platform/module/index.ts';
import { identityDb } from './accounts.repository.ts';

export interface NewSession {
  id: string;
  accountId: string;
  idleSeconds: number;
  lifetimeSeconds: number;
  ip: string | null;
  userAgent: string | null;
}

export async function insertSessionInTx(executor: Executor, session: NewSession): Promise<void> {
  await identityDb(executor)
    .insertInto('sessions')
    .values({
      id: session.id,
      account_id: session.accountId,
      idle_seconds: session.idleSeconds,
      expires_at: sql<Date>`now() + ${session.lifetimeSeconds}::int * interval '1 second'`,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
}

export interface LiveSession {
  accountId: string;
  kind: AccountKind;
  fullName: string;
  agencyCode: string | null;
  roles: string[];
  /** Last seen more than a minute ago: time to record activity. */
  stale: boolean;
}

/** The session and its account, if the session is neither idle too long nor past its end and the account is active. */
export async function findLiveSession(executor: Executor, id: string): Promise<LiveSession | undefined> {
  const row = await identityDb(executor)
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select([
      'accounts.id as account_id',
      'accounts.kind',
      'accounts.full_name',
      'accounts.agency_code',
      'accounts.roles',
      sql<boolean>`sessions.last_seen_at < now() - interval '1 minute'`.as('stale'),
    ])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where(sql<boolean>`sessions.last_seen_at > now() - sessions.idle_seconds * interval '1 second'`)
    .where('accounts.status', '=', 'active')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    accountId: row.account_id,
    kind: row.kind,
    fullName: row.full_name,
    agencyCode: row.agency_code,
    roles: row.roles,
    stale: row.stale,
  };
}

export async function touchSession(executor: Executor, id: string): Promise<void> {
  await identityDb(executor).updateTable('sessions').set({ last_seen_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export async function deleteSessionInTx(executor: Executor, id: string): Promise<void> {
  await identityDb(executor).deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfAccountInTx(executor: Executor, accountId: string): Promise<number> {
  const result = await identityDb(executor).deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteDeadSessions(executor: Executor): Promise<number> {
  const result = await identityDb(executor)
    .deleteFrom('sessions')
    .where(sql<boolean>`(expires_at <= now() OR last_seen_at <= now() - idle_seconds * interval '1 second')`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
