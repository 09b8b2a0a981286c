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
  /** The account has an authenticator: the session is only a step towards a login until a code is given. */
  awaitingSecondFactor?: boolean;
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
      awaiting_second_factor: session.awaitingSecondFactor ?? false,
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
  /** Password given, code not yet: signs nobody in. */
  awaitingSecondFactor: boolean;
  /** When this session last proved the second factor. */
  secondFactorAt: Date | null;
  /** The account has a confirmed authenticator. */
  hasSecondFactor: boolean;
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
      'sessions.awaiting_second_factor',
      'sessions.second_factor_at',
      sql<boolean>`EXISTS (SELECT 1 FROM second_factors f WHERE f.account_id = accounts.id AND f.confirmed_at IS NOT NULL)`.as('has_second_factor'),
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
    awaitingSecondFactor: row.awaiting_second_factor,
    secondFactorAt: row.second_factor_at,
    hasSecondFactor: row.has_second_factor,
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

/** The second factor was given in this session (at login or for a step-up): it signs its account in fully. */
export async function markSecondFactorInTx(executor: Executor, id: string): Promise<void> {
  await identityDb(executor)
    .updateTable('sessions')
    .set({ awaiting_second_factor: false, second_factor_at: sql<Date>`now()`, last_seen_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Gives the session a new id (the cookie token changes when the sign-in completes, as at login). */
export async function renameSessionInTx(executor: Executor, id: string, newId: string): Promise<void> {
  await identityDb(executor).updateTable('sessions').set({ id: newId }).where('id', '=', id).execute();
}

/** Other sessions of the account end (the authenticator or recovery codes changed). */
export async function deleteOtherSessionsInTx(executor: Executor, accountId: string, keepId: string): Promise<number> {
  const result = await identityDb(executor).deleteFrom('sessions').where('account_id', '=', accountId).where('id', '<>', keepId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
