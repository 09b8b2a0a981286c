import { createHash } from 'node:crypto';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { constantTimeEqual, randomToken } from '../../platform/crypto/index.ts';
import { sql, type Db } from '../../platform/db/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { SyncErrors } from './statussync.errors.ts';

/**
 * Sessions of the legacy login (`POST <base>/login` with an integration client's id and
 * secret). Clients keep a session about 10 minutes and never react to an expired one, so it
 * lives SESSION_HOURS; it ends early when revoked (`egov sync revoke-sessions`, or the client
 * being revoked: checked on every call through the agencies module, cached 5 s). Failed
 * logins are counted per client id and per source address: past the limit, logins are
 * refused for the rest of the window, right or wrong.
 */

export const SESSION_HOURS = 8;
export const LOGIN_LIMITS = { perClient: 10, perAddress: 50, windowMinutes: 15 };
/** A verified session is remembered this long per process (revocation applies within it). */
const CACHE_MS = 5_000;
const CACHE_MAX = 10_000;

export interface SessionCaller {
  clientId: string;
  agencyCode: string;
  /** The zone in which the client's wall-clock dates are read. */
  timeZone: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

type Clients = Pick<AgenciesApi, 'findClient' | 'resolveClientSecrets'>;

export function createSessions(db: Db, agencies: Clients, options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { caller: SessionCaller; until: number; expires: number }>();
  const clientCache = new Map<string, { client: Awaited<ReturnType<Clients['findClient']>>; until: number }>();

  async function client(clientId: string) {
    const cached = clientCache.get(clientId);
    if (cached && cached.until > now()) return cached.client;
    const found = await agencies.findClient(clientId);
    if (clientCache.size > CACHE_MAX) clientCache.clear();
    clientCache.set(clientId, { client: found, until: now() + CACHE_MS });
    return found;
  }

  /** Counts failures under both keys; true when either is past its limit (refuse without checking). */
  async function throttled(keys: [string, number][]): Promise<boolean> {
    const result = await sql<{ key: string; failures: number }>`
      SELECT key, failures FROM statussync_login_failures
      WHERE key = ANY(${keys.map(([k]) => k)}::text[]) AND window_start > now() - make_interval(mins => ${LOGIN_LIMITS.windowMinutes})
    `.execute(db);
    return result.rows.some((r) => r.failures >= (keys.find(([k]) => k === r.key)?.[1] ?? Infinity));
  }

  async function recordFailure(keys: string[]): Promise<void> {
    await sql`
      INSERT INTO statussync_login_failures AS f (key, failures, window_start)
      SELECT k, 1, now() FROM unnest(${keys}::text[]) AS k
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN f.window_start > now() - make_interval(mins => ${LOGIN_LIMITS.windowMinutes}) THEN f.failures + 1 ELSE 1 END,
        window_start = CASE WHEN f.window_start > now() - make_interval(mins => ${LOGIN_LIMITS.windowMinutes}) THEN f.window_start ELSE now() END
    `.execute(db);
  }

  return {
    /** A new session for a client's id and secret; `statussync.login_failed` or `statussync.login_throttled`. */
    async login(username: string, password: string, address: string): Promise<{ session: string; expiresAt: Date; caller: SessionCaller }> {
      const keys: [string, number][] = [
        [`client:${username.slice(0, 100)}`, LOGIN_LIMITS.perClient],
        [`address:${address}`, LOGIN_LIMITS.perAddress],
      ];
      if (await throttled(keys)) throw SyncErrors.loginThrottled(LOGIN_LIMITS.windowMinutes);
      const found = username.length > 0 && username.length <= 100 ? await agencies.findClient(username) : undefined;
      const secrets = found && !found.revoked ? await agencies.resolveClientSecrets(found.clientId) : [];
      // Every secret is compared (two during a rotation), in constant time.
      const ok = found !== undefined && secrets.map((s) => constantTimeEqual(password, s)).includes(true);
      if (!found || !ok) {
        await recordFailure(keys.map(([k]) => k));
        throw SyncErrors.loginFailed();
      }
      const session = randomToken(32);
      const expiresAt = new Date(now() + SESSION_HOURS * 3600_000);
      await db.transaction().execute(async (tx) => {
        await sql`INSERT INTO statussync_sessions (token_hash, client_id, agency_code, expires_at) VALUES (${hashOf(session)}, ${found.clientId}, ${found.agencyCode}, ${expiresAt.toISOString()}::timestamptz)`.execute(tx);
        // Expired sessions go as new ones come (index on expires_at).
        await sql`DELETE FROM statussync_sessions WHERE expires_at < now() - interval '1 day'`.execute(tx);
        await appendAuditInTx(tx, { actor: null, action: 'statussync.session_opened', entityType: 'integration_client', entityId: found.clientId, data: { address } });
      });
      return { session, expiresAt, caller: { clientId: found.clientId, agencyCode: found.agencyCode, timeZone: found.timeZone } };
    },

    /** The caller of a session token; `statussync.session_invalid` when unknown, expired, revoked or its client revoked. */
    async verify(token: unknown): Promise<SessionCaller> {
      if (typeof token !== 'string' || token.length === 0 || token.length > 200) throw SyncErrors.sessionInvalid();
      const hash = hashOf(token);
      const cached = cache.get(hash);
      let caller: SessionCaller | undefined;
      if (cached && cached.until > now() && cached.expires > now()) caller = cached.caller;
      else {
        const row = await sql<{ client_id: string; agency_code: string; expires_at: Date }>`
          SELECT client_id, agency_code, expires_at FROM statussync_sessions WHERE token_hash = ${hash} AND revoked_at IS NULL AND expires_at > now()
        `.execute(db);
        const found = row.rows[0];
        if (!found) throw SyncErrors.sessionInvalid();
        const c = await client(found.client_id);
        if (!c) throw SyncErrors.sessionInvalid();
        caller = { clientId: found.client_id, agencyCode: found.agency_code, timeZone: c.timeZone };
        if (cache.size > CACHE_MAX) cache.clear();
        cache.set(hash, { caller, until: now() + CACHE_MS, expires: new Date(found.expires_at).getTime() });
      }
      const c = await client(caller.clientId);
      if (!c || c.revoked) throw SyncErrors.sessionInvalid();
      return caller;
    },

    /** Ends every open session of a client (audited); returns how many. */
    async revokeClientSessions(clientId: string, by: string | null): Promise<number> {
      const count = await db.transaction().execute(async (tx) => {
        const result = await sql`UPDATE statussync_sessions SET revoked_at = now() WHERE client_id = ${clientId} AND revoked_at IS NULL AND expires_at > now()`.execute(tx);
        const n = Number(result.numAffectedRows ?? 0);
        await appendAuditInTx(tx, { actor: by, action: 'statussync.sessions_revoked', entityType: 'integration_client', entityId: clientId, data: { sessions: n } });
        return n;
      });
      cache.clear();
      return count;
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
