import { randomInt } from 'node:crypto';
import type { CatalogApi } from '../catalog/index.ts';
import { findDossierState } from '../dossiers/index.ts';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { endOfVietnamDay, vietnamDay, addDays } from '../../platform/calendar/index.ts';
import { sql, type Db, type Executor } from '../../platform/db/index.ts';
import type { Logger } from '../../platform/logging/index.ts';
import type { Actor, Contributions } from '../../platform/module/index.ts';
import { PaymentsErrors } from './payments.errors.ts';
import type { GatewayResult, PaymentGateway } from './payments.gateway.ts';
import { renderPaymentReceipt } from './payments.receipt.ts';
import { isOfficialOf, vietnamDayTime, type PaymentAttempt, type PaymentOrder } from './payments.model.ts';
import { createConfirmations } from './payments.confirmations.ts';
import { createRefundUseCases, refundsOf } from './payments.refunds.ts';
import { tables, type FeeLine, type OrderKind } from './payments.tables.ts';

export type { IpnAnswer, PaymentAttempt, PaymentOrder, Refund } from './payments.model.ts';
export { GATEWAY_REFUND_COMMAND } from './payments.refunds.ts';

export interface NewOrder {
  dossierCode: string;
  kind: OrderKind;
  description: string;
  lines: FeeLine[];
  dueAt: Date;
  /** The official who asked for it (financial obligation); null for the system. */
  createdBy: string | null;
}

export interface ReturnOutcome {
  reference: string | null;
  outcome: 'success' | 'failed' | 'invalid';
  responseCode: string;
}

export interface PaymentsServiceDeps {
  db: Db;
  catalog: Pick<CatalogApi, 'getProcedureVersion'>;
  gateway: PaymentGateway;
  contributions: Contributions;
  baseUrl: string;
  logger?: Logger;
}

const MAX_AMOUNT = 100_000_000_000;
/** A fee due at submission is due this many days after it (the order's due date). */
const SUBMISSION_DUE_DAYS = 7;
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const ORDER_COLUMNS = [
  'id', 'reference', 'dossier_code as dossierCode', 'receiving_agency as receivingAgency', 'applicant_account_id as applicantAccountId', 'applicant_name as applicantName', 'kind', 'description', 'lines',
  'amount_vnd as amountVnd', 'due_at as dueAt', 'status', 'created_at as createdAt', 'paid_at as paidAt', 'receipt_no as receiptNo',
] as const;

function newReference(): string {
  let s = 'EG';
  for (let i = 0; i < 10; i++) s += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return s;
}

/** The total of fee lines, checked: whole đồng, positive, at most 100 billion. */
export function totalOf(lines: readonly FeeLine[]): number {
  const total = lines.reduce((sum, l) => sum + l.amountVnd, 0);
  if (lines.some((l) => !Number.isSafeInteger(l.amountVnd) || l.amountVnd <= 0) || total <= 0 || total > MAX_AMOUNT) throw PaymentsErrors.amountInvalid();
  return total;
}

export function createPaymentsService(deps: PaymentsServiceDeps) {
  const { db, gateway } = deps;

  async function findOrder(ex: Executor, reference: string): Promise<PaymentOrder | undefined> {
    return tables(ex).selectFrom('payment_orders').select(ORDER_COLUMNS).where('reference', '=', reference).executeTakeFirst();
  }

  /** The order, if the actor is its payer or an official of the dossier's receiving unit; one answer otherwise. */
  async function orderFor(actor: Actor | undefined, reference: string): Promise<PaymentOrder> {
    if (!actor) throw PaymentsErrors.unauthenticated();
    const order = await findOrder(db, reference);
    if (!order || (order.applicantAccountId !== actor.accountId && !isOfficialOf(actor, order.receivingAgency))) throw PaymentsErrors.orderNotFound();
    return order;
  }

  async function attemptsOf(ex: Executor, orderId: number): Promise<PaymentAttempt[]> {
    return tables(ex)
      .selectFrom('payment_attempts')
      .select(['id', 'gateway', 'txn_ref as txnRef', 'amount_vnd as amountVnd', 'status', 'response_code as responseCode', 'transaction_no as transactionNo', 'bank_code as bankCode', 'created_at as createdAt', 'finished_at as finishedAt'])
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute();
  }

  /**
   * A new order for a dossier, in the caller's transaction (the back office's request of the
   * financial obligation, status 6; the consumer of dossier.submitted). Audited.
   */
  async function createOrderInTx(tx: Executor, input: NewOrder): Promise<PaymentOrder> {
    const amountVnd = totalOf(input.lines);
    const description = input.description.trim().slice(0, 500);
    if (!description) throw PaymentsErrors.descriptionRequired();
    const dossier = await findDossierState(tx, input.dossierCode);
    if (!dossier) throw PaymentsErrors.orderNotFound();
    const row = await tables(tx)
      .insertInto('payment_orders')
      .values({
        reference: newReference(),
        dossier_code: dossier.code,
        receiving_agency: dossier.receivingAgency,
        applicant_account_id: dossier.applicantAccountId,
        applicant_name: dossier.applicantName,
        kind: input.kind,
        description,
        lines: JSON.stringify(input.lines.map((l) => ({ name: l.name.trim().slice(0, 300), amountVnd: l.amountVnd }))),
        amount_vnd: amountVnd,
        due_at: input.dueAt,
        created_by: input.createdBy,
      })
      .returning(ORDER_COLUMNS)
      .executeTakeFirstOrThrow();
    await appendAuditInTx(tx, { actor: input.createdBy, action: 'payments.order_created', entityType: 'dossier', entityId: dossier.code, data: { reference: row.reference, kind: input.kind, amountVnd, dueAt: input.dueAt.toISOString() } });
    return row;
  }

  /** The fees of a procedure case as the catalogue version the dossier was filed under lists them. */
  async function caseFees(procedureVersionId: number | null, caseCode: string): Promise<FeeLine[]> {
    if (procedureVersionId === null) return [];
    const procedure = await deps.catalog.getProcedureVersion(procedureVersionId).catch(() => undefined);
    return (procedure?.document.cases.find((c) => c.code === caseCode)?.fees ?? []).filter((f) => f.amountVnd > 0).map((f) => ({ name: f.name, amountVnd: f.amountVnd }));
  }

  /**
   * At submission: an order for the case's fees, if it has any, once per dossier whatever the
   * retries. Reads the catalogue, then writes in its own transaction (a command's handler:
   * never inside another transaction, which on PGlite's one connection would wait for itself).
   */
  async function createSubmissionOrder(fact: { code: string; procedureVersionId: number; caseCode: string; receivedAt: string }): Promise<PaymentOrder | undefined> {
    const lines = await caseFees(fact.procedureVersionId, fact.caseCode);
    if (lines.length === 0) return undefined;
    const received = new Date(fact.receivedAt);
    const dueAt = endOfVietnamDay(addDays(vietnamDay(received), SUBMISSION_DUE_DAYS));
    return db.transaction().execute(async (tx) => {
      // One submission order per dossier (payment_orders_submission_idx): a repeated command finds it.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`payments.submission:${fact.code}`}))`.execute(tx);
      const exists = await tables(tx).selectFrom('payment_orders').select('id').where('dossier_code', '=', fact.code).where('kind', '=', 'submission').executeTakeFirst();
      if (exists) return undefined;
      return createOrderInTx(tx, { dossierCode: fact.code, kind: 'submission', description: 'Phí, lệ phí giải quyết thủ tục hành chính', lines, dueAt, createdBy: null });
    });
  }

  // The use cases of their own files: refunds, and what confirms a payment (IPN, bank statement).
  const refunds = createRefundUseCases({ db, gateway, contributions: deps.contributions, orderFor });
  const confirmations = createConfirmations({ db, gateway, logger: deps.logger });

  return {
    caseFees,
    createOrderInTx,
    createSubmissionOrder,
    ...confirmations,
    ...refunds,
    findOrder: (reference: string) => findOrder(db, reference),

    /**
     * The dossier ended without a result (refused, withdrawn, stopped): its pending orders are
     * cancelled in the caller's transaction, audited. A payment confirmed later is kept and
     * audited as paid again (to refund).
     */
    async cancelPendingOrdersInTx(tx: Executor, dossierCode: string, reason: string): Promise<string[]> {
      const cancelled = await tables(tx).updateTable('payment_orders').set({ status: 'cancelled' }).where('dossier_code', '=', dossierCode).where('status', '=', 'pending').returning('reference').execute();
      if (cancelled.length > 0) await appendAuditInTx(tx, { actor: null, action: 'payments.orders_cancelled', entityType: 'dossier', entityId: dossierCode, data: { references: cancelled.map((c) => c.reference), reason } });
      return cancelled.map((c) => c.reference);
    },

    /** The orders of a dossier (the back office shows them after authorising its official). */
    async ordersOfDossier(dossierCode: string): Promise<PaymentOrder[]> {
      return tables(db).selectFrom('payment_orders').select(ORDER_COLUMNS).where('dossier_code', '=', dossierCode).orderBy('id').execute();
    },

    /** The signed-in applicant's orders, newest first. */
    async listMine(actor: Actor | undefined): Promise<PaymentOrder[]> {
      if (!actor) throw PaymentsErrors.unauthenticated();
      return tables(db).selectFrom('payment_orders').select(ORDER_COLUMNS).where('applicant_account_id', '=', actor.accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(100).execute();
    },

    async getOrder(actor: Actor | undefined, reference: string) {
      const order = await orderFor(actor, reference);
      const [attempts, refunds] = await Promise.all([attemptsOf(db, order.id), refundsOf(db, { orderId: order.id })]);
      return { order, attempts, refunds, payer: order.applicantAccountId === actor?.accountId };
    },

    /** The payer starts paying: a new attempt (its own vnp_TxnRef) and the gateway's URL. */
    async startPayment(actor: Actor | undefined, reference: string, input: { ipAddr: string; locale: 'vi' | 'en' }, now = new Date()): Promise<{ url: string; txnRef: string }> {
      const order = await orderFor(actor, reference);
      if (order.applicantAccountId !== actor?.accountId) throw PaymentsErrors.forbidden('pay');
      if (order.status !== 'pending') throw PaymentsErrors.orderNotPayable(order.status);
      const txnRef = await db.transaction().execute(async (tx) => {
        // The order, the second and one of 900 suffixes: two attempts in one second may draw the
        // same one (a double click), so a taken reference is drawn again, not refused as an error.
        for (let draw = 1; ; draw++) {
          const candidate = `${order.reference}${vietnamDayTime(now)}${randomInt(100, 1000)}`;
          const inserted = await tables(tx).insertInto('payment_attempts').values({ order_id: order.id, gateway: gateway.name, txn_ref: candidate, amount_vnd: order.amountVnd })
            .onConflict((oc) => oc.column('txn_ref').doNothing()).returning('id').executeTakeFirst();
          if (inserted) {
            await appendAuditInTx(tx, { actor: actor.accountId, action: 'payments.attempt_started', entityType: 'payment_attempt', entityId: candidate, data: { reference, gateway: gateway.name, amountVnd: order.amountVnd } });
            return candidate;
          }
          if (draw >= 20) throw new Error(`payments: no free vnp_TxnRef for order ${order.reference} in this second after ${draw} draws`);
        }
      });
      const url = gateway.paymentUrl({ txnRef, amountVnd: order.amountVnd, orderInfo: `Thanh toan phi le phi ho so ${order.dossierCode}`, ipAddr: input.ipAddr, returnUrl: `${deps.baseUrl}/payments/vnpay/return`, now, locale: input.locale });
      return { url, txnRef };
    },

    /** The return URL: what the gateway says, for display only; it changes nothing. */
    async readReturn(query: Readonly<Record<string, string>>): Promise<ReturnOutcome> {
      let result: GatewayResult;
      try {
        result = gateway.verifyCallback(query);
      } catch {
        return { reference: null, outcome: 'invalid', responseCode: '' };
      }
      if (!result.verified) return { reference: null, outcome: 'invalid', responseCode: result.responseCode };
      const row = await tables(db).selectFrom('payment_attempts as a').innerJoin('payment_orders as o', 'o.id', 'a.order_id').select('o.reference').where('a.txn_ref', '=', result.txnRef).executeTakeFirst();
      return { reference: row?.reference ?? null, outcome: result.success ? 'success' : 'failed', responseCode: result.responseCode };
    },

    /** The receipt (biên lai) of a paid order as a PDF, with the amount in words. */
    async receiptPdf(actor: Actor | undefined, reference: string): Promise<{ order: PaymentOrder; pdf: Buffer }> {
      const order = await orderFor(actor, reference);
      if (order.status !== 'paid' && order.status !== 'refunded') throw PaymentsErrors.notPaid();
      const attempt = (await attemptsOf(db, order.id)).find((a) => a.status === 'succeeded');
      return { order, pdf: await renderPaymentReceipt(order, attempt) };
    },
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
