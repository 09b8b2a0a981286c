import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseLsn, withReadFloor } from '../db/index.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * An unsafe method that only reads (a lookup posted to keep a secret out of the URL):
     * it writes nothing the visitor must read back, so it does not move the visitor's
     * read floor; its handler may read through `withRequestReadFloor`.
     */
    readOnly?: boolean;
  }
}

/** The cookie that carries the primary's WAL position after the visitor's last write. */
export const WAL_COOKIE = 'egov_wal';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export interface ReadConsistencySource {
  /** The primary's WAL position now; undefined when there is no replica to be consistent with. */
  walPosition(): Promise<string | undefined>;
}

/**
 * Reads after one's own writes with a read replica (see platform/db/replica.ts): a safe
 * request runs in a read context whose floor is the WAL position in the visitor's cookie,
 * so its replica-tolerant reads go to the replica only once it has replayed the visitor's
 * last write; a successful unsafe request (a form post, a redirect after it) sets that
 * cookie to the primary's position once its work is committed.
 *
 * A cookie that is not an LSN is treated as a floor no replica reaches: the reads go to the
 * primary, which is always right.
 */
export function registerReadConsistency(app: FastifyInstance, source: ReadConsistencySource, options: { secure: boolean }): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (!SAFE_METHODS.has(request.method)) return done();
    // `done` inside the context: every later hook and the handler run in it.
    withReadFloor(readFloorOf(request), done);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (SAFE_METHODS.has(request.method) || request.method === 'OPTIONS' || reply.statusCode >= 400) return payload;
    if (request.routeOptions.config?.readOnly === true) return payload;
    // Machine clients (signed or session APIs) keep no cookies: nothing to carry.
    if (request.url.startsWith('/api/') || request.url.startsWith('/mapi/') || request.url.startsWith('/vxp')) return payload;
    try {
      const lsn = await source.walPosition();
      if (lsn !== undefined) reply.setCookie(WAL_COOKIE, lsn, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secure });
    } catch {
      // The primary did not answer after the write: without the cookie the next reads may
      // lag, so send the visitor to the primary for this browser session instead.
      reply.setCookie(WAL_COOKIE, 'primary', { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secure });
    }
    return payload;
  });
}

/** The floor the visitor's cookie sets: undefined without one, unreachable when it is not an LSN. */
export function readFloorOf(request: FastifyRequest): bigint | undefined {
  const cookie = request.cookies[WAL_COOKIE];
  return cookie === undefined ? undefined : (parseLsn(cookie) ?? UNREACHABLE);
}

/**
 * Runs a read-only handler's reads in the visitor's read context (for `readOnly` routes
 * with a body, whose handler runs outside the context the safe methods get).
 */
export function withRequestReadFloor<T>(request: FastifyRequest, fn: () => T): T {
  return withReadFloor(readFloorOf(request), fn);
}

// The largest LSN: no replica has replayed it.
const UNREACHABLE = (1n << 64n) - 1n;
