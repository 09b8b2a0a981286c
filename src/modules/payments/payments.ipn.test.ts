import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import { sql } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { signVnpayParams } from './payments.gateway.ts';
import { setUpPayments } from './payments.test-support.ts';

const IPN = '/payments/vnpay/ipn';

describe('VNPay IPN and return URL', () => {
  let env: Awaited<ReturnType<typeof setUpPayments>>;
  let app: HttpApp;
  beforeAll(async () => {
    env = await setUpPayments();
    app = await env.platform.http();
  }, 180_000);
  afterAll(async () => env?.close());

  const ipn = async (params: Record<string, string>) => {
    const res = await app.inject({ method: 'GET', url: `${IPN}?${new URLSearchParams(params).toString()}` });
    expect(res.statusCode).toBe(200);
    return res.json() as { RspCode: string; Message: string };
  };
  const state = async (reference: string) => {
    const order = await env.api.findOrder(reference);
    const attempts = await sql<{ status: string }>`SELECT a.status FROM payment_attempts a JOIN payment_orders o ON o.id = a.order_id WHERE o.reference = ${reference} ORDER BY a.id`.execute(env.db);
    const facts = await sql<{ n: number }>`SELECT count(*)::int AS n FROM event_facts WHERE type = 'payments.order_paid' AND payload->>'reference' = ${reference}`.execute(env.db);
    return { status: order?.status, receiptNo: order?.receiptNo, attempts: attempts.rows.map((r) => r.status), paidFacts: facts.rows[0]?.n };
  };

  it('builds a VNPay 2.1.0 payment URL to the local gateway, signed with HMAC-SHA512', async () => {
    const order = await env.order(650_000);
    const { url, params } = await env.startPaying(order.reference);
    expect(url.startsWith('https://dichvucong.example.vn/local-gateway/vnpay/paymentv2/vpcpay.html?')).toBe(true);
    expect(params).toMatchObject({ vnp_Version: '2.1.0', vnp_Command: 'pay', vnp_Amount: '65000000', vnp_CurrCode: 'VND', vnp_TmnCode: env.vnpay.tmnCode, vnp_ReturnUrl: 'https://dichvucong.example.vn/payments/vnpay/return' });
    expect(params.vnp_CreateDate).toMatch(/^\d{14}$/);
    expect(params.vnp_SecureHash).toBe(signVnpayParams(params, env.vnpay.hashSecret).vnp_SecureHash);
    expect(params.vnp_SecureHash).toMatch(/^[0-9a-f]{128}$/);
  });

  it('a tampered vnp_SecureHash → 97, and nothing changes', async () => {
    const order = await env.order();
    const { params } = await env.startPaying(order.reference);
    const result = env.result(params);
    expect(await ipn({ ...result, vnp_SecureHash: result.vnp_SecureHash!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) })).toEqual({ RspCode: '97', Message: 'Fail checksum' });
    // A parameter changed after signing is a bad signature too.
    expect((await ipn({ ...result, vnp_ResponseCode: '00', vnp_TransactionNo: '1' })).RspCode).toBe('97');
    expect(await state(order.reference)).toMatchObject({ status: 'pending', attempts: ['pending'], paidFacts: 0 });
  });

  it('an unknown order → 01; a wrong amount → 04; nothing changes', async () => {
    const order = await env.order(120_000);
    const { params } = await env.startPaying(order.reference);
    expect(await ipn(env.result({ ...params, vnp_TxnRef: 'EGNOSUCHORDER000' }))).toEqual({ RspCode: '01', Message: 'Order not found' });
    expect(await ipn(env.result({ ...params, vnp_Amount: '1200000' }))).toEqual({ RspCode: '04', Message: 'Invalid amount' });
    expect(await state(order.reference)).toMatchObject({ status: 'pending', attempts: ['pending'], paidFacts: 0 });
  });

  it('the return URL only displays: a signed success changes nothing before the IPN', async () => {
    const order = await env.order();
    const { params } = await env.startPaying(order.reference);
    const result = env.result(params);
    const res = await app.inject({ method: 'GET', url: `/payments/vnpay/return?${new URLSearchParams(result).toString()}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/payments/orders/${order.reference}?result=success&code=00`);
    expect(await state(order.reference)).toMatchObject({ status: 'pending', attempts: ['pending'], paidFacts: 0 });
    // A forged return is told so, and changes nothing either.
    const forged = await app.inject({ method: 'GET', url: `/payments/vnpay/return?${new URLSearchParams({ ...result, vnp_SecureHash: '0'.repeat(128) }).toString()}` });
    expect(forged.headers.location).toBe('/payments?result=invalid');
    expect(await state(order.reference)).toMatchObject({ status: 'pending', paidFacts: 0 });
  });

  it('a repeated IPN → 02 and is applied once, also when the two arrive at once', async () => {
    const order = await env.order();
    const { params } = await env.startPaying(order.reference);
    const result = env.result(params);
    const answers = await Promise.all([ipn(result), ipn(result)]);
    expect(answers.map((a) => a.RspCode).sort()).toEqual(['00', '02']);
    expect(answers.find((a) => a.RspCode === '00')).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(await ipn(result)).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    const s = await state(order.reference);
    expect(s).toMatchObject({ status: 'paid', attempts: ['succeeded'], paidFacts: 1 });
    expect(s.receiptNo).toMatch(/^BL\d{6}-\d{7}$/);
    const log = await sql<{ rsp_code: string; applied: boolean }>`SELECT rsp_code, applied FROM payment_notifications WHERE txn_ref = ${params.vnp_TxnRef} ORDER BY id`.execute(env.db);
    expect(log.rows.filter((r) => r.applied)).toHaveLength(1);
    expect(log.rows).toHaveLength(3);
    // A paid order cannot be paid again.
    await expect(env.api.startPayment(env.citizen, order.reference, { ipAddr: '192.0.2.10', locale: 'vi' })).rejects.toMatchObject({ code: 'payments.order_not_payable' });
  });

  it('attempts started in the same second get distinct references, however many (a taken suffix is drawn again)', async () => {
    const order = await env.order();
    const now = new Date('2026-12-05T03:04:05.000Z');
    // 100 attempts in one second over 900 suffixes: without drawing again, a repeat is all but certain.
    const refs: string[] = [];
    for (let i = 0; i < 100; i++) refs.push((await env.api.startPayment(env.citizen, order.reference, { ipAddr: '192.0.2.10', locale: 'vi' }, now)).txnRef);
    expect(new Set(refs).size).toBe(100);
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM payment_attempts a JOIN payment_orders o ON o.id = a.order_id WHERE o.reference = ${order.reference}`.execute(env.db);
    expect(stored.rows[0]!.n).toBe(100);
  });

  it('a declined payment is recorded as failed; the order still waits and may be paid by a new attempt', async () => {
    const order = await env.order();
    const first = await env.startPaying(order.reference);
    expect(await ipn(env.result(first.params, 'decline'))).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(await state(order.reference)).toMatchObject({ status: 'pending', attempts: ['failed'], paidFacts: 0 });
    const second = await env.startPaying(order.reference);
    expect(second.txnRef).not.toBe(first.txnRef);
    expect((await ipn(env.result(second.params))).RspCode).toBe('00');
    expect(await state(order.reference)).toMatchObject({ status: 'paid', attempts: ['failed', 'succeeded'], paidFacts: 1 });
  });

  it('the local gateway shows the payment, refuses a forged request, and sends the IPN twice, applied once', async () => {
    const order = await env.order(650_000);
    const { url, params } = await env.startPaying(order.reference);
    const path = url.replace('https://dichvucong.example.vn', '');
    const headers = { ...actorHeader(env.citizen), accept: 'text/html' };
    const page = await app.inject({ method: 'GET', url: path, headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('650.000 ₫');
    expect(page.body).toContain(params.vnp_TxnRef);
    const forged = await app.inject({ method: 'GET', url: path.replace('vnp_Amount=65000000', 'vnp_Amount=100'), headers });
    expect(forged.statusCode).toBe(400);
    const cookies = ([] as string[]).concat((page.headers['set-cookie'] as string[] | string | undefined) ?? []).map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const done = await app.inject({
      method: 'POST',
      url: '/local-gateway/vnpay/complete',
      headers: { ...headers, cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, ...params, twice: '1', outcome: 'pay' }).toString(),
    });
    expect(done.statusCode).toBe(303);
    expect(String(done.headers.location)).toMatch(/^https:\/\/dichvucong\.example\.vn\/payments\/vnpay\/return\?.*vnp_ResponseCode=00/);
    expect(await state(order.reference)).toMatchObject({ status: 'paid', attempts: ['succeeded'], paidFacts: 1 });
    const log = await sql<{ rsp_code: string }>`SELECT rsp_code FROM payment_notifications WHERE txn_ref = ${params.vnp_TxnRef} ORDER BY rsp_code`.execute(env.db);
    expect(log.rows.map((r) => r.rsp_code)).toEqual(['00', '02']);
  });
});
