import { DomainError, conflict, forbidden, invalid, notFound } from '../../platform/errors/index.ts';
import type { EdxmlError } from './edxml/index.ts';

/** Every error code this module raises, in one place. */
export const ExchangeErrors = {
  unauthenticated: () => new DomainError('unauthenticated', 'unauthenticated', 'Sign in to continue'),
  forbidden: () => forbidden('exchange_forbidden', 'Only clerks and leaders of an agency, or its registered systems, may use the document exchange'),
  /** The package cannot be understood; `element` names where (null: the bytes as a whole). */
  edxmlInvalid: (error: EdxmlError) =>
    new DomainError(error.code === 'too_large' ? 'package_too_large' : 'edxml_invalid', 'invalid', error.message, {
      details: { reason: error.code, element: error.element },
      ...(error.element ? { fields: [{ field: error.element, message: error.code }] } : {}),
    }),
  senderMismatch: (from: string, caller: string) =>
    forbidden('sender_mismatch', `The package is from ${from}, which is not ${caller} or one of its units`),
  unknownRecipients: (organIds: string[]) =>
    new DomainError('unknown_recipients', 'invalid', `Unknown recipients: ${organIds.join(', ')}`, {
      details: { organIds },
      fields: organIds.map((id) => ({ field: 'To/OrganId', message: id })),
    }),
  noRecipients: () => invalid('no_recipients', 'The package names no recipient'),
  documentIdReused: (existingId: string) =>
    new DomainError('document_id_reused', 'conflict', 'A different package with this DocumentId and business type was already sent', {
      details: { existingId },
    }),
  packageNotFound: (id: string) => notFound('package_not_found', `No package ${id} for this agency`),
  ackBatchTooLarge: (max: number) => invalid('ack_batch_too_large', `At most ${max} acknowledgements per request`),
  alreadyAcknowledged: (result: string) => conflict('already_acknowledged', `The package was already acknowledged as ${result}`),
  agencyOutOfScope: (code: string) => forbidden('agency_out_of_scope', `${code} is not the calling agency or one of its units`),
  signatureRefused: (state: string, refusedBy: string[]) =>
    new DomainError('signature_refused', 'invalid', `Recipients refuse packages whose signature is ${state}: ${refusedBy.join(', ')}`, {
      details: { signature: state, refusedBy },
    }),
} as const;
