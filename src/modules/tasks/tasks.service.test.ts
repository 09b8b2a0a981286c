import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { ExchangeApi } from '../exchange/index.ts';
import { documentBytes } from '../exchange/exchange.test-support.ts';
import { citizen, decision, finance, justice, monitor, setUpTasks } from './tasks.test-support.ts';

// The lifecycle through the door, on a real database, with a clock the test moves.
// 2027-01-06 is a Wednesday; 2027-01-09 a Saturday.

let env: Awaited<ReturnType<typeof setUpTasks>>;
beforeAll(async () => {
  env = await setUpTasks('2027-01-06');
});
afterAll(async () => {
  await env?.close();
});

/** A document `from` sent through the exchange (to the Government Office): its DocumentId. */
async function sentDocument(from: string): Promise<string> {
  const doc = documentBytes({ from, to: ['000.00.00.G22'] });
  await env.platform.api<ExchangeApi>('exchange').send({ kind: 'system', clientId: 'test', agencyCode: from }, doc.bytes);
  return doc.documentId;
}

describe('deadlines and overdue flags in working days', () => {
  it('a deadline on a Saturday is due the Monday after; overdue counts working days after it', async () => {
    const { api, clock } = env;
    env.clock.setDay('2027-01-06');
    const task = await api.assign(monitor, decision());
    expect(task.deadline).toBe('2027-01-09');
    expect(task.dueOn).toBe('2027-01-11');
    clock.setDay('2027-01-11');
    expect((await api.get(monitor, task.id)).task.overdue).toBe(false);
    clock.setDay('2027-01-12');
    let view = (await api.get(monitor, task.id)).task;
    expect(view).toMatchObject({ overdue: true, overdueWorkingDays: 1 });
    clock.setDay('2027-01-17'); // Sunday: Tue–Fri counted
    view = (await api.get(monitor, task.id)).task;
    expect(view.overdueWorkingDays).toBe(4);
    const overdue = await api.overdue(monitor);
    expect(overdue.tasks.map((t) => t.id)).toContain(task.id);
    // Completed late: no longer in the overdue list; the Government Office evaluates it late.
    await api.accept(finance, task.id);
    await api.complete(finance, task.id, { documentId: await sentDocument('000.00.00.G12'), note: 'Đã gửi báo cáo' });
    expect((await api.overdue(monitor)).tasks.map((t) => t.id)).not.toContain(task.id);
    const got = await api.get(monitor, task.id);
    expect(got.suggestedEvaluation).toBe('late');
    const evaluated = await api.evaluate(monitor, task.id, { evaluation: 'late' });
    expect(evaluated).toMatchObject({ status: 'evaluated', evaluation: 'late' });
  });

  it('a periodic task owes one report a period; a report moves it to the next period', async () => {
    const { api, clock } = env;
    clock.setDay('2027-01-06');
    const task = await api.assign(monitor, decision({ deadlineKind: 'periodic', period: 'quarterly', periodDay: '15', deadline: '' }));
    expect(task).toMatchObject({ currentPeriod: '2027-Q1', dueOn: '2027-03-15' });
    await api.accept(finance, task.id);
    const after = await api.reportProgress(finance, task.id, { percent: '25', note: 'Báo cáo quý I' });
    expect(after).toMatchObject({ status: 'in_progress', currentPeriod: '2027-Q2', dueOn: '2027-06-15', progressPercent: 25 });
    clock.setDay('2027-06-16');
    expect((await api.get(monitor, task.id)).task).toMatchObject({ overdue: true, overdueWorkingDays: 1 });
    const trail = (await api.get(monitor, task.id)).events.map((e) => [e.kind, e.period_key]);
    expect(trail).toContainEqual(['progress_reported', '2027-Q1']);
    // "Regularly": never overdue.
    clock.setDay('2027-01-06');
    const regular = await api.assign(monitor, decision({ deadlineKind: 'regular', deadline: '' }));
    clock.setDay('2030-01-01');
    expect((await api.get(monitor, regular.id)).task).toMatchObject({ dueOn: null, overdue: false });
  });
});

describe('extensions', () => {
  it('the lead agency asks, one request at a time; the Government Office approves and the due day moves', async () => {
    const { api, clock } = env;
    clock.setDay('2027-01-06');
    const task = await api.assign(monitor, decision({ deadline: '2027-01-20' }));
    await api.accept(finance, task.id);
    await expect(api.requestExtension(finance, task.id, { deadline: '2027-01-19', reason: 'x' })).rejects.toMatchObject({ code: 'tasks.invalid_input' });
    await api.requestExtension(finance, task.id, { deadline: '2027-01-30', reason: 'Chờ ý kiến các bộ' });
    await expect(api.requestExtension(finance, task.id, { deadline: '2027-02-27', reason: 'again' })).rejects.toMatchObject({ code: 'tasks.extension_pending' });
    await expect(api.decideExtension(finance, task.id, { approve: true })).rejects.toMatchObject({ code: 'tasks.monitors_only' });
    clock.setDay('2027-01-25');
    expect((await api.get(monitor, task.id)).task.overdue).toBe(true);
    const moved = await api.decideExtension(monitor, task.id, { approve: true, note: 'Đồng ý' });
    // 30 Jan 2027 is a Saturday: due Monday 1 Feb.
    expect(moved).toMatchObject({ deadline: '2027-01-30', dueOn: '2027-02-01', overdue: false });
    const got = await api.get(finance, task.id);
    expect(got.extensions.map((e) => e.status)).toEqual(['approved']);
    expect(got.events.map((e) => e.kind)).toEqual(['assigned', 'accepted', 'extension_requested', 'extension_approved']);
    // A refusal needs a reason and leaves the deadline.
    await api.requestExtension(finance, task.id, { deadline: '2027-02-28', reason: 'Thêm thời gian' });
    await expect(api.decideExtension(monitor, task.id, { approve: false })).rejects.toMatchObject({ code: 'tasks.invalid_input' });
    const refused = await api.decideExtension(monitor, task.id, { approve: false, note: 'Không có căn cứ' });
    expect(refused.deadline).toBe('2027-01-30');
  });
});

describe('agency scoping and roles', () => {
  it('an agency sees and acts on its own tasks; co-ordinators read; others see nothing', async () => {
    const { api, clock } = env;
    clock.setDay('2027-01-06');
    const led = await api.assign(monitor, decision({ leadAgencyCode: '000.00.00.G12', coordinatingAgencies: '' }));
    const shared = await api.assign(monitor, decision({ leadAgencyCode: '000.00.00.G12', coordinatingAgencies: '000.00.00.G15' }));
    await expect(api.get(justice, led.id)).rejects.toMatchObject({ code: 'tasks.task_not_found' });
    await expect(api.accept(justice, led.id)).rejects.toMatchObject({ code: 'tasks.task_not_found' });
    expect((await api.get(justice, shared.id)).may.accept).toBe(false);
    await expect(api.accept(justice, shared.id)).rejects.toMatchObject({ code: 'tasks.lead_agency_only' });
    const justiceList = (await api.agencyTasks(justice, { filter: 'all' })).tasks.map((t) => t.id);
    expect(justiceList).toContain(shared.id);
    expect(justiceList).not.toContain(led.id);
    expect((await api.agencyTasks(finance, { filter: 'all' })).tasks.map((t) => t.id)).toEqual(expect.arrayContaining([led.id, shared.id]));
    await expect(api.assign(finance, decision())).rejects.toMatchObject({ code: 'tasks.monitors_only' });
    await expect(api.overdue(finance)).rejects.toMatchObject({ code: 'tasks.monitors_only' });
    await expect(api.completionRates(justice)).rejects.toMatchObject({ code: 'tasks.monitors_only' });
    await expect(api.agencyTasks(citizen)).rejects.toMatchObject({ code: 'tasks.forbidden' });
    await expect(api.agencyTasks(undefined)).rejects.toMatchObject({ code: 'tasks.unauthenticated' });
    // The product must be the lead agency's own document.
    await api.accept(finance, led.id);
    await expect(api.complete(finance, led.id, { documentId: '000.00.00.G15,2027/01/10,1/BTP' })).rejects.toMatchObject({ code: 'tasks.invalid_input', fields: [{ field: 'documentId', message: 'tasks.document_not_lead' }] });
  });

  it('bad input is refused field by field', async () => {
    await expect(env.api.assign(monitor, decision({ sourceRef: 'abc', leadAgencyCode: 'X', deadline: '2027-02-30' }))).rejects.toMatchObject({
      code: 'tasks.invalid_input',
      fields: expect.arrayContaining([expect.objectContaining({ field: 'sourceRef' }), expect.objectContaining({ field: 'leadAgencyCode' }), expect.objectContaining({ field: 'deadline' })]),
    });
  });

  it('completion rates per agency and period; every change is audited and published', async () => {
    const { api, platform } = env;
    const rates = await api.completionRates(monitor, { period: '2027-Q1' });
    const g12 = rates.rows.find((r) => r.agencyCode === '000.00.00.G12');
    expect(g12?.late).toBeGreaterThanOrEqual(1);
    expect(g12!.total).toBe(g12!.onTime + g12!.late + g12!.notCompleted + g12!.pending);
    await expect(api.completionRates(monitor, { period: '2027-Q5' })).rejects.toMatchObject({ code: 'tasks.invalid_input' });
    const db = platform.ctx.db;
    // The roll-ups kept by every write agree with the tasks themselves.
    const direct = (
      await sql<{ agency: string; total: number; on_time: number; late: number }>`SELECT lead_agency_code AS agency, count(*)::int AS total, count(*) FILTER (WHERE completed_on <= due_on)::int AS on_time,
        count(*) FILTER (WHERE completed_on > due_on)::int AS late FROM tasks WHERE due_on BETWEEN '2027-01-01' AND '2027-03-31' GROUP BY 1 ORDER BY 1`.execute(db)
    ).rows;
    expect(rates.rows.map((r) => ({ agency: r.agencyCode, total: r.total, on_time: r.onTime, late: r.late }))).toEqual(direct);
    const open = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM tasks WHERE status IN ('assigned', 'clarification', 'accepted', 'in_progress')`.execute(db)).rows[0]!.n;
    expect((await api.byAgency(monitor)).reduce((n, r) => n + r.open, 0)).toBe(open);
    const facts = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM event_facts WHERE type = 'tasks.task_changed'`.execute(db)).rows[0]!.n;
    const events = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM task_events`.execute(db)).rows[0]!.n;
    const audits = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'task'`.execute(db)).rows[0]!.n;
    expect(facts).toBe(events);
    expect(audits).toBe(events);
  });
});
