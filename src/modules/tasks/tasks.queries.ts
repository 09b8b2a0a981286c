import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { calendarFor, level1OfViewer, requireMonitor, today, viewerOf, type TasksContext } from './tasks.context.ts';
import { TasksErrors } from './tasks.errors.ts';
import * as repo from './tasks.repository.ts';
import { OPEN_STATUSES } from './tasks.rules.ts';
import { presentTask, type TaskView } from './tasks.view-model.ts';

export type AgencyFilter = 'open' | 'overdue' | 'completed' | 'all';
export const AGENCY_FILTERS: readonly AgencyFilter[] = ['open', 'overdue', 'completed', 'all'];
const PAGE = 50;
/** Counts stop here: a page says "10,000+" rather than count further. */
export const COUNT_CAP = 10_000;
const OPEN = sql.raw(`status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`);

export interface CompletionRow {
  agencyCode: string;
  total: number;
  onTime: number;
  late: number;
  notCompleted: number;
  pending: number;
  /** Share of the period's tasks done by their deadline, in per cent (0 when none). */
  onTimePercent: number;
}

/** A reporting period: a year (2027), a quarter (2027-Q1) or a month (2027-03). */
export function periodRange(period: string): { from: string; to: string } | undefined {
  let m = /^(\d{4})$/.exec(period);
  if (m) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) {
    const q = Number(m[2]);
    const last = new Date(Date.UTC(Number(m[1]), q * 3, 0)).getUTCDate();
    return { from: `${m[1]}-${String(q * 3 - 2).padStart(2, '0')}-01`, to: `${m[1]}-${String(q * 3).padStart(2, '0')}-${last}` };
  }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (m) {
    const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
    return { from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${last}` };
  }
  return undefined;
}

const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
const yearOf = (day: string) => `${day.slice(0, 4)}-01-01`;
const nextYear = (year: string) => `${Number(year.slice(0, 4)) + 1}-01-01`;

export function createTasksQueries(ctx: TasksContext) {
  const { db } = ctx;

  /**
   * Per agency: open tasks and the overdue among them, in one statement: year roll-ups for other
   * years (every open task of a past year is overdue), month roll-ups for this year's other
   * months, the tasks for the current month.
   */
  async function overdueByAgency(day: string): Promise<{ agencyCode: string; open: number; overdue: number }[]> {
    const month = monthOf(day);
    const year = yearOf(day);
    return (
      await sql<{ agencyCode: string; open: number; overdue: number }>`
        WITH current AS (
          SELECT lead_agency_code AS agency, count(*) AS overdue FROM tasks WHERE ${OPEN} AND due_on >= ${month} AND due_on < ${day} GROUP BY lead_agency_code
        ), parts AS (
          SELECT agency_code AS agency, open, CASE WHEN due_year < ${year} THEN open ELSE 0 END AS overdue FROM task_year_rollups WHERE due_year <> ${year} AND open <> 0
          UNION ALL
          SELECT agency_code, open, CASE WHEN due_month < ${month} THEN open ELSE 0 END FROM task_rollups WHERE due_month >= ${year} AND due_month < ${nextYear(year)} AND open <> 0
        )
        SELECT p.agency AS "agencyCode", sum(p.open)::int AS open, (sum(p.overdue) + COALESCE(max(c.overdue), 0))::int AS overdue
        FROM parts p LEFT JOIN current c ON c.agency = p.agency
        GROUP BY p.agency HAVING sum(p.open) > 0 ORDER BY p.agency`.execute(db)
    ).rows;
  }

  type RateRow = { agency: string; total: number; on_time: number; late: number; not_completed: number; pending: number };

  /** A period read by month of deadline: the month roll-ups, and the open tasks of the current month from the tasks. */
  async function monthRates(range: { from: string; to: string }, day: string, month: string, inPeriod: boolean): Promise<RateRow[]> {
    return (
      await sql<RateRow>`
          WITH current AS (
            SELECT lead_agency_code AS agency, count(*) FILTER (WHERE due_on < ${day}) AS overdue, count(*) FILTER (WHERE due_on >= ${day}) AS pending
            FROM tasks WHERE ${inPeriod} AND ${OPEN} AND due_on >= ${month} AND due_on < (${month}::date + interval '1 month')::date GROUP BY lead_agency_code
          ), months AS (
            SELECT agency_code AS agency, sum(total) AS total, sum(on_time) AS on_time, sum(late) AS late,
              sum(not_completed) + COALESCE(sum(open) FILTER (WHERE due_month < ${month}), 0) AS not_completed,
              COALESCE(sum(open) FILTER (WHERE due_month > ${month}), 0) AS pending
            FROM task_rollups WHERE due_month BETWEEN ${range.from} AND ${range.to} GROUP BY agency_code HAVING sum(total) > 0
          )
          SELECT m.agency, m.total::int AS total, m.on_time::int AS on_time, m.late::int AS late,
            (m.not_completed + COALESCE(c.overdue, 0))::int AS not_completed, (m.pending + COALESCE(c.pending, 0))::int AS pending
          FROM months m LEFT JOIN current c ON c.agency = m.agency ORDER BY m.agency`.execute(db)
    ).rows;
  }

  /** A whole year other than the current one: one row per agency of the year roll-ups (open tasks overdue when the year is past, not yet due when it is to come). */
  async function yearRates(year: string, past: boolean): Promise<RateRow[]> {
    return (
      await sql<RateRow>`
        SELECT agency_code AS agency, total, on_time, late, not_completed + ${past ? sql`open` : sql`0`} AS not_completed, ${past ? sql`0` : sql`open`} AS pending
        FROM task_year_rollups WHERE due_year = ${year} AND total > 0 ORDER BY agency_code`.execute(db)
    ).rows;
  }

  async function present(rows: repo.TaskRow[]): Promise<TaskView[]> {
    const day = today(ctx);
    const earliest = rows.reduce((min, r) => (r.due_on && r.due_on < min ? r.due_on : min), day);
    const calendar = await calendarFor(ctx, earliest, day);
    return rows.map((r) => presentTask(r, calendar, day));
  }

  return {
    /** The viewer's agency's tasks (led or co-ordinated), by due day; a monitor sees every agency's, or one agency's. */
    async agencyTasks(actor: Actor | undefined, query: { filter?: string | undefined; agency?: string | undefined; offset?: number | undefined } = {}) {
      const v = viewerOf(ctx, actor);
      const filter = AGENCY_FILTERS.find((f) => f === query.filter) ?? 'open';
      const l1 = level1OfViewer(v);
      const day = today(ctx);
      const scope = l1 !== undefined ? sql`(lead_level1 = ${l1} OR coordinating_level1 @> ARRAY[${l1}]::text[])` : query.agency ? sql`lead_agency_code = ${query.agency.toUpperCase()}` : sql`true`;
      const state =
        filter === 'open' ? sql`${OPEN}` : filter === 'overdue' ? sql`${OPEN} AND due_on < ${day}` : filter === 'completed' ? sql`status IN ('completed', 'evaluated')` : sql`true`;
      const offset = Math.max(0, Math.min(query.offset ?? 0, COUNT_CAP));
      const rows = (await sql<repo.TaskRow>`SELECT * FROM tasks WHERE ${scope} AND ${state} ORDER BY due_on NULLS LAST, id LIMIT ${PAGE} OFFSET ${offset}`.execute(db)).rows;
      const total = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM tasks WHERE ${scope} AND ${state} LIMIT ${COUNT_CAP}) t`.execute(db)).rows[0]?.n ?? 0);
      return { filter, total, offset, pageSize: PAGE, tasks: await present(rows), monitor: v.monitor };
    },

    /** The Government Office's overdue list: open tasks past their due day, oldest first. */
    async overdue(actor: Actor | undefined, query: { offset?: number | undefined } = {}) {
      const v = viewerOf(ctx, actor);
      requireMonitor(v);
      const day = today(ctx);
      const offset = Math.max(0, Math.min(query.offset ?? 0, COUNT_CAP));
      const rows = (await sql<repo.TaskRow>`SELECT * FROM tasks WHERE ${OPEN} AND due_on IS NOT NULL AND due_on < ${day} ORDER BY due_on, id LIMIT ${PAGE} OFFSET ${offset}`.execute(db)).rows;
      const month = monthOf(day);
      const year = yearOf(day);
      const total = Number(
        (
          await sql<{ n: number }>`SELECT ((SELECT COALESCE(sum(open), 0) FROM task_year_rollups WHERE due_year < ${year}) + (SELECT COALESCE(sum(open), 0) FROM task_rollups WHERE due_month >= ${year} AND due_month < ${month})
            + (SELECT count(*) FROM tasks WHERE ${OPEN} AND due_on >= ${month} AND due_on < ${day}))::int AS n`.execute(db)
        ).rows[0]?.n ?? 0,
      );
      return { total, offset, pageSize: PAGE, tasks: await present(rows) };
    },

    /**
     * Completion per lead agency of the tasks due in a period: done by the deadline, done late,
     * not done (closed as not completed, or open past the deadline), not yet due. Read from the
     * roll-ups by month of deadline; the open tasks of the current month from the tasks.
     */
    async completionRates(actor: Actor | undefined, query: { period?: string | undefined } = {}) {
      const v = viewerOf(ctx, actor);
      requireMonitor(v);
      const day = today(ctx);
      const period = query.period ?? day.slice(0, 4);
      const range = periodRange(period);
      if (!range) throw TasksErrors.invalidInput([{ field: 'period', message: 'tasks.invalid_period' }]);
      const month = monthOf(day);
      // The open tasks of the current month come from the tasks (overdue or not depends on the day), the rest from the roll-ups.
      const inPeriod = month >= range.from && month <= range.to;
      const rows = /^\d{4}$/.test(period) && !inPeriod ? await yearRates(range.from, range.to < day) : await monthRates(range, day, month, inPeriod);
      const out: CompletionRow[] = rows.map((r) => ({ agencyCode: r.agency, total: r.total, onTime: r.on_time, late: r.late, notCompleted: r.not_completed, pending: r.pending, onTimePercent: r.total ? (100 * r.on_time) / r.total : 0 }));
      return { period, ...range, rows: out };
    },

    /** Per lead agency: tasks open now, and those of them past their deadline (finished ones are in the completion rates). */
    async byAgency(actor: Actor | undefined) {
      const v = viewerOf(ctx, actor);
      requireMonitor(v);
      return (await overdueByAgency(today(ctx))).filter((r) => r.open > 0);
    },

    /**
     * The tasks a cabinet conclusion created, with the documents and reports that answered them.
     * The caller (the e-Cabinet's conclusion page) has authorised its reader to the conclusion.
     */
    async tasksOfCabinetItems(itemIds: readonly number[]) {
      const rows = await repo.tasksOfCabinetItems(db, itemIds.filter((id) => Number.isSafeInteger(id)));
      const tasks = await present(rows);
      const events = await repo.listEvents(db, rows.map((r) => r.id));
      const indicators = await repo.indicatorsOf(db, rows.map((r) => r.id));
      return tasks.map((task) => ({
        task,
        /** Reporting indicator codes the task moves (lineage: conclusion → task → indicator). */
        indicators: indicators.get(task.id) ?? [],
        documents: [...new Set(events.filter((e) => e.task_id === task.id && e.document_id).map((e) => e.document_id as string))],
        reports: events.filter((e) => e.task_id === task.id && e.kind === 'progress_reported').map((e) => ({ at: e.at, percent: e.progress_percent, note: e.note, by: e.actor_name })),
      }));
    },

    /** Tasks whose product or reports name this exchange document (lineage from a document back to its tasks). */
    async tasksAnsweredBy(actor: Actor | undefined, documentId: string) {
      const v = viewerOf(ctx, actor);
      const l1 = level1OfViewer(v);
      const rows = (await sql<repo.TaskRow>`SELECT * FROM tasks WHERE id IN (SELECT task_id FROM task_events WHERE document_id = ${documentId}) ORDER BY id`.execute(db)).rows;
      return present(rows.filter((r) => l1 === undefined || r.lead_level1 === l1 || r.coordinating_level1.includes(l1)));
    },
  };
}

export type TasksQueries = ReturnType<typeof createTasksQueries>;
