/**
 * A rule of the domain was broken. Carries a stable code and knows nothing of HTTP:
 * the HTTP layer maps codes to statuses in one place (see http/error-handler.ts).
 */
export type ErrorKind =
  | 'invalid' // the input breaks a rule: 400 / 422
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'throttled' // 429
  | 'unavailable'; // 503

export interface FieldError {
  field: string;
  /** A message key or plain text in the user's language. */
  message: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly fields: FieldError[];
  readonly details: Record<string, unknown>;

  constructor(
    code: string,
    kind: ErrorKind,
    message: string,
    options: { fields?: FieldError[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.kind = kind;
    this.fields = options.fields ?? [];
    this.details = options.details ?? {};
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export const invalid = (code: string, message: string, fields: FieldError[] = []) =>
  new DomainError(code, 'invalid', message, { fields });
export const notFound = (code: string, message: string) => new DomainError(code, 'not_found', message);
export const forbidden = (code: string, message: string) => new DomainError(code, 'forbidden', message);
export const conflict = (code: string, message: string) => new DomainError(code, 'conflict', message);
