import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../i18n/index.ts';

/**
 * Who is looking at the page, as far as the page shell needs to know. The identity
 * module sets `request.viewer` from the session; the platform knows nothing more.
 */
export interface Viewer {
  displayName: string;
  /** Where "my account" links to. */
  homeUrl: string;
  /** Extra navigation for this viewer (console, admin …), already translated. */
  links: { href: string; label: string }[];
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | undefined;
  }
}

/** Everything the page shell needs from the request, computed once per page. */
export interface PageContext {
  locale: Locale;
  /** Path and query of the current page, for the language switch and "back here" links. */
  path: string;
  csrfToken: string;
  viewer: Viewer | undefined;
}

export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  let token: string | undefined;
  // Made on first use, while the page renders (before the reply is sent): a page without a
  // POST form neither computes a token nor sets a CSRF cookie for a first-time visitor.
  // A getter in the literal, not Object.defineProperty with an arrow: the tsx loader names
  // every such arrow at run time, which showed in the profile of every page.
  return {
    locale: request.locale,
    path: request.url,
    viewer: request.viewer,
    get csrfToken() {
      return (token ??= reply.generateCsrf());
    },
  };
}
