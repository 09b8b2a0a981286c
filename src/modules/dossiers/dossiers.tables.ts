import type { ColumnType, Generated, GeneratedAlways, Kysely } from 'kysely';
import type { Db, Executor } from '../../platform/db/index.ts';

/** The dossiers module's tables, as Kysely sees them (migrations/). */
export type DossiersTables = {
  dossiers: DossiersTable;
  dossier_daily_sequences: DossierDailySequencesTable;
  dossier_events: DossierEventsTable;
  dossier_drafts: DossierDraftsTable;
  dossier_uploads: DossierUploadsTable;
  dossier_lookup_budgets: DossierLookupBudgetsTable;
  dossier_upload_usage: DossierUploadUsageTable;
  wallet_documents: WalletDocumentsTable;
};

export type LookupBudgetScope = 'address' | 'code';

/** jsonb with a default: read as the parsed value, written as JSON text (both drivers pass a string through). */
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;

export type DossiersTable = {
  id: GeneratedAlways<number>;
  code: string;
  procedure_code: string;
  procedure_version_id: number | null;
  procedure_name: string;
  case_code: string | null;
  applicant_account_id: string | null;
  /** 1 citizen, 2 business. */
  applicant_kind: number;
  applicant_identifier: string;
  applicant_name: string;
  applicant_phone_last4: string | null;
  applicant_email: string | null;
  receiving_agency: string;
  /** TrangThaiHoSo, 1–10. */
  status: number;
  received_at: Date;
  due_at: Date | null;
  /** json (stored as sent, migration 0015). */
  form_data: JsonWithDefault<Record<string, unknown>>;
  source: 'portal' | 'sync';
  /** Synced dossiers: sha256 of the item as sent; null for portal dossiers. */
  content_hash: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Bumped by every change (optimistic versioning). */
  version: Generated<number>;
  /** When the current state happened by its source's clock; null: at received_at. */
  state_at: Generated<Date | null>;
};

export type DossierDailySequencesTable = {
  agency: string;
  /** `date`: an ISO string on both drivers (platform/db/database.ts). */
  day: string;
  last: number;
};

export type DossierEventsTable = {
  id: GeneratedAlways<number>;
  dossier_id: number;
  status: number;
  note: string | null;
  at: Generated<Date>;
  by_name: string | null;
  /** ChucDanh. */
  by_position: Generated<string | null>;
  /** PhongBanXuLy. */
  unit_name: Generated<string | null>;
  /** NgayBatDau. */
  step_started_at: Generated<Date | null>;
  /** NgayKetThucTheoQuyDinh. */
  step_due_at: Generated<Date | null>;
};

export type DossierDraftsTable = {
  id: Generated<string>;
  account_id: string;
  procedure_code: string;
  procedure_version_id: number;
  procedure_name: string;
  case_code: string | null;
  receiving_agency: string | null;
  answers: JsonWithDefault<Record<string, unknown>>;
  step: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type DossierUploadsTable = {
  id: GeneratedAlways<number>;
  /** Exactly one of dossier_id and draft_id is set. */
  dossier_id: number | null;
  draft_id: string | null;
  component_index: number;
  sha256: string;
  size: number;
  content_type: string;
  original_name: string;
  uploaded_at: Generated<Date>;
};

export type DossierLookupBudgetsTable = {
  scope: LookupBudgetScope;
  key: string;
  attempts: number;
  window_start: Date;
};

export type DossierUploadUsageTable = {
  account_id: string;
  /** `date`: an ISO string on both drivers. */
  day: string;
  bytes: number;
};

export type WalletDocumentsTable = {
  id: GeneratedAlways<number>;
  account_id: string;
  title: string;
  sha256: string;
  size: number;
  content_type: string;
  file_name: string;
  dossier_code: string | null;
  issuer_name: string | null;
  issued_at: Date;
  added_at: Generated<Date>;
};

/** The caller's executor (the pool or its transaction) narrowed to the module's tables. */
export function tables(ex: Executor): Kysely<DossiersTables> {
  return (ex as Db).withTables<DossiersTables>();
}
