import { DomainError, forbidden, invalid, notFound, conflict } from '../../platform/errors/index.ts';

/** Every error code this module raises, in one place (FormSG's habit). */
export const AgenciesErrors = {
  unauthenticated: () => new DomainError('unauthenticated', 'unauthenticated', 'Sign in to continue'),
  forbidden: () => forbidden('agencies_forbidden', 'You may not manage this agency'),
  agencyNotFound: (code: string) => notFound('agency_not_found', `No agency with code ${code}`),
  provinceNotFound: (code: string) => notFound('province_not_found', `No province with code ${code}`),
  clientNotFound: (clientId: string) => notFound('client_not_found', `No integration client ${clientId}`),
  clientRevoked: (clientId: string) => conflict('client_revoked', `Integration client ${clientId} is revoked`),
  clientNameInvalid: () => invalid('client_name_invalid', 'The name must have 1 to 200 characters', [{ field: 'name', message: 'name_invalid' }]),
  overlapInvalid: (max: number) =>
    invalid('overlap_invalid', `The overlap must be a whole number of hours between 0 and ${max}`, [{ field: 'overlapHours', message: 'overlap_invalid' }]),
  importInvalid: (message: string) => invalid('import_invalid', message),
} as const;
