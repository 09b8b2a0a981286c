import type { ColumnType, Generated, GeneratedAlways, Kysely } from 'kysely';
import type { Db, Executor } from '../../platform/db/index.ts';
import type { ApplicantType, OnlineLevel, ProcedureDocument } from './catalog.schemas.ts';
import type { Listing } from './procedure-index.ts';

/** The catalog module's tables, as Kysely sees them (migrations/). */
export type CatalogTables = {
  procedures: ProceduresTable;
  procedure_versions: ProcedureVersionsTable;
  catalog_state: CatalogStateTable;
  search_synonyms: SearchSynonymsTable;
  procedure_uses: ProcedureUsesTable;
  procedure_templates: ProcedureTemplatesTable;
};

export type ProcedureTemplatesTable = {
  procedure_code: string;
  file_name: string;
  content_sha256: string;
  size_bytes: number;
  content_type: string;
  uploaded_by: string | null;
  uploaded_at: Generated<Date>;
};

export type ProcedureStatus = 'draft' | 'published' | 'withdrawn';

/** jsonb: read as the parsed value, written as JSON text (both drivers pass a string through). */
type Json<T> = ColumnType<T, string, string>;

export type ProceduresTable = {
  code: string;
  base_code: string;
  variant_agency: string | null;
  status: ProcedureStatus;
  current_version_id: number | null;
  draft_version_id: number | null;
  // The index columns below are copied from a version (procedure-index.ts), in batches
  // through jsonb_to_recordset (catalog.repository.ts applyWritesInTx).
  name: string;
  field_code: string;
  field_name: string;
  competent_agency: string;
  competent_agency_name: string;
  scope_level1: string[];
  agency_codes: string[];
  province_codes: string[];
  applicant_types: ApplicantType[];
  online_level: OnlineLevel | null;
  listing: Json<Listing>;
  search_name: string;
  search_extra: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  published_at: Date | null;
};

export type ProcedureVersionsTable = {
  id: GeneratedAlways<number>;
  procedure_code: string;
  version: number;
  document: Json<ProcedureDocument>;
  created_at: Generated<Date>;
  created_by: string;
  updated_at: Generated<Date>;
  published_at: Date | null;
  published_by: string | null;
};

export type CatalogStateTable = {
  singleton: Generated<boolean>;
  generation: number;
};

export type SearchSynonymsTable = {
  phrase_key: string;
  phrase: string;
  meaning: string;
  updated_at: Generated<Date>;
  updated_by: string | null;
};

export type ProcedureUsesTable = {
  base_code: string;
  uses: number;
};

/** The caller's executor (the pool or its transaction) narrowed to the catalog's tables. */
export function tables(ex: Executor): Kysely<CatalogTables> {
  return (ex as Db).withTables<CatalogTables>();
}
