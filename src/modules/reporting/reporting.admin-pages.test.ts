import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import { sql } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { actors, setUpReporting } from './reporting.test-support.ts';

describe('admin pages: regimes and indicators', () => {
  let env: Awaited<ReturnType<typeof setUpReporting>>;
  let app: HttpApp;
  beforeAll(async () => {
    env = await setUpReporting();
    app = await env.platform.http();
  }, 180_000);
  afterAll(async () => env.close());

  const get = (actor: Actor, url: string, language = 'vi') => app.inject({ url, headers: { accept: 'text/html', cookie: `lang=${language}`, ...actorHeader(actor) } });
  async function post(actor: Actor, url: string, fields: Record<string, string>) {
    const page = await get(actor, '/admin/reporting/indicators/new');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const cookie = `_csrf=${page.cookies.find((c) => c.name === '_csrf')?.value ?? ''}`;
    return app.inject({ method: 'POST', url, headers: { ...actorHeader(actor), cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: token, ...fields }).toString() });
  }

  it('lists regimes and indicators to a system administrator only, in both languages', async () => {
    const page = await get(actors.admin, '/admin/reporting');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/admin/reporting/regimes/KTXH-THANG"');
    expect(page.body).toContain('Tỷ lệ hộ nghèo');
    expect((await get(actors.admin, '/admin/reporting', 'en')).body).toContain('Household poverty rate');
    expect((await get(actors.quangNinhLeader, '/admin/reporting')).statusCode).toBe(403);
    expect((await get(actors.admin, '/admin/reporting/regimes/NOPE')).statusCode).toBe(404);
  });

  it('creates an indicator, refuses a bad one with its reason, and audits', async () => {
    const indicator = { code: 'SCHOOLS', name: 'Số trường học', nameEn: 'Schools', unit: 'trường', valueType: 'integer', aggregation: 'SUM', weightIndicator: '', formula: '', minValue: '0', maxValue: '' };
    const created = await post(actors.admin, '/admin/reporting/indicators', indicator);
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/admin/reporting?saved=SCHOOLS');
    expect((await env.api.listIndicators()).find((i) => i.code === 'SCHOOLS')).toMatchObject({ name: 'Số trường học', minValue: 0, maxValue: null, aggregation: 'SUM' });
    const badNumber = await post(actors.admin, '/admin/reporting/indicators', { ...indicator, maxValue: 'nhiều' });
    expect(badNumber.statusCode).toBe(400);
    expect(badNumber.body).toContain('maxValue: &quot;nhiều&quot; không phải là số.');
    const badFormula = await post(actors.admin, '/admin/reporting/indicators', { ...indicator, code: 'RATIO', aggregation: 'FORMULA', formula: 'SCHOOLS * (2' });
    expect(badFormula.statusCode).toBe(400);
    expect(badFormula.body).toContain('công thức sai');
    expect((await post(actors.quangNinhLeader, '/admin/reporting/indicators', indicator)).statusCode).toBe(403);
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reporting.indicators_saved' AND entity_id = 'SCHOOLS'`.execute(env.db);
    expect(audited.rows[0]!.n).toBe(1);
  });

  it('edits a regime: per-level deadlines, indicators, sections and checks; a unit outside the chain is refused', async () => {
    const form = await get(actors.admin, '/admin/reporting/regimes/KTXH-THANG');
    expect(form.body).toContain('name="level.province"');
    const fields = {
      editing: '1', code: 'KTXH-THANG', name: 'Báo cáo tình hình kinh tế - xã hội hằng tháng', nameEn: 'Monthly socio-economic report', legalBasis: 'Nghị định 09/2019/NĐ-CP',
      frequency: 'monthly', deadlineWorkingDays: '2', 'level.commune': '2', 'level.province': '5', 'level.ministry': '', 'level.department': '', receivingUnitCode: 'VN',
      indicators: 'POPULATION\nHOUSEHOLDS\nPOOR_HOUSEHOLDS\nPOVERTY_RATE\nSCHOOLS', units: 'P.22\nC.06685\nC.06673\nC.06994',
      sections: 'situation | Tình hình, kết quả | Situation, results', rules: 'POOR_HOUSEHOLDS <= HOUSEHOLDS',
    };
    const saved = await post(actors.admin, '/admin/reporting/regimes', fields);
    expect(saved.statusCode).toBe(303);
    const regime = (await env.api.listRegimes()).find((r) => r.code === 'KTXH-THANG')!;
    expect(regime).toMatchObject({ levelDeadlines: { commune: 2, province: 5 }, indicators: ['POPULATION', 'HOUSEHOLDS', 'POOR_HOUSEHOLDS', 'POVERTY_RATE', 'SCHOOLS'], rules: [{ kind: 'lte', left: 'POOR_HOUSEHOLDS', right: 'HOUSEHOLDS' }], narrativeSections: [{ code: 'situation', title: 'Tình hình, kết quả', titleEn: 'Situation, results' }] });
    const orphan = await post(actors.admin, '/admin/reporting/regimes', { ...fields, units: 'C.06685' });
    expect(orphan.statusCode).toBe(400);
    expect(orphan.body).toContain('không thuộc chế độ');
    const badRule = await post(actors.admin, '/admin/reporting/regimes', { ...fields, rules: 'A lớn hơn B' });
    expect(badRule.statusCode).toBe(400);
    expect(badRule.body).toContain('Dòng &quot;A lớn hơn B&quot; không đúng mẫu.');
    const badLevel = await post(actors.admin, '/admin/reporting/regimes', { ...fields, 'level.province': '90' });
    expect(badLevel.statusCode).toBe(400);
  });
});
