import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { ExchangeApi } from '../exchange/index.ts';
import { documentBytes } from '../exchange/exchange.test-support.ts';
import { rebuildRollups } from './tasks.repository.ts';
import { decision, finance, monitor, setUpTasks } from './tasks.test-support.ts';

// The month and year roll-ups kept by every write equal a recount of the tasks, and the
// completion rates read from them equal the rates counted from the tasks themselves.

let env: Awaited<ReturnType<typeof setUpTasks>>;
beforeAll(async () => {
  env = await setUpTasks('2027-01-06');
});
afterAll(async () => {
  await env?.close();
});

type Counts = { key: string; agency: string; total: number; on_time: number; late: number; not_completed: number; open: number };
const COUNTS = sql`count(*)::int AS total, count(*) FILTER (WHERE completed_on <= due_on)::int AS on_time, count(*) FILTER (WHERE completed_on > due_on)::int AS late,
  count(*) FILTER (WHERE completed_on IS NULL AND evaluation = 'not_completed')::int AS not_completed,
  count(*) FILTER (WHERE status IN ('assigned', 'clarification', 'accepted', 'in_progress'))::int AS open`;

async function recount() {
  const db = env.platform.ctx.db;
  const months = (await sql<Counts>`SELECT to_char(COALESCE(due_on, date '9999-12-01'), 'YYYY-MM') AS key, lead_agency_code AS agency, ${COUNTS} FROM tasks GROUP BY 1, 2 ORDER BY 1, 2`.execute(db)).rows;
  const years = (await sql<Counts>`SELECT to_char(COALESCE(due_on, date '9999-12-01'), 'YYYY') AS key, lead_agency_code AS agency, ${COUNTS} FROM tasks GROUP BY 1, 2 ORDER BY 1, 2`.execute(db)).rows;
  return { months, years };
}

async function kept() {
  const db = env.platform.ctx.db;
  const cols = sql`agency_code AS agency, total, on_time, late, not_completed, open`;
  // Rows whose counts all went back to zero (a task moved away) are no group of the recount.
  const months = (await sql<Counts>`SELECT to_char(due_month, 'YYYY-MM') AS key, ${cols} FROM task_rollups WHERE total <> 0 ORDER BY 1, 2`.execute(db)).rows;
  const years = (await sql<Counts>`SELECT to_char(due_year, 'YYYY') AS key, ${cols} FROM task_year_rollups WHERE total <> 0 ORDER BY 1, 2`.execute(db)).rows;
  return { months, years };
}

async function sentDocument(from: string): Promise<string> {
  const doc = documentBytes({ from, to: ['000.00.00.G22'] });
  await env.platform.api<ExchangeApi>('exchange').send({ kind: 'system', clientId: 'test', agencyCode: from }, doc.bytes);
  return doc.documentId;
}

/** The completion rates of a period counted from the tasks, as of `day`. */
async function ratesFromTasks(from: string, to: string, day: string) {
  const rows = (
    await sql<{ agency: string; total: number; on_time: number; late: number; not_completed: number; pending: number }>`
      SELECT lead_agency_code AS agency, count(*)::int AS total, count(*) FILTER (WHERE completed_on <= due_on)::int AS on_time, count(*) FILTER (WHERE completed_on > due_on)::int AS late,
        count(*) FILTER (WHERE (completed_on IS NULL AND evaluation = 'not_completed') OR (status IN ('assigned', 'clarification', 'accepted', 'in_progress') AND due_on < ${day}))::int AS not_completed,
        count(*) FILTER (WHERE status IN ('assigned', 'clarification', 'accepted', 'in_progress') AND due_on >= ${day})::int AS pending
      FROM tasks WHERE due_on BETWEEN ${from} AND ${to} GROUP BY 1 ORDER BY 1`.execute(env.platform.ctx.db)
  ).rows;
  return rows.map((r) => ({ agencyCode: r.agency, total: r.total, onTime: r.on_time, late: r.late, notCompleted: r.not_completed, pending: r.pending }));
}

describe('roll-ups by month and by year of deadline', () => {
  it('equal a recount after assignments, completions, an extension across a year, evaluations', async () => {
    const { api, clock } = env;
    clock.setDay('2027-01-06');
    const a = await api.assign(monitor, decision({ deadline: '2027-03-10' }));
    const b = await api.assign(monitor, decision({ deadline: '2027-12-20' }));
    const c = await api.assign(monitor, decision({ deadline: '2027-06-15', leadAgencyCode: '000.00.00.G15', coordinatingAgencies: '' }));
    await api.assign(monitor, decision({ deadline: '2028-02-01' }));
    await api.assign(monitor, decision({ deadlineKind: 'regular', deadline: '' }));
    await api.assign(monitor, decision({ deadlineKind: 'periodic', period: 'quarterly', periodDay: '15', deadline: '' }));
    // b moves from December 2027 to January 2028: out of one year's roll-up, into the next.
    await api.accept(finance, b.id);
    await api.requestExtension(finance, b.id, { deadline: '2028-01-20', reason: 'Chờ số liệu cả năm' });
    await api.decideExtension(monitor, b.id, { approve: true });
    // a is done on time, c goes overdue and is closed as not completed.
    await api.accept(finance, a.id);
    await api.complete(finance, a.id, { documentId: await sentDocument('000.00.00.G12') });
    await api.evaluate(monitor, a.id, { evaluation: 'on_time' });
    clock.setDay('2027-07-01');
    await api.evaluate(monitor, c.id, { evaluation: 'not_completed' });
    const now = await kept();
    expect(now).toEqual(await recount());
    expect(now.years.map((y) => y.key)).toEqual(expect.arrayContaining(['2027', '2028', '9999']));
    // A rebuild from the tasks gives the same rows.
    await rebuildRollups(env.platform.ctx.db);
    expect(await kept()).toEqual(now);
  });

  it('a past year (year roll-ups), a year to come and the current year (month roll-ups) give the rates counted from the tasks', async () => {
    const { api, clock } = env;
    for (const day of ['2027-07-01', '2027-01-06', '2029-03-02']) {
      clock.setDay(day);
      for (const period of ['2027', '2028']) {
        const rates = await api.completionRates(monitor, { period });
        expect(rates.rows.map(({ onTimePercent: _p, ...r }) => r)).toEqual(await ratesFromTasks(rates.from, rates.to, day));
      }
    }
    clock.setDay('2029-03-02');
    const past = await api.completionRates(monitor, { period: '2027' });
    expect(past.rows.find((r) => r.agencyCode === '000.00.00.G15')).toMatchObject({ total: 1, notCompleted: 1, pending: 0 });
  });
});
