import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { actors, HONG_GAI, setUpReporting, validMonth } from './reporting.test-support.ts';

const REPORT = '/console/reporting/KTXH-THANG/2026-M11';

describe('report pages: the form, the Excel template and upload, the chain, who has sent', () => {
  let env: Awaited<ReturnType<typeof setUpReporting>>;
  let app: HttpApp;
  beforeAll(async () => {
    env = await setUpReporting();
    app = await env.platform.http();
  }, 180_000);
  afterAll(async () => env.close());

  const get = (actor: Actor, url: string, language = 'vi') => app.inject({ url, headers: { accept: 'text/html', cookie: `lang=${language}`, ...actorHeader(actor) } });

  async function csrf(actor: Actor, url = REPORT) {
    const page = await get(actor, url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const cookie = page.cookies.find((c) => c.name === '_csrf')?.value ?? '';
    return { token, cookie: `_csrf=${cookie}` };
  }

  async function post(actor: Actor, url: string, fields: Record<string, string>) {
    const { token, cookie } = await csrf(actor);
    return app.inject({ method: 'POST', url, headers: { ...actorHeader(actor), cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: token, ...fields }).toString() });
  }

  async function upload(actor: Actor, bytes: Buffer) {
    const { token, cookie } = await csrf(actor);
    const boundary = '----reportingtest';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bc.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return app.inject({ method: 'POST', url: `${REPORT}/upload`, headers: { ...actorHeader(actor), cookie, accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  }

  it('shows the form in both languages, with its CSRF token and labelled inputs', async () => {
    const vi = await get(actors.hongGaiOfficer, REPORT);
    expect(vi.statusCode).toBe(200);
    expect(vi.body).toContain('Báo cáo tình hình kinh tế - xã hội hằng tháng');
    expect(vi.body).toContain('name="_csrf"');
    expect(vi.body).toContain('for="f-v-POPULATION-sex-female"');
    expect(vi.body).toContain('17/11/2026'); // deadline: 2 working days after Saturday 14 November
    const en = await get(actors.hongGaiOfficer, REPORT, 'en');
    expect(en.body).toContain('Monthly socio-economic report');
    const forged = await app.inject({ method: 'POST', url: `${REPORT}/save`, headers: { ...actorHeader(actors.hongGaiOfficer), 'content-type': 'application/x-www-form-urlencoded' }, payload: 'v.POPULATION=1' });
    expect(forged.statusCode).toBe(403);
  });

  it('saves what it can read and names every problem; the sibling ward gets nothing', async () => {
    const fields = Object.fromEntries(Object.entries(validMonth({ POOR_HOUSEHOLDS: 20_000, TRAFFIC_ACCIDENTS: 'hai' })).map(([k, v]) => [`v.${k}`, String(v)]));
    const saved = await post(actors.hongGaiOfficer, `${REPORT}/save`, { ...fields, 'n.situation': 'Ổn định' });
    expect(saved.statusCode).toBe(422);
    expect(saved.body).toContain('Số vụ tai nạn giao thông: &quot;hai&quot; không phải là số.');
    expect(saved.body).toContain('Số hộ nghèo (20.000) không được lớn hơn Số hộ gia đình (11.000).');
    const submit = await post(actors.hongGaiOfficer, `${REPORT}/action`, { action: 'submit' });
    expect(submit.statusCode).toBe(409);
    expect((await get(actors.baiChayOfficer, `${REPORT}?unit=${HONG_GAI}`)).statusCode).toBe(403);
  });

  it('takes an Excel upload whole or not at all, naming the refused cell and its indicator', async () => {
    const template = await app.inject({ url: `${REPORT}/template.xlsx`, headers: actorHeader(actors.hongGaiOfficer) });
    expect(template.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('BaoCao')!;
    const rowOf = (key: string) => { for (let r = 6; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).text === key) return r; throw new Error(key); };
    for (const [key, value] of Object.entries(validMonth({ POPULATION: 50_000, 'POPULATION|sex=male': 24_000, 'POPULATION|sex=female': 26_000 }))) sheet.getCell(rowOf(key), 4).value = value;
    const bad = rowOf('HEALTH_INSURANCE_COVERAGE');
    sheet.getCell(bad, 4).value = 'chín mươi';
    const refused = await upload(actors.hongGaiOfficer, Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(`BaoCao!D${bad}`);
    expect(refused.body).toContain('Tỷ lệ dân số tham gia bảo hiểm y tế');
    expect((await env.api.getReport(actors.hongGaiOfficer, { regime: 'KTXH-THANG', period: '2026-M11' })).submission?.values.POPULATION).toBe(40_000);

    sheet.getCell(bad, 4).value = 91.5;
    const taken = await upload(actors.hongGaiOfficer, Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(taken.statusCode).toBe(303);
    const stored = await env.api.getReport(actors.hongGaiOfficer, { regime: 'KTXH-THANG', period: '2026-M11' });
    expect(stored.submission?.values).toMatchObject({ POPULATION: 50_000, HEALTH_INSURANCE_COVERAGE: 91.5 });
    expect(stored.problems).toEqual([]);
  });

  it('moves the report along the chain from the page, and the province sees who has sent', async () => {
    expect((await post(actors.hongGaiOfficer, `${REPORT}/action`, { action: 'submit' })).statusCode).toBe(303);
    expect((await post(actors.hongGaiLeader, `${REPORT}/action`, { action: 'return', reason: '' })).statusCode).toBe(409);
    expect((await post(actors.hongGaiLeader, `${REPORT}/action`, { action: 'approve' })).statusCode).toBe(303);
    const fromProvince = await get(actors.quangNinhLeader, `${REPORT}?unit=${HONG_GAI}`);
    expect(fromProvince.body).toContain('value="accept"');
    const session = await csrf(actors.quangNinhLeader, `${REPORT}?unit=${HONG_GAI}`);
    const accepted = await app.inject({
      method: 'POST',
      url: `${REPORT}/action`,
      headers: { ...actorHeader(actors.quangNinhLeader), accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
      payload: new URLSearchParams({ _csrf: session.token, action: 'accept', unit: HONG_GAI }).toString(),
    });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`${REPORT}?unit=${HONG_GAI}&done=accept`);
    const progress = await get(actors.quangNinhLeader, `${REPORT}/progress`, 'en');
    expect(progress.statusCode).toBe(200);
    expect(progress.body).toContain('Phường Hồng Gai');
    expect(progress.body).toContain('Completeness: 33.3% (1/3 units have sent)');
    // Bãi Cháy sends too; the province accepts all that was sent from the who-has-sent page.
    await env.api.saveReport(actors.baiChayOfficer, { regime: 'KTXH-THANG', period: '2026-M11', values: validMonth() });
    await env.api.submit(actors.baiChayOfficer, { regime: 'KTXH-THANG', period: '2026-M11' });
    await env.api.approve(actors.baiChayLeader, { regime: 'KTXH-THANG', period: '2026-M11' });
    const withButton = await get(actors.quangNinhLeader, `${REPORT}/progress`);
    expect(withButton.body).toContain(`action="${REPORT}/accept-all"`);
    const all = await post(actors.quangNinhLeader, `${REPORT}/accept-all`, {});
    expect(all.statusCode).toBe(303);
    expect((await env.api.getReport(actors.quangNinhLeader, { regime: 'KTXH-THANG', period: '2026-M11', unit: 'C.06673' })).submission?.state).toBe('accepted');
    const figures = await get(actors.governmentLeader, '/console/reporting/KTXH-THANG/figures?unit=VN&period=2026-M11');
    expect(figures.statusCode).toBe(200);
    const csv = await app.inject({ url: '/console/reporting/KTXH-THANG/figures.csv?unit=VN&period=2026-M11', headers: actorHeader(actors.governmentLeader) });
    expect(csv.body).toContain('period,indicator,value');
  });
});
