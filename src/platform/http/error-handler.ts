import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError, type ErrorKind, type FieldError } from '../errors/index.ts';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  throttled: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[]; details?: Record<string, unknown> };
}

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
    return {
      status: 400,
      body: {
        error: {
          code: 'validation_failed',
          message: fastifyError.message ?? 'Invalid request',
          fields: fastifyError.validation.map((v) => ({
            field: (v.instancePath || String(v.params?.missingProperty ?? '')).replace(/^\//, '').replace(/\//g, '.'),
            message: v.message ?? 'invalid',
          })),
        },
      },
    };
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const code = fastifyError.code === 'FST_CSRF_INVALID_TOKEN' || fastifyError.code === 'FST_CSRF_MISSING_SECRET'
      ? 'csrf_invalid'
      : (fastifyError.code ?? 'bad_request').toLowerCase();
    return { status, body: { error: { code, message: fastifyError.message ?? 'Bad request' } } };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: 'Internal server error' } } };
}

export function createErrorHandler(renderHtml?: HtmlErrorRenderer) {
  return function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, status }, 'request refused');
    const wantsHtml = renderHtml !== undefined && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (wantsHtml) {
      return reply.status(status).type('text/html; charset=utf-8').send(renderHtml(request, status, body));
    }
    return reply.status(status).send(body);
  };
}
