import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createFactConsumers, recordFactsInTx } from '../../platform/events/index.ts';
import type { ExchangeApi } from '../exchange/index.ts';
import { documentBytes } from '../exchange/exchange.test-support.ts';
import type { ReportingApi } from '../reporting/index.ts';
import { SEED_INDICATORS } from '../reporting/reporting.seed-data.ts';
import { finance, monitor, setUpTasks } from './tasks.test-support.ts';

// A cabinet conclusion's tasks become tracked tasks, read from the fact the e-Cabinet publishes
// (the tasks module never imports the cabinet). The e-Cabinet is composed so that its fact's
// real schema checks the payload.

let env: Awaited<ReturnType<typeof setUpTasks>>;
beforeAll(async () => {
  env = await setUpTasks('2027-01-06', ['cabinet']);
});
afterAll(async () => {
  await env?.close();
});

const consumers = () => {
  const schemas = new Map(env.platform.registrations.flatMap((r) => Object.entries(r.facts ?? {})));
  const mine = env.platform.registrations.find((r) => r.name === 'tasks')!.consumers!;
  return createFactConsumers({ database: env.platform.ctx.database, consumers: mine, schemas, logger: env.platform.ctx.logger });
};

describe('tasks from cabinet conclusions', () => {
  it('creates one task per task of the conclusion, once, even when the log is replayed', async () => {
    const db = env.platform.ctx.db;
    await db.transaction().execute((tx) =>
      recordFactsInTx(tx, [
        {
          type: 'cabinet.conclusion_recorded',
          payload: {
            sessionId: '7', itemId: '42', itemTitle: 'Dự án Luật Đầu tư công (sửa đổi)', conclusion: 'Chính phủ thông qua.', adoptedWithoutDebate: false,
            tasks: [
              { content: 'Hoàn thiện hồ sơ dự án Luật', leadAgencyCode: '000.00.00.G12', deadline: '2027-01-15' },
              { content: 'Rà soát văn bản hướng dẫn', leadAgencyCode: '000.00.00.G15', deadline: '2027-01-09' },
            ],
          },
        },
        { type: 'cabinet.conclusion_recorded', payload: { sessionId: '7', itemId: '43', itemTitle: 'Tờ trình', conclusion: 'Thông qua không thảo luận.', adoptedWithoutDebate: true, tasks: [] } },
      ]),
    );
    const c = consumers();
    await c.drain();
    let tracked = await env.api.tasksOfCabinetItems([42, 43]);
    expect(tracked.map((x) => [x.task.content, x.task.leadAgencyCode, x.task.sourceKind, x.task.cabinetSessionId, x.task.dueOn])).toEqual([
      ['Hoàn thiện hồ sơ dự án Luật', '000.00.00.G12', 'cabinet_conclusion', 7, '2027-01-15'],
      // A Saturday deadline: due the Monday after.
      ['Rà soát văn bản hướng dẫn', '000.00.00.G15', 'cabinet_conclusion', 7, '2027-01-11'],
    ]);
    await c.replay('tasks.cabinet_conclusions');
    await c.drain();
    tracked = await env.api.tasksOfCabinetItems([42]);
    expect(tracked).toHaveLength(2);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM tasks`.execute(db)).rows[0]!.n).toBe(2);

    // Lineage: the lead ministry completes with an exchange document; the conclusion's view shows it, and the document leads back to the task.
    const first = tracked[0]!.task;
    await env.api.accept(finance, first.id);
    await env.api.reportProgress(finance, first.id, { percent: '50', note: 'Đã lấy ý kiến các bộ' });
    const submission = documentBytes({ from: '000.00.00.G12', to: ['000.00.00.G22'], number: '45/TTr-BTC', subject: 'Tờ trình gửi Chính phủ' });
    await env.platform.api<ExchangeApi>('exchange').send({ kind: 'system', clientId: 'btc', agencyCode: '000.00.00.G12' }, submission.bytes);
    await env.api.complete(finance, first.id, { documentId: submission.documentId, note: 'Tờ trình gửi Chính phủ' });
    tracked = await env.api.tasksOfCabinetItems([42]);
    expect(tracked[0]).toMatchObject({ task: { status: 'completed' }, documents: [submission.documentId], reports: [expect.objectContaining({ percent: 50 })] });
    expect((await env.api.tasksAnsweredBy(monitor, submission.documentId)).map((t) => t.id)).toEqual([first.id]);
    // … and on to the indicators the task moves.
    await env.platform.api<ReportingApi>('reporting').defineIndicators({ accountId: 'admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] }, SEED_INDICATORS);
    await env.api.linkIndicators(monitor, first.id, { indicators: 'NEW_ENTERPRISES' });
    expect((await env.api.tasksOfCabinetItems([42]))[0]!.indicators).toEqual(['NEW_ENTERPRISES']);
    expect((await env.api.tasksOfIndicator(monitor, 'NEW_ENTERPRISES')).map((t) => t.cabinetItemId)).toEqual([42]);
    // The other goes overdue and is on the Government Office's list.
    env.clock.setDay('2027-01-13');
    expect((await env.api.overdue(monitor)).tasks.map((t) => [t.id, t.overdueWorkingDays])).toEqual([[tracked[1]!.task.id, 2]]);
  });
});
