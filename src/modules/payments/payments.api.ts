import type { Executor } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { Mismatch } from './payments.reconcile.ts';
import type { FeeLine } from './payments.tables.ts';
import type { IpnAnswer, NewOrder, PaymentOrder, PaymentsService, Refund } from './payments.service.ts';

/** The payments module's door for other modules and the CLI. */
export interface PaymentsApi {
  /** The fees of a procedure case as its catalogue version lists them (what is owed at submission). */
  caseFees(procedureVersionId: number | null, caseCode: string): Promise<FeeLine[]>;
  /**
   * A new order, in the caller's transaction (the back office requesting the financial
   * obligation writes it with the dossier's transition to status 6). The caller authorised.
   */
  createOrderInTx(tx: Executor, input: NewOrder): Promise<PaymentOrder>;
  /** Cancels a dossier's pending orders in the caller's transaction (the dossier ended without a result). */
  cancelPendingOrdersInTx(tx: Executor, dossierCode: string, reason: string): Promise<string[]>;
  /** The orders of a dossier, for a caller that authorised its reader. */
  ordersOfDossier(dossierCode: string): Promise<PaymentOrder[]>;
  findOrder(reference: string): Promise<PaymentOrder | undefined>;
  getOrder: PaymentsService['getOrder'];
  listMine(actor: Actor | undefined): Promise<PaymentOrder[]>;
  startPayment: PaymentsService['startPayment'];
  handleIpn(query: Readonly<Record<string, string>>, now?: Date): Promise<IpnAnswer>;
  readReturn: PaymentsService['readReturn'];
  receiptPdf: PaymentsService['receiptPdf'];
  requestRefund: PaymentsService['requestRefund'];
  pendingRefunds(actor: Actor | undefined): Promise<Refund[]>;
  decideRefund: PaymentsService['decideRefund'];
  /** Compares a gateway's report (CSV text) of a Vietnam day with our confirmed attempts: every mismatch. */
  reconcile(reportCsv: string, day: string): Promise<{ rows: number; mismatches: Mismatch[] }>;
  /** VietQR: a bank statement (CSV) matched to orders by the reference in each transfer's description; what each row did. */
  applyBankStatement(statementCsv: string): ReturnType<PaymentsService['applyBankStatement']>;
}
