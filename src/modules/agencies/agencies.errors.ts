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
  timeZoneInvalid: (timeZone: string) =>
    invalid('agencies.time_zone_invalid', `"${timeZone.slice(0, 64)}" is not an IANA time zone this server knows (e.g. Asia/Ho_Chi_Minh, UTC)`, [{ field: 'timeZone', message: 'time_zone_invalid' }]),
  /** A system may remove only units below its own agency. */
  unitOutOfScope: (code: string, agencyCode: string) => forbidden('agencies.unit_out_of_scope', `${code.slice(0, 40)} is not a unit below ${agencyCode}`),
  unitHasUnits: (code: string) => conflict('agencies.unit_has_units', `${code} has units of its own in the directory; remove them first`),
  unitHasClients: (code: string) => conflict('agencies.unit_has_clients', `${code} has integration clients; it stays in the directory`),
} as const;
