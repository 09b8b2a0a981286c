import { DomainError, forbidden, invalid, notFound, conflict, type FieldError } from '../../platform/errors/index.ts';

/**
 * Every error code this module raises, in one place (FormSG's habit). Codes are
 * `agencies.<name>` and stable: API clients branch on them (src/app/error-codes.test.ts).
 */
export const AgenciesErrors = {
  unauthenticated: () => new DomainError('agencies.unauthenticated', 'unauthenticated', 'Sign in to continue'),
  forbidden: () => forbidden('agencies.forbidden', 'You may not manage this agency'),
  /** An agency code (QĐ 20) that breaks the rules; `message` lists every broken rule. */
  codeInvalid: (message: string, fields: FieldError[]) => invalid('agencies.code_invalid', message, fields),
  agencyNotFound: (code: string) => notFound('agencies.not_found', `No agency with code ${code}`),
  provinceNotFound: (code: string) => notFound('agencies.province_not_found', `No province with code ${code}`),
  clientNotFound: (clientId: string) => notFound('agencies.client_not_found', `No integration client ${clientId}`),
  clientRevoked: (clientId: string) => conflict('agencies.client_revoked', `Integration client ${clientId} is revoked`),
  clientNameInvalid: () => invalid('agencies.client_name_invalid', 'The name must have 1 to 200 characters', [{ field: 'name', message: 'name_invalid' }]),
  overlapInvalid: (max: number) =>
    invalid('agencies.overlap_invalid', `The overlap must be a whole number of hours between 0 and ${max}`, [{ field: 'overlapHours', message: 'overlap_invalid' }]),
  importInvalid: (message: string) => invalid('agencies.import_invalid', message),
} as const;
