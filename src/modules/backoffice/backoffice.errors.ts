import { conflict, DomainError, forbidden, invalid, notFound } from '../../platform/errors/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';

/** Every error code of the back office: `backoffice.<name>` (src/app/error-codes.test.ts). */
export const BackofficeErrors = {
  unauthenticated: () => new DomainError('backoffice.unauthenticated', 'unauthenticated', 'Sign in to continue'),
  /** The form was filled on a version of the dossier that is no longer current (a race that loses at the update is `dossiers.dossier_changed`). */
  dossierChanged: () => conflict('backoffice.dossier_changed', 'The dossier was changed by someone else meanwhile; reload it and try again'),
  officialsOnly: () => forbidden('backoffice.officials_only', 'Only officials of a receiving unit use the back office'),
  /** Another unit's dossier, or none: one answer, so codes cannot be probed. */
  dossierNotFound: () => notFound('backoffice.dossier_not_found', 'No such dossier in your units'),
  fileNotFound: () => notFound('backoffice.file_not_found', 'No such file'),
  documentNotFound: () => notFound('backoffice.document_not_found', 'No such document'),
  /** Seen but not the actor's to do: wrong unit, role or step. */
  actionForbidden: (action: string) => forbidden('backoffice.action_forbidden', `You may not ${action} this dossier now`),
  /** The action does not apply in the dossier's current status or step. */
  actionNotAllowed: (action: string, status: number) => conflict('backoffice.action_not_allowed', `Action ${action} is not allowed in status ${status}`),
  invalidInput: (message: string, fields: FieldError[]) => invalid('backoffice.invalid_input', message, fields),
  /** Form 04: only at least one working day before the deadline. */
  apologyTooLate: () => conflict('backoffice.apology_too_late', 'An apology must be issued at least one working day before the deadline'),
  /** Form 04: the return date may move only once. */
  apologyAlreadyIssued: () => conflict('backoffice.apology_already_issued', 'The return date was already moved once'),
  assigneeInvalid: () => invalid('backoffice.assignee_invalid', 'Choose an official of the unit who holds the step\'s role', [{ field: 'assignee', message: 'Choose an official' }]),
  workflowInvalid: (fields: FieldError[]) => invalid('backoffice.workflow_invalid', 'The steps are not a valid workflow', fields),
  forbiddenAdmin: () => forbidden('backoffice.admin_only', 'Only administrators configure workflows'),
} as const;
