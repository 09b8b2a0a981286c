import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import { createFactConsumers } from '../../platform/events/index.ts';
import type { TSchema } from 'typebox';
import { localGatewayResult, vnpayConfig, type PaymentsApi } from '../payments/index.ts';
import { officials, setUpBackoffice } from './backoffice.test-support.ts';

describe('backoffice: the financial obligation (status 6) and the payment that moves the dossier on', () => {
  let env: Awaited<ReturnType<typeof setUpBackoffice>>;
  let payments: PaymentsApi;
  beforeAll(async () => {
    env = await setUpBackoffice();
    payments = env.platform.api<PaymentsApi>('payments');
  }, 180_000);
  afterAll(async () => env?.close());

  const consumers = () => {
    const schemas = new Map<string, TSchema>();
    for (const r of env.platform.registrations) for (const [type, schema] of Object.entries(r.facts ?? {})) schemas.set(type, schema as TSchema);
    const backoffice = env.platform.registrations.find((r) => r.name === 'backoffice');
    return createFactConsumers({ database: env.platform.ctx.database, consumers: (backoffice?.consumers ?? []).map((c) => ({ ...c, startFrom: 'beginning' as const })), schemas, logger: env.platform.ctx.logger });
  };

  async function accepted() {
    const { code } = await env.apply();
    const v = await env.api.dossierView(officials.clerk, code);
    await env.api.accept(officials.clerk, code, { version: v.dossier.version });
    return code;
  }

  async function pay(reference: string, outcome: 'pay' | 'decline') {
    const { url } = await payments.startPayment(env.citizen, reference, { ipAddr: '192.0.2.1', locale: 'vi' });
    const result = localGatewayResult(Object.fromEntries(new URL(url).searchParams), outcome, vnpayConfig(env.platform.ctx.config));
    const answers = await Promise.all([payments.handleIpn(result), payments.handleIpn(result)]);
    return answers.map((a) => a.RspCode).sort();
  }

  it('the specialist holding the step confirms the amount: status 6 with an order; paid → processing again, once', async () => {
    const code = await accepted();
    const form = await env.api.financialObligationView(officials.specialist, code);
    expect(form.allowed).toBe(true);
    expect(form.fees).toEqual([]); // the birth registration is free in the catalogue
    // Nobody else's: another unit, a citizen; and a form on an old version.
    await expect(env.api.requestFinancialObligation(officials.otherClerk, code, { version: form.dossier.version, amountVnd: '650000', description: 'Lệ phí' })).rejects.toMatchObject({ code: 'backoffice.dossier_not_found' });
    await expect(env.api.requestFinancialObligation(officials.specialist, code, { version: form.dossier.version - 1, amountVnd: '650000', description: 'Lệ phí' })).rejects.toMatchObject({ code: 'backoffice.dossier_changed' });
    await expect(env.api.requestFinancialObligation(officials.specialist, code, { version: form.dossier.version, amountVnd: '-5', description: '' })).rejects.toMatchObject({ code: 'backoffice.invalid_input', fields: [{ field: 'amountVnd' }, { field: 'description' }] });
    const requested = await env.api.requestFinancialObligation(officials.specialist, code, { version: form.dossier.version, amountVnd: '650.000', description: 'Lệ phí cấp giấy phép' });
    expect(requested.amountVnd).toBe(650_000);
    let progress = await env.api.applicantView(env.citizen, code);
    expect(progress.dossier.status).toBe(6);
    const app = await env.platform.http();
    const page = await app.inject({ method: 'GET', url: `/dossiers/${encodeURIComponent(code)}/progress`, headers: { ...actorHeader(env.citizen), accept: 'text/html' } });
    expect(page.body).toContain('Hồ sơ đang chờ bạn thực hiện nghĩa vụ tài chính');
    expect(page.body).toContain('href="/payments"');
    const [order] = await payments.ordersOfDossier(code);
    expect(order).toMatchObject({ reference: requested.reference, kind: 'obligation', amountVnd: 650_000, status: 'pending', applicantAccountId: env.citizen.accountId });
    // A second request while waiting is refused (status 6 is not a status it starts from).
    await expect(env.api.requestFinancialObligation(officials.specialist, code, { version: requested.version, amountVnd: '1', description: 'x' })).rejects.toMatchObject({ code: 'backoffice.action_not_allowed' });

    // Declined: nothing moves.
    expect(await pay(requested.reference, 'decline')).toEqual(['00', '02']);
    await consumers().drain();
    expect((await env.api.applicantView(env.citizen, code)).dossier.status).toBe(6);

    // Paid, the IPN twice: applied once, the dossier moves on once.
    expect(await pay(requested.reference, 'pay')).toEqual(['00', '02']);
    const c = consumers();
    await c.drain();
    await c.drain();
    progress = await env.api.applicantView(env.citizen, code);
    expect(progress.dossier.status).toBe(4);
    const v = await env.api.dossierView(officials.clerk, code);
    const notes = v.progress.map((p) => p.note ?? '');
    expect(notes.filter((n) => n.startsWith('Yêu cầu thực hiện nghĩa vụ tài chính: 650.000 ₫'))).toHaveLength(1);
    expect(notes.filter((n) => n.startsWith('Đã thực hiện nghĩa vụ tài chính: 650.000 ₫'))).toHaveLength(1);
    expect(v.progress.at(-1)?.status).toBe(4);
  });

  it('a dossier not yet accepted cannot be asked to pay; the clerk, not on the review step, cannot ask', async () => {
    const { code } = await env.apply();
    const v = await env.api.financialObligationView(officials.clerk, code);
    expect(v.allowed).toBe(false);
    await expect(env.api.requestFinancialObligation(officials.clerk, code, { version: v.dossier.version, amountVnd: '1000', description: 'Lệ phí' })).rejects.toMatchObject({ code: 'backoffice.action_not_allowed' });
    const code2 = await accepted();
    const v2 = await env.api.financialObligationView(officials.clerk, code2);
    expect(v2.allowed).toBe(false);
    await expect(env.api.requestFinancialObligation(officials.clerk, code2, { version: v2.dossier.version, amountVnd: '1000', description: 'Lệ phí' })).rejects.toMatchObject({ code: 'backoffice.action_forbidden' });
  });

  it('a dossier withdrawn while waiting for payment: its pending order is cancelled and can no longer be paid', async () => {
    const code = await accepted();
    const form = await env.api.financialObligationView(officials.specialist, code);
    const requested = await env.api.requestFinancialObligation(officials.specialist, code, { version: form.dossier.version, amountVnd: '50000', description: 'Lệ phí' });
    await env.api.withdraw(env.citizen, code, { reason: 'Không cần nữa' });
    await consumers().drain();
    expect((await payments.findOrder(requested.reference))?.status).toBe('cancelled');
    await expect(payments.startPayment(env.citizen, requested.reference, { ipAddr: '192.0.2.1', locale: 'vi' })).rejects.toMatchObject({ code: 'payments.order_not_payable' });
  });
});
