import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import { redirectToSignIn, toErrorResponse } from '../../platform/http/index.ts';
import type { ClientInfo } from './identity.context.ts';
import { errorMessageIn, fieldErrorsIn } from './identity.present.ts';
import { SESSION_COOKIE, sessionCookieOptions } from './sessions.service.ts';
import type { FormState } from './auth.views.tsx';

// Small pieces shared by identity's page routes.

export function clientOf(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers['user-agent'], previousToken: request.cookies[SESSION_COOKIE] };
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(config));
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(config));
}

/**
 * Turns a domain error into the state of the form it came from, and the HTTP status from
 * the platform's one mapping. Anything else is not the form's business: rethrown.
 */
export function failedForm<V>(request: FastifyRequest, reply: FastifyReply, error: unknown, values: V): { state: FormState<V>; status: number } {
  if (!isDomainError(error)) throw error;
  const retryAfter = error.details.retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return {
    state: { values, errors: fieldErrorsIn(request.locale, error.fields), message: errorMessageIn(request.locale, error) },
    status: toErrorResponse(error).status,
  };
}

/** Pages that need a signed-in visitor send others to the login page and back. */
export function redirectToLogin(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return redirectToSignIn(request, reply);
}

export const emptyForm = <V,>(values: V): FormState<V> => ({ values, errors: {} });

/** Forms of unauthenticated visitors are a few short fields: anything bigger is not one of ours. */
export const FORM_BODY_LIMIT = 16 * 1024;

/**
 * An onRequest hook for a form posted by unauthenticated visitors: a source that has spent
 * its budget is answered (by `answer`, with the form page) before its body is read.
 */
export function refuseSpentSource(
  check: (ip: string) => Promise<void>,
  answer: (request: FastifyRequest, reply: FastifyReply, failed: { state: FormState<object>; status: number }) => FastifyReply,
) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    try {
      await check(request.ip);
      return undefined;
    } catch (error) {
      return answer(request, reply, failedForm(request, reply, error, {}));
    }
  };
}
