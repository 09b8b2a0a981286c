import type { Selectable } from 'kysely';
import { sql, type Executor } from '../../platform/db/index.ts';
import type { ProcedureDocument } from './catalog.schemas.ts';
import { tables, type ProcedureStatus, type ProcedureVersionsTable } from './catalog.tables.ts';
import type { IndexRow, Listing } from './procedure-index.ts';

/**
 * SQL of the catalogue (catalog.tables.ts). Reads and single-row writes go through the typed
 * builder; batch writes pass a whole batch as one JSON parameter expanded with
 * jsonb_to_recordset, so a batch of hundreds of procedures costs a handful of round trips.
 */

export type { ProcedureStatus };

/** What a write needs to know about a stored procedure. */
export interface ProcedureState {
  code: string;
  status: ProcedureStatus;
  currentVersionId: number | null;
  draftVersionId: number | null;
  scopeLevel1: string[];
  maxVersion: number;
  currentDocument: ProcedureDocument | null;
  draftDocument: ProcedureDocument | null;
}

export interface VersionRow {
  id: number;
  procedureCode: string;
  version: number;
  document: ProcedureDocument;
  createdAt: Date;
  createdBy: string;
  publishedAt: Date | null;
  publishedBy: string | null;
}

interface StateRow {
  code: string;
  status: ProcedureStatus;
  current_version_id: number | null;
  draft_version_id: number | null;
  scope_level1: string[];
  max_version: number | null;
  current_document: ProcedureDocument | null;
  draft_document: ProcedureDocument | null;
}

/** Stored procedures among `codes`, locked for the caller's transaction when `lock`. */
export async function findStates(ex: Executor, codes: readonly string[], options: { lock?: boolean } = {}): Promise<Map<string, ProcedureState>> {
  if (codes.length === 0) return new Map();
  const lock = options.lock ? sql`FOR UPDATE OF p` : sql``;
  const result = await sql<StateRow>`
    SELECT p.code, p.status, p.current_version_id, p.draft_version_id, p.scope_level1,
           (SELECT max(v.version) FROM procedure_versions v WHERE v.procedure_code = p.code) AS max_version,
           c.document AS current_document, d.document AS draft_document
    FROM procedures p
    LEFT JOIN procedure_versions c ON c.id = p.current_version_id
    LEFT JOIN procedure_versions d ON d.id = p.draft_version_id
    WHERE p.code = ANY(${[...codes]}::text[])
    ${lock}
  `.execute(ex);
  return new Map(
    result.rows.map((r) => [
      r.code,
      {
        code: r.code,
        status: r.status,
        currentVersionId: r.current_version_id,
        draftVersionId: r.draft_version_id,
        scopeLevel1: r.scope_level1,
        maxVersion: r.max_version ?? 0,
        currentDocument: r.current_document,
        draftDocument: r.draft_document,
      },
    ]),
  );
}

/**
 * One procedure's change, decided by the service (catalog.writes.ts) and carried out here.
 * `'new'` stands for the id of the version this write inserts.
 */
export interface PlannedWrite {
  code: string;
  document: ProcedureDocument;
  index: IndexRow;
  createRow: boolean;
  /** Insert a version with this number holding `document`. */
  newVersion: number | null;
  /** Overwrite the document of this unpublished version. */
  overwriteDraftId: number | null;
  /** Publish the new version or this existing draft. */
  publish: 'new' | number | null;
  status: ProcedureStatus;
  current: 'new' | number | null;
  draft: 'new' | number | null;
  /** Refresh the search and list columns from `document`. */
  setIndex: boolean;
  /** The procedure becomes (again) visible to the public now: sets published_at. */
  markPublished: boolean;
}

const INDEX_COLUMNS = sql`code text, base_code text, variant_agency text, name text, field_code text, field_name text,
  competent_agency text, competent_agency_name text, scope_level1 text[], agency_codes text[], province_codes text[],
  applicant_types text[], online_level text, listing jsonb, search_name text, search_extra text`;

const INDEX_SET = sql`name = r.name, field_code = r.field_code, field_name = r.field_name, competent_agency = r.competent_agency,
  competent_agency_name = r.competent_agency_name, scope_level1 = r.scope_level1, agency_codes = r.agency_codes,
  province_codes = r.province_codes, applicant_types = r.applicant_types, online_level = r.online_level,
  listing = r.listing, search_name = r.search_name, search_extra = r.search_extra`;

/**
 * Carries out a batch of planned writes in the caller's transaction; returns the new version
 * ids by code. Each row is written once (an update leaves a dead row behind, and a bulk import
 * that inserted then updated every row doubled the table): versions go first, published at
 * once when the write publishes them (their foreign key to procedures is checked at commit),
 * then new procedures complete with their version ids.
 */
export async function applyWritesInTx(tx: Executor, writes: readonly PlannedWrite[], by: string): Promise<Map<string, number>> {
  const newIds = new Map<string, number>();
  const versions = writes.filter((w) => w.newVersion !== null).map((w) => ({ code: w.code, version: w.newVersion, document: w.document, publish: w.publish === 'new' }));
  if (versions.length > 0) {
    const inserted = await sql<{ id: number; procedure_code: string }>`
      INSERT INTO procedure_versions (procedure_code, version, document, created_by, published_at, published_by)
      SELECT code, version, document, ${by}, CASE WHEN publish THEN now() END, CASE WHEN publish THEN ${by} END
      FROM jsonb_to_recordset(${JSON.stringify(versions)}::jsonb) AS r (code text, version integer, document jsonb, publish boolean)
      RETURNING id, procedure_code
    `.execute(tx);
    for (const row of inserted.rows) newIds.set(row.procedure_code, Number(row.id));
  }
  const resolve = (code: string, ref: 'new' | number | null): number | null => {
    if (ref !== 'new') return ref;
    const id = newIds.get(code);
    if (id === undefined) throw new Error(`applyWritesInTx: no new version was inserted for ${code}`);
    return id;
  };
  const pointers = (w: PlannedWrite) => ({ status: w.status, current: resolve(w.code, w.current), draft: resolve(w.code, w.draft), published: w.markPublished });

  const created = writes.filter((w) => w.createRow).map((w) => ({ ...w.index, ...pointers(w) }));
  if (created.length > 0) {
    await sql`
      INSERT INTO procedures (code, base_code, variant_agency, status, current_version_id, draft_version_id, published_at, name, field_code,
        field_name, competent_agency, competent_agency_name, scope_level1, agency_codes, province_codes, applicant_types, online_level,
        listing, search_name, search_extra)
      SELECT code, base_code, variant_agency, status, current, draft, CASE WHEN published THEN now() END, name, field_code,
        field_name, competent_agency, competent_agency_name, scope_level1, agency_codes, province_codes, applicant_types, online_level,
        listing, search_name, search_extra
      FROM jsonb_to_recordset(${JSON.stringify(created)}::jsonb)
        AS r (${INDEX_COLUMNS}, status text, current bigint, draft bigint, published boolean)
    `.execute(tx);
  }

  const overwrites = writes.filter((w) => w.overwriteDraftId !== null).map((w) => ({ id: w.overwriteDraftId, document: w.document }));
  if (overwrites.length > 0) {
    await sql`
      UPDATE procedure_versions v SET document = r.document, updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(overwrites)}::jsonb) AS r (id bigint, document jsonb)
      WHERE v.id = r.id AND v.published_at IS NULL
    `.execute(tx);
  }
  const draftsPublished = writes.flatMap((w) => (typeof w.publish === 'number' ? [w.publish] : []));
  if (draftsPublished.length > 0) {
    await sql`
      UPDATE procedure_versions SET published_at = now(), published_by = ${by}, updated_at = now()
      WHERE id = ANY(${draftsPublished}::bigint[]) AND published_at IS NULL
    `.execute(tx);
  }

  const existing = writes.filter((w) => !w.createRow);
  for (const reindex of [true, false]) {
    const rows = existing.filter((w) => w.setIndex === reindex).map((w) => ({ ...w.index, ...pointers(w) }));
    if (rows.length === 0) continue;
    await sql`
      UPDATE procedures p
      SET status = r.status, current_version_id = r.current, draft_version_id = r.draft, updated_at = now(),
          published_at = CASE WHEN r.published THEN now() ELSE p.published_at END
          ${reindex ? sql`, ${INDEX_SET}` : sql``}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r (${INDEX_COLUMNS}, status text, current bigint, draft bigint, published boolean)
      WHERE p.code = r.code
    `.execute(tx);
  }
  return newIds;
}

export async function setStatusInTx(tx: Executor, code: string, status: ProcedureStatus): Promise<void> {
  await tables(tx).updateTable('procedures').set({ status, updated_at: sql<Date>`now()` }).where('code', '=', code).execute();
}

/** Marks a change of the published catalogue: other processes drop their cached searches. */
export async function bumpGenerationInTx(tx: Executor): Promise<void> {
  await tables(tx)
    .updateTable('catalog_state')
    .set((eb) => ({ generation: eb('generation', '+', 1) }))
    .execute();
}

export async function readGeneration(ex: Executor): Promise<number> {
  const row = await tables(ex).selectFrom('catalog_state').select('generation').executeTakeFirst();
  return Number(row?.generation ?? 0);
}

const toVersion = (r: Selectable<ProcedureVersionsTable>): VersionRow => ({
  id: Number(r.id),
  procedureCode: r.procedure_code,
  version: r.version,
  document: r.document,
  createdAt: r.created_at,
  createdBy: r.created_by,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
});

export async function findVersion(ex: Executor, id: number): Promise<VersionRow | undefined> {
  const row = await tables(ex).selectFrom('procedure_versions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toVersion(row) : undefined;
}

export async function listVersions(ex: Executor, code: string): Promise<VersionRow[]> {
  const rows = await tables(ex).selectFrom('procedure_versions').selectAll().where('procedure_code', '=', code).orderBy('version', 'desc').execute();
  return rows.map(toVersion);
}

/** The published version of a procedure with status published. */
export async function findPublished(ex: Executor, code: string): Promise<VersionRow | undefined> {
  const row = await tables(ex)
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as v', 'v.id', 'p.current_version_id')
    .selectAll('v')
    .where('p.code', '=', code)
    .where('p.status', '=', 'published')
    .executeTakeFirst();
  return row ? toVersion(row) : undefined;
}

/** A row of the officials' list. */
export interface AdminListItem {
  code: string;
  name: string;
  status: ProcedureStatus;
  hasDraft: boolean;
  competentAgency: string;
  competentAgencyName: string;
  updatedAt: Date;
}

export async function listForAdmin(
  ex: Executor,
  query: { level1?: string | undefined; folded?: string | undefined; codePrefix?: string | undefined; status?: ProcedureStatus | undefined; limit: number; offset: number },
): Promise<{ items: AdminListItem[]; total: number }> {
  let select = tables(ex)
    .selectFrom('procedures')
    .select((eb) => ['code', 'name', 'status', 'draft_version_id', 'competent_agency', 'competent_agency_name', 'updated_at', eb.fn.countAll<number>().over().as('total')]);
  if (query.level1) select = select.where('scope_level1', '@>', containing(query.level1));
  if (query.status) select = select.where('status', '=', query.status);
  if (query.codePrefix) select = select.where('code', 'like', `${query.codePrefix}%`);
  else if (query.folded) select = select.where(sql<string>`search_name || ' ' || search_extra`, 'like', `%${query.folded}%`);
  const rows = await select.orderBy('code').limit(query.limit).offset(query.offset).execute();
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      code: r.code,
      name: r.name,
      status: r.status,
      hasDraft: r.draft_version_id !== null,
      competentAgency: r.competent_agency,
      competentAgencyName: r.competent_agency_name,
      updatedAt: r.updated_at,
    })),
  };
}

/** The one-element text[] a `@>` filter on an array column asks for. */
const containing = (value: string) => sql<string[]>`ARRAY[${value}]::text[]`;

/** Documents for export: the published version of each procedure (the draft of one never published when `withDrafts`). */
export async function listDocuments(ex: Executor, query: { level1?: string | undefined; withDrafts: boolean }): Promise<ProcedureDocument[]> {
  let select = tables(ex)
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as v', (join) => join.on((eb) => eb('v.id', '=', eb.fn.coalesce('p.current_version_id', 'p.draft_version_id'))))
    .select('v.document');
  if (!query.withDrafts) select = select.where('p.status', '=', 'published');
  if (query.level1) select = select.where('p.scope_level1', '@>', containing(query.level1));
  const rows = await select.orderBy('p.code').execute();
  return rows.map((r) => r.document);
}

export async function countProcedures(ex: Executor, status?: ProcedureStatus): Promise<number> {
  let select = tables(ex).selectFrom('procedures').select((eb) => eb.fn.countAll<number>().as('n'));
  if (status) select = select.where('status', '=', status);
  const row = await select.executeTakeFirst();
  return Number(row?.n ?? 0);
}

export type { Listing };
