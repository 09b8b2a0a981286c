import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createFactConsumers, createOutboxWorker, recordFactsInTx } from '../../platform/events/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import { DOSSIER_FACTS } from '../dossiers/index.ts';
import { PAYMENTS_FACTS } from './index.ts';
import { SUBMISSION_FEES_COMMAND, submissionFeesConsumer, submissionFeesHandler } from './payments.consumers.ts';
import { createPaymentsService } from './payments.service.ts';
import { vnpayGateway } from './payments.gateway.ts';
import { officials, setUpPayments } from './payments.test-support.ts';
import { amountInWords } from './payments.words.ts';

/** The bytes a PDF's info string holds for a text (UTF-16BE, as pdfkit writes non-ASCII strings). */
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

describe('payments: fees, receipts, refunds, reconciliation', () => {
  let env: Awaited<ReturnType<typeof setUpPayments>>;
  beforeAll(async () => {
    env = await setUpPayments();
  }, 180_000);
  afterAll(async () => env?.close());

  async function paid(amountVnd = 650_000) {
    const order = await env.order(amountVnd);
    const { params } = await env.startPaying(order.reference);
    const result = env.result(params);
    expect((await env.api.handleIpn(result)).RspCode).toBe('00');
    return { order, params, result };
  }

  it('takes the fees of a procedure case from the catalogue version, and orders them at submission (once)', async () => {
    const catalog = env.platform.api<CatalogApi>('catalog');
    const procedure = await catalog.getPublishedProcedure('1.004884.000.00.00.H49');
    expect(await env.api.caseFees(procedure.versionId, '01')).toEqual([{ name: 'Lệ phí đăng ký hộ tịch', amountVnd: 8_000 }]);
    expect(await env.api.caseFees(procedure.versionId, '99')).toEqual([]);
    const { code } = await env.apply();
    // The birth registration is free: no order. The same dossier filed under a fee-bearing case: one order, even if the fact comes twice.
    const service = createPaymentsService({ db: env.db, catalog, gateway: vnpayGateway(env.vnpay), contributions: env.platform.ctx.contributions, baseUrl: 'https://dichvucong.example.vn' });
    const fact = { code, procedureCode: '1.004884.000.00.00.H49', procedureVersionId: procedure.versionId, caseCode: '01', receivingAgency: '000.00.51.H49', receivedAt: new Date().toISOString(), dueAt: null };
    await env.db.transaction().execute((tx) => recordFactsInTx(tx, [{ type: 'dossier.submitted', payload: fact }, { type: 'dossier.submitted', payload: fact }]));
    const consumers = createFactConsumers({ database: env.platform.ctx.database, consumers: [{ ...submissionFeesConsumer, startFrom: 'beginning' }], schemas: new Map(Object.entries({ ...DOSSIER_FACTS, ...PAYMENTS_FACTS })), logger: env.platform.ctx.logger });
    await consumers.drain();
    const worker = createOutboxWorker({ database: env.platform.ctx.database, handlers: { [SUBMISSION_FEES_COMMAND]: submissionFeesHandler(service) }, logger: env.platform.ctx.logger });
    await worker.drain();
    const orders = await env.api.ordersOfDossier(code);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ kind: 'submission', amountVnd: 8_000, status: 'pending', applicantAccountId: env.citizen.accountId, lines: [{ name: 'Lệ phí đăng ký hộ tịch', amountVnd: 8_000 }] });
    expect((await env.api.listMine(env.citizen)).map((o) => o.reference)).toContain(orders[0]!.reference);
  });

  it('shows an order to its payer and the unit\'s officials only; only the payer pays', async () => {
    const order = await env.order();
    expect((await env.api.getOrder(env.citizen, order.reference)).payer).toBe(true);
    expect((await env.api.getOrder(officials.clerk, order.reference)).payer).toBe(false);
    await expect(env.api.getOrder({ ...officials.clerk, agencyCode: '000.00.52.H49' }, order.reference)).rejects.toMatchObject({ code: 'payments.order_not_found' });
    await expect(env.api.getOrder({ ...env.citizen, accountId: '00000000-0000-4000-8000-000000000999' }, order.reference)).rejects.toMatchObject({ code: 'payments.order_not_found' });
    await expect(env.api.startPayment(officials.clerk, order.reference, { ipAddr: '192.0.2.1', locale: 'vi' })).rejects.toMatchObject({ code: 'payments.forbidden' });
    await expect(env.api.receiptPdf(env.citizen, order.reference)).rejects.toMatchObject({ code: 'payments.not_paid' });
  });

  it('issues the receipt PDF with the amount in words', async () => {
    const { order } = await paid(650_000);
    const { pdf } = await env.api.receiptPdf(env.citizen, order.reference);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(amountInWords(650_000)).toBe('Sáu trăm năm mươi nghìn đồng');
    expect(pdf.indexOf(utf16be('Sáu trăm năm mươi nghìn đồng'))).toBeGreaterThan(0);
  });

  it('refunds: requested by the unit, approved by another leader with a recent second factor, audited', async () => {
    const { order } = await paid(120_000);
    await expect(env.api.requestRefund(env.citizen, order.reference, { reason: 'x' })).rejects.toMatchObject({ code: 'payments.forbidden' });
    await expect(env.api.requestRefund(officials.clerk, order.reference, { reason: ' ' })).rejects.toMatchObject({ code: 'payments.reason_required' });
    const refund = await env.api.requestRefund(officials.clerk, order.reference, { reason: 'Nộp trùng' });
    expect(refund).toMatchObject({ status: 'requested', amountVnd: 120_000 });
    await expect(env.api.requestRefund(officials.leader, order.reference, { reason: 'again' })).rejects.toMatchObject({ code: 'payments.refund_exists' });
    expect((await env.api.pendingRefunds(officials.leader)).map((r) => r.id)).toContain(refund.id);
    await expect(env.api.decideRefund(officials.clerk, refund.id, { approve: true })).rejects.toMatchObject({ code: 'payments.forbidden' });
    // No second factor in the last five minutes: step-up first.
    await expect(env.api.decideRefund(officials.leader, refund.id, { approve: true })).rejects.toMatchObject({ code: 'identity.step_up_required' });
    await expect(env.api.decideRefund({ ...officials.leader, secondFactorAt: new Date(Date.now() - 10 * 60_000).toISOString() }, refund.id, { approve: true })).rejects.toMatchObject({ code: 'identity.step_up_required' });
    const leader = { ...officials.leader, secondFactorAt: new Date().toISOString() };
    expect(await env.api.decideRefund(leader, refund.id, { approve: true })).toMatchObject({ status: 'approved' });
    await expect(env.api.decideRefund(leader, refund.id, { approve: true })).rejects.toMatchObject({ code: 'payments.refund_decided' });
    expect((await env.api.findOrder(order.reference))?.status).toBe('refunded');
    // Paid through the local gateway: no gateway to call.
    const gatewayStatus = await sql<{ gateway_status: string }>`SELECT gateway_status FROM payment_refunds WHERE id = ${refund.id}`.execute(env.db);
    expect(gatewayStatus.rows[0]?.gateway_status).toBe('not_needed');
    const audit = await sql<{ action: string; actor: string }>`SELECT action, actor FROM audit_log WHERE action LIKE 'payments.refund%' AND data->>'reference' = ${order.reference} ORDER BY seq`.execute(env.db);
    expect(audit.rows).toEqual([{ action: 'payments.refund_requested', actor: officials.clerk.accountId }, { action: 'payments.refund_approved', actor: officials.leader.accountId }]);
  });

  it('a requester never approves their own refund', async () => {
    const { order } = await paid(50_000);
    const refund = await env.api.requestRefund(officials.leader, order.reference, { reason: 'Sai số tiền' });
    await expect(env.api.decideRefund({ ...officials.leader, secondFactorAt: new Date().toISOString() }, refund.id, { approve: true })).rejects.toMatchObject({ code: 'payments.own_refund' });
    expect(await env.api.decideRefund(officials.otherLeader, refund.id, { approve: false })).toMatchObject({ status: 'rejected' });
    expect((await env.api.findOrder(order.reference))?.status).toBe('paid');
  });

  it("reconciles a day against the gateway's report and lists every planted mismatch", async () => {
    const a = await paid(100_000);
    const b = await paid(200_000);
    const c = await paid(300_000);
    const pending = await env.order(40_000);
    const p = await env.startPaying(pending.reference);
    const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const row = (r: Record<string, string>, amount: number, code = '00') => [r.vnp_TxnRef, amount, code, r.vnp_TransactionNo, r.vnp_PayDate].join(',');
    const ok = (await env.api.reconcile(['txn_ref,amount_vnd,response_code,transaction_no,pay_date', row(a.result, 100_000), row(b.result, 200_000), row(c.result, 300_000)].join('\n'), day)).mismatches;
    // Other tests of this file paid that day too: only this file's rows matter here.
    const mine = new Set([a.result.vnp_TxnRef, b.result.vnp_TxnRef, c.result.vnp_TxnRef, p.txnRef, 'EGUNKNOWN0000001']);
    expect(ok.filter((m) => mine.has(m.txnRef))).toEqual([]);
    const report = [
      'txn_ref,amount_vnd,response_code,transaction_no,pay_date',
      row(a.result, 100_000),
      row(b.result, 250_000), // planted: the gateway settled another amount
      // c missing from the report
      row({ ...p.params, vnp_TransactionNo: '777', vnp_PayDate: '20261205120000' }, 40_000), // the gateway took it, no IPN reached us
      'EGUNKNOWN0000001,90000,00,888,20261205120000', // a payment we never started
    ].join('\n');
    const { rows, mismatches } = await env.api.reconcile(report, day);
    expect(rows).toBe(4);
    expect(mismatches.filter((m) => mine.has(m.txnRef)).map((m) => [m.kind, m.txnRef]).sort()).toEqual(
      [
        ['amount', b.result.vnp_TxnRef],
        ['missing_from_report', c.result.vnp_TxnRef],
        ['not_confirmed_here', p.txnRef],
        ['unknown_reference', 'EGUNKNOWN0000001'],
      ].sort(),
    );
    await expect(env.api.reconcile('foo,bar\n1,2', day)).rejects.toMatchObject({ code: 'payments.report_invalid' });
  });

  it("an approved refund of a VNPay payment calls the gateway's refund through the outbox, once", async () => {
    const catalog = env.platform.api<CatalogApi>('catalog');
    const calls: unknown[] = [];
    const real = vnpayGateway(env.vnpay);
    const withRefund = { ...real, name: real.name, verifyCallback: real.verifyCallback, paymentUrl: real.paymentUrl, refund: async (input: unknown) => (calls.push(input), { ok: true, responseCode: '00', message: 'Refund success' }) };
    const service = createPaymentsService({ db: env.db, catalog, gateway: withRefund, contributions: env.platform.ctx.contributions, baseUrl: 'https://dichvucong.example.vn' });
    const { order, result } = await paid(75_000);
    const refund = await service.requestRefund(officials.clerk, order.reference, { reason: 'Hồ sơ bị từ chối' });
    await service.decideRefund({ ...officials.leader, secondFactorAt: new Date().toISOString() }, refund.id, { approve: true });
    const queued = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'payments.gateway_refund' AND (payload->>'refundId')::int = ${refund.id}`.execute(env.db);
    expect(queued.rows[0]?.n).toBe(1);
    expect(await service.executeGatewayRefund(refund.id)).toBe('done');
    expect(await service.executeGatewayRefund(refund.id)).toBe('skipped');
    expect(calls).toEqual([expect.objectContaining({ txnRef: result.vnp_TxnRef, amountVnd: 75_000, transactionNo: result.vnp_TransactionNo, payDate: result.vnp_PayDate })]);
    const row = await sql<{ gateway_status: string; gateway_response: string }>`SELECT gateway_status, gateway_response FROM payment_refunds WHERE id = ${refund.id}`.execute(env.db);
    expect(row.rows[0]).toEqual({ gateway_status: 'done', gateway_response: '00 Refund success' });
  });
});
