import { sql, type Executor } from '../../platform/db/index.ts';
import type { ApplicantType, ImplementingLevel, OnlineLevel } from './catalog.schemas.ts';
import { tables } from './catalog.tables.ts';
import type { Listing } from './procedure-index.ts';

/**
 * What search reads from PostgreSQL: the published procedures (once per catalogue generation,
 * into each process's index, search-index.ts), the synonym dictionary, how often each
 * procedure is used, and the filter choices. Queries themselves never reach the database.
 */

export interface SearchFilters {
  agency?: string | undefined;
  province?: string | undefined;
  field?: string | undefined;
  applicant?: ApplicantType | undefined;
  level?: OnlineLevel | undefined;
}

/** One published procedure as the search index holds it. */
export interface IndexSourceRow {
  code: string;
  base_code: string;
  variant_agency: string | null;
  name: string;
  field_code: string;
  field_name: string;
  competent_agency: string;
  competent_agency_name: string;
  agency_codes: string[];
  province_codes: string[];
  applicant_types: ApplicantType[];
  online_level: OnlineLevel | null;
  listing: Listing;
  search_name: string;
  search_extra: string;
  implementing_level: ImplementingLevel | null;
  receiving_agencies: string[] | null;
}

/** Every published procedure, in code order; the level and receiving bodies come from the published document. */
export async function readIndexRows(ex: Executor): Promise<IndexSourceRow[]> {
  const result = await sql<IndexSourceRow>`
    SELECT p.code, p.base_code, p.variant_agency, p.name, p.field_code, p.field_name, p.competent_agency, p.competent_agency_name,
           p.agency_codes, p.province_codes, p.applicant_types, p.online_level, p.listing, p.search_name, p.search_extra,
           v.document->>'implementingLevel' AS implementing_level, v.document->'receivingAgencies' AS receiving_agencies
    FROM procedures p JOIN procedure_versions v ON v.id = p.current_version_id
    WHERE p.status = 'published'
    ORDER BY p.code
  `.execute(ex);
  return result.rows;
}

export interface SynonymRow {
  phraseKey: string;
  phrase: string;
  meaning: string;
  updatedAt: Date;
  updatedBy: string | null;
}

export async function readSynonyms(ex: Executor): Promise<SynonymRow[]> {
  const rows = await tables(ex).selectFrom('search_synonyms').selectAll().orderBy('phrase_key').execute();
  return rows.map((r) => ({ phraseKey: r.phrase_key, phrase: r.phrase, meaning: r.meaning, updatedAt: r.updated_at, updatedBy: r.updated_by }));
}

/** Adds or replaces the entry of a phrase; the previous entry, if any. */
export async function upsertSynonymInTx(tx: Executor, entry: { phraseKey: string; phrase: string; meaning: string; accountId: string }): Promise<void> {
  await tables(tx)
    .insertInto('search_synonyms')
    .values({ phrase_key: entry.phraseKey, phrase: entry.phrase, meaning: entry.meaning, updated_by: entry.accountId })
    .onConflict((oc) => oc.column('phrase_key').doUpdateSet({ phrase: entry.phrase, meaning: entry.meaning, updated_by: entry.accountId, updated_at: sql`now()` }))
    .execute();
}

export async function deleteSynonymInTx(tx: Executor, phraseKey: string): Promise<boolean> {
  const result = await tables(tx).deleteFrom('search_synonyms').where('phrase_key', '=', phraseKey).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Dossiers received per base code. */
export async function readUses(ex: Executor): Promise<Map<string, number>> {
  const rows = await tables(ex).selectFrom('procedure_uses').select(['base_code', 'uses']).execute();
  return new Map(rows.map((r) => [r.base_code, Number(r.uses)]));
}

export async function addUsesInTx(tx: Executor, counts: ReadonlyMap<string, number>): Promise<void> {
  if (counts.size === 0) return;
  await sql`
    INSERT INTO procedure_uses (base_code, uses)
    SELECT * FROM unnest(${[...counts.keys()]}::text[], ${[...counts.values()]}::bigint[])
    ON CONFLICT (base_code) DO UPDATE SET uses = procedure_uses.uses + excluded.uses
  `.execute(tx);
}

export interface Facets {
  fields: { code: string; name: string; count: number }[];
  /** Competent and receiving agencies (names come from the directory). */
  agencies: { code: string; count: number }[];
  provinceCodes: string[];
}

/** The choices of the search filters: only values some published procedure has. */
export async function readFacets(ex: Executor): Promise<Facets> {
  const [fields, agencies, provinces] = await Promise.all([
    sql<{ code: string; name: string; count: number }>`
      SELECT field_code AS code, min(field_name) AS name, count(*) AS count
      FROM procedures WHERE status = 'published' GROUP BY field_code ORDER BY min(field_name), field_code
    `.execute(ex),
    sql<{ code: string; count: number }>`
      SELECT a.code, count(*) AS count
      FROM procedures p CROSS JOIN LATERAL unnest(p.agency_codes) AS a (code)
      WHERE p.status = 'published' GROUP BY a.code ORDER BY a.code
    `.execute(ex),
    sql<{ code: string }>`
      SELECT DISTINCT unnest(province_codes) AS code FROM procedures WHERE status = 'published' ORDER BY 1
    `.execute(ex),
  ]);
  return {
    fields: fields.rows.map((r) => ({ ...r, count: Number(r.count) })),
    agencies: agencies.rows.map((r) => ({ ...r, count: Number(r.count) })),
    provinceCodes: provinces.rows.map((r) => r.code),
  };
}
