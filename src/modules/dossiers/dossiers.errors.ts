import { conflict, DomainError, forbidden, invalid, notFound } from '../../platform/errors/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';

/**
 * Every error code this module raises, in one place. Codes are `dossiers.<name>` and stable:
 * API clients branch on them (src/app/error-codes.test.ts).
 */
export const DossierErrors = {
  unauthenticated: () => new DomainError('dossiers.unauthenticated', 'unauthenticated', 'Sign in to continue'),
  notApplicant: () => forbidden('dossiers.applicant_only', 'Only citizens and businesses file applications'),
  /** The case requires a higher assurance level than the account has: the page tells how to raise it. */
  assuranceRequired: (required: number, current: number) =>
    new DomainError('dossiers.assurance_required', 'forbidden', `This case requires an account of assurance level ${required} (yours is ${current}); raise it at /account/assurance`, { details: { required, current } }),
  applicantTypeNotAllowed: () => forbidden('dossiers.applicant_type', 'This procedure is not open to applicants of your kind'),
  notOnline: (code: string) => invalid('dossiers.procedure_not_online', `Procedure ${code} is not offered online`),
  caseNotFound: (caseCode: string) => invalid('dossiers.case_invalid', `No case ${caseCode} in this procedure`, [{ field: 'caseCode', message: `No case ${caseCode}` }]),
  agencyInvalid: (fields: FieldError[]) => invalid('dossiers.agency_invalid', 'Choose one of the procedure\'s receiving agencies', fields),
  answersInvalid: (message: string, fields: FieldError[]) => new DomainError('dossiers.answers_invalid', 'invalid', message, { fields }),
  componentsMissing: (message: string, fields: FieldError[]) => new DomainError('dossiers.components_missing', 'invalid', message, { fields }),
  uploadInvalid: (message: string, field: string) => invalid('dossiers.upload_invalid', message, [{ field, message }]),
  /** A file for a component the procedure case does not have: the form never sends one. */
  componentUnknown: (message: string, field: string) => invalid('dossiers.upload_component_unknown', message, [{ field, message }]),
  /** Past the files per component, the bytes per draft or per request (dossiers.limits.ts). */
  uploadLimit: (message: string, field: string) => invalid('dossiers.upload_limit', message, [{ field, message }]),
  /** Past the bytes an account may store per day. */
  uploadQuota: (message: string, field: string) => invalid('dossiers.upload_quota', message, [{ field, message }]),
  /** Unknown code, wrong verifier, someone else's dossier: one answer, so codes cannot be probed. */
  dossierNotFound: () => notFound('dossiers.not_found', 'No dossier matches this code and verifier'),
  draftNotFound: () => notFound('dossiers.draft_not_found', 'No such draft'),
  queueForbidden: () => forbidden('dossiers.queue_forbidden', 'Only officials of the receiving agency see its queue'),
  /** Optimistic versioning: someone else changed the dossier since it was read (dossiers.transitions.ts). */
  dossierChanged: () => conflict('dossiers.dossier_changed', 'The dossier was changed by someone else meanwhile; reload it and try again'),
  /** A supplement upload to a dossier that is not waiting for one. */
  notWaitingForSupplement: () => conflict('dossiers.not_waiting_for_supplement', 'The dossier is not waiting for documents'),
  throttled: () => new DomainError('dossiers.lookup_throttled', 'throttled', 'Too many lookups; try again in a few minutes'),
} as const;

