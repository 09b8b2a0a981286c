import { DomainError, conflict, forbidden, invalid, notFound } from '../../platform/errors/index.ts';
import type { EdxmlError } from './edxml/index.ts';

/** A refused field of a form: the field's message is the code, which the page translates. */
const fieldInvalid = (code: string, field: string, message: string) => new DomainError(code, 'invalid', message, { fields: [{ field, message: code }] });

const NO_RECIPIENTS = 'exchange.no_recipients';

const vxpUnauthenticated = (code: string, message: string) => new DomainError(code, 'unauthenticated', message);

/**
 * Every error code this module raises, in one place. Codes are `exchange.<name>` and stable:
 * API clients and VXP systems (its `ErrorCode`) branch on them (src/app/error-codes.test.ts).
 */
export const ExchangeErrors = {
  unauthenticated: () => new DomainError('exchange.unauthenticated', 'unauthenticated', 'Sign in to continue'),
  forbidden: () => forbidden('exchange.forbidden', 'Only clerks and leaders of an agency, or its registered systems, may use the document exchange'),
  /** The package cannot be understood; `element` names where (null: the bytes as a whole). */
  edxmlInvalid: (error: EdxmlError) =>
    new DomainError(error.code === 'too_large' ? 'exchange.package_too_large' : 'exchange.edxml_invalid', 'invalid', error.message, {
      details: { reason: error.code, element: error.element },
      ...(error.element ? { fields: [{ field: error.element, message: error.code }] } : {}),
    }),
  senderMismatch: (from: string, caller: string) =>
    forbidden('exchange.sender_mismatch', `The package is from ${from}, which is not ${caller} or one of its units`),
  unknownRecipients: (organIds: string[]) =>
    new DomainError('exchange.unknown_recipients', 'invalid', `Unknown recipients: ${organIds.join(', ')}`, {
      details: { organIds },
      fields: organIds.map((id) => ({ field: 'To/OrganId', message: id })),
    }),
  /** The package names no recipient; `field` names the form field when a clerk composed it. */
  noRecipients: (field?: string) =>
    field === undefined ? invalid(NO_RECIPIENTS, 'The package names no recipient') : fieldInvalid(NO_RECIPIENTS, field, 'Choose at least one recipient'),
  documentIdReused: (existingId: string) =>
    new DomainError('exchange.document_id_reused', 'conflict', 'A different package with this DocumentId and business type was already sent', {
      details: { existingId },
    }),
  packageNotFound: (id: string) => notFound('exchange.package_not_found', `No package ${id} for this agency`),
  ackBatchTooLarge: (max: number) => invalid('exchange.ack_batch_too_large', `At most ${max} acknowledgements per request`),
  alreadyAcknowledged: (result: string) => conflict('exchange.already_acknowledged', `The package was already acknowledged as ${result}`),
  agencyOutOfScope: (code: string) => forbidden('exchange.agency_out_of_scope', `${code} is not the calling agency or one of its units`),
  signatureRefused: (state: string, refusedBy: string[]) =>
    new DomainError('exchange.signature_refused', 'invalid', `Recipients refuse packages whose signature is ${state}: ${refusedBy.join(', ')}`, {
      details: { signature: state, refusedBy },
    }),
  certificateInvalid: (cause: unknown) =>
    new DomainError('exchange.certificate_invalid', 'invalid', 'Not a PEM certificate or public key', { cause, fields: [{ field: 'certificate', message: 'exchange.certificate_invalid' }] }),

  // The clerk's compose form (exchange.clerk.ts).
  subjectInvalid: () => fieldInvalid('exchange.subject_invalid', 'subject', 'A subject is required'),
  codeNumberInvalid: () => fieldInvalid('exchange.code_number_invalid', 'codeNumber', 'The number is 1 to 20 letters or digits'),
  codeNotationInvalid: () => fieldInvalid('exchange.code_notation_invalid', 'codeNotation', 'The notation is required and has no comma'),
  dueDateInvalid: () => fieldInvalid('exchange.due_date_invalid', 'dueDate', 'The due date is yyyy-MM-dd'),

  // The clerk's desk: assignments, forwards, registers (exchange.desk.ts).
  assigneeInvalid: () => fieldInvalid('exchange.assignee_invalid', 'assignee', 'Assign to a unit or an official of the agency'),
  notAssigned: (id: string) => notFound('exchange.not_assigned', `Package ${id} is not assigned to you`),
  recipientListNameInvalid: () => fieldInvalid('exchange.recipient_list_name_invalid', 'listName', 'Give the list a name of at most 100 characters'),
  recipientListTooLong: (max: number) => fieldInvalid('exchange.recipient_list_too_long', 'recipients', `A list holds at most ${max} recipients`),
  recipientListNotFound: () => notFound('exchange.recipient_list_not_found', 'The agency has no such recipient list'),
  forwardToSelf: () => fieldInvalid('exchange.forward_to_self', 'recipients', 'A document is not forwarded to the agency that holds it'),

  // Webhooks (exchange.webhooks.ts).
  webhookUrlInvalid: (message: string) => fieldInvalid('exchange.webhook_url_invalid', 'url', message),
  /** The host is, or resolves to, an internal address not on WEBHOOK_ALLOW_HOSTS. */
  webhookUrlInternal: (message: string) => fieldInvalid('exchange.webhook_url_internal', 'url', message),
  webhookUrlUnresolvable: (host: string) => fieldInvalid('exchange.webhook_url_unresolvable', 'url', `${host} does not resolve to any address`),
  webhookNotFound: () => notFound('exchange.webhook_not_found', 'The agency has no webhook'),

  // The VXP transport (exchange.vxp*.ts): these codes reach the SDK in `ErrorCode`. The
  // signature's refusals are 401, like the signed API's; none of them echoes a secret.
  vxpCredentialsMissing: () =>
    vxpUnauthenticated('exchange.vxp_credentials_missing', 'Send XroadVnpt-systemid, XroadVnpt-timestamp, XroadVnpt-sign-header-key, XroadVnpt-sign-header and XroadVnpt-hash-header'),
  vxpSignedHeadersInvalid: (why: string) =>
    vxpUnauthenticated('exchange.vxp_signed_headers_invalid', `The signed headers do not describe this request: ${why}`),
  vxpClientUnknown: () => vxpUnauthenticated('exchange.vxp_client_unknown', 'Unknown system (XroadVnpt-systemid)'),
  vxpClientRevoked: () => vxpUnauthenticated('exchange.vxp_client_revoked', 'This system is revoked'),
  vxpTimestampSkew: (maxSkewSeconds: number, timeZone: string) =>
    vxpUnauthenticated('exchange.vxp_timestamp_skew', `XroadVnpt-timestamp must be ddMMyyyyTHHmmss+SSS in ${timeZone} time, within ${maxSkewSeconds} s of the server clock`),
  vxpSignatureInvalid: () => vxpUnauthenticated('exchange.vxp_signature_invalid', 'XroadVnpt-hash-header is not the HMAC-SHA256 of XroadVnpt-sign-header with the secret of this system'),
  vxpReplay: () => vxpUnauthenticated('exchange.vxp_replay', 'This signed request was already received (the same XroadVnpt-hash-header); sign every request anew'),
  vxpHashFileMissing: () => vxpUnauthenticated('exchange.vxp_hash_file_missing', 'sendEdoc must sign XroadVnpt-hash-file, the hash of the file it sends'),
  vxpHashFileMismatch: () => vxpUnauthenticated('exchange.vxp_hash_file_mismatch', 'The body is not the file whose hash XroadVnpt-hash-file gives'),
  vxpCallUnknown: (path: string) => notFound('exchange.vxp_call_unknown', `No VXP call ${path.slice(0, 80)}`),
  vxpMessageTypeInvalid: () => invalid('exchange.vxp_messagetype_invalid', 'XroadVnpt-messagetype is edoc or status'),
  vxpDocIdMissing: () => invalid('exchange.vxp_docid_missing', 'Send the XroadVnpt-docId header'),
  vxpStatusInvalid: () => invalid('exchange.vxp_status_invalid', 'XroadVnpt-status is done, fail or processing'),
  vxpLevelInvalid: () => invalid('exchange.vxp_level_invalid', 'XroadVnpt-level is a QĐ 20 level: a whole number from 1'),
  vxpAgencyCodeMissing: () => invalid('exchange.vxp_agency_code_missing', 'Send the XroadVnpt-AgencyCode header'),
  vxpRegisterNotSupported: () =>
    forbidden('exchange.vxp_register_not_supported', 'Agencies are registered in the directory by its administrators; ask them to add the unit'),
} as const;

