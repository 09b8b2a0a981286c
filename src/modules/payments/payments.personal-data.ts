import { sql, type Executor } from '../../platform/db/index.ts';
import type { ErasureOutcome, PersonalDataSection, PersonalDataSource } from '../identity/index.ts';

/**
 * The payments module's part of a person's data (NĐ 13/2023), registered with identity: the
 * fees they owed and paid (orders, attempts at the gateway, receipts' numbers, refunds).
 * Nothing is erased: payments are accounting records the State keeps (Luật Kế toán, chứng từ
 * kế toán), whoever asks.
 */
export function paymentsPersonalData(db: Executor): PersonalDataSource {
  return {
    name: 'payments',

    async collect(accountId: string): Promise<PersonalDataSection> {
      const orders = (
        await sql<{ id: number; reference: string; dossier_code: string; kind: string; description: string; amount_vnd: string | number; status: string; due_at: Date; created_at: Date; paid_at: Date | null; receipt_no: string | null }>`
          SELECT id, reference, dossier_code, kind, description, amount_vnd, status, due_at, created_at, paid_at, receipt_no
          FROM payment_orders WHERE applicant_account_id = ${accountId} ORDER BY created_at LIMIT 5000`.execute(db)
      ).rows;
      const ids = orders.map((o) => Number(o.id));
      const [attempts, refunds] = ids.length
        ? await Promise.all([
            sql<{ order_id: number; gateway: string; txn_ref: string; amount_vnd: string | number; status: string; bank_code: string | null; created_at: Date; finished_at: Date | null }>`
              SELECT order_id, gateway, txn_ref, amount_vnd, status, bank_code, created_at, finished_at FROM payment_attempts WHERE order_id = ANY(${ids}::bigint[]) ORDER BY id`.execute(db),
            sql<{ order_id: number; amount_vnd: string | number; reason: string; status: string; requested_at: Date; decided_at: Date | null }>`
              SELECT order_id, amount_vnd, reason, status, requested_at, decided_at FROM payment_refunds WHERE order_id = ANY(${ids}::bigint[]) ORDER BY id`.execute(db),
          ])
        : [{ rows: [] }, { rows: [] }];
      const referenceOf = new Map(orders.map((o) => [Number(o.id), o.reference]));
      const money = (n: string | number) => Number(n).toLocaleString('vi-VN');
      return {
        data: {
          orders: orders.map((o) => ({
            reference: o.reference,
            dossier: o.dossier_code,
            kind: o.kind,
            description: o.description,
            amountVnd: Number(o.amount_vnd),
            status: o.status,
            dueAt: o.due_at,
            createdAt: o.created_at,
            paidAt: o.paid_at,
            receiptNo: o.receipt_no,
          })),
          attempts: attempts.rows.map((a) => ({ order: referenceOf.get(Number(a.order_id)), gateway: a.gateway, txnRef: a.txn_ref, amountVnd: Number(a.amount_vnd), status: a.status, bank: a.bank_code, startedAt: a.created_at, finishedAt: a.finished_at })),
          refunds: refunds.rows.map((r) => ({ order: referenceOf.get(Number(r.order_id)), amountVnd: Number(r.amount_vnd), reason: r.reason, status: r.status, requestedAt: r.requested_at, decidedAt: r.decided_at })),
        },
        accessLog: [],
        summary: {
          heading: 'Phí, lệ phí',
          lines: orders.length === 0 ? ['Không có khoản phí, lệ phí nào.'] : orders.map((o) => `${o.reference} (hồ sơ ${o.dossier_code}): ${money(o.amount_vnd)} đồng — ${o.status === 'paid' ? `đã nộp${o.receipt_no ? `, biên lai ${o.receipt_no}` : ''}` : o.status === 'pending' ? 'chưa nộp' : o.status === 'refunded' ? 'đã hoàn trả' : 'đã hủy'}`),
        },
      };
    },

    async erase(tx: Executor, accountId: string): Promise<ErasureOutcome> {
      const counted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM payment_orders WHERE applicant_account_id = ${accountId}`.execute(tx);
      const n = counted.rows[0]?.n ?? 0;
      return { erased: [], kept: n > 0 ? [{ what: 'Khoản phí, lệ phí, biên lai và hoàn trả', count: n, rule: 'chứng từ kế toán, lưu trữ theo thời hạn Luật Kế toán 2015 (Điều 41) quy định' }] : [] };
    },
  };
}
