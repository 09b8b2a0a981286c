import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader, createTestPlatform, type TestPlatform } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { sql } from '../../platform/db/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import type { ReportingApi } from './index.ts';
import { DEMO_REPORTING_OFFICIALS } from './reporting.demo-accounts.ts';
import { actors } from './reporting.test-support.ts';

describe('demo data and the operations center’s JSON API', () => {
  let platform: TestPlatform;
  let app: HttpApp;
  const lines: string[] = [];
  beforeAll(async () => {
    platform = await createTestPlatform({ modules: ['reporting'] });
    for (const registration of platform.registrations) await registration.seedDemo?.((line) => lines.push(line));
    app = await platform.http();
  }, 300_000);
  afterAll(async () => platform.close());

  const get = (url: string, actor = actors.governmentLeader) => app.inject({ url, headers: actorHeader(actor) });

  it('seeds the unit tree, the indicators and a regime whose units have entered data, idempotently', async () => {
    expect(lines.some((l) => /^reporting: \d+ units, 21 indicators$/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('reporting: demo regime KTXH-THANG'))).toBe(true);
    const again: string[] = [];
    for (const registration of platform.registrations) await registration.seedDemo?.((line) => again.push(line));
    expect(again.some((l) => l.startsWith('reporting: demo regime'))).toBe(false);
    const regimes = platform.api<ReportingApi>('reporting').listRegimes();
    expect((await regimes).map((r) => r.code)).toEqual(['KTXH-THANG']);
  });

  it('seeds officials for every step of the chain and November’s reminders to the units that never sent', async () => {
    const officials = await platform.api<IdentityApi>('identity').listOfficials(actors.admin, {});
    const byEmail = new Map(officials.map((o) => [o.email, o]));
    for (const expected of DEMO_REPORTING_OFFICIALS) expect(byEmail.get(expected.email)).toMatchObject({ agencyCode: expected.agencyCode, roles: [...expected.roles] });
    const mails = (await sql<{ payload: { to: string; subject: string } }>`SELECT payload FROM outbox_events WHERE type = 'mail.send'`.execute(platform.ctx.db)).rows.map((r) => r.payload);
    const reminders = mails.filter((m) => m.subject.includes('2026-M11'));
    // Vân Đồn and the last HCMC ward never sent, nor did their provinces (not every ward had).
    expect(reminders.map((m) => m.to).sort()).toEqual(['baocao.c-06994@demo.egov.vn', 'baocao.c-26743@demo.egov.vn', 'baocao.p-22@demo.egov.vn', 'baocao.p-79@demo.egov.vn']);
    expect(reminders[0]!.subject).toMatch(/^\[Nhắc hạn\]/);
  });

  it('answers a national time series, the comparison with last year and who has sent', async () => {
    const unauthenticated = await app.inject('/api/v1/reporting/regimes/KTXH-THANG/series?unit=VN&from=2026-M01&to=2026-M11');
    expect(unauthenticated.statusCode).toBe(401);
    const series = await get('/api/v1/reporting/regimes/KTXH-THANG/series?unit=VN&from=2026-M01&to=2026-M11&indicators=POPULATION,POVERTY_RATE');
    expect(series.statusCode).toBe(200);
    const items = series.json<{ items: { period: string; indicator: string; value: number | null }[] }>().items;
    expect(items).toHaveLength(22);
    expect(items.filter((p) => p.value === null || p.value <= 0)).toEqual([]);
    const rate = items.find((p) => p.indicator === 'POVERTY_RATE')!.value!;
    expect(rate).toBeGreaterThan(0.5);
    expect(rate).toBeLessThan(4.5);
    const compare = await get('/api/v1/reporting/regimes/KTXH-THANG/compare?unit=VN&period=2026-M10');
    const budget = compare.json<{ items: { indicator: string; value: number; lastYear: number; changePercent: number }[] }>().items.find((i) => i.indicator === 'BUDGET_REVENUE')!;
    expect(budget.value).toBeGreaterThan(0);
    expect(budget.lastYear).toBeGreaterThan(0);
    const progress = await get('/api/v1/reporting/regimes/KTXH-THANG/progress?period=2026-M11&unit=P.22');
    expect(progress.statusCode).toBe(200);
    // Quảng Ninh's demo wards in November: Bãi Cháy on time, Hồng Gai late, Vân Đồn not sent.
    const body = progress.json<{ units: { unitCode: string; timeliness: string }[] }>();
    expect(body.units.map((u) => [u.unitCode, u.timeliness])).toEqual([['C.06673', 'on_time'], ['C.06685', 'late'], ['C.06994', 'overdue']]);
    expect((await get('/api/v1/reporting/regimes/KTXH-THANG/series?unit=VN&from=2026-M01&to=2026-M02', actors.hongGaiOfficer)).statusCode).toBe(403);
    expect((await get('/api/v1/reporting/regimes/NOPE/compare?unit=VN&period=2026-M10')).statusCode).toBe(404);
  });
});
