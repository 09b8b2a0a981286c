import { sql, type Executor } from '../../platform/db/index.ts';
import { tables } from './dossiers.tables.ts';

/**
 * SQL of dossiers, drafts and uploads (dossiers.tables.ts) on any executor: the typed builder,
 * and plain SQL where one statement guards a limit or expands an array.
 */

export interface NewDossier {
  code: string;
  procedureCode: string;
  procedureVersionId: number;
  procedureName: string;
  caseCode: string;
  applicantAccountId: string;
  applicantKind: 1 | 2;
  applicantIdentifier: string;
  applicantName: string;
  applicantPhoneLast4: string | null;
  applicantEmail: string | null;
  receivingAgency: string;
  receivedAt: Date;
  dueAt: Date | null;
  formData: object;
}

export interface DossierRow {
  id: number;
  code: string;
  procedureCode: string;
  procedureVersionId: number | null;
  procedureName: string;
  caseCode: string | null;
  applicantAccountId: string | null;
  applicantKind: number;
  applicantIdentifier: string;
  applicantName: string;
  applicantPhoneLast4: string | null;
  applicantEmail: string | null;
  receivingAgency: string;
  status: number;
  receivedAt: Date;
  dueAt: Date | null;
  formData: Record<string, unknown>;
  source: 'portal' | 'sync';
}

export interface TimelineEntry {
  status: number;
  note: string | null;
  at: Date;
  byName: string | null;
}

export interface UploadRow {
  componentIndex: number;
  sha256: string;
  size: number;
  contentType: string;
  originalName: string;
}

export interface DraftRow {
  id: string;
  accountId: string;
  procedureCode: string;
  procedureVersionId: number;
  procedureName: string;
  caseCode: string | null;
  receivingAgency: string | null;
  answers: Record<string, unknown>;
  step: string;
  updatedAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The next number of an agency's day, in the caller's transaction: the upserted row stays
 * locked until commit, so concurrent submissions queue here and a rollback gives the
 * number back (codes without gaps).
 */
export async function nextDailyNumberInTx(tx: Executor, agency: string, day: string): Promise<number> {
  const row = await tables(tx)
    .insertInto('dossier_daily_sequences')
    .values({ agency, day, last: 1 })
    .onConflict((oc) => oc.columns(['agency', 'day']).doUpdateSet((eb) => ({ last: eb('dossier_daily_sequences.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function insertDossierInTx(tx: Executor, d: NewDossier): Promise<number> {
  const row = await tables(tx)
    .insertInto('dossiers')
    .values({
      code: d.code,
      procedure_code: d.procedureCode,
      procedure_version_id: d.procedureVersionId,
      procedure_name: d.procedureName,
      case_code: d.caseCode,
      applicant_account_id: d.applicantAccountId,
      applicant_kind: d.applicantKind,
      applicant_identifier: d.applicantIdentifier,
      applicant_name: d.applicantName,
      applicant_phone_last4: d.applicantPhoneLast4,
      applicant_email: d.applicantEmail,
      receiving_agency: d.receivingAgency,
      status: 1,
      received_at: d.receivedAt,
      due_at: d.dueAt,
      form_data: JSON.stringify(d.formData),
      source: 'portal',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function appendTimelineInTx(tx: Executor, dossierId: number, entry: { status: number; note: string | null; byName: string | null; at?: Date }): Promise<void> {
  await tables(tx)
    .insertInto('dossier_events')
    .values({ dossier_id: dossierId, status: entry.status, note: entry.note, by_name: entry.byName, at: entry.at ?? new Date() })
    .execute();
}

export async function findDossierByCode(db: Executor, code: string): Promise<DossierRow | undefined> {
  return tables(db)
    .selectFrom('dossiers')
    .select([
      'id',
      'code',
      'procedure_code as procedureCode',
      'procedure_version_id as procedureVersionId',
      'procedure_name as procedureName',
      'case_code as caseCode',
      'applicant_account_id as applicantAccountId',
      'applicant_kind as applicantKind',
      'applicant_identifier as applicantIdentifier',
      'applicant_name as applicantName',
      'applicant_phone_last4 as applicantPhoneLast4',
      'applicant_email as applicantEmail',
      'receiving_agency as receivingAgency',
      'status',
      'received_at as receivedAt',
      'due_at as dueAt',
      'form_data as formData',
      'source',
    ])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Only what the second-factor check needs: answered from the covering unique index. */
export async function findVerifier(db: Executor, code: string): Promise<{ id: number; identifier: string; phoneLast4: string | null } | undefined> {
  return tables(db)
    .selectFrom('dossiers')
    .select(['id', 'applicant_identifier as identifier', 'applicant_phone_last4 as phoneLast4'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function listTimeline(db: Executor, dossierId: number): Promise<TimelineEntry[]> {
  return tables(db)
    .selectFrom('dossier_events')
    .select(['status', 'note', 'at', 'by_name as byName'])
    .where('dossier_id', '=', dossierId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export interface DossierListItem {
  code: string;
  status: number;
  procedureCode: string;
  procedureName: string;
  receivingAgency: string;
  receivedAt: Date;
  dueAt: Date | null;
}

/** An applicant's dossiers (portal and synced), newest first. */
export async function listByApplicant(db: Executor, identifier: string, limit: number, offset: number): Promise<DossierListItem[]> {
  return tables(db)
    .selectFrom('dossiers')
    .select(['code', 'status', 'procedure_code as procedureCode', 'procedure_name as procedureName', 'receiving_agency as receivingAgency', 'received_at as receivedAt', 'due_at as dueAt'])
    .where('applicant_identifier', '=', identifier)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

// ---- uploads ---------------------------------------------------------------------------

export async function insertUploadInTx(tx: Executor, owner: { dossierId: number } | { draftId: string }, u: UploadRow): Promise<void> {
  await tables(tx)
    .insertInto('dossier_uploads')
    .values({
      dossier_id: 'dossierId' in owner ? owner.dossierId : null,
      draft_id: 'draftId' in owner ? owner.draftId : null,
      component_index: u.componentIndex,
      sha256: u.sha256,
      size: u.size,
      content_type: u.contentType,
      original_name: u.originalName,
    })
    .execute();
}

/** A new file for a draft's component replaces the previous one. */
export async function replaceDraftUploadInTx(tx: Executor, draftId: string, u: UploadRow): Promise<void> {
  await tables(tx).deleteFrom('dossier_uploads').where('draft_id', '=', draftId).where('component_index', '=', u.componentIndex).execute();
  await insertUploadInTx(tx, { draftId }, u);
}

export async function listUploads(db: Executor, owner: { dossierId: number } | { draftId: string }): Promise<UploadRow[]> {
  const select = tables(db)
    .selectFrom('dossier_uploads')
    .select(['component_index as componentIndex', 'sha256', 'size', 'content_type as contentType', 'original_name as originalName'])
    .orderBy('component_index')
    .orderBy('id');
  return ('dossierId' in owner ? select.where('dossier_id', '=', owner.dossierId) : select.where('draft_id', '=', owner.draftId)).execute();
}

/** Submission: the draft's files become the dossier's. */
export async function moveDraftUploadsInTx(tx: Executor, draftId: string, dossierId: number): Promise<void> {
  await tables(tx).updateTable('dossier_uploads').set({ dossier_id: dossierId, draft_id: null }).where('draft_id', '=', draftId).execute();
}

/** Bytes of a draft's files, but for one component's (the one being replaced). */
export async function draftUploadBytes(db: Executor, draftId: string, exceptComponent: number): Promise<number> {
  const row = await tables(db)
    .selectFrom('dossier_uploads')
    .select(sql<number>`coalesce(sum(size), 0)::bigint`.as('bytes'))
    .where('draft_id', '=', draftId)
    .where('component_index', '<>', exceptComponent)
    .executeTakeFirst();
  return Number(row?.bytes ?? 0);
}

/** Bytes an account has stored on a day. */
export async function uploadBytesOfDay(db: Executor, accountId: string, day: string): Promise<number> {
  const row = await tables(db).selectFrom('dossier_upload_usage').select('bytes').where('account_id', '=', accountId).where('day', '=', day).executeTakeFirst();
  return Number(row?.bytes ?? 0);
}

/**
 * Adds bytes to an account's day if they fit under `limit`; false otherwise. One statement:
 * concurrent uploads queue on the row's lock, so their sum never passes the limit.
 */
export async function addUploadBytesInTx(tx: Executor, accountId: string, day: string, bytes: number, limit: number): Promise<boolean> {
  if (bytes > limit) return false;
  const result = await sql<{ taken: number }>`
    INSERT INTO dossier_upload_usage AS u (account_id, day, bytes) VALUES (${accountId}::uuid, ${day}::date, ${bytes})
    ON CONFLICT (account_id, day) DO UPDATE SET bytes = u.bytes + EXCLUDED.bytes WHERE u.bytes + EXCLUDED.bytes <= ${limit}
    RETURNING 1 AS taken
  `.execute(tx);
  return result.rows.length === 1;
}

export async function purgeUploadUsage(db: Executor, beforeDay: string): Promise<void> {
  await tables(db).deleteFrom('dossier_upload_usage').where('day', '<', beforeDay).execute();
}

/** Which of these files a draft or a dossier names (the file store's sweep). */
export async function namedFiles(db: Executor, sha256s: readonly string[]): Promise<string[]> {
  const result = await sql<{ sha256: string }>`
    SELECT DISTINCT u.sha256 FROM unnest(${[...sha256s]}::text[]) AS f (sha256) JOIN dossier_uploads u ON u.sha256 = f.sha256
  `.execute(db);
  return result.rows.map((r) => r.sha256);
}

// ---- drafts ----------------------------------------------------------------------------

const DRAFT_COLUMNS = [
  'id',
  'account_id as accountId',
  'procedure_code as procedureCode',
  'procedure_version_id as procedureVersionId',
  'procedure_name as procedureName',
  'case_code as caseCode',
  'receiving_agency as receivingAgency',
  'answers',
  'step',
  'updated_at as updatedAt',
] as const;

export async function insertDraft(
  db: Executor,
  d: { accountId: string; procedureCode: string; procedureVersionId: number; procedureName: string; caseCode: string | null; receivingAgency: string | null; answers: object; step: string },
): Promise<string> {
  const row = await tables(db)
    .insertInto('dossier_drafts')
    .values({
      account_id: d.accountId,
      procedure_code: d.procedureCode,
      procedure_version_id: d.procedureVersionId,
      procedure_name: d.procedureName,
      case_code: d.caseCode,
      receiving_agency: d.receivingAgency,
      answers: JSON.stringify(d.answers),
      step: d.step,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDraft(db: Executor, id: string, d: { caseCode: string | null; receivingAgency: string | null; answers: object; step: string }): Promise<void> {
  await tables(db)
    .updateTable('dossier_drafts')
    .set({ case_code: d.caseCode, receiving_agency: d.receivingAgency, answers: JSON.stringify(d.answers), step: d.step, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function findDraft(db: Executor, id: string, options: { lock?: boolean } = {}): Promise<DraftRow | undefined> {
  // An id from a URL that is not a uuid would make PostgreSQL raise; it simply matches nothing.
  if (!UUID.test(id)) return undefined;
  return tables(db)
    .selectFrom('dossier_drafts')
    .select(DRAFT_COLUMNS)
    .where('id', '=', id)
    .$if(options.lock === true, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

export async function listDrafts(db: Executor, accountId: string): Promise<DraftRow[]> {
  return tables(db).selectFrom('dossier_drafts').select(DRAFT_COLUMNS).where('account_id', '=', accountId).orderBy('updated_at', 'desc').limit(50).execute();
}

export async function deleteDraftInTx(tx: Executor, id: string): Promise<void> {
  await tables(tx).deleteFrom('dossier_drafts').where('id', '=', id).execute();
}
