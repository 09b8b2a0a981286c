import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QRPay } from 'vietnam-qr-pay';
import { actorHeader } from '../../app/testing.ts';
import { sql } from '../../platform/db/index.ts';
import { setUpPayments } from './payments.test-support.ts';
import { DEMO_VIETQR, referenceIn, vietQrContent } from './payments.vietqr.ts';

describe('VietQR', () => {
  it('encodes the transfer as NAPAS specifies: bank BIN and account, amount, the reference as purpose, CRC', () => {
    const content = vietQrContent(DEMO_VIETQR, 650_000, 'EGABCDEFGHJK');
    expect(content.startsWith('000201010212')).toBe(true); // version 01, dynamic (12)
    expect(content).toContain('0010A000000727');
    expect(content).toContain('0006970436');
    expect(content).toContain('0208QRIBFTTA');
    expect(content).toContain('5303704');
    expect(content).toContain('5406650000');
    expect(content).toContain('5802VN');
    expect(content).toContain('62160812EGABCDEFGHJK');
    expect(content).toMatch(/6304[0-9A-F]{4}$/);
    const parsed = new QRPay(content);
    expect(parsed.isValid).toBe(true);
    expect(parsed.amount).toBe('650000');
    expect(parsed.additionalData.purpose).toBe('EGABCDEFGHJK');
  });

  it('finds a reference among a bank description\'s words', () => {
    expect(referenceIn('NGUYEN VAN AN CHUYEN TIEN egabcdefghjk FT2612')).toBe('EGABCDEFGHJK');
    expect(referenceIn('thanh toan le phi')).toBeUndefined();
  });
});

describe('VietQR on the payment page and reconciliation by reference', () => {
  let env: Awaited<ReturnType<typeof setUpPayments>>;
  beforeAll(async () => {
    env = await setUpPayments();
  }, 180_000);
  afterAll(async () => env?.close());

  it('shows the QR to the payer of a pending order', async () => {
    const order = await env.order(650_000);
    const app = await env.platform.http();
    const page = await app.inject({ method: 'GET', url: `/payments/orders/${order.reference}`, headers: { ...actorHeader(env.citizen), accept: 'text/html' } });
    expect(page.body).toContain('src="data:image/png;base64,');
    expect(page.body).toContain(`nội dung ${order.reference}`);
  });

  it('pays the order whose reference and amount a transfer carries, once; lists every other row', async () => {
    const a = await env.order(650_000);
    const b = await env.order(120_000);
    const statement = [
      'transaction_no,amount_vnd,description',
      `FT001,650000,NGUYEN VAN AN CK ${a.reference}`,
      `FT002,100000,${b.reference} thieu tien`,
      'FT003,50000,EGZZZZZZZZZZ chuyen nham',
      'FT004,70000,chuyen tien khong noi dung',
      `FT001,650000,NGUYEN VAN AN CK ${a.reference}`,
    ].join('\n');
    const results = await env.api.applyBankStatement(statement);
    expect(results.map((r) => [r.transactionNo, r.outcome])).toEqual([
      ['FT001', 'paid'],
      ['FT002', 'amount'],
      ['FT003', 'unknown_reference'],
      ['FT004', 'no_reference'],
      ['FT001', 'already_applied'],
    ]);
    expect((await env.api.findOrder(a.reference))?.status).toBe('paid');
    expect((await env.api.findOrder(b.reference))?.status).toBe('pending');
    // Read again tomorrow: nothing changes.
    expect((await env.api.applyBankStatement(statement)).map((r) => r.outcome)).toEqual(['already_applied', 'already_applied', 'unknown_reference', 'no_reference', 'already_applied']);
    const facts = await sql<{ n: number }>`SELECT count(*)::int AS n FROM event_facts WHERE type = 'payments.order_paid' AND payload->>'reference' = ${a.reference} AND payload->>'gateway' = 'vietqr'`.execute(env.db);
    expect(facts.rows[0]?.n).toBe(1);
  });
});
