import { mapInTurns } from '../../platform/batch/index.ts';
import { sql, type Executor } from '../../platform/db/index.ts';
import { recordFactsQuery, type NewFact } from '../../platform/events/index.ts';
import type { DossierStatusSynced } from './dossiers.sync-facts.ts';

/**
 * The statements that write synced dossiers (dossiers.sync-store.ts decides which items go
 * where): the new ones, and the updates of existing ones, each in one statement with its
 * history entries, their keys and the dossier.status_synced facts. The batch goes as one JSON
 * parameter: PostgreSQL reads one document faster than fourteen text arrays whose elements (the
 * original item's JSON above all) are quoted and escaped one by one, by node-postgres on the way
 * out and by PostgreSQL on the way in.
 */

/** A dossier as a synced system describes it, already checked against the store's rules. */
export interface SyncedDossier {
  code: string;
  procedureCode: string;
  procedureName: string;
  /** LoaiDoiTuong: 1 citizen, 2 business, 3 state body, 4 organisation. */
  applicantKind: number;
  /** ID number or tax code ('' when the source sent none): "my dossiers" matches on it. */
  applicantIdentifier: string;
  applicantName: string;
  applicantPhoneLast4: string | null;
  applicantEmail: string | null;
  receivingAgency: string;
  status: number;
  receivedAt: Date;
  dueAt: Date | null;
  /** When the status was reached by the source's clock: an older update never overwrites a newer one. */
  stateAt: Date;
  /** Who handled it, as the applicant may see it (DonViXuLy). */
  handledBy: string | null;
  /** Everything the source sent, kept as sent (nested lists, newer clients' fields). */
  original: Record<string, unknown>;
  /** `original` as JSON text when the reader already made it (to hash it): not made again. */
  originalJson?: string;
  /** Hash of what the source sent: the same item again is recognised without a write. */
  contentHash: string;
}

const FACT_STATUS_SYNCED = 'dossier.status_synced';

export function statusFact(d: { code: string; receivingAgency: string; procedureCode: string; status: number; previousStatus: number | null; at: Date; dueAt: Date | null }): NewFact<DossierStatusSynced> {
  return { type: FACT_STATUS_SYNCED, payload: { code: d.code, receivingAgency: d.receivingAgency, procedureCode: d.procedureCode, status: d.status, previousStatus: d.previousStatus, at: d.at.toISOString(), dueAt: d.dueAt === null ? null : d.dueAt.toISOString() } };
}

/** What makes a dossier state's history entry the same when it is sent again. */
const stateKey = (status: number, at: Date) => `s:${status}:${at.toISOString()}`;

/** How many rows are written into the batch's JSON between two turns of the event loop. */
const ROWS_PER_TURN = 250;

export interface Row {
  item: SyncedDossier;
  /** The stored dossier's id (updates). */
  id?: number;
  /** The stored status (updates); a fact is written when the status changes, and always for a new dossier. */
  previousStatus: number | null;
}

/** A batch as PostgreSQL reads it: the rows' scalars as one JSON array, each form (the item as sent) apart. */
interface Batch {
  scalars: string;
  forms: string[];
}

/**
 * The rows' scalars as one JSON array, and each row's form_data as a parameter of its own: a
 * parameter of type json is checked once, where a document inside the array would be read three
 * times (the array's check, json_to_recordset, then the field's own check). The original item
 * goes in as the reader's JSON text, not stringified again; a few hundred rows are written
 * between turns of the event loop, so that a 1,000-item batch (a megabyte or more) does not hold
 * up other requests, lookups above all.
 */
async function batchOf(rows: Row[]): Promise<Batch> {
  const made = await mapInTurns(rows, ROWS_PER_TURN, (row) => [scalarsJson(row), formJson(row.item)] as const);
  return { scalars: `[${made.map((m) => m[0]).join(',')}]`, forms: made.map((m) => m[1]) };
}

const json = JSON.stringify;
const isoJson = (d: Date | null) => (d === null ? 'null' : `"${d.toISOString()}"`);

/**
 * A row's scalars as JSON, written field by field: the same text as JSON.stringify of the row
 * as an object (dossiers.sync-writes.test.ts compares them), at less than half its cost — a Date's toJSON and the
 * object walk were a tenth of the hub's time under load.
 */
export function scalarsJson({ item: d, id, previousStatus }: Row): string {
  const stateAt = d.stateAt.toISOString();
  const dueAt = isoJson(d.dueAt);
  // The fact's payload from statusFact, its one definition (a small object: about 2 µs).
  const fact = previousStatus === d.status ? 'null'
    : json(statusFact({ code: d.code, receivingAgency: d.receivingAgency, procedureCode: d.procedureCode, status: d.status, previousStatus, at: d.stateAt, dueAt: d.dueAt }).payload);
  return `{"id":${json(id ?? null)},"code":${json(d.code)},"procedure_code":${json(d.procedureCode)},"procedure_name":${json(d.procedureName)},`
    + `"applicant_kind":${json(d.applicantKind)},"applicant_identifier":${json(d.applicantIdentifier)},"applicant_name":${json(d.applicantName)},`
    + `"applicant_phone_last4":${json(d.applicantPhoneLast4)},"applicant_email":${json(d.applicantEmail)},"receiving_agency":${json(d.receivingAgency)},`
    + `"status":${json(d.status)},"received_at":${isoJson(d.receivedAt)},"due_at":${dueAt},"state_at":"${stateAt}","by_name":${json(d.handledBy)},`
    + `"source_key":${json(stateKey(d.status, d.stateAt))},"content_hash":${json(d.contentHash)},"fact":${fact}}`;
}

const formJson = (d: SyncedDossier) => `{"source":"dvcqg","contentHash":${JSON.stringify(d.contentHash)},"item":${d.originalJson ?? JSON.stringify(d.original)}}`;

/**
 * The batch's rows as a relation (to put in a WITH, MATERIALIZED: it is read more than once):
 * ROWS FROM zips the scalars' rows with the forms, in the batch's order.
 */
const rowsOf = (batch: Batch) => sql`
  SELECT * FROM ROWS FROM (
    json_to_recordset(${batch.scalars}::json) AS (id bigint, code text, procedure_code text, procedure_name text, applicant_kind smallint,
      applicant_identifier text, applicant_name text, applicant_phone_last4 text, applicant_email text, receiving_agency text,
      status smallint, received_at timestamptz, due_at timestamptz, state_at timestamptz, by_name text, source_key text, content_hash text, fact jsonb),
    unnest(ARRAY[${sql.join(batch.forms)}]::json[])
  ) AS u(id, code, procedure_code, procedure_name, applicant_kind, applicant_identifier, applicant_name, applicant_phone_last4, applicant_email,
    receiving_agency, status, received_at, due_at, state_at, by_name, source_key, content_hash, fact, form_data)`;

/**
 * New dossiers with their first history entry, its key and their facts. A dossier created
 * meanwhile by a concurrent call is skipped (ON CONFLICT) and gets no entry: its id is missing
 * from the map. The entry's key cannot exist yet: the dossier's id is new.
 */
export async function insertCreated(tx: Executor, items: SyncedDossier[]): Promise<Map<string, number>> {
  const rows = await batchOf(items.map((item) => ({ item, previousStatus: null })));
  const created = await sql<{ id: number; code: string }>`
    WITH u AS MATERIALIZED (${rowsOf(rows)}), d AS (
      INSERT INTO dossiers (code, procedure_code, procedure_name, applicant_kind, applicant_identifier, applicant_name, applicant_phone_last4,
                            applicant_email, receiving_agency, status, received_at, due_at, state_at, form_data, content_hash, source)
      SELECT code, procedure_code, procedure_name, applicant_kind, applicant_identifier, applicant_name, applicant_phone_last4,
             applicant_email, receiving_agency, status, received_at, due_at, state_at, form_data, content_hash, 'sync' FROM u
      ON CONFLICT (code) DO NOTHING
      RETURNING id, code
    ), k AS (
      INSERT INTO dossier_event_keys (dossier_id, source_key) SELECT d.id, u.source_key FROM d JOIN u USING (code)
    ), e AS (
      INSERT INTO dossier_events (dossier_id, status, at, by_name, source_key)
      SELECT d.id, u.status, u.state_at, u.by_name, u.source_key FROM d JOIN u USING (code)
    ), f AS (${recordFactsQuery(sql`SELECT ${FACT_STATUS_SYNCED}::text, u.fact FROM d JOIN u USING (code)`)})
    SELECT id, code FROM d
  `.execute(tx);
  return new Map(created.rows.map((r) => [r.code, Number(r.id)]));
}

/**
 * Existing dossiers (locked by the caller, each once) moved to the item's state, with a history
 * entry unless its key is stored (the same state sent again is one entry) and a fact where the
 * status changed. A dossier filed on the portal keeps its applicant and procedure: the sync
 * moves its state only.
 */
export async function updateExisting(tx: Executor, updates: { item: SyncedDossier; id: number; previousStatus: number }[]): Promise<void> {
  const rows = await batchOf(updates);
  await sql`
    WITH u AS MATERIALIZED (${rowsOf(rows)}), d AS (
      UPDATE dossiers d SET
        status = u.status, state_at = u.state_at, updated_at = now(), version = d.version + 1,
        due_at = CASE WHEN d.source = 'sync' THEN u.due_at ELSE d.due_at END,
        procedure_code = CASE WHEN d.source = 'sync' THEN u.procedure_code ELSE d.procedure_code END,
        procedure_name = CASE WHEN d.source = 'sync' THEN u.procedure_name ELSE d.procedure_name END,
        applicant_kind = CASE WHEN d.source = 'sync' THEN u.applicant_kind ELSE d.applicant_kind END,
        applicant_identifier = CASE WHEN d.source = 'sync' THEN u.applicant_identifier ELSE d.applicant_identifier END,
        applicant_name = CASE WHEN d.source = 'sync' THEN u.applicant_name ELSE d.applicant_name END,
        applicant_phone_last4 = CASE WHEN d.source = 'sync' THEN u.applicant_phone_last4 ELSE d.applicant_phone_last4 END,
        applicant_email = CASE WHEN d.source = 'sync' THEN u.applicant_email ELSE d.applicant_email END,
        receiving_agency = CASE WHEN d.source = 'sync' THEN u.receiving_agency ELSE d.receiving_agency END,
        received_at = CASE WHEN d.source = 'sync' THEN u.received_at ELSE d.received_at END,
        form_data = CASE WHEN d.source = 'sync' THEN u.form_data ELSE d.form_data END,
        content_hash = CASE WHEN d.source = 'sync' THEN u.content_hash ELSE d.content_hash END
      FROM u WHERE d.id = u.id
      RETURNING d.id
    ), fresh AS (
      INSERT INTO dossier_event_keys (dossier_id, source_key) SELECT id, source_key FROM u
      ON CONFLICT DO NOTHING
      RETURNING dossier_id, source_key
    ), e AS (
      INSERT INTO dossier_events (dossier_id, status, at, by_name, source_key)
      SELECT u.id, u.status, u.state_at, u.by_name, u.source_key FROM u JOIN fresh f ON f.dossier_id = u.id AND f.source_key = u.source_key
    ), f AS (${recordFactsQuery(sql`SELECT ${FACT_STATUS_SYNCED}::text, u.fact FROM u WHERE u.fact IS NOT NULL`)})
    SELECT count(*) FROM d
  `.execute(tx);
}
