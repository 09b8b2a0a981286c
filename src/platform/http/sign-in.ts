import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeRedirect } from './redirect.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request carried a session cookie that no longer signs anyone in (ended, expired): set by identity. */
    sessionEnded?: boolean;
  }
}

/**
 * The one rule for a visitor who is not signed in on a page that needs it: the login page,
 * which brings them back here afterwards. `next` is this page as a path of this site only
 * (safeRedirect; the login page checks it again); `expired=1` when their session had ended.
 */
export function signInUrl(request: FastifyRequest): string {
  const next = safeRedirect(request.url, '/');
  return `/login?next=${encodeURIComponent(next)}${request.sessionEnded ? '&expired=1' : ''}`;
}

export function redirectToSignIn(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.redirect(signInUrl(request), 303);
}
