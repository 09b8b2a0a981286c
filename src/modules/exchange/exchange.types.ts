import type { Actor } from '../../platform/module/index.ts';

export type SignatureState = 'verified' | 'invalid' | 'absent';
export type DeliveryState = 'pending' | 'delivered' | 'acknowledged';
export type AckResult = 'done' | 'fail' | 'processing';
export const ACK_RESULTS: readonly AckResult[] = ['done', 'fail', 'processing'];
/** Why a delivery no longer stands: the document was revoked or replaced, or the recipient removed by an update. */
export type Withdrawal = 'revoked' | 'replaced' | 'removed';

/** A parser warning or one the hub adds (`original_not_found`); stored with the package. */
export interface ExchangeWarning {
  code: string;
  element: string | null;
  message: string;
}

/**
 * Who calls a use case: an agency's IT system authenticated by a signed request, or an
 * official (clerk or leader) working in the UI. Either way the calling agency decides.
 */
export type ExchangeCaller = { kind: 'system'; clientId: string; agencyCode: string } | { kind: 'official'; actor: Actor | undefined };

export interface PackageRecord {
  id: string;
  kind: 'document' | 'status';
  senderAgency: string;
  documentId: string;
  businessType: number | null;
  statusCode: string | null;
  contentSha256: string;
  sizeBytes: number;
  subject: string | null;
  priority: number | null;
  /** yyyy-MM-dd, when the document has a valid DueDate. */
  dueDate: string | null;
  warnings: ExchangeWarning[];
  signatureState: SignatureState;
  sentBy: string;
  receivedAt: Date;
}

export interface DeliveryView {
  recipient: string;
  sequence: number;
  state: DeliveryState;
  ackResult: AckResult | null;
  withdrawn: Withdrawal | null;
  withdrawnBy: string | null;
  deliveredAt: Date | null;
  acknowledgedAt: Date | null;
}

export interface SendResult {
  package: PackageRecord;
  /** True when this was a re-send of a package the hub already had: nothing new was delivered. */
  duplicate: boolean;
  deliveries: DeliveryView[];
}

/** The calling agency and who acts for it (client id or account id, for the audit log). */
export interface Principal {
  agencyCode: string;
  principalId: string;
}
