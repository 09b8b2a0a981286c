import { sql, type Executor } from '../../platform/db/index.ts';
import { DossierErrors } from './dossiers.errors.ts';
import type { DossierRow } from './dossiers.repository.ts';
import { tables } from './dossiers.tables.ts';
import { branchCount, countUnitQueueByBranches, countUnitQueues, listUnitQueueByBranches, MAX_BRANCHES, unitQueuePageAndCountsByBranches, type QueueOfUnits, type UnitQueueFilter, type UnitQueueItem } from './dossiers.unit-queue.ts';

/**
 * The door through which a processing system (egov's back office, and agencies' own systems
 * through the status sync) changes a dossier's state: one guarded UPDATE on the version that
 * was read (optimistic versioning) and its progress entry, in the caller's transaction. The
 * caller adds its audit entry and fact in that same transaction, so nothing is half-applied.
 */

export interface DossierState extends DossierRow {
  version: number;
  stateAt: Date | null;
}

export interface ProgressEntry {
  status: number;
  note: string | null;
  at: Date;
  byName: string | null;
  byPosition: string | null;
  unitName: string | null;
  stepStartedAt: Date | null;
  stepDueAt: Date | null;
}

export interface StateChange {
  status: number;
  /** A new statutory due date-time (acceptance, apology); unchanged when omitted. */
  dueAt?: Date | null;
  note: string | null;
  byName: string | null;
  byPosition?: string | null;
  unitName?: string | null;
  stepStartedAt?: Date | null;
  stepDueAt?: Date | null;
  at?: Date;
}

export async function findDossierState(ex: Executor, code: string): Promise<DossierState | undefined> {
  return tables(ex)
    .selectFrom('dossiers')
    .select([
      'id', 'code', 'procedure_code as procedureCode', 'procedure_version_id as procedureVersionId', 'procedure_name as procedureName', 'case_code as caseCode',
      'applicant_account_id as applicantAccountId', 'applicant_kind as applicantKind', 'applicant_identifier as applicantIdentifier', 'applicant_name as applicantName',
      'applicant_phone_last4 as applicantPhoneLast4', 'applicant_email as applicantEmail', 'receiving_agency as receivingAgency', 'status', 'received_at as receivedAt',
      'due_at as dueAt', 'form_data as formData', 'source', 'version', 'state_at as stateAt',
    ])
    .where('code', '=', code)
    .executeTakeFirst();
}

/**
 * Applies a change if the dossier is still at `expectedVersion`; throws
 * `dossiers.dossier_changed` (409) otherwise, leaving the caller's transaction to roll back.
 * Returns the new version.
 */
export async function transitionDossierInTx(tx: Executor, code: string, expectedVersion: number, change: StateChange): Promise<{ id: number; version: number }> {
  const at = change.at ?? new Date();
  const row = await tables(tx)
    .updateTable('dossiers')
    .set((eb) => ({
      status: change.status,
      version: eb('version', '+', 1),
      state_at: at,
      updated_at: sql<Date>`now()`,
      ...(change.dueAt !== undefined ? { due_at: change.dueAt } : {}),
    }))
    .where('code', '=', code)
    .where('version', '=', expectedVersion)
    .returning(['id', 'version'])
    .executeTakeFirst();
  if (!row) throw DossierErrors.dossierChanged();
  await tables(tx)
    .insertInto('dossier_events')
    .values({
      dossier_id: row.id,
      status: change.status,
      note: change.note,
      at,
      by_name: change.byName,
      by_position: change.byPosition ?? null,
      unit_name: change.unitName ?? null,
      step_started_at: change.stepStartedAt ?? null,
      step_due_at: change.stepDueAt ?? null,
    })
    .execute();
  return row;
}

/** The whole progress history (the official's view: positions, units, step dates). */
export async function listProgress(ex: Executor, dossierId: number): Promise<ProgressEntry[]> {
  return tables(ex)
    .selectFrom('dossier_events')
    .select(['status', 'note', 'at', 'by_name as byName', 'by_position as byPosition', 'unit_name as unitName', 'step_started_at as stepStartedAt', 'step_due_at as stepDueAt'])
    .where('dossier_id', '=', dossierId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export interface DossierFile {
  id: number;
  componentIndex: number;
  sha256: string;
  size: number;
  contentType: string;
  originalName: string;
  uploadedAt: Date;
}

export async function listDossierFiles(ex: Executor, dossierId: number): Promise<DossierFile[]> {
  return tables(ex)
    .selectFrom('dossier_uploads')
    .select(['id', 'component_index as componentIndex', 'sha256', 'size', 'content_type as contentType', 'original_name as originalName', 'uploaded_at as uploadedAt'])
    .where('dossier_id', '=', dossierId)
    .orderBy('component_index')
    .orderBy('id')
    .execute();
}

const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/** listProgress and listDossierFiles of one dossier in one statement (the official's dossier page reads both on every view). */
export async function listProgressAndFiles(ex: Executor, dossierId: number): Promise<{ progress: ProgressEntry[]; files: DossierFile[] }> {
  const result = await sql<{ p: unknown; f: unknown }>`
    SELECT (SELECT coalesce(json_agg(e ORDER BY e.at, e.id), '[]'::json) FROM (
              SELECT id, status, note, at, by_name AS "byName", by_position AS "byPosition", unit_name AS "unitName", step_started_at AS "stepStartedAt", step_due_at AS "stepDueAt"
                FROM dossier_events WHERE dossier_id = ${dossierId}) e) AS p,
           (SELECT coalesce(json_agg(u ORDER BY u."componentIndex", u.id), '[]'::json) FROM (
              SELECT id, component_index AS "componentIndex", sha256, size, content_type AS "contentType", original_name AS "originalName", uploaded_at AS "uploadedAt"
                FROM dossier_uploads WHERE dossier_id = ${dossierId}) u) AS f
  `.execute(ex);
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : (v ?? [])) as Record<string, unknown>[];
  const row = result.rows[0];
  return {
    progress: json(row?.p).map((e) => ({ status: Number(e.status), note: e.note as string | null, at: new Date(e.at as string), byName: e.byName as string | null, byPosition: e.byPosition as string | null, unitName: e.unitName as string | null, stepStartedAt: dateOrNull(e.stepStartedAt), stepDueAt: dateOrNull(e.stepDueAt) })),
    files: json(row?.f).map((u) => ({ id: Number(u.id), componentIndex: Number(u.componentIndex), sha256: u.sha256 as string, size: Number(u.size), contentType: u.contentType as string, originalName: u.originalName as string, uploadedAt: new Date(u.uploadedAt as string) })),
  };
}

export type { QueueOfUnits, UnitQueueFilter, UnitQueueItem } from './dossiers.unit-queue.ts';
export { countUnitQueues, listQueueItemsByCode } from './dossiers.unit-queue.ts';

/** A page of a unit queue and the counts of the units' queues, in one statement where the page is read by branches. */
export async function unitQueuePageAndCounts(ex: Executor, f: UnitQueueFilter, limit: number, offset: number, queues: readonly QueueOfUnits[], cap: number): Promise<{ items: UnitQueueItem[]; counts: number[] }> {
  if (f.units.length > 0 && f.statuses.length > 0 && branchCount(f) <= MAX_BRANCHES) return unitQueuePageAndCountsByBranches(ex, f, limit, offset, queues, cap);
  const [items, counts] = await Promise.all([listUnitQueue(ex, f, limit, offset), countUnitQueues(ex, f.units, queues, cap)]);
  return { items, counts };
}

const statusIn = (statuses: readonly number[]) => sql<number[]>`${[...statuses]}::smallint[]`;
const unitIn = (units: readonly string[]) => sql<string[]>`${[...units]}::text[]`;

function filtered(ex: Executor, f: UnitQueueFilter) {
  return tables(ex)
    .selectFrom('dossiers')
    .where('receiving_agency', '=', (eb) => eb.fn.any(unitIn(f.units)))
    .where('status', '=', (eb) => eb.fn.any(statusIn(f.statuses)))
    .$if(f.dueFrom !== undefined, (qb) => qb.where('due_at', '>=', f.dueFrom as Date))
    .$if(f.dueBefore !== undefined, (qb) => qb.where('due_at', '<', f.dueBefore as Date));
}

/** A page of a unit's work queue, the most urgent first: every column is in dossiers_unit_queue_idx. */
export async function listUnitQueue(ex: Executor, f: UnitQueueFilter, limit: number, offset: number): Promise<UnitQueueItem[]> {
  if (f.units.length === 0 || f.statuses.length === 0) return [];
  if (branchCount(f) <= MAX_BRANCHES) return listUnitQueueByBranches(ex, f, limit, offset);
  return filtered(ex, f)
    .select(['code', 'status', 'procedure_code as procedureCode', 'procedure_name as procedureName', 'applicant_name as applicantName', 'applicant_kind as applicantKind', 'receiving_agency as receivingAgency', 'received_at as receivedAt', 'due_at as dueAt'])
    .orderBy('due_at', (ob) => ob.nullsLast())
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** How many dossiers a filter holds, counted no further than `cap` (a finished archive is not counted whole on every page). */
export async function countUnitQueue(ex: Executor, f: UnitQueueFilter, cap = 10_000): Promise<number> {
  if (f.units.length === 0 || f.statuses.length === 0) return 0;
  if (branchCount(f) <= MAX_BRANCHES) return countUnitQueueByBranches(ex, f, cap);
  const row = await tables(ex)
    .selectFrom(filtered(ex, f).select('id').limit(cap).as('q'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
