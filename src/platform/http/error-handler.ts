import type { FastifyError, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE } from '../db/index.ts';
import { isDomainError, type ErrorKind } from '../errors/index.ts';
import { httpErrors, type ErrorBody } from './http.errors.ts';
import { redirectToSignIn } from './sign-in.ts';

export type { ErrorBody };

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  throttled: 429,
  unavailable: 503,
};

export type HtmlErrorRenderer = (request: FastifyRequest, status: number, body: ErrorBody) => string;

/** The only place where domain error codes become HTTP statuses. No stack trace leaves the server. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (isDomainError(error)) {
    return {
      status: STATUS_BY_KIND[error.kind],
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.fields.length > 0 ? { fields: error.fields } : {}),
          ...(Object.keys(error.details).length > 0 ? { details: error.details } : {}),
        },
      },
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    const fields = fastifyError.validation.map((v) => ({
      field: (v.instancePath || String(v.params?.missingProperty ?? '')).replace(/^\//, '').replace(/\//g, '.'),
      message: v.message ?? 'invalid',
    }));
    return { status: 400, body: httpErrors.validationFailed(fastifyError.message ?? 'Invalid request', fields) };
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const message = fastifyError.message ?? 'Bad request';
    const csrf = fastifyError.code === 'FST_CSRF_INVALID_TOKEN' || fastifyError.code === 'FST_CSRF_MISSING_SECRET';
    return { status, body: csrf ? httpErrors.csrfInvalid(message) : httpErrors.fastify(fastifyError.code, message) };
  }
  return { status: 500, body: httpErrors.internalError() };
}

/**
 * Seconds a client should wait before trying again after `error`, when it says so: an
 * `unavailable` error (503: the database is unreachable) always does.
 */
export function retryAfterOf(error: unknown): number | undefined {
  if (!isDomainError(error) || error.kind !== 'unavailable') return undefined;
  const seconds = error.details.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : DATABASE_RETRY_AFTER_SECONDS;
}

/**
 * An `onError` hook: a 503 carries `Retry-After` whichever error handler writes the envelope
 * (the shell's, or a transport's own, such as the exchange's VXP one).
 */
export function retryAfterOnUnavailable(_request: FastifyRequest, reply: FastifyReply, error: unknown, done: () => void): void {
  const seconds = retryAfterOf(error);
  if (seconds !== undefined) reply.header('retry-after', String(seconds));
  done();
}

/** The 503 answer as OpenAPI shows it on every route that documents its answers. */
const UNAVAILABLE_RESPONSE = {
  description: 'The database is unreachable for now (a restart, an outage): nothing was done that the caller must undo. Try again after Retry-After seconds.',
  headers: { 'retry-after': { type: 'integer', description: 'Seconds to wait before trying again' } },
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [DATABASE_UNAVAILABLE] },
        message: { type: 'string' },
        details: { type: 'object', properties: { retryAfterSeconds: { type: 'integer' } } },
      },
    },
  },
} as const;

/**
 * An `onRoute` hook: every route that documents its answers documents the 503 of a database
 * outage too, which any route that reads or writes can give.
 */
export function documentUnavailable(route: RouteOptions): void {
  const schema = route.schema as { response?: Record<string, unknown>; hide?: boolean } | undefined;
  if (!schema?.response || schema.hide || '503' in schema.response) return;
  schema.response = { ...schema.response, 503: UNAVAILABLE_RESPONSE };
}

export function createErrorHandler(renderHtml?: HtmlErrorRenderer) {
  return function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
    const { status, body } = toErrorResponse(error);
    if (isDomainError(error) && error.kind === 'unavailable') {
      // An outage fails many requests at once: one line each, the driver's words only in the log.
      const cause = error.cause instanceof Error ? error.cause.message : undefined;
      request.log.warn({ code: body.error.code, status, cause }, 'request failed: a dependency is unavailable');
    } else if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, status }, 'request refused');
    const wantsHtml = renderHtml !== undefined && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    // One rule for pages that need a signed-in visitor: sign in, then come back (a form's POST
    // cannot be replayed after the login, so it gets the page that says so instead).
    if (wantsHtml && status === 401 && (request.method === 'GET' || request.method === 'HEAD')) return redirectToSignIn(request, reply);
    if (wantsHtml) {
      return reply.status(status).type('text/html; charset=utf-8').send(renderHtml(request, status, body));
    }
    return reply.status(status).send(body);
  };
}
