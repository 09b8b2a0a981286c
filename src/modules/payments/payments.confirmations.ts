import { InpOrderAlreadyConfirmed, IpnFailChecksum, IpnInvalidAmount, IpnOrderNotFound, IpnSuccess, IpnUnknownError } from 'vnpay/constants';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { vietnamDay } from '../../platform/calendar/index.ts';
import { sql, type Db, type Executor } from '../../platform/db/index.ts';
import { recordFactsInTx, type NewFact } from '../../platform/events/index.ts';
import type { Logger } from '../../platform/logging/index.ts';
import type { OrderPaid } from './payments.facts.ts';
import type { GatewayResult, PaymentGateway } from './payments.gateway.ts';
import { referenceIn, type StatementRow } from './payments.vietqr.ts';
import type { IpnAnswer } from './payments.model.ts';
import { tables } from './payments.tables.ts';

export interface ConfirmationDeps {
  db: Db;
  gateway: PaymentGateway;
  logger?: Logger | undefined;
}

/**
 * What confirms a payment: the gateway's signed notification (IPN) and the bank's statement of
 * VietQR transfers; and the attempts a reconciliation compares with the gateway's report.
 */
export function createConfirmations(deps: ConfirmationDeps) {
  const { db, gateway } = deps;

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
    handleIpn,
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
