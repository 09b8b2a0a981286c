import type { Multipart } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from './app.ts';

/**
 * The parts of a multipart form (a form with files), after its CSRF token. A multipart body is
 * parsed in the handler, after the platform's CSRF hook has run, so the token is read here:
 * it must be the form's first field (the platform's Form component writes it first) and is
 * checked before any other part is read — a forged form gets no file read. `afterToken` runs
 * once the token is good, before the next part (a use case's own check of the session or the
 * draft). Throws 415 for a body that is not multipart, 403 `csrf_invalid` otherwise.
 */
export async function* csrfCheckedParts(
  app: Pick<HttpApp, 'csrfProtection'>,
  request: FastifyRequest,
  reply: FastifyReply,
  afterToken?: () => Promise<void> | void,
): AsyncGenerator<Multipart> {
  // Answered as http.multipart_expected (415) by the error handler.
  if (!request.isMultipart()) throw Object.assign(new Error('Send multipart/form-data'), { statusCode: 415, code: 'MULTIPART_EXPECTED' });
  let checked = false;
  for await (const part of request.parts()) {
    if (!checked) {
      if (part.type !== 'field' || part.fieldname !== '_csrf' || typeof part.value !== 'string') throw csrfError();
      await verifyCsrf(app, request, reply, part.value);
      checked = true;
      await afterToken?.();
      continue;
    }
    yield part;
  }
  if (!checked) throw csrfError();
}

function csrfError(): Error {
  return Object.assign(new Error('Invalid csrf token'), { statusCode: 403, code: 'FST_CSRF_INVALID_TOKEN' });
}

/** Runs the platform's CSRF check (@fastify/csrf-protection) on a token read from the body. */
function verifyCsrf(app: Pick<HttpApp, 'csrfProtection'>, request: FastifyRequest, reply: FastifyReply, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // csrfProtection reads the token from request.body and answers a failure with
    // reply.send(error): give it the token, and a reply whose send rejects instead.
    (request as { body: unknown }).body = { _csrf: token };
    const guarded = Object.create(reply, { send: { value: (error: unknown) => reject(error instanceof Error ? error : csrfError()) } }) as FastifyReply;
    app.csrfProtection(request, guarded, () => resolve());
  });
}
