import { randomInt } from 'node:crypto';
import { InpOrderAlreadyConfirmed, IpnFailChecksum, IpnInvalidAmount, IpnOrderNotFound, IpnSuccess, IpnUnknownError } from 'vnpay/constants';
import type { CatalogApi } from '../catalog/index.ts';
import { findDossierState } from '../dossiers/index.ts';
import { requireRecentSecondFactor } from '../identity/index.ts';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { endOfVietnamDay, vietnamDay, addDays } from '../../platform/calendar/index.ts';
import { sql, type Db, type Executor } from '../../platform/db/index.ts';
import { publishInTx, recordFactsInTx, type NewFact } from '../../platform/events/index.ts';
import type { Logger } from '../../platform/logging/index.ts';
import type { Actor, Contributions } from '../../platform/module/index.ts';
import { PaymentsErrors } from './payments.errors.ts';
import type { OrderPaid, RefundApproved } from './payments.facts.ts';
import type { GatewayResult, PaymentGateway } from './payments.gateway.ts';
import { renderPaymentReceipt } from './payments.receipt.ts';
import { referenceIn, type StatementRow } from './payments.vietqr.ts';
import type { PaymentAttempt, PaymentOrder } from './payments.model.ts';
import { tables, type FeeLine, type OrderKind } from './payments.tables.ts';

export type { PaymentAttempt, PaymentOrder } from './payments.model.ts';

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

export interface NewOrder {
  dossierCode: string;
  kind: OrderKind;
  description: string;
  lines: FeeLine[];
  dueAt: Date;
  /** The official who asked for it (financial obligation); null for the system. */
  createdBy: string | null;
}

/** The gateway's answer to an IPN, exactly as VNPay specifies it. */
export interface IpnAnswer {
  RspCode: '00' | '01' | '02' | '04' | '97' | '99';
  Message: string;
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
/** The outbox command that calls the gateway's refund for an approved refund. */
export const GATEWAY_REFUND_COMMAND = 'payments.gateway_refund';
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

const isOfficialOf = (actor: Actor | undefined, agency: string) => actor?.kind === 'official' && actor.agencyCode === agency;

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

  async function refundsOf(ex: Executor, where: { orderId?: number; agency?: string; status?: Refund['status'] }): Promise<Refund[]> {
    return tables(ex)
      .selectFrom('payment_refunds as r')
      .innerJoin('payment_orders as o', 'o.id', 'r.order_id')
      .select(['r.id', 'r.order_id as orderId', 'o.reference', 'o.dossier_code as dossierCode', 'r.amount_vnd as amountVnd', 'r.reason', 'r.status', 'r.requested_by as requestedBy', 'r.requested_at as requestedAt', 'r.decided_by as decidedBy', 'r.decided_at as decidedAt'])
      .$if(where.orderId !== undefined, (qb) => qb.where('r.order_id', '=', where.orderId as number))
      .$if(where.agency !== undefined, (qb) => qb.where('o.receiving_agency', '=', where.agency as string))
      .$if(where.status !== undefined, (qb) => qb.where('r.status', '=', where.status as Refund['status']))
      .orderBy('r.id')
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

  async function recordNotification(ex: Executor, query: Readonly<Record<string, string>>, answer: IpnAnswer, applied: boolean) {
    const { vnp_SecureHash: _hash, ...params } = query;
    await tables(ex)
      .insertInto('payment_notifications')
      .values({ gateway: gateway.name, txn_ref: typeof query.vnp_TxnRef === 'string' ? query.vnp_TxnRef.slice(0, 100) : null, rsp_code: answer.RspCode, applied, params: JSON.stringify(params) })
      .execute();
  }

  /**
   * The gateway's server-to-server notification (IPN): the only thing that changes an
   * attempt and its order. Checked in VNPay's order: signature (97), order (01), amount (04),
   * already confirmed (02). The attempt moves from pending in one guarded UPDATE, so
   * duplicate notifications, even concurrent ones, are applied once: the second waits for the
   * first's row lock and then matches no pending row (02).
   */
  async function handleIpn(query: Readonly<Record<string, string>>, now = new Date()): Promise<IpnAnswer> {
    let result: GatewayResult;
    try {
      result = gateway.verifyCallback(query);
    } catch {
      const answer = IpnUnknownError as IpnAnswer;
      await recordNotification(db, query, answer, false).catch(() => undefined);
      return answer;
    }
    if (!result.verified) {
      await recordNotification(db, query, IpnFailChecksum as IpnAnswer, false);
      return IpnFailChecksum as IpnAnswer;
    }
    try {
      return await db.transaction().execute(async (tx) => {
        const answer = await applyIpnInTx(tx, result, now);
        await recordNotification(tx, query, answer.answer, answer.applied);
        return answer.answer;
      });
    } catch (error) {
      deps.logger?.error({ err: error }, 'payments: IPN failed');
      await recordNotification(db, query, IpnUnknownError as IpnAnswer, false).catch(() => undefined);
      return IpnUnknownError as IpnAnswer;
    }
  }

  async function applyIpnInTx(tx: Executor, result: GatewayResult, now: Date, gatewayName = gateway.name): Promise<{ answer: IpnAnswer; applied: boolean }> {
    const attempt = await tables(tx).selectFrom('payment_attempts').select(['id', 'order_id as orderId', 'amount_vnd as amountVnd', 'status']).where('txn_ref', '=', result.txnRef).executeTakeFirst();
    if (!attempt) return { answer: IpnOrderNotFound as IpnAnswer, applied: false };
    if (attempt.amountVnd !== result.amountVnd) return { answer: IpnInvalidAmount as IpnAnswer, applied: false };
    const updated = await tables(tx)
      .updateTable('payment_attempts')
      .set({ status: result.success ? 'succeeded' : 'failed', response_code: result.responseCode.slice(0, 10), transaction_no: result.transactionNo?.slice(0, 40) ?? null, bank_code: result.bankCode?.slice(0, 40) ?? null, pay_date: result.payDate?.slice(0, 20) ?? null, finished_at: now })
      .where('id', '=', attempt.id)
      .where('status', '=', 'pending')
      .returning(['id'])
      .executeTakeFirst();
    if (!updated) return { answer: InpOrderAlreadyConfirmed as IpnAnswer, applied: false };
    if (!result.success) {
      await appendAuditInTx(tx, { actor: null, action: 'payments.attempt_failed', entityType: 'payment_attempt', entityId: result.txnRef, data: { responseCode: result.responseCode } });
      return { answer: IpnSuccess as IpnAnswer, applied: true };
    }
    const receiptNo = `BL${vietnamDay(now).replace(/-/g, '').slice(2)}-${String(attempt.orderId).padStart(7, '0')}`;
    const paid = await tables(tx)
      .updateTable('payment_orders')
      .set({ status: 'paid', paid_at: now, paid_attempt_id: attempt.id, receipt_no: receiptNo })
      .where('id', '=', attempt.orderId)
      .where('status', '=', 'pending')
      .returning(['reference', 'dossier_code as dossierCode', 'kind', 'amount_vnd as amountVnd'])
      .executeTakeFirst();
    if (paid) {
      const fact: NewFact<OrderPaid> = { type: 'payments.order_paid', payload: { reference: paid.reference, dossierCode: paid.dossierCode, kind: paid.kind, amountVnd: paid.amountVnd, gateway: gatewayName, paidAt: now.toISOString() } };
      await recordFactsInTx(tx, [fact]);
    }
    // Paid twice (another attempt confirmed first, or the order was cancelled): kept, to be refunded.
    await appendAuditInTx(tx, { actor: null, action: paid ? 'payments.order_paid' : 'payments.paid_again', entityType: 'payment_attempt', entityId: result.txnRef, data: { orderId: attempt.orderId, amountVnd: attempt.amountVnd, transactionNo: result.transactionNo } });
    return { answer: IpnSuccess as IpnAnswer, applied: true };
  }

  return {
    caseFees,
    createOrderInTx,
    createSubmissionOrder,
    handleIpn,
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
      const txnRef = `${order.reference}${vietnamDayTime(now)}${randomInt(100, 1000)}`;
      await db.transaction().execute(async (tx) => {
        await tables(tx).insertInto('payment_attempts').values({ order_id: order.id, gateway: gateway.name, txn_ref: txnRef, amount_vnd: order.amountVnd }).execute();
        await appendAuditInTx(tx, { actor: actor.accountId, action: 'payments.attempt_started', entityType: 'payment_attempt', entityId: txnRef, data: { reference, gateway: gateway.name, amountVnd: order.amountVnd } });
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

    /** An official of the dossier's unit asks for a paid order to be refunded. Audited. */
    async requestRefund(actor: Actor | undefined, reference: string, input: { reason: string | undefined }): Promise<Refund> {
      const order = await orderFor(actor, reference);
      if (!isOfficialOf(actor, order.receivingAgency) || !deps.contributions.may(actor, 'payments.refund_request')) throw PaymentsErrors.forbidden('refund_request');
      const reason = input.reason?.trim().slice(0, 1000);
      if (!reason) throw PaymentsErrors.reasonRequired();
      if (order.status !== 'paid') throw PaymentsErrors.notPaid();
      return db.transaction().execute(async (tx) => {
        const inserted = await tables(tx)
          .insertInto('payment_refunds')
          .values({ order_id: order.id, amount_vnd: order.amountVnd, reason, requested_by: (actor as Actor).accountId })
          .onConflict((oc) => oc.column('order_id').where('status', 'in', ['requested', 'approved']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) throw PaymentsErrors.refundExists();
        await appendAuditInTx(tx, { actor: (actor as Actor).accountId, action: 'payments.refund_requested', entityType: 'dossier', entityId: order.dossierCode, data: { reference, refundId: inserted.id, amountVnd: order.amountVnd, reason } });
        return (await refundsOf(tx, { orderId: order.id })).find((r) => r.id === inserted.id) as Refund;
      });
    },

    /** The command's handler: the gateway's refund call for an approved refund, its answer recorded and audited. A thrown error is retried by the outbox. */
    async executeGatewayRefund(refundId: number, now = new Date()): Promise<'done' | 'failed' | 'skipped'> {
      const row = await tables(db)
        .selectFrom('payment_refunds as r')
        .innerJoin('payment_attempts as a', (j) => j.onRef('a.order_id', '=', 'r.order_id').on('a.status', '=', 'succeeded'))
        .select(['r.id', 'r.amount_vnd as amountVnd', 'r.decided_by as decidedBy', 'r.status', 'r.gateway_status as gatewayStatus', 'a.txn_ref as txnRef', 'a.transaction_no as transactionNo', 'a.pay_date as payDate'])
        .where('r.id', '=', refundId)
        .orderBy('a.id')
        .executeTakeFirst();
      if (!row || row.status !== 'approved' || row.gatewayStatus !== 'pending' || !gateway.refund) return 'skipped';
      const answer = await gateway.refund({ txnRef: row.txnRef, amountVnd: row.amountVnd, transactionNo: row.transactionNo, payDate: row.payDate, requestId: `RF${refundId}${vietnamDayTime(now)}`, createdBy: row.decidedBy ?? 'egov', now });
      const status = answer.ok ? ('done' as const) : ('failed' as const);
      await db.transaction().execute(async (tx) => {
        await tables(tx).updateTable('payment_refunds').set({ gateway_status: status, gateway_response: `${answer.responseCode} ${answer.message}`.slice(0, 500) }).where('id', '=', refundId).where('gateway_status', '=', 'pending').execute();
        await appendAuditInTx(tx, { actor: null, action: answer.ok ? 'payments.gateway_refund_done' : 'payments.gateway_refund_failed', entityType: 'payment_attempt', entityId: row.txnRef, data: { refundId, responseCode: answer.responseCode } });
      });
      return status;
    },

    /** Refunds waiting for a decision in the official's unit. */
    async pendingRefunds(actor: Actor | undefined): Promise<Refund[]> {
      if (actor?.kind !== 'official' || !actor.agencyCode || !deps.contributions.may(actor, 'payments.refund_approve')) throw PaymentsErrors.forbidden('refund_approve');
      return refundsOf(db, { agency: actor.agencyCode, status: 'requested' });
    },

    /**
     * A leader of the unit approves (with a second factor given in the last minutes) or
     * rejects a refund; never their own request. Approval marks the order refunded. Audited.
     */
    async decideRefund(actor: Actor | undefined, refundId: number, input: { approve: boolean }, now = new Date()): Promise<Refund> {
      if (actor?.kind !== 'official' || !actor.agencyCode || !deps.contributions.may(actor, 'payments.refund_approve')) throw PaymentsErrors.forbidden('refund_approve');
      const refund = (await refundsOf(db, { agency: actor.agencyCode })).find((r) => r.id === refundId);
      if (!refund) throw PaymentsErrors.refundNotFound();
      if (refund.requestedBy === actor.accountId) throw PaymentsErrors.ownRefund();
      if (input.approve) requireRecentSecondFactor(actor, now);
      return db.transaction().execute(async (tx) => {
        const decided = await tables(tx)
          .updateTable('payment_refunds')
          .set({ status: input.approve ? 'approved' : 'rejected', decided_by: actor.accountId, decided_at: now })
          .where('id', '=', refundId)
          .where('status', '=', 'requested')
          .returning('id')
          .executeTakeFirst();
        if (!decided) throw PaymentsErrors.refundDecided();
        if (input.approve) {
          await tables(tx).updateTable('payment_orders').set({ status: 'refunded' }).where('id', '=', refund.orderId).where('status', '=', 'paid').execute();
          // The gateway's refund call leaves through the outbox (retried); a local or VietQR payment has none.
          const paidBy = await tables(tx).selectFrom('payment_attempts').select('gateway').where('order_id', '=', refund.orderId).where('status', '=', 'succeeded').orderBy('id').executeTakeFirst();
          const callGateway = gateway.refund !== undefined && paidBy?.gateway === gateway.name;
          await tables(tx).updateTable('payment_refunds').set({ gateway_status: callGateway ? 'pending' : 'not_needed' }).where('id', '=', refundId).execute();
          if (callGateway) await publishInTx(tx, { type: GATEWAY_REFUND_COMMAND, payload: { refundId } });
          const fact: NewFact<RefundApproved> = { type: 'payments.refund_approved', payload: { reference: refund.reference, dossierCode: refund.dossierCode, amountVnd: refund.amountVnd, at: now.toISOString() } };
          await recordFactsInTx(tx, [fact]);
        }
        await appendAuditInTx(tx, { actor: actor.accountId, action: input.approve ? 'payments.refund_approved' : 'payments.refund_rejected', entityType: 'dossier', entityId: refund.dossierCode, data: { reference: refund.reference, refundId, amountVnd: refund.amountVnd } });
        return { ...refund, status: input.approve ? 'approved' : 'rejected', decidedBy: actor.accountId, decidedAt: now } as Refund;
      });
    },

    /**
     * VietQR reconciliation by reference: each credit of the bank statement whose description
     * names a pending order's reference and its exact amount pays it (an attempt of gateway
     * `vietqr`, keyed by the bank's transaction number, so a statement read twice pays once).
     * Every other row is listed: unknown reference, wrong amount, already paid.
     */
    async applyBankStatement(rows: readonly StatementRow[], now = new Date()): Promise<{ line: number; transactionNo: string; outcome: 'paid' | 'no_reference' | 'unknown_reference' | 'amount' | 'already_paid' | 'already_applied'; reference: string | null }[]> {
      const results = [];
      for (const row of rows) {
        const reference = referenceIn(row.description) ?? null;
        const outcome = await db.transaction().execute(async (tx) => {
          if (!reference) return 'no_reference' as const;
          const order = await tables(tx).selectFrom('payment_orders').select(['id', 'amount_vnd as amountVnd', 'status']).where('reference', '=', reference).forUpdate().executeTakeFirst();
          if (!order) return 'unknown_reference' as const;
          const txnRef = `VQ${row.transactionNo}`;
          const inserted = await tables(tx)
            .insertInto('payment_attempts')
            .values({ order_id: order.id, gateway: 'vietqr', txn_ref: txnRef, amount_vnd: row.amountVnd })
            .onConflict((oc) => oc.column('txn_ref').doNothing())
            .returning('id')
            .executeTakeFirst();
          if (!inserted) return 'already_applied' as const;
          const result: GatewayResult = { verified: true, txnRef, amountVnd: row.amountVnd, success: order.amountVnd === row.amountVnd && order.status === 'pending', responseCode: '00', transactionNo: row.transactionNo, bankCode: 'VIETQR', payDate: null };
          if (order.amountVnd !== row.amountVnd) {
            await tables(tx).updateTable('payment_attempts').set({ status: 'failed', response_code: 'amount', transaction_no: row.transactionNo, finished_at: now }).where('id', '=', inserted.id).execute();
            await appendAuditInTx(tx, { actor: null, action: 'payments.transfer_unmatched', entityType: 'payment_attempt', entityId: txnRef, data: { reference, amountVnd: row.amountVnd, expected: order.amountVnd } });
            return 'amount' as const;
          }
          await applyIpnInTx(tx, { ...result, success: true }, now, 'vietqr');
          return order.status === 'pending' ? ('paid' as const) : ('already_paid' as const);
        });
        results.push({ line: row.line, transactionNo: row.transactionNo, outcome, reference });
      }
      return results;
    },

    /** Succeeded attempts confirmed within a Vietnam day, and the references a report names (reconciliation). */
    async attemptsForReconciliation(day: string, txnRefs: readonly string[]) {
      const from = new Date(`${day}T00:00:00+07:00`);
      const to = new Date(from.getTime() + 86_400_000);
      return tables(db)
        .selectFrom('payment_attempts')
        .select(['txn_ref as txnRef', 'amount_vnd as amountVnd', 'status', 'transaction_no as transactionNo', 'finished_at as finishedAt'])
        .where((eb) => eb.or([eb.and([eb('status', '=', 'succeeded'), eb('finished_at', '>=', from), eb('finished_at', '<', to)]), eb('txn_ref', '=', eb.fn.any(sql<string[]>`${[...txnRefs]}::text[]`))]))
        .orderBy('id')
        .execute();
    },
  };
}

/** `yyMMddHHmmss` in Vietnam's time: unique enough per order with a random tail. */
function vietnamDayTime(at: Date): string {
  const t = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return t.slice(2, 4) + t.slice(5, 7) + t.slice(8, 10) + t.slice(11, 13) + t.slice(14, 16) + t.slice(17, 19);
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
