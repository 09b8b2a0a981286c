import { createHash } from 'node:crypto';
import type { Config } from '../../platform/config/index.ts';
import { randomToken } from '../../platform/crypto/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { AccountKind, Actor } from '../../platform/module/index.ts';
import type { ClientInfo } from './identity.context.ts';
import { deleteDeadSessions, deleteSessionInTx, findLiveSession, insertSessionInTx, touchSession } from './sessions.repository.ts';

export const SESSION_COOKIE = 'egov_session';

const HOUR = 60 * 60;

/**
 * Officials and admins act for the State: short idle time and a working-day lifetime.
 * Citizens and businesses file now and then from their own devices: a day idle, a week at most.
 */
const SESSION_POLICY: Record<AccountKind, { idleSeconds: number; lifetimeSeconds: number }> = {
  official: { idleSeconds: 2 * HOUR, lifetimeSeconds: 12 * HOUR },
  admin: { idleSeconds: 2 * HOUR, lifetimeSeconds: 12 * HOUR },
  citizen: { idleSeconds: 24 * HOUR, lifetimeSeconds: 7 * 24 * HOUR },
  business: { idleSeconds: 24 * HOUR, lifetimeSeconds: 7 * 24 * HOUR },
};

/** The database keeps only this digest of the cookie token. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// Our tokens are 43 characters; anything much longer is not ours and not worth a query.
const MAX_TOKEN_LENGTH = 128;

/**
 * Starts a session for the account and returns the cookie token. The session the browser
 * held before (if any) is deleted: a fresh id at every login defeats session fixation.
 */
export async function startSessionInTx(
  tx: Executor,
  account: { id: string; kind: AccountKind },
  client: ClientInfo,
  options: { awaitingSecondFactor?: boolean } = {},
): Promise<string> {
  if (client.previousToken && client.previousToken.length <= MAX_TOKEN_LENGTH) {
    await deleteSessionInTx(tx, sessionIdOf(client.previousToken));
  }
  const token = randomToken(32);
  const policy = SESSION_POLICY[account.kind];
  await insertSessionInTx(tx, {
    id: sessionIdOf(token),
    accountId: account.id,
    idleSeconds: policy.idleSeconds,
    lifetimeSeconds: policy.lifetimeSeconds,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 512) ?? null,
    awaitingSecondFactor: options.awaitingSecondFactor ?? false,
  });
  // Dead sessions are harmless (they never resolve) but take space; sweeping now and
  // then at login is enough and needs no scheduler.
  if (Math.random() < 0.01) await deleteDeadSessions(tx);
  return token;
}

/** Officials and admins act for the State: a password alone does not let them in. */
export const SECOND_FACTOR_REQUIRED: readonly AccountKind[] = ['official', 'admin'];

/** A live session as the request hook sees it: who, and how far the sign-in went. */
export interface SessionState {
  sessionId: string;
  actor: Actor;
  /** Password given, the authenticator's code not yet: nobody is signed in. */
  awaitingSecondFactor: boolean;
  /** An official or admin without an authenticator: may only enrol one (or log out). */
  mustEnrol: boolean;
  hasSecondFactor: boolean;
}

export async function resolveSessionState(db: Executor, token: string): Promise<SessionState | undefined> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
  const id = sessionIdOf(token);
  const session = await findLiveSession(db, id);
  if (!session) return undefined;
  // Writing on every request would turn each page view into a write; once a minute is
  // precise enough for an idle timeout counted in hours.
  if (session.stale) await touchSession(db, id);
  return {
    sessionId: id,
    actor: {
      accountId: session.accountId,
      kind: session.kind,
      displayName: session.fullName,
      agencyCode: session.agencyCode,
      roles: session.kind === 'official' ? session.roles : [],
      secondFactorAt: session.secondFactorAt ? session.secondFactorAt.toISOString() : null,
    },
    awaitingSecondFactor: session.awaitingSecondFactor,
    mustEnrol: !session.hasSecondFactor && SECOND_FACTOR_REQUIRED.includes(session.kind),
    hasSecondFactor: session.hasSecondFactor,
  };
}

/**
 * The actor behind a cookie token, or undefined when the session is unknown, idle, expired,
 * its account disabled, or its sign-in not complete (a code awaited, an authenticator to enrol).
 */
export async function resolveSessionToken(db: Executor, token: string): Promise<Actor | undefined> {
  const state = await resolveSessionState(db, token);
  if (!state || state.awaitingSecondFactor || state.mustEnrol) return undefined;
  return state.actor;
}

export async function endSessionToken(db: Executor, token: string): Promise<void> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return;
  await deleteSessionInTx(db, sessionIdOf(token));
}

/** HttpOnly (no script reads it), SameSite=Lax (no cross-site posts carry it), Secure behind HTTPS. */
export function sessionCookieOptions(config: Config) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.baseUrl.startsWith('https://'),
  };
}
