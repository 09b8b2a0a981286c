import { sql, type Executor } from '../../platform/db/index.ts';
import type { ProcedureDocument } from './catalog.schemas.ts';
import type { IndexRow, Listing } from './procedure-index.ts';

/**
 * SQL of the catalogue. The module's tables (migrations/0001_catalog.sql) are read and written
 * with plain SQL: bulk paths pass a whole batch as one JSON parameter expanded with
 * jsonb_to_recordset, so a batch of hundreds of procedures costs a handful of round trips.
 */

export type ProcedureStatus = 'draft' | 'published' | 'withdrawn';

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
  await sql`UPDATE procedures SET status = ${status}, updated_at = now() WHERE code = ${code}`.execute(tx);
}

/** Marks a change of the published catalogue: other processes drop their cached searches. */
export async function bumpGenerationInTx(tx: Executor): Promise<void> {
  await sql`UPDATE catalog_state SET generation = generation + 1`.execute(tx);
}

export async function readGeneration(ex: Executor): Promise<number> {
  const result = await sql<{ generation: number }>`SELECT generation FROM catalog_state`.execute(ex);
  return Number(result.rows[0]?.generation ?? 0);
}

interface VersionDbRow {
  id: number;
  procedure_code: string;
  version: number;
  document: ProcedureDocument;
  created_at: Date;
  created_by: string;
  published_at: Date | null;
  published_by: string | null;
}

const toVersion = (r: VersionDbRow): VersionRow => ({
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
  const result = await sql<VersionDbRow>`SELECT * FROM procedure_versions WHERE id = ${id}`.execute(ex);
  return result.rows[0] ? toVersion(result.rows[0]) : undefined;
}

export async function listVersions(ex: Executor, code: string): Promise<VersionRow[]> {
  const result = await sql<VersionDbRow>`SELECT * FROM procedure_versions WHERE procedure_code = ${code} ORDER BY version DESC`.execute(ex);
  return result.rows.map(toVersion);
}

/** The published version of a procedure with status published. */
export async function findPublished(ex: Executor, code: string): Promise<VersionRow | undefined> {
  const result = await sql<VersionDbRow>`
    SELECT v.* FROM procedures p JOIN procedure_versions v ON v.id = p.current_version_id
    WHERE p.code = ${code} AND p.status = 'published'
  `.execute(ex);
  return result.rows[0] ? toVersion(result.rows[0]) : undefined;
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
  const conditions = [sql`true`];
  if (query.level1) conditions.push(sql`scope_level1 @> ARRAY[${query.level1}]::text[]`);
  if (query.status) conditions.push(sql`status = ${query.status}`);
  if (query.codePrefix) conditions.push(sql`code LIKE ${`${query.codePrefix}%`}`);
  else if (query.folded) conditions.push(sql`(search_name || ' ' || search_extra) LIKE ${`%${query.folded}%`}`);
  const result = await sql<{
    code: string;
    name: string;
    status: ProcedureStatus;
    draft_version_id: number | null;
    competent_agency: string;
    competent_agency_name: string;
    updated_at: Date;
    total: number;
  }>`
    SELECT code, name, status, draft_version_id, competent_agency, competent_agency_name, updated_at, count(*) OVER () AS total
    FROM procedures WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY code LIMIT ${query.limit} OFFSET ${query.offset}
  `.execute(ex);
  return {
    total: Number(result.rows[0]?.total ?? 0),
    items: result.rows.map((r) => ({
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

/** Documents for export: the published version of each procedure (the draft of one never published when `withDrafts`). */
export async function listDocuments(ex: Executor, query: { level1?: string | undefined; withDrafts: boolean }): Promise<ProcedureDocument[]> {
  const scope = query.level1 ? sql`AND p.scope_level1 @> ARRAY[${query.level1}]::text[]` : sql``;
  const status = query.withDrafts ? sql`` : sql`AND p.status = 'published'`;
  const result = await sql<{ document: ProcedureDocument }>`
    SELECT v.document FROM procedures p
    JOIN procedure_versions v ON v.id = coalesce(p.current_version_id, p.draft_version_id)
    WHERE true ${status} ${scope}
    ORDER BY p.code
  `.execute(ex);
  return result.rows.map((r) => r.document);
}

export async function countProcedures(ex: Executor, status?: ProcedureStatus): Promise<number> {
  const where = status ? sql`WHERE status = ${status}` : sql``;
  const result = await sql<{ n: number }>`SELECT count(*) AS n FROM procedures ${where}`.execute(ex);
  return Number(result.rows[0]?.n ?? 0);
}

export type { Listing };
