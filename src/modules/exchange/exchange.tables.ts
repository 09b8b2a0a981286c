import type { ColumnType, Generated, GeneratedAlways, Kysely } from 'kysely';
import { sql, type Db, type Executor } from '../../platform/db/index.ts';
import type { AckResult, DeliveryState, ExchangeWarning, SignatureState, Withdrawal } from './exchange.types.ts';

/** The exchange module's tables, as Kysely sees them (migrations/). */
export type ExchangeTables = {
  exchange_packages: ExchangePackagesTable;
  exchange_routes: ExchangeRoutesTable;
  exchange_deliveries: ExchangeDeliveriesTable;
  exchange_status_history: ExchangeStatusHistoryTable;
  exchange_signing_certificates: ExchangeSigningCertificatesTable;
  exchange_signature_policies: ExchangeSignaturePoliciesTable;
  exchange_webhooks: ExchangeWebhooksTable;
  exchange_register_counters: ExchangeRegisterCountersTable;
  exchange_register_entries: ExchangeRegisterEntriesTable;
  exchange_assignments: ExchangeAssignmentsTable;
  exchange_responses: ExchangeResponsesTable;
  exchange_recipient_lists: ExchangeRecipientListsTable;
};

export type RegisterDirection = 'in' | 'out';

export type ExchangeRegisterCountersTable = {
  agency_code: string;
  direction: RegisterDirection;
  year: number;
  last_number: number;
};

export type ExchangeRegisterEntriesTable = {
  id: GeneratedAlways<number>;
  agency_code: string;
  direction: RegisterDirection;
  year: number;
  number: number;
  package_id: string;
  code_notation: string | null;
  subject: string | null;
  counterparts: string[];
  priority: number | null;
  /** `date`: ISO strings. */
  document_date: string | null;
  due_date: string | null;
  registered_by: string;
  registered_at: Generated<Date>;
};

export type ExchangeAssignmentsTable = {
  id: GeneratedAlways<number>;
  agency_code: string;
  package_id: string;
  assignee_kind: 'unit' | 'person';
  assignee: string;
  assignee_name: string;
  due_date: string | null;
  note: string | null;
  assigned_by: string;
  assigned_at: Generated<Date>;
};

export type ExchangeRecipientListsTable = {
  id: GeneratedAlways<number>;
  agency_code: string;
  name: string;
  members: string[];
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type ExchangeResponsesTable = {
  package_id: string;
  original_sender: string;
  original_document_id: string;
};

export type ExchangePackagesTable = {
  id: Generated<string>;
  kind: 'document' | 'status';
  sender_agency: string;
  document_id: string;
  business_type: number | null;
  status_code: string | null;
  dedup_key: string;
  content_sha256: string;
  size_bytes: number;
  subject: string | null;
  priority: number | null;
  /** `date`: an ISO string on both drivers (platform/db/database.ts). */
  due_date: string | null;
  // jsonb, written as JSON text.
  warnings: ColumnType<ExchangeWarning[], string | undefined, string>;
  signature_state: SignatureState;
  sent_by: string;
  received_at: Generated<Date>;
};

export type ExchangeRoutesTable = {
  sender_agency: string;
  recipient_agency: string;
  last_sequence: number;
};

export type ExchangeDeliveriesTable = {
  id: GeneratedAlways<number>;
  package_id: string;
  sender_agency: string;
  recipient_agency: string;
  sequence: number;
  state: Generated<DeliveryState>;
  ack_result: AckResult | null;
  withdrawn: Withdrawal | null;
  withdrawn_by: string | null;
  created_at: Generated<Date>;
  delivered_at: Date | null;
  acknowledged_at: Date | null;
  withdrawn_at: Date | null;
  pushed_at: Date | null;
  push_error: string | null;
};

export type ExchangeStatusHistoryTable = {
  id: GeneratedAlways<number>;
  package_id: string;
  document_sender: string;
  document_id: string;
  recipient_agency: string;
  reporter_agency: string;
  status_code: string;
  description: string | null;
  // jsonb, written as JSON text.
  staff: ColumnType<unknown, string | null, string | null>;
  reported_at: Date | null;
  recorded_at: Generated<Date>;
};

export type ExchangeSigningCertificatesTable = {
  id: GeneratedAlways<number>;
  agency_code: string;
  pem: string;
  fingerprint: string;
  not_after: Date | null;
  registered_by: string;
  registered_at: Generated<Date>;
  revoked_at: Date | null;
};

export type ExchangeSignaturePoliciesTable = {
  agency_code: string;
  refuse_unsigned: Generated<boolean>;
  refuse_invalid: Generated<boolean>;
  updated_by: string;
  updated_at: Generated<Date>;
};

export type ExchangeWebhooksTable = {
  agency_code: string;
  url: string;
  sealed_secret: string;
  updated_by: string;
  updated_at: Generated<Date>;
};

/** A row as `to_jsonb` gives it: times as ISO strings (the inbox function returns rows so). */
export type AsJson<Row> = { [K in keyof Row]: Row[K] extends Date ? string : Row[K] extends Date | null ? string | null : Row[K] };

/** The caller's executor (the pool or its transaction) narrowed to the exchange's tables. */
export function tables(ex: Executor): Kysely<ExchangeTables> {
  return (ex as Db).withTables<ExchangeTables>();
}

/** An array parameter for `= ANY(…)`: one parameter however many values, cast once. */
export const textArray = (values: readonly string[]) => sql<string[]>`${[...values]}::text[]`;
export const uuidArray = (values: readonly string[]) => sql<string[]>`${[...values]}::uuid[]`;
