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

