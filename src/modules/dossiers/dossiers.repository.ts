import { sql, type Executor } from '../../platform/db/index.ts';

/** SQL of the dossiers module (migrations/0001_dossiers.sql), plain SQL on any executor. */

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

const DOSSIER_COLUMNS = sql`id, code, procedure_code AS "procedureCode", procedure_version_id AS "procedureVersionId", procedure_name AS "procedureName",
  case_code AS "caseCode", applicant_account_id AS "applicantAccountId", applicant_kind AS "applicantKind",
  applicant_identifier AS "applicantIdentifier", applicant_name AS "applicantName", applicant_phone_last4 AS "applicantPhoneLast4",
  applicant_email AS "applicantEmail", receiving_agency AS "receivingAgency", status, received_at AS "receivedAt", due_at AS "dueAt",
  form_data AS "formData", source`;

/**
 * The next number of an agency's day, in the caller's transaction: the upserted row stays
 * locked until commit, so concurrent submissions queue here and a rollback gives the
 * number back (codes without gaps).
 */
export async function nextDailyNumberInTx(tx: Executor, agency: string, day: string): Promise<number> {
  const result = await sql<{ last: number }>`
    INSERT INTO dossier_daily_sequences AS s (agency, day, last) VALUES (${agency}, ${day}::date, 1)
    ON CONFLICT (agency, day) DO UPDATE SET last = s.last + 1
    RETURNING last
  `.execute(tx);
  const row = result.rows[0];
  if (!row) throw new Error('nextDailyNumberInTx: no row returned');
  return row.last;
}

export async function insertDossierInTx(tx: Executor, d: NewDossier): Promise<number> {
  const result = await sql<{ id: number }>`
    INSERT INTO dossiers (code, procedure_code, procedure_version_id, procedure_name, case_code, applicant_account_id, applicant_kind,
      applicant_identifier, applicant_name, applicant_phone_last4, applicant_email, receiving_agency, status, received_at, due_at, form_data, source)
    VALUES (${d.code}, ${d.procedureCode}, ${d.procedureVersionId}, ${d.procedureName}, ${d.caseCode}, ${d.applicantAccountId}::uuid, ${d.applicantKind},
      ${d.applicantIdentifier}, ${d.applicantName}, ${d.applicantPhoneLast4}, ${d.applicantEmail}, ${d.receivingAgency}, 1, ${d.receivedAt}, ${d.dueAt},
      ${JSON.stringify(d.formData)}::jsonb, 'portal')
    RETURNING id
  `.execute(tx);
  const row = result.rows[0];
  if (!row) throw new Error('insertDossierInTx: no row returned');
  return row.id;
}

export async function appendTimelineInTx(tx: Executor, dossierId: number, entry: { status: number; note: string | null; byName: string | null; at?: Date }): Promise<void> {
  await sql`INSERT INTO dossier_events (dossier_id, status, note, by_name, at) VALUES (${dossierId}, ${entry.status}, ${entry.note}, ${entry.byName}, ${entry.at ?? new Date()})`.execute(tx);
}

export async function findDossierByCode(db: Executor, code: string): Promise<DossierRow | undefined> {
  const result = await sql<DossierRow>`SELECT ${DOSSIER_COLUMNS} FROM dossiers WHERE code = ${code}`.execute(db);
  return result.rows[0];
}

/** Only what the second-factor check needs: answered from the covering unique index. */
export async function findVerifier(db: Executor, code: string): Promise<{ id: number; identifier: string; phoneLast4: string | null } | undefined> {
  const result = await sql<{ id: number; identifier: string; phoneLast4: string | null }>`
    SELECT id, applicant_identifier AS identifier, applicant_phone_last4 AS "phoneLast4" FROM dossiers WHERE code = ${code}
  `.execute(db);
  return result.rows[0];
}

export async function listTimeline(db: Executor, dossierId: number): Promise<TimelineEntry[]> {
  const result = await sql<TimelineEntry>`
    SELECT status, note, at, by_name AS "byName" FROM dossier_events WHERE dossier_id = ${dossierId} ORDER BY at, id
  `.execute(db);
  return result.rows;
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
  const result = await sql<DossierListItem>`
    SELECT code, status, procedure_code AS "procedureCode", procedure_name AS "procedureName", receiving_agency AS "receivingAgency",
      received_at AS "receivedAt", due_at AS "dueAt"
    FROM dossiers WHERE applicant_identifier = ${identifier}
    ORDER BY received_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}
  `.execute(db);
  return result.rows;
}

export interface QueueItem {
  code: string;
  status: number;
  procedureCode: string;
  applicantKind: number;
  receivedAt: Date;
  dueAt: Date | null;
}

/** The receiving agency's queue, most urgent first: the columns all come from dossiers_agency_queue_idx. */
export async function listQueue(db: Executor, agency: string, statuses: number[], limit: number, offset: number): Promise<QueueItem[]> {
  const result = await sql<QueueItem>`
    SELECT code, status, procedure_code AS "procedureCode", applicant_kind AS "applicantKind", received_at AS "receivedAt", due_at AS "dueAt"
    FROM dossiers WHERE receiving_agency = ${agency} AND status = ANY(${statuses}::smallint[])
    ORDER BY due_at NULLS LAST, id LIMIT ${limit} OFFSET ${offset}
  `.execute(db);
  return result.rows;
}

export async function countQueue(db: Executor, agency: string, statuses: number[]): Promise<number> {
  const result = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM dossiers WHERE receiving_agency = ${agency} AND status = ANY(${statuses}::smallint[])
  `.execute(db);
  return result.rows[0]?.n ?? 0;
}

// ---- uploads ---------------------------------------------------------------------------

export async function insertUploadInTx(tx: Executor, owner: { dossierId: number } | { draftId: string }, u: UploadRow): Promise<void> {
  const dossierId = 'dossierId' in owner ? owner.dossierId : null;
  const draftId = 'draftId' in owner ? owner.draftId : null;
  await sql`
    INSERT INTO dossier_uploads (dossier_id, draft_id, component_index, sha256, size, content_type, original_name)
    VALUES (${dossierId}, ${draftId}::uuid, ${u.componentIndex}, ${u.sha256}, ${u.size}, ${u.contentType}, ${u.originalName})
  `.execute(tx);
}

/** A new file for a draft's component replaces the previous one. */
export async function replaceDraftUploadInTx(tx: Executor, draftId: string, u: UploadRow): Promise<void> {
  await sql`DELETE FROM dossier_uploads WHERE draft_id = ${draftId}::uuid AND component_index = ${u.componentIndex}`.execute(tx);
  await insertUploadInTx(tx, { draftId }, u);
}

export async function listUploads(db: Executor, owner: { dossierId: number } | { draftId: string }): Promise<UploadRow[]> {
  const where = 'dossierId' in owner ? sql`dossier_id = ${owner.dossierId}` : sql`draft_id = ${owner.draftId}::uuid`;
  const result = await sql<UploadRow>`
    SELECT component_index AS "componentIndex", sha256, size, content_type AS "contentType", original_name AS "originalName"
    FROM dossier_uploads WHERE ${where} ORDER BY component_index, id
  `.execute(db);
  return result.rows;
}

/** Submission: the draft's files become the dossier's. */
export async function moveDraftUploadsInTx(tx: Executor, draftId: string, dossierId: number): Promise<void> {
  await sql`UPDATE dossier_uploads SET dossier_id = ${dossierId}, draft_id = NULL WHERE draft_id = ${draftId}::uuid`.execute(tx);
}

/** Bytes of a draft's files, but for one component's (the one being replaced). */
export async function draftUploadBytes(db: Executor, draftId: string, exceptComponent: number): Promise<number> {
  const result = await sql<{ bytes: number }>`
    SELECT coalesce(sum(size), 0)::bigint AS bytes FROM dossier_uploads WHERE draft_id = ${draftId}::uuid AND component_index <> ${exceptComponent}
  `.execute(db);
  return Number(result.rows[0]?.bytes ?? 0);
}

/** Bytes an account has stored on a day. */
export async function uploadBytesOfDay(db: Executor, accountId: string, day: string): Promise<number> {
  const result = await sql<{ bytes: number }>`SELECT bytes FROM dossier_upload_usage WHERE account_id = ${accountId}::uuid AND day = ${day}::date`.execute(db);
  return Number(result.rows[0]?.bytes ?? 0);
}

/**
 * Adds bytes to an account's day if they fit under `limit`; false otherwise. One statement:
 * concurrent uploads queue on the row's lock, so their sum never passes the limit.
 */
export async function addUploadBytesInTx(tx: Executor, accountId: string, day: string, bytes: number, limit: number): Promise<boolean> {
  if (bytes > limit) return false;
  const result = await sql`
    INSERT INTO dossier_upload_usage AS u (account_id, day, bytes) VALUES (${accountId}::uuid, ${day}::date, ${bytes})
    ON CONFLICT (account_id, day) DO UPDATE SET bytes = u.bytes + EXCLUDED.bytes WHERE u.bytes + EXCLUDED.bytes <= ${limit}
    RETURNING 1
  `.execute(tx);
  return result.rows.length === 1;
}

export async function purgeUploadUsage(db: Executor, beforeDay: string): Promise<void> {
  await sql`DELETE FROM dossier_upload_usage WHERE day < ${beforeDay}::date`.execute(db);
}

/** Which of these files a draft or a dossier names (the file store's sweep). */
export async function namedFiles(db: Executor, sha256s: readonly string[]): Promise<string[]> {
  const result = await sql<{ sha256: string }>`
    SELECT DISTINCT u.sha256 FROM unnest(${[...sha256s]}::text[]) AS f (sha256) JOIN dossier_uploads u ON u.sha256 = f.sha256
  `.execute(db);
  return result.rows.map((r) => r.sha256);
}

// ---- drafts ----------------------------------------------------------------------------

const DRAFT_COLUMNS = sql`id, account_id AS "accountId", procedure_code AS "procedureCode", procedure_version_id AS "procedureVersionId",
  procedure_name AS "procedureName", case_code AS "caseCode", receiving_agency AS "receivingAgency", answers, step, updated_at AS "updatedAt"`;

export async function insertDraft(
  db: Executor,
  d: { accountId: string; procedureCode: string; procedureVersionId: number; procedureName: string; caseCode: string | null; receivingAgency: string | null; answers: object; step: string },
): Promise<string> {
  const result = await sql<{ id: string }>`
    INSERT INTO dossier_drafts (account_id, procedure_code, procedure_version_id, procedure_name, case_code, receiving_agency, answers, step)
    VALUES (${d.accountId}::uuid, ${d.procedureCode}, ${d.procedureVersionId}, ${d.procedureName}, ${d.caseCode}, ${d.receivingAgency}, ${JSON.stringify(d.answers)}::jsonb, ${d.step})
    RETURNING id
  `.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('insertDraft: no row returned');
  return row.id;
}

export async function updateDraft(db: Executor, id: string, d: { caseCode: string | null; receivingAgency: string | null; answers: object; step: string }): Promise<void> {
  await sql`
    UPDATE dossier_drafts SET case_code = ${d.caseCode}, receiving_agency = ${d.receivingAgency}, answers = ${JSON.stringify(d.answers)}::jsonb, step = ${d.step}, updated_at = now()
    WHERE id = ${id}::uuid
  `.execute(db);
}

export async function findDraft(db: Executor, id: string, options: { lock?: boolean } = {}): Promise<DraftRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const result = await sql<DraftRow>`SELECT ${DRAFT_COLUMNS} FROM dossier_drafts WHERE id = ${id}::uuid ${options.lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  return result.rows[0];
}

export async function listDrafts(db: Executor, accountId: string): Promise<DraftRow[]> {
  const result = await sql<DraftRow>`SELECT ${DRAFT_COLUMNS} FROM dossier_drafts WHERE account_id = ${accountId}::uuid ORDER BY updated_at DESC LIMIT 50`.execute(db);
  return result.rows;
}

export async function deleteDraftInTx(tx: Executor, id: string): Promise<void> {
  await sql`DELETE FROM dossier_drafts WHERE id = ${id}::uuid`.execute(tx);
}

// ---- public lookup budgets ----------------------------------------------------------

export type LookupBudgetScope = 'address' | 'code';

/**
 * Takes one attempt of a budget, opening a new window when the last one has passed.
 * Undefined when the window's attempts are spent: the row is then left as it is. Concurrent
 * calls queue on the row's lock, so at most `limit` of them ever get an attempt.
 */
export async function takeLookupAttempt(db: Executor, scope: LookupBudgetScope, key: string, limit: number, windowSeconds: number): Promise<{ windowStart: string } | undefined> {
  // The window's start goes back as text: a Date would lose its microseconds.
  const result = await sql<{ windowStart: string }>`
    INSERT INTO dossier_lookup_budgets AS b (scope, key, attempts, window_start) VALUES (${scope}, ${key}, 1, now())
    ON CONFLICT (scope, key) DO UPDATE SET
      attempts = CASE WHEN b.window_start > now() - make_interval(secs => ${windowSeconds}) THEN b.attempts + 1 ELSE 1 END,
      window_start = CASE WHEN b.window_start > now() - make_interval(secs => ${windowSeconds}) THEN b.window_start ELSE now() END
    WHERE b.window_start <= now() - make_interval(secs => ${windowSeconds}) OR b.attempts < ${limit}
    RETURNING window_start::text AS "windowStart"
  `.execute(db);
  return result.rows[0];
}

/** Gives an attempt back to the window it was taken from (a right answer costs nothing). */
export async function returnLookupAttempt(db: Executor, scope: LookupBudgetScope, key: string, windowStart: string): Promise<void> {
  await sql`
    UPDATE dossier_lookup_budgets SET attempts = attempts - 1
    WHERE scope = ${scope} AND key = ${key} AND window_start = ${windowStart}::timestamptz AND attempts > 0
  `.execute(db);
}

export async function purgeLookupBudgets(db: Executor, olderThanSeconds: number): Promise<void> {
  await sql`DELETE FROM dossier_lookup_budgets WHERE window_start <= now() - make_interval(secs => ${olderThanSeconds})`.execute(db);
}
