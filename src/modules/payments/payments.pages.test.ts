import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { officials, setUpPayments } from './payments.test-support.ts';

describe('payments pages', () => {
  let env: Awaited<ReturnType<typeof setUpPayments>>;
  let app: HttpApp;
  beforeAll(async () => {
    // A step-up window other than the five minutes the texts once hard-coded.
    env = await setUpPayments({ stepUpSeconds: 120 });
    app = await env.platform.http();
  }, 180_000);
  afterAll(async () => env?.close());

  const get = (url: string, actor = env.citizen) => app.inject({ method: 'GET', url, headers: { ...actorHeader(actor), accept: 'text/html' } });

  it('lists the payer\'s fees, shows one with its amount in words, and hands over to the gateway with a link', async () => {
    const order = await env.order(650_000);
    // The dossier's own receipt says what its case costs (the birth registration: nothing).
    const receiptPage = await get(`/dossiers/${encodeURIComponent(order.dossierCode)}/receipt`);
    expect(receiptPage.body).toContain('Không thu phí, lệ phí');
    const mine = await get('/payments');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(`href="/payments/orders/${order.reference}"`);
    const page = await get(`/payments/orders/${order.reference}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sáu trăm năm mươi nghìn đồng');
    expect(page.body).toContain('650.000 ₫');
    expect(page.body).toContain('Thanh toán trực tuyến qua VNPay');
    const cookies = ([] as string[]).concat((page.headers['set-cookie'] as string[] | string | undefined) ?? []).map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const pay = await app.inject({ method: 'POST', url: `/payments/orders/${order.reference}/pay`, headers: { ...actorHeader(env.citizen), accept: 'text/html', cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf)}` });
    expect(pay.statusCode).toBe(200);
    expect(pay.body).toMatch(/id="to-gateway"/);
    expect(pay.body).toContain('https://dichvucong.example.vn/local-gateway/vnpay/paymentv2/vpcpay.html?');
    // Without the CSRF token, nothing starts.
    const forged = await app.inject({ method: 'POST', url: `/payments/orders/${order.reference}/pay`, headers: { ...actorHeader(env.citizen), accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(forged.statusCode).toBe(403);
    // A declined payment is explained on the order page.
    const declined = await get(`/payments/orders/${order.reference}?result=failed&code=24`);
    expect(declined.body).toContain('hồ sơ vẫn đang chờ thực hiện nghĩa vụ tài chính');
  });

  it('hides an order from others, shows it to the unit\'s officials with the refund form once paid, and lists refunds to leaders', async () => {
    const order = await env.order(90_000);
    expect((await get(`/payments/orders/${order.reference}`, { ...env.citizen, accountId: '00000000-0000-4000-8000-000000000999' })).statusCode).toBe(404);
    const { params } = await env.startPaying(order.reference);
    expect((await env.api.handleIpn(env.result(params))).RspCode).toBe('00');
    const forClerk = await get(`/payments/orders/${order.reference}`, officials.clerk);
    expect(forClerk.statusCode).toBe(200);
    expect(forClerk.body).toContain('Đề nghị hoàn tiền');
    const receipt = await get(`/payments/orders/${order.reference}/receipt.pdf`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    await env.api.requestRefund(officials.clerk, order.reference, { reason: 'Nộp trùng' });
    const list = await get('/console/payments/refunds', officials.leader);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(order.reference);
    expect(list.body).toContain('xác thực hai lớp trong 2 phút gần nhất');
    const inEnglish = await app.inject({ method: 'GET', url: '/console/payments/refunds', headers: { ...actorHeader(officials.leader), accept: 'text/html', cookie: 'lang=en' } });
    expect(inEnglish.body).toContain('a second factor given in the last 2 minutes;');
    expect((await get('/console/payments/refunds', officials.clerk)).statusCode).toBe(403);
  });
});
