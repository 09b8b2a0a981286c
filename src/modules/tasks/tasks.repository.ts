import { sql, type Executor } from '../../platform/db/index.ts';
import type { DeadlineKind, Evaluation, Period, Priority, SourceKind, TaskStatus } from './tasks.rules.ts';

// SQL of task tracking. findX may return undefined; getX throws.

export interface TaskRow {
  id: number;
  source_kind: SourceKind;
  source_ref: string;
  source_title: string;
  cabinet_item_id: number | null;
  cabinet_session_id: number | null;
  source_ordinal: number | null;
  content: string;
  lead_agency_code: string;
  lead_level1: string;
  coordinating_agencies: string[];
  coordinating_level1: string[];
  deadline_kind: DeadlineKind;
  deadline: string | null;
  period: Period | null;
  period_day: number | null;
  periodic_until: string | null;
  current_period: string | null;
  due_on: string | null;
  expected_product: string;
  priority: Priority;
  status: TaskStatus;
  progress_percent: number;
  completed_at: Date | null;
  completed_on: string | null;
  product_document_id: string | null;
  product_file_sha256: string | null;
  product_file_name: string | null;
  product_note: string | null;
  evaluation: Evaluation | null;
  evaluated_at: Date | null;
  assigned_on: string;
  created_at: Date;
  updated_at: Date;
}

export interface TaskEventRow {
  id: number;
  task_id: number;
  kind: string;
  note: string;
  progress_percent: number | null;
  period_key: string | null;
  document_id: string | null;
  file_sha256: string | null;
  file_name: string | null;
  actor_name: string;
  agency_code: string | null;
  at: Date;
}

export interface ExtensionRow {
  id: number;
  task_id: number;
  requested_deadline: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  requested_by_name: string;
  requested_at: Date;
  decided_by_name: string | null;
  decision_note: string | null;
  decided_at: Date | null;
}

/** What a new task is stored with (deadlines already computed): the row without what its lifecycle fills in. */
export type NewTaskRow = Omit<
  TaskRow,
  'id' | 'status' | 'progress_percent' | 'completed_at' | 'completed_on' | 'product_document_id' | 'product_file_sha256' | 'product_file_name' | 'product_note' | 'evaluation' | 'evaluated_at' | 'created_at' | 'updated_at'
>;

export async function findTask(db: Executor, id: number, lock = false): Promise<TaskRow | undefined> {
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  const rows = lock ? await sql<TaskRow>`SELECT * FROM tasks WHERE id = ${id} FOR UPDATE`.execute(db) : await sql<TaskRow>`SELECT * FROM tasks WHERE id = ${id}`.execute(db);
  return rows.rows[0];
}

/**
 * Inserts tasks in one statement; a task of a cabinet conclusion already stored (same item and
 * position) is skipped. Returns the rows inserted.
 */
export async function insertTasks(db: Executor, tasks: readonly NewTaskRow[]): Promise<TaskRow[]> {
  if (tasks.length === 0) return [];
  const col = <K extends keyof NewTaskRow>(k: K) => tasks.map((t) => t[k]);
  const json = JSON.stringify(tasks.map((t) => ({ ca: t.coordinating_agencies, cl: t.coordinating_level1 })));
  const result = await sql<TaskRow>`
    INSERT INTO tasks (source_kind, source_ref, source_title, cabinet_item_id, cabinet_session_id, source_ordinal, content, lead_agency_code, lead_level1,
      coordinating_agencies, coordinating_level1, deadline_kind, deadline, period, period_day, periodic_until, current_period, due_on, expected_product, priority, status, assigned_on)
    SELECT t.source_kind, t.source_ref, t.source_title, t.cabinet_item_id, t.cabinet_session_id, t.source_ordinal, t.content, t.lead_agency_code, t.lead_level1,
      ARRAY(SELECT jsonb_array_elements_text(c.value -> 'ca')), ARRAY(SELECT jsonb_array_elements_text(c.value -> 'cl')),
      t.deadline_kind, t.deadline, t.period, t.period_day, t.periodic_until, t.current_period, t.due_on, t.expected_product, t.priority, 'assigned', t.assigned_on
    FROM unnest(${col('source_kind')}::text[], ${col('source_ref')}::text[], ${col('source_title')}::text[], ${col('cabinet_item_id')}::bigint[], ${col('cabinet_session_id')}::bigint[],
      ${col('source_ordinal')}::int[], ${col('content')}::text[], ${col('lead_agency_code')}::text[], ${col('lead_level1')}::text[], ${col('deadline_kind')}::text[],
      ${col('deadline')}::date[], ${col('period')}::text[], ${col('period_day')}::int[], ${col('periodic_until')}::date[], ${col('current_period')}::text[], ${col('due_on')}::date[],
      ${col('expected_product')}::text[], ${col('priority')}::text[], ${col('assigned_on')}::date[]) WITH ORDINALITY
      AS t(source_kind, source_ref, source_title, cabinet_item_id, cabinet_session_id, source_ordinal, content, lead_agency_code, lead_level1, deadline_kind,
        deadline, period, period_day, periodic_until, current_period, due_on, expected_product, priority, assigned_on, n)
    JOIN jsonb_array_elements(${json}::jsonb) WITH ORDINALITY AS c(value, n) ON c.n = t.n
    ORDER BY t.n
    ON CONFLICT (cabinet_item_id, source_ordinal) WHERE cabinet_item_id IS NOT NULL DO NOTHING
    RETURNING *`.execute(db);
  if (result.rows.length > 0) await addToRollups(db, result.rows.map((r) => ({ ...rollupPart(r), sign: 1 })));
  return result.rows;
}

/** Updates a task read under its row lock (`before`), and moves its part of the roll-ups. */
export async function updateTask(db: Executor, before: TaskRow, set: Partial<Record<keyof TaskRow, unknown>>): Promise<TaskRow> {
  const entries = Object.entries(set);
  const assignments = sql.join(entries.map(([k, v]) => sql`${sql.ref(k)} = ${v}`));
  const row = (await sql<TaskRow>`UPDATE tasks SET ${assignments}, updated_at = now() WHERE id = ${before.id} RETURNING *`.execute(db)).rows[0];
  if (!row) throw new Error(`tasks: task ${before.id} vanished`);
  const old = rollupPart(before);
  const now = rollupPart(row);
  if (old.key !== now.key || old.counts.some((n, i) => n !== now.counts[i])) await addToRollups(db, [old, now].map((p, i) => ({ ...p, sign: i === 0 ? -1 : 1 })));
  return row;
}

const OPEN = new Set(['assigned', 'clarification', 'accepted', 'in_progress']);
/** Month of deadline of tasks with no due day (never in a period). */
export const NO_DUE_MONTH = '9999-12-01';

/** What a task adds to the roll-ups: its (month of deadline, agency) and counts (total, on time, late, not completed, open). */
export function rollupPart(t: Pick<TaskRow, 'due_on' | 'lead_agency_code' | 'completed_on' | 'evaluation' | 'status'>) {
  const month = t.due_on ? `${t.due_on.slice(0, 7)}-01` : NO_DUE_MONTH;
  const done = t.completed_on !== null && t.due_on !== null;
  const counts = [1, done && t.completed_on! <= t.due_on! ? 1 : 0, done && t.completed_on! > t.due_on! ? 1 : 0, t.completed_on === null && t.evaluation === 'not_completed' ? 1 : 0, OPEN.has(t.status) ? 1 : 0];
  return { month, agency: t.lead_agency_code, key: `${month} ${t.lead_agency_code}`, counts };
}

/** Adds parts to the month and the year roll-ups in one statement (both upserted in key order). */
async function addToRollups(db: Executor, parts: { month: string; agency: string; counts: number[]; sign: number }[]): Promise<void> {
  const col = (i: number) => parts.map((p) => p.counts[i]! * p.sign);
  await sql`
    WITH u AS (
      SELECT * FROM unnest(${parts.map((p) => p.month)}::date[], ${parts.map((p) => p.agency)}::text[], ${col(0)}::int[], ${col(1)}::int[], ${col(2)}::int[], ${col(3)}::int[], ${col(4)}::int[])
        AS u(month, agency, total, on_time, late, not_completed, open)
    ), months AS (
      INSERT INTO task_rollups AS r (due_month, agency_code, total, on_time, late, not_completed, open)
      SELECT month, agency, sum(total), sum(on_time), sum(late), sum(not_completed), sum(open) FROM u
      GROUP BY month, agency
      ORDER BY month, agency
      ON CONFLICT (due_month, agency_code) DO UPDATE SET total = r.total + excluded.total, on_time = r.on_time + excluded.on_time, late = r.late + excluded.late,
        not_completed = r.not_completed + excluded.not_completed, open = r.open + excluded.open
      RETURNING 1
    )
    INSERT INTO task_year_rollups AS y (due_year, agency_code, total, on_time, late, not_completed, open)
    SELECT date_trunc('year', month)::date, agency, sum(total), sum(on_time), sum(late), sum(not_completed), sum(open) FROM u
    GROUP BY 1, 2
    ORDER BY 1, 2
    ON CONFLICT (due_year, agency_code) DO UPDATE SET total = y.total + excluded.total, on_time = y.on_time + excluded.on_time, late = y.late + excluded.late,
      not_completed = y.not_completed + excluded.not_completed, open = y.open + excluded.open`.execute(db);
}

/** Rebuilds the roll-ups from the tasks (after a bulk load: the bench; the migration did it once). */
export async function rebuildRollups(db: Executor): Promise<void> {
  await sql`DELETE FROM task_rollups`.execute(db);
  await sql`
    INSERT INTO task_rollups (due_month, agency_code, total, on_time, late, not_completed, open)
    SELECT COALESCE(date_trunc('month', due_on)::date, ${NO_DUE_MONTH}::date), lead_agency_code, count(*),
      count(*) FILTER (WHERE completed_on <= due_on), count(*) FILTER (WHERE completed_on > due_on),
      count(*) FILTER (WHERE completed_on IS NULL AND evaluation = 'not_completed'),
      count(*) FILTER (WHERE status IN ('assigned', 'clarification', 'accepted', 'in_progress'))
    FROM tasks GROUP BY 1, 2`.execute(db);
  await sql`DELETE FROM task_year_rollups`.execute(db);
  await sql`
    INSERT INTO task_year_rollups (due_year, agency_code, total, on_time, late, not_completed, open)
    SELECT date_trunc('year', due_month)::date, agency_code, sum(total), sum(on_time), sum(late), sum(not_completed), sum(open)
    FROM task_rollups GROUP BY 1, 2`.execute(db);
}

export async function insertEvent(
  db: Executor,
  e: { taskId: number; kind: string; note?: string; percent?: number | null; periodKey?: string | null; documentId?: string | null; fileSha256?: string | null; fileName?: string | null; actorId: string; actorName: string; agencyCode: string | null; at: Date },
): Promise<void> {
  await sql`INSERT INTO task_events (task_id, kind, note, progress_percent, period_key, document_id, file_sha256, file_name, actor_account_id, actor_name, agency_code, at)
    VALUES (${e.taskId}, ${e.kind}, ${e.note ?? ''}, ${e.percent ?? null}, ${e.periodKey ?? null}, ${e.documentId ?? null}, ${e.fileSha256 ?? null}, ${e.fileName ?? null}, ${e.actorId}, ${e.actorName}, ${e.agencyCode}, ${e.at})`.execute(db);
}

export async function listEvents(db: Executor, taskIds: readonly number[]): Promise<TaskEventRow[]> {
  if (taskIds.length === 0) return [];
  return (await sql<TaskEventRow>`SELECT id, task_id, kind, note, progress_percent, period_key, document_id, file_sha256, file_name, actor_name, agency_code, at
    FROM task_events WHERE task_id = ANY(${[...taskIds]}::bigint[]) ORDER BY task_id, id`.execute(db)).rows;
}

export async function listExtensions(db: Executor, taskId: number): Promise<ExtensionRow[]> {
  return (await sql<ExtensionRow>`SELECT * FROM task_extensions WHERE task_id = ${taskId} ORDER BY id`.execute(db)).rows;
}

export async function findPendingExtension(db: Executor, taskId: number): Promise<ExtensionRow | undefined> {
  return (await sql<ExtensionRow>`SELECT * FROM task_extensions WHERE task_id = ${taskId} AND status = 'pending' FOR UPDATE`.execute(db)).rows[0];
}

export async function insertExtension(db: Executor, e: { taskId: number; deadline: string; reason: string; byName: string; at: Date }): Promise<void> {
  await sql`INSERT INTO task_extensions (task_id, requested_deadline, reason, requested_by_name, requested_at) VALUES (${e.taskId}, ${e.deadline}, ${e.reason}, ${e.byName}, ${e.at})`.execute(db);
}

export async function decideExtension(db: Executor, id: number, d: { approved: boolean; byName: string; note: string; at: Date }): Promise<void> {
  await sql`UPDATE task_extensions SET status = ${d.approved ? 'approved' : 'rejected'}, decided_by_name = ${d.byName}, decision_note = ${d.note}, decided_at = ${d.at} WHERE id = ${id}`.execute(db);
}

/** Tasks of these cabinet agenda items, in item and conclusion order. */
export async function tasksOfCabinetItems(db: Executor, itemIds: readonly number[]): Promise<TaskRow[]> {
  if (itemIds.length === 0) return [];
  return (await sql<TaskRow>`SELECT * FROM tasks WHERE cabinet_item_id = ANY(${[...itemIds]}::bigint[]) ORDER BY cabinet_item_id, source_ordinal`.execute(db)).rows;
}

export async function fileReferences(db: Executor, sha256s: readonly string[]): Promise<string[]> {
  if (sha256s.length === 0) return [];
  return (await sql<{ sha: string }>`SELECT product_file_sha256 AS sha FROM tasks WHERE product_file_sha256 = ANY(${[...sha256s]}::text[])
    UNION SELECT file_sha256 FROM task_events WHERE file_sha256 = ANY(${[...sha256s]}::text[])`.execute(db)).rows.map((r) => r.sha);
}

/** The indicator codes of these tasks, by task, in code order. */
export async function indicatorsOf(db: Executor, taskIds: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (taskIds.length === 0) return out;
  const rows = (await sql<{ task_id: number; indicator_code: string }>`SELECT task_id, indicator_code FROM task_indicators WHERE task_id = ANY(${[...taskIds]}::bigint[]) ORDER BY task_id, indicator_code`.execute(db)).rows;
  for (const r of rows) out.set(r.task_id, [...(out.get(r.task_id) ?? []), r.indicator_code]);
  return out;
}

/** Makes a task's indicators exactly `codes`; returns what was added and removed. */
export async function setIndicators(db: Executor, taskId: number, codes: readonly string[]): Promise<{ added: string[]; removed: string[] }> {
  const removed = (await sql<{ code: string }>`DELETE FROM task_indicators WHERE task_id = ${taskId} AND NOT (indicator_code = ANY(${[...codes]}::text[])) RETURNING indicator_code AS code`.execute(db)).rows.map((r) => r.code);
  const added = codes.length === 0 ? [] : (await sql<{ code: string }>`INSERT INTO task_indicators (task_id, indicator_code) SELECT ${taskId}, c FROM unnest(${[...codes]}::text[]) AS c
    ON CONFLICT DO NOTHING RETURNING indicator_code AS code`.execute(db)).rows.map((r) => r.code);
  return { added: added.sort(), removed: removed.sort() };
}

/** Tasks that move an indicator, newest first, scoped to a level-1 body when given (led or co-ordinated). */
export async function tasksOfIndicator(db: Executor, code: string, level1: string | undefined, limit: number): Promise<TaskRow[]> {
  const scope = level1 === undefined ? sql`true` : sql`(t.lead_level1 = ${level1} OR t.coordinating_level1 @> ARRAY[${level1}]::text[])`;
  return (await sql<TaskRow>`SELECT t.* FROM task_indicators i JOIN tasks t ON t.id = i.task_id WHERE i.indicator_code = ${code} AND ${scope} ORDER BY t.id DESC LIMIT ${limit}`.execute(db)).rows;
}
