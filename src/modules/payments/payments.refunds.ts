import { requireRecentSecondFactor } from '../identity/index.ts';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db, Executor } from '../../platform/db/index.ts';
import { publishInTx, recordFactsInTx, type NewFact } from '../../platform/events/index.ts';
import type { Actor, Contributions } from '../../platform/module/index.ts';
import { PaymentsErrors } from './payments.errors.ts';
import type { RefundApproved } from './payments.facts.ts';
import type { PaymentGateway } from './payments.gateway.ts';
import { isOfficialOf, vietnamDayTime, type PaymentOrder, type Refund } from './payments.model.ts';
import { tables } from './payments.tables.ts';

/** The outbox command that calls the gateway's refund for an approved refund. */
export const GATEWAY_REFUND_COMMAND = 'payments.gateway_refund';

/** Refunds of an order, or of a unit in a status, with their order's reference and dossier. */
export async function refundsOf(ex: Executor, where: { orderId?: number; agency?: string; status?: Refund['status'] }): Promise<Refund[]> {
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

export interface RefundDeps {
  db: Db;
  gateway: PaymentGateway;
  contributions: Contributions;
  /** The order, if the actor is its payer or an official of the dossier's receiving unit. */
  orderFor(actor: Actor | undefined, reference: string): Promise<PaymentOrder>;
}

/** Refunds: an official asks, a leader of the unit decides (step-up), the gateway's refund leaves through the outbox. */
export function createRefundUseCases(deps: RefundDeps) {
  const { db, gateway, orderFor } = deps;
  return {
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
  };
}
