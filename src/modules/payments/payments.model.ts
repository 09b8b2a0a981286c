import type { Actor } from '../../platform/module/index.ts';
import type { AttemptStatus, FeeLine, OrderKind, OrderStatus } from './payments.tables.ts';

/** An order and its attempts as the module's use cases return them. */
export interface PaymentOrder {
  id: number;
  reference: string;
  dossierCode: string;
  receivingAgency: string;
  applicantAccountId: string | null;
  applicantName: string;
  kind: OrderKind;
  description: string;
  lines: FeeLine[];
  amountVnd: number;
  dueAt: Date;
  status: OrderStatus;
  createdAt: Date;
  paidAt: Date | null;
  receiptNo: string | null;
}

export interface PaymentAttempt {
  id: number;
  gateway: string;
  txnRef: string;
  amountVnd: number;
  status: AttemptStatus;
  responseCode: string | null;
  transactionNo: string | null;
  bankCode: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface Refund {
  id: number;
  orderId: number;
  reference: string;
  dossierCode: string;
  amountVnd: number;
  reason: string;
  status: 'requested' | 'approved' | 'rejected';
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
}

/** The gateway's answer to an IPN, exactly as VNPay specifies it. */
export interface IpnAnswer {
  RspCode: '00' | '01' | '02' | '04' | '97' | '99';
  Message: string;
}

/** The actor is an official of the agency (the dossier's receiving unit). */
export const isOfficialOf = (actor: Actor | undefined, agency: string) => actor?.kind === 'official' && actor.agencyCode === agency;

/** `yyMMddHHmmss` in Vietnam's time: unique enough per order with a random tail. */
export function vietnamDayTime(at: Date): string {
  const t = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return t.slice(2, 4) + t.slice(5, 7) + t.slice(8, 10) + t.slice(11, 13) + t.slice(14, 16) + t.slice(17, 19);
}
