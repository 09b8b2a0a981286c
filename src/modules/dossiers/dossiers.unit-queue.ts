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

export async function listUnitQueueByBranches(ex: Executor, f: UnitQueueFilter, limit: number, offset: number): Promise<UnitQueueItem[]> {
  const reach = limit + offset;
  const parts = branches(f, (where) => sql`(SELECT ${COLUMNS} FROM dossiers WHERE ${where} ORDER BY due_at NULLS LAST, id LIMIT ${reach})`);
  const rows = await sql<UnitQueueItem & { id: number | string }>`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) q ORDER BY "dueAt" NULLS LAST, id LIMIT ${limit} OFFSET ${offset}`.execute(ex);
  return rows.rows.map(({ id: _id, ...item }) => ({ ...item, status: Number(item.status), applicantKind: Number(item.applicantKind), receivedAt: new Date(item.receivedAt), dueAt: item.dueAt === null ? null : new Date(item.dueAt) }));
}

export async function countUnitQueueByBranches(ex: Executor, f: UnitQueueFilter, cap: number): Promise<number> {
  // Ordered as the index is, so that the planner reads the index range even where it guesses
  // (from independent statistics of unit and status) that a scan of the table would stop early.
  const parts = branches(f, (where) => sql`(SELECT 1 FROM dossiers WHERE ${where} ORDER BY due_at NULLS LAST, id LIMIT ${cap})`);
  const row = await sql<{ n: number | string }>`SELECT count(*) AS n FROM (SELECT 1 FROM (${sql.join(parts, sql` UNION ALL `)}) u LIMIT ${cap}) q`.execute(ex);
  return Number(row.rows[0]?.n ?? 0);
}
