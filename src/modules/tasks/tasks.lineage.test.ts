import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { ExchangeApi } from '../exchange/index.ts';
import { documentBytes } from '../exchange/exchange.test-support.ts';
import type { ReportingApi } from '../reporting/index.ts';
import { MONTHLY_REGIME, SEED_INDICATORS } from '../reporting/reporting.seed-data.ts';
import { actors, QUANG_NINH } from '../reporting/reporting.test-support.ts';
import { citizen, decision, finance, justice, monitor, setUpTasks } from './tasks.test-support.ts';

// The lineage (issue #16, item 4) from tasks to the documents that answered them (checked
// against the exchange) and to the reporting indicators they move, both ways, with its facts.

let env: Awaited<ReturnType<typeof setUpTasks>>;
const hcmc: Actor = { accountId: 'acc-h29', kind: 'official', displayName: 'Cán bộ TP.HCM', agencyCode: '000.00.00.H29', roles: ['task_officer'] };
/** The Government Office's official who follows both the tasks and the national reports. */
const officeLeader: Actor = { ...actors.governmentLeader, roles: ['reporting_leader', 'task_monitor'] };

beforeAll(async () => {
  env = await setUpTasks('2027-01-06');
  const reporting = env.platform.api<ReportingApi>('reporting');
  await reporting.syncUnits(actors.admin);
  await reporting.defineIndicators(actors.admin, SEED_INDICATORS);
  await reporting.defineRegime(actors.admin, { ...MONTHLY_REGIME, receivingUnitCode: 'VN', units: [QUANG_NINH] });
});
afterAll(async () => {
  await env?.close();
});

async function send(from: string, to: string[]): Promise<string> {
  const doc = documentBytes({ from, to });
  await env.platform.api<ExchangeApi>('exchange').send({ kind: 'system', clientId: 'test', agencyCode: from }, doc.bytes);
  return doc.documentId;
}

const linkFacts = async (taskId: number) =>
  (await sql<{ payload: { link: string; ref: string; change: string } }>`SELECT payload FROM event_facts WHERE type = 'tasks.task_linked' AND (payload ->> 'taskId')::bigint = ${taskId} ORDER BY id`.execute(env.platform.ctx.db)).rows.map((r) => [r.payload.link, r.payload.ref, r.payload.change]);

describe('the completion product is a document the lead agency sent through the exchange', () => {
  it('refuses a DocumentId no document has, and another agency’s document; takes the lead’s own', async () => {
    const { api } = env;
    const task = await api.assign(monitor, decision({ deadline: '2027-02-10' }));
    await api.accept(finance, task.id);
    // Well-formed and issued by the lead agency, but never sent through the exchange.
    await expect(api.complete(finance, task.id, { documentId: '000.00.00.G12,2027/01/15,99/BTC-KHONGCO' })).rejects.toMatchObject({
      code: 'tasks.invalid_input',
      fields: [{ field: 'documentId', message: 'tasks.document_not_sent' }],
    });
    // The Ministry of Justice's document, received by the Ministry of Finance: not the lead's own.
    const received = await send('000.00.00.G15', ['000.00.00.G12']);
    await expect(api.complete(finance, task.id, { documentId: received })).rejects.toMatchObject({ fields: [{ field: 'documentId', message: 'tasks.document_not_lead' }] });
    expect((await api.get(monitor, task.id)).task.status).toBe('accepted');
    const own = await send('000.00.00.G12', ['000.00.00.G22']);
    const done = await api.complete(finance, task.id, { documentId: own, note: 'Báo cáo đã gửi' });
    expect(done).toMatchObject({ status: 'completed', productDocumentId: own });
    expect(await linkFacts(task.id)).toEqual([['document', own, 'added']]);
  });

  it('the refusal reads in Vietnamese and English on the task page', async () => {
    const task = await env.api.assign(monitor, decision({ deadline: '2027-02-10' }));
    await env.api.accept(finance, task.id);
    const app = await env.platform.http();
    for (const [lang, text] of [
      ['vi', 'Không tìm thấy văn bản này trong các văn bản cơ quan chủ trì đã gửi qua trục liên thông'],
      ['en', 'No document the lead agency sent through the exchange has this DocumentId'],
    ] as const) {
      const page = await app.inject({ url: `/console/tasks/${task.id}`, headers: { ...actorHeader(finance), cookie: `lang=${lang}` } });
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      const csrf = page.cookies.find((c) => c.name === '_csrf');
      if (!token || !csrf) throw new Error('no CSRF token on the task page');
      const part = (name: string, value: string) => `--B\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const refused = await app.inject({
        method: 'POST',
        url: `/console/tasks/${task.id}/complete`,
        headers: { ...actorHeader(finance), cookie: `lang=${lang}; _csrf=${csrf.value}`, 'content-type': 'multipart/form-data; boundary=B' },
        payload: `${part('_csrf', token)}${part('productDocumentId', '000.00.00.G12,2027/01/15,7/BTC-KHONGCO')}--B--\r\n`,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(text);
    }
    expect((await env.api.get(monitor, task.id)).task.status).toBe('accepted');
  });
});

describe('tasks and the reporting indicators they move, both ways', () => {
  it('a task names indicators the reporting system defines; its page links to their figures, their figures page to it', async () => {
    const { api, platform } = env;
    await expect(api.assign(monitor, decision({ indicators: 'POPULATION, NO_SUCH_INDICATOR' } as Record<string, string>))).rejects.toMatchObject({
      fields: [{ field: 'indicators', message: 'tasks.unknown_indicator' }],
    });
    const task = await api.assign(monitor, { ...decision({ content: 'Giảm tỷ lệ hộ nghèo' }), indicators: 'poor_households' });
    let got = await api.get(finance, task.id);
    expect(got.indicators).toEqual([expect.objectContaining({ code: 'POOR_HOUSEHOLDS', figuresHref: `/console/reporting/${MONTHLY_REGIME.code}/figures?indicator=POOR_HOUSEHOLDS` })]);
    expect(got.may.linkIndicators).toBe(true);
    // A co-ordinating agency reads the task but does not change what it moves.
    await expect(api.linkIndicators(justice, task.id, { indicators: 'POPULATION' })).rejects.toMatchObject({ code: 'tasks.lead_agency_only' });
    await expect(api.linkIndicators(hcmc, task.id, { indicators: 'POPULATION' })).rejects.toMatchObject({ code: 'tasks.task_not_found' });
    const linked = await api.linkIndicators(finance, task.id, { indicators: ['POPULATION', 'POOR_HOUSEHOLDS'] });
    expect(linked.map((i) => i.code)).toEqual(['POOR_HOUSEHOLDS', 'POPULATION']);
    await api.linkIndicators(finance, task.id, { indicators: ['POPULATION'] });
    got = await api.get(monitor, task.id);
    expect(got.indicators.map((i) => i.code)).toEqual(['POPULATION']);
    expect(got.events.filter((e) => e.kind === 'indicators_linked').map((e) => e.note)).toEqual(['POOR_HOUSEHOLDS, POPULATION', 'POPULATION']);
    // Facts for the operations center: one per link made or undone (the assignment's included).
    expect(await linkFacts(task.id)).toEqual([
      ['indicator', 'POOR_HOUSEHOLDS', 'added'],
      ['indicator', 'POPULATION', 'added'],
      ['indicator', 'POOR_HOUSEHOLDS', 'removed'],
    ]);
    // From the indicator back to its tasks, as each viewer may see them.
    expect((await api.tasksOfIndicator(monitor, 'POPULATION')).map((t) => t.id)).toContain(task.id);
    expect((await api.tasksOfIndicator(justice, 'population')).map((t) => t.id)).toContain(task.id);
    expect(await api.tasksOfIndicator(hcmc, 'POPULATION')).toEqual([]);
    expect(await api.tasksOfIndicator(actors.quangNinhOfficer, 'POPULATION')).toEqual([]);
    expect(await api.tasksOfIndicator(monitor, 'POOR_HOUSEHOLDS')).toEqual([]);

    const app = await platform.http();
    const taskPage = await app.inject({ url: `/console/tasks/${task.id}`, headers: actorHeader(finance) });
    expect(taskPage.statusCode).toBe(200);
    expect(taskPage.body).toContain(`href="/console/reporting/${MONTHLY_REGIME.code}/figures?indicator=POPULATION"`);
    const figures = await app.inject({ url: `/console/reporting/${MONTHLY_REGIME.code}/figures?unit=VN&indicator=POPULATION`, headers: actorHeader(officeLeader) });
    expect(figures.statusCode).toBe(200);
    expect(figures.body).toContain(`href="/console/tasks/${task.id}"`);
    expect(figures.body).toContain('Nhiệm vụ tác động đến chỉ tiêu');
    const other = await app.inject({ url: `/console/reporting/${MONTHLY_REGIME.code}/figures?unit=VN&indicator=POOR_HOUSEHOLDS`, headers: actorHeader(officeLeader) });
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain(`href="/console/tasks/${task.id}"`);
    // The page's form sets them too; a wrong code is named on the field.
    const token = /name="_csrf" value="([^"]+)"/.exec(taskPage.body)?.[1];
    const cookie = taskPage.cookies.find((c) => c.name === '_csrf');
    if (!token || !cookie) throw new Error('no CSRF token on the task page');
    const post = (indicators: string) =>
      app.inject({ method: 'POST', url: `/console/tasks/${task.id}/indicators`, headers: { ...actorHeader(finance), cookie: `_csrf=${cookie.value}`, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: token, indicators }).toString() });
    const wrong = await post('POPULATION, KHONG_CO');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Có mã chỉ tiêu không có trong Hệ thống báo cáo.');
    expect((await post('POPULATION, NEW_JOBS')).statusCode).toBe(303);
    expect((await api.get(finance, task.id)).indicators.map((i) => i.code)).toEqual(['NEW_JOBS', 'POPULATION']);
  });
});

describe('the JSON API', () => {
  it('an agency’s tasks and a task with its trail, scoped; the overdue list and rates for the Government Office only', async () => {
    const app = await env.platform.http();
    const get = (url: string, actor?: Actor) => app.inject({ url, headers: { accept: 'application/json', ...(actor ? actorHeader(actor) : {}) } });
    const task = await env.api.assign(monitor, decision({ deadline: '2027-01-07', content: 'Nhiệm vụ qua API' }));
    await env.api.linkIndicators(monitor, task.id, { indicators: 'POPULATION' });

    const mine = await get('/api/v1/tasks?filter=all', finance);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((t: { id: number }) => t.id)).toContain(task.id);
    expect(mine.json().items[0]).not.toHaveProperty('productFileSha256');
    expect((await get('/api/v1/tasks?filter=all', hcmc)).json().items.map((t: { id: number }) => t.id)).not.toContain(task.id);
    expect((await get('/api/v1/tasks')).statusCode).toBe(401);
    expect((await get('/api/v1/tasks', citizen)).json()).toMatchObject({ error: { code: 'tasks.forbidden' } });
    expect((await get('/api/v1/tasks?filter=nonsense', finance)).statusCode).toBe(400);

    const one = await get(`/api/v1/tasks/${task.id}`, justice);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ task: { id: task.id, status: 'assigned', leadAgencyCode: '000.00.00.G12' }, indicators: [{ code: 'POPULATION' }] });
    expect(one.json().trail.map((e: { kind: string }) => e.kind)).toEqual(['assigned', 'indicators_linked']);
    expect((await get(`/api/v1/tasks/${task.id}`, hcmc)).statusCode).toBe(404);

    env.clock.setDay('2027-01-12');
    expect((await get('/api/v1/tasks/overdue', finance)).json()).toMatchObject({ error: { code: 'tasks.monitors_only' } });
    const overdue = await get('/api/v1/tasks/overdue', monitor);
    expect(overdue.statusCode).toBe(200);
    expect(overdue.json().items.find((t: { id: number }) => t.id === task.id)).toMatchObject({ overdue: true, overdueWorkingDays: 3 });
    const rates = await get('/api/v1/tasks/completion-rates?period=2027-01', monitor);
    expect(rates.statusCode).toBe(200);
    const g12 = rates.json().items.find((r: { agencyCode: string }) => r.agencyCode === '000.00.00.G12');
    expect(g12.notCompleted).toBeGreaterThanOrEqual(1);
    expect(g12.total).toBe(g12.onTime + g12.late + g12.notCompleted + g12.pending);
    expect((await get('/api/v1/tasks/completion-rates?period=2027-13', monitor)).statusCode).toBe(400);
    expect((await get('/api/v1/tasks/completion-rates', justice)).statusCode).toBe(403);
  });
});
