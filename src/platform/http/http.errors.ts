import type { FieldError } from '../errors/index.ts';

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[]; details?: Record<string, unknown> };
}

/**
 * The HTTP shell's own error codes, in one place: `http.<name>`, stable like every module's
 * (src/app/error-codes.test.ts). A DomainError keeps its own code; these are the refusals
 * that come from the shell itself or from Fastify.
 */
export const HttpErrorCode = {
  validationFailed: 'http.validation_failed',
  csrfInvalid: 'http.csrf_invalid',
  notFound: 'http.not_found',
  internalError: 'http.internal_error',
} as const;

export const httpErrors = {
  /** The route's TypeBox schema refused the request; one entry per bad field. */
  validationFailed: (message: string, fields: FieldError[]): ErrorBody => ({ error: { code: HttpErrorCode.validationFailed, message, fields } }),
  csrfInvalid: (message: string): ErrorBody => ({ error: { code: HttpErrorCode.csrfInvalid, message } }),
  notFound: (message = 'Not found'): ErrorBody => ({ error: { code: HttpErrorCode.notFound, message } }),
  internalError: (): ErrorBody => ({ error: { code: HttpErrorCode.internalError, message: 'Internal server error' } }),
  /**
   * Any other 4xx of Fastify or a plugin: its code lower-cased under `http.`
   * (`http.fst_err_ctp_body_too_large`), or `http.bad_request` when it has none.
   */
  fastify: (code: string | undefined, message: string): ErrorBody => ({ error: { code: `http.${(code ?? 'bad_request').toLowerCase()}`, message } }),
};
