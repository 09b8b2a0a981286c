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
  return new RequestPageContext(request, reply);
}

/**
 * A class, so that the lazy token getter lives once on the prototype. A getter made per
 * request (Object.defineProperty, or a getter in an object literal) gives every page context
 * its own hidden class holding that getter, its closure and so the whole request, which then
 * outlives young-generation collections and lengthens their pauses.
 */
class RequestPageContext implements PageContext {
  readonly locale: Locale;
  readonly path: string;
  readonly viewer: Viewer | undefined;
  readonly #reply: FastifyReply;
  #token: string | undefined;

  constructor(request: FastifyRequest, reply: FastifyReply) {
    this.locale = request.locale;
    this.path = request.url;
    this.viewer = request.viewer;
    this.#reply = reply;
  }

  /**
   * Made on first use, while the page renders (before the reply is sent): a page without a
   * POST form neither computes a token nor sets a CSRF cookie for a first-time visitor.
   */
  get csrfToken(): string {
    return (this.#token ??= this.#reply.generateCsrf());
  }
}
