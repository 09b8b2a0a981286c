import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import { deriveKey } from '../crypto/index.ts';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale } from '../i18n/index.ts';
import { createErrorHandler, documentUnavailable, retryAfterOnUnavailable, type HtmlErrorRenderer } from './error-handler.ts';
import { httpErrors } from './http.errors.ts';
import { DATABASE_RETRY_AFTER_SECONDS } from '../db/index.ts';
import { safeRedirect, sameSiteReferer } from './redirect.ts';
import { securityHeaders } from './security-headers.ts';
import { closeConnectionIfBodyUnread } from './unread-body.ts';
import { openApiOptions } from './openapi.ts';

export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The visitor's language: the `lang` cookie, else Vietnamese. */
    locale: Locale;
  }
  interface FastifyContextConfig {
    /** Set false only on machine-to-machine routes authenticated by a signature, never on forms. */
    csrf?: boolean;
  }
}

export interface StaticRoot {
  /** URL prefix, e.g. `/assets/`. */
  prefix: string;
  root: string;
}

export interface HttpAppOptions {
  config: Config;
  logger: Logger;
  /** Readiness probe: throws when a dependency (the database) is not usable. */
  ready: () => Promise<void>;
  renderHtmlError?: HtmlErrorRenderer;
  staticRoots?: StaticRoot[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The HTTP shell every module plugs into: security headers with a strict CSP, cookies,
 * form bodies, CSRF on every unsafe request, the language of the request, health probes,
 * OpenAPI, and one error handler.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const { config } = options;
  const secure = config.baseUrl.startsWith('https://');
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // A hop count becomes the equivalent function (Fastify's types accept only string/boolean/function).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const headers = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: secure ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
  app.addHook('onSend', closeConnectionIfBodyUnread);
  await app.register(fastifyCookie, { secret: deriveKey(config.secretKey, 'cookies').toString('base64') });
  await app.register(fastifyFormbody);
  await app.register(fastifyCsrf, {
    cookieKey: '_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure, signed: true },
  });

  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.addHook('onRequest', (request, _reply, done) => {
    const lang = request.cookies[LOCALE_COOKIE];
    request.locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
    done();
  });
  // preValidation, not onRequest: a form's token is in the parsed body.
  app.addHook('preValidation', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method) || request.routeOptions.config?.csrf === false) return done();
    app.csrfProtection(request, reply, done);
  });

  app.setErrorHandler(createErrorHandler(options.renderHtmlError));
  app.addHook('onError', retryAfterOnUnavailable);
  app.addHook('onRoute', documentUnavailable);
  app.setNotFoundHandler((request, reply) => {
    const body = httpErrors.notFound();
    const wantsHtml = options.renderHtmlError && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (wantsHtml && options.renderHtmlError) {
      return reply.status(404).type('text/html; charset=utf-8').send(options.renderHtmlError(request, 404, body));
    }
    return reply.status(404).send(body);
  });

  // The document is the one source of the API's description: /api/openapi.json serves it,
  // the page /api/docs (the web module) renders it.
  await app.register(fastifySwagger, openApiOptions(app, config.baseUrl));
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Where Swagger UI served the same document, for clients and scripts that still read it there.
  app.get('/api/docs/json', { schema: { hide: true } }, async () => app.swagger());

  // Liveness needs nothing but the event loop: a database outage must not get the process
  // restarted. Readiness asks the database, so a load balancer routes around an outage, and
  // turns ready again by itself once the database is back.
  app.get('/health/live', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
  app.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await options.ready();
      return { status: 'ok' };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      app.log.warn({ err: cause instanceof Error ? cause.message : String(cause) }, 'not ready');
      return reply.status(503).header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).send({ status: 'unavailable' });
    }
  });

  app.get('/lang/:locale', { schema: { hide: true } }, async (request, reply) => {
    const { locale } = request.params as { locale: string };
    const { next } = request.query as { next?: string };
    if (!isLocale(locale)) return reply.status(404).send(httpErrors.notFound('Unknown language'));
    reply.setCookie(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', secure, maxAge: 60 * 60 * 24 * 365 });
    const back = next !== undefined ? safeRedirect(next) : sameSiteReferer(request.headers.referer, [request.headers.host, new URL(config.baseUrl).host]);
    return reply.redirect(back);
  });

  for (const [index, root] of (options.staticRoots ?? []).entries()) {
    await app.register(fastifyStatic, {
      root: root.root,
      prefix: root.prefix,
      decorateReply: index === 0,
      maxAge: config.nodeEnv === 'production' ? 86_400_000 : 0,
      index: false,
      list: false,
    });
  }
  return app;
}

function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

/** Sends a server-rendered page. */
export function sendHtml(reply: FastifyReply, html: string | Buffer, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

export type { FastifyReply, FastifyRequest };
export { safeRedirect, sameSiteReferer } from './redirect.ts';
export { cleanFileName, contentDisposition, type DispositionType } from './content-disposition.ts';
