import type { RawBuilder } from 'kysely';
import { sql, type Executor } from '../../platform/db/index.ts';

/**
 * The work queue as one index range per (unit, status): `status = ANY(…)` over several statuses
 * cannot be read from dossiers_unit_queue_idx in due-date order, so PostgreSQL sorted every open
 * dossier of the unit for each page (and a count of an empty queue scanned the table). Each branch
 * here reads its range already ordered and stops at the page's end (a Merge Append); past
 * MAX_BRANCHES (a supervisor over many units) the caller falls back to the plain filter.
 */
export const MAX_BRANCHES = 64;

export interface UnitQueueItem {
  code: string;
  status: number;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  applicantKind: number;
  receivingAgency: string;
  receivedAt: Date;
  dueAt: Date | null;
}

export interface UnitQueueFilter {
  units: readonly string[];
  statuses: readonly number[];
  /** Only dossiers due at or after / before these instants (due soon, overdue). */
  dueFrom?: Date | undefined;
  dueBefore?: Date | undefined;
}


const COLUMNS = sql`id, code, status, procedure_code AS "procedureCode", procedure_name AS "procedureName", applicant_name AS "applicantName",
  applicant_kind AS "applicantKind", receiving_agency AS "receivingAgency", received_at AS "receivedAt", due_at AS "dueAt"`;

function branches(f: UnitQueueFilter, body: (where: RawBuilder<unknown>) => RawBuilder<unknown>): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  for (const unit of f.units) {
    for (const status of f.statuses) {
      const due = [
        ...(f.dueFrom !== undefined ? [sql`due_at >= ${f.dueFrom}`] : []),
        ...(f.dueBefore !== undefined ? [sql`due_at < ${f.dueBefore}`] : []),
      ];
      parts.push(body(sql.join([sql`receiving_agency = ${unit}`, sql`status = ${status}::smallint`, ...due], sql` AND `)));
    }
  }
  return parts;
}

export const branchCount = (f: UnitQueueFilter) => f.units.length * f.statuses.length;

function listByBranches(f: UnitQueueFilter, limit: number, offset: number): RawBuilder<UnitQueueItem & { id: number | string }> {
  const reach = limit + offset;
  const parts = branches(f, (where) => sql`(SELECT ${COLUMNS} FROM dossiers WHERE ${where} ORDER BY due_at NULLS LAST, id LIMIT ${reach})`);
  return sql<UnitQueueItem & { id: number | string }>`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) q ORDER BY "dueAt" NULLS LAST, id LIMIT ${limit} OFFSET ${offset}`;
}

/** A row of COLUMNS as a queue item (only its columns: a row may carry others). */
const queueItem = (r: UnitQueueItem): UnitQueueItem => ({
  code: r.code, status: Number(r.status), procedureCode: r.procedureCode, procedureName: r.procedureName, applicantName: r.applicantName, applicantKind: Number(r.applicantKind),
  receivingAgency: r.receivingAgency, receivedAt: new Date(r.receivedAt), dueAt: r.dueAt === null ? null : new Date(r.dueAt),
});

export async function listUnitQueueByBranches(ex: Executor, f: UnitQueueFilter, limit: number, offset: number): Promise<UnitQueueItem[]> {
  return (await listByBranches(f, limit, offset).execute(ex)).rows.map(queueItem);
}

/**
 * A count of the filter read from the queue index, stopping at `cap`: one index range per
 * (unit, status) pair, read in a nested loop over the pairs — a plan of the same size however
 * many pairs (a UNION ALL of one branch per pair took twice as long to plan, ~0.4–0.6 ms for the
 * work page's two timed counts at 100,000 open dossiers). Ordered as the index is, so that the
 * planner reads the index range even where it guesses (from independent statistics of unit and
 * status) that a scan of the table would stop early.
 */
function cappedCount(f: UnitQueueFilter, cap: number): RawBuilder<unknown> {
  const due = [
    ...(f.dueFrom !== undefined ? [sql`d.due_at >= ${f.dueFrom}`] : []),
    ...(f.dueBefore !== undefined ? [sql`d.due_at < ${f.dueBefore}`] : []),
  ];
  const where = sql.join([sql`d.receiving_agency = u.unit`, sql`d.status = s.status`, ...due], sql` AND `);
  return sql`(SELECT count(*) FROM (SELECT 1 FROM unnest(${[...f.units]}::text[]) u(unit) CROSS JOIN unnest(${[...f.statuses]}::smallint[]) s(status)
    CROSS JOIN LATERAL (SELECT 1 FROM dossiers d WHERE ${where} ORDER BY d.due_at NULLS LAST, d.id LIMIT ${cap}) x LIMIT ${cap}) q)`;
}

export async function countUnitQueueByBranches(ex: Executor, f: UnitQueueFilter, cap: number): Promise<number> {
  const row = await sql<{ n: number | string }>`SELECT ${cappedCount(f, cap)} AS n`.execute(ex);
  return Number(row.rows[0]?.n ?? 0);
}

/** A queue of the units: its statuses, and for the time-dependent queues (due soon, overdue) a range of due dates. */
export type QueueOfUnits = Omit<UnitQueueFilter, 'units'>;

/**
 * The counts of several queues of the same units in one statement, each no further than `cap`
 * (exactly what countUnitQueue answers for each). A queue by status alone is summed from
 * dossier_queue_counts (dossiers 0013: kept by triggers in every writing transaction, so never
 * behind the table); a queue with a due-date range moves with the clock and is counted from
 * the index, to the cap.
 */
/** The columns of countUnitQueues' statement, and how to read them back from its row. */
function countColumns(units: readonly string[], queues: readonly QueueOfUnits[], cap: number) {
  const timed = queues.flatMap((q, i) => (q.dueFrom !== undefined || q.dueBefore !== undefined) && q.statuses.length > 0 ? [{ i, f: { ...q, units } }] : []);
  const columns = [
    sql`(SELECT coalesce(json_object_agg(status, n), '{}'::json) FROM (
           SELECT status, sum(n)::bigint AS n FROM dossier_queue_counts WHERE receiving_agency = ANY(${[...units]}::text[]) GROUP BY status) s) AS "byStatus"`,
    ...timed.map((t, k) => sql`${cappedCount(t.f, cap)} AS ${sql.ref(`t${k}`)}`),
  ];
  const read = (row: Record<string, unknown>): number[] => {
    const raw = row.byStatus;
    const byStatus = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as Record<string, number | string>;
    const counts = queues.map((q) => Math.min(cap, q.statuses.reduce((sum, s) => sum + Number(byStatus[String(s)] ?? 0), 0)));
    timed.forEach((t, k) => (counts[t.i] = Number(row[`t${k}`] ?? 0)));
    return counts;
  };
  return { columns: sql.join(columns), read };
}

export async function countUnitQueues(ex: Executor, units: readonly string[], queues: readonly QueueOfUnits[], cap: number): Promise<number[]> {
  if (units.length === 0) return queues.map(() => 0);
  const { columns, read } = countColumns(units, queues, cap);
  return read((await sql<Record<string, unknown>>`SELECT ${columns}`.execute(ex)).rows[0] ?? {});
}

/**
 * A page of a queue (as listUnitQueue) and the counts of the units' queues (as countUnitQueues)
 * in one statement: the work page's two reads of dossiers in one round trip. Within MAX_BRANCHES
 * pairs and for a non-empty filter (the caller checks: unitQueuePageAndCounts).
 */
export async function unitQueuePageAndCountsByBranches(ex: Executor, f: UnitQueueFilter, limit: number, offset: number, queues: readonly QueueOfUnits[], cap: number): Promise<{ items: UnitQueueItem[]; counts: number[] }> {
  const { columns, read } = countColumns(f.units, queues, cap);
  // One row per line of the page, each carrying the counts (one row of counts alone when the page is empty).
  const rows = await sql<Record<string, unknown> & { code: string | null }>`
    WITH page AS (${listByBranches(f, limit, offset)}), counts AS (SELECT ${columns})
    SELECT counts.*, page.* FROM counts LEFT JOIN page ON true ORDER BY page."dueAt" NULLS LAST, page.id`.execute(ex);
  const first = rows.rows[0] ?? {};
  return { items: rows.rows.filter((r) => r.code !== null).map((r) => queueItem(r as unknown as UnitQueueItem & { id: number })), counts: read(first) };
}

/** The queue rows of these dossiers, in the order given (a queue kept elsewhere: "my work", liên thông); unknown codes are left out. */
export async function listQueueItemsByCode(ex: Executor, codes: readonly string[]): Promise<UnitQueueItem[]> {
  if (codes.length === 0) return [];
  const rows = await sql<UnitQueueItem & { id: number | string }>`SELECT ${COLUMNS} FROM dossiers WHERE code = ANY(${[...codes]}::text[])`.execute(ex);
  const byCode = new Map(rows.rows.map(({ id: _id, ...item }) => [item.code, { ...item, status: Number(item.status), applicantKind: Number(item.applicantKind), receivedAt: new Date(item.receivedAt), dueAt: item.dueAt === null ? null : new Date(item.dueAt) }]));
  return codes.flatMap((c) => byCode.get(c) ?? []);
}
