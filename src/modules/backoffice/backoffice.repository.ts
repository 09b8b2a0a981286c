import { sql, type Executor } from '../../platform/db/index.ts';
import { tables } from './backoffice.tables.ts';
import { holderOf, type WorkflowStep } from './backoffice.workflow.ts';

/** SQL of the back office's own tables (backoffice.tables.ts). */

export interface CaseRow {
  dossierCode: string;
  steps: WorkflowStep[];
  stepIndex: number;
  stepStartedAt: Date;
  assigneeId: string | null;
  assigneeName: string | null;
  clockFrom: Date | null;
  gaps: string[] | null;
}

export interface DocumentRow {
  id: number;
  dossierCode: string;
  kind: '01' | '02' | '03' | '04' | 'result';
  data: Record<string, unknown>;
  sha256: string | null;
  verifyToken: string | null;
  issuerAgency: string;
  issuerName: string;
  issuedAt: Date;
}

const CASE_COLUMNS = ['dossier_code as dossierCode', 'steps', 'step_index as stepIndex', 'step_started_at as stepStartedAt', 'assignee_id as assigneeId', 'assignee_name as assigneeName', 'clock_from as clockFrom', 'gaps'] as const;
const DOCUMENT_COLUMNS = ['id', 'dossier_code as dossierCode', 'kind', 'data', 'sha256', 'verify_token as verifyToken', 'issuer_agency as issuerAgency', 'issuer_name as issuerName', 'issued_at as issuedAt'] as const;

export async function findWorkflow(ex: Executor, procedureCode: string, caseCode: string): Promise<WorkflowStep[] | undefined> {
  const row = await tables(ex).selectFrom('backoffice_workflows').select('steps').where('procedure_code', '=', procedureCode).where('case_code', '=', caseCode).executeTakeFirst();
  return row?.steps;
}

export async function saveWorkflowInTx(tx: Executor, procedureCode: string, caseCode: string, steps: WorkflowStep[], by: string): Promise<void> {
  await tables(tx)
    .insertInto('backoffice_workflows')
    .values({ procedure_code: procedureCode, case_code: caseCode, steps: JSON.stringify(steps), updated_by: by })
    .onConflict((oc) => oc.columns(['procedure_code', 'case_code']).doUpdateSet({ steps: JSON.stringify(steps), updated_by: by, updated_at: sql<Date>`now()` }))
    .execute();
}

export async function findCase(ex: Executor, dossierCode: string): Promise<CaseRow | undefined> {
  return tables(ex).selectFrom('backoffice_cases').select(CASE_COLUMNS).where('dossier_code', '=', dossierCode).executeTakeFirst();
}

/**
 * Writes where the case is. `receivingUnit` names the unit holding steps without their own;
 * `open` false closes the case (no one holds a step any more: result returned).
 */
export async function upsertCaseInTx(tx: Executor, c: CaseRow, receivingUnit: string, open = true): Promise<void> {
  const step = c.steps[c.stepIndex];
  const held = open && c.stepIndex > 0 && step !== undefined;
  const values = {
    holder_unit: held ? holderOf(step, receivingUnit) : null,
    holder_role: held ? step.role : null,
    steps: JSON.stringify(c.steps),
    step_index: c.stepIndex,
    step_started_at: c.stepStartedAt,
    assignee_id: c.assigneeId,
    assignee_name: c.assigneeName,
    clock_from: c.clockFrom,
    gaps: c.gaps ? JSON.stringify(c.gaps) : null,
  };
  await tables(tx)
    .insertInto('backoffice_cases')
    .values({ dossier_code: c.dossierCode, ...values })
    .onConflict((oc) => oc.column('dossier_code').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
    .execute();
}

export async function insertDocumentInTx(
  tx: Executor,
  d: { dossierCode: string; kind: DocumentRow['kind']; data: Record<string, unknown>; sha256?: string; verifyToken?: string; issuerAgency: string; issuerName: string; issuedAt: Date },
): Promise<number> {
  const row = await tables(tx)
    .insertInto('backoffice_documents')
    .values({ dossier_code: d.dossierCode, kind: d.kind, data: JSON.stringify(d.data), sha256: d.sha256 ?? null, verify_token: d.verifyToken ?? null, issuer_agency: d.issuerAgency, issuer_name: d.issuerName, issued_at: d.issuedAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listDocuments(ex: Executor, dossierCode: string): Promise<DocumentRow[]> {
  return tables(ex).selectFrom('backoffice_documents').select(DOCUMENT_COLUMNS).where('dossier_code', '=', dossierCode).orderBy('id').execute();
}

export async function findDocument(ex: Executor, dossierCode: string, id: number): Promise<DocumentRow | undefined> {
  return tables(ex).selectFrom('backoffice_documents').select(DOCUMENT_COLUMNS).where('dossier_code', '=', dossierCode).where('id', '=', id).executeTakeFirst();
}

export async function findByVerifyToken(ex: Executor, token: string): Promise<DocumentRow | undefined> {
  return tables(ex).selectFrom('backoffice_documents').select(DOCUMENT_COLUMNS).where('verify_token', '=', token).executeTakeFirst();
}

export async function hasApology(ex: Executor, dossierCode: string): Promise<boolean> {
  const row = await tables(ex).selectFrom('backoffice_documents').select('id').where('dossier_code', '=', dossierCode).where('kind', '=', '04').executeTakeFirst();
  return row !== undefined;
}

/** Which of these stored files a result names (the file store's sweep). */
export async function namedFiles(ex: Executor, sha256s: readonly string[]): Promise<string[]> {
  const result = await sql<{ sha256: string }>`
    SELECT DISTINCT d.sha256 FROM unnest(${[...sha256s]}::text[]) AS f (sha256) JOIN backoffice_documents d ON d.sha256 = f.sha256
  `.execute(ex);
  return result.rows.map((r) => r.sha256);
}

export interface HandoffRow {
  id: number;
  dossierCode: string;
  receivingUnit: string;
  fromUnit: string;
  toUnit: string;
  stepIndex: number;
  sentAt: Date;
  dueAt: Date | null;
  returnedAt: Date | null;
}

const HANDOFF_COLUMNS = ['id', 'dossier_code as dossierCode', 'receiving_unit as receivingUnit', 'from_unit as fromUnit', 'to_unit as toUnit', 'step_index as stepIndex', 'sent_at as sentAt', 'due_at as dueAt', 'returned_at as returnedAt'] as const;

/** The dossier leaves the unit holding it: the open hand-off (if any) is closed, and a new one opened when it goes to another agency's unit. */
export async function moveHandoffInTx(tx: Executor, h: { dossierCode: string; receivingUnit: string; fromUnit: string; toUnit: string; stepIndex: number; at: Date; by: string; dueAt: Date | null }): Promise<void> {
  await tables(tx).updateTable('backoffice_handoffs').set({ returned_at: h.at }).where('dossier_code', '=', h.dossierCode).where('returned_at', 'is', null).execute();
  if (h.toUnit === h.receivingUnit) return;
  await tables(tx)
    .insertInto('backoffice_handoffs')
    .values({ dossier_code: h.dossierCode, receiving_unit: h.receivingUnit, from_unit: h.fromUnit, to_unit: h.toUnit, step_index: h.stepIndex, sent_at: h.at, sent_by: h.by, due_at: h.dueAt })
    .execute();
}

/** Closes the open hand-off of a dossier that stops or ends elsewhere. */
export async function closeHandoffInTx(tx: Executor, dossierCode: string, at: Date): Promise<void> {
  await tables(tx).updateTable('backoffice_handoffs').set({ returned_at: at }).where('dossier_code', '=', dossierCode).where('returned_at', 'is', null).execute();
}

export async function listHandoffs(ex: Executor, dossierCode: string): Promise<HandoffRow[]> {
  return tables(ex).selectFrom('backoffice_handoffs').select(HANDOFF_COLUMNS).where('dossier_code', '=', dossierCode).orderBy('id').execute();
}

/** Whether the dossier was ever handed to one of these units (they see its trail). */
export async function wasHandedTo(ex: Executor, dossierCode: string, units: readonly string[]): Promise<boolean> {
  if (units.length === 0) return false;
  const row = await tables(ex).selectFrom('backoffice_handoffs').select('id').where('dossier_code', '=', dossierCode).where('to_unit', 'in', [...units]).executeTakeFirst();
  return row !== undefined;
}

/** Open hand-offs to these units or of dossiers they received (the "Liên thông" queue), most urgent first. */
export async function listOpenHandoffs(ex: Executor, units: readonly string[], limit: number, offset: number): Promise<HandoffRow[]> {
  return tables(ex)
    .selectFrom('backoffice_handoffs')
    .select(HANDOFF_COLUMNS)
    .where('returned_at', 'is', null)
    .where((eb) => eb.or([eb('to_unit', 'in', [...units]), eb('receiving_unit', 'in', [...units])]))
    .orderBy(sql`due_at ASC NULLS LAST`)
    .orderBy('dossier_code')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** The case is closed (stopped, withdrawn): it leaves every "my work" queue. */
export async function closeCaseInTx(tx: Executor, dossierCode: string): Promise<void> {
  await tables(tx).updateTable('backoffice_cases').set({ holder_unit: null, holder_role: null }).where('dossier_code', '=', dossierCode).execute();
}

/** The open cases whose current step this official may take in their unit: their roles, unassigned or theirs; oldest step first. */
export async function listHeldCases(ex: Executor, unit: string, roles: readonly string[], accountId: string, limit: number, offset: number): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await tables(ex)
    .selectFrom('backoffice_cases')
    .select('dossier_code')
    .where('holder_unit', '=', unit)
    .where('holder_role', 'in', [...roles])
    .where((eb) => eb.or([eb('assignee_id', 'is', null), eb('assignee_id', '=', accountId)]))
    .orderBy('step_started_at')
    .orderBy('dossier_code')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => r.dossier_code);
}

/** How many cases the official holds ("my work") and how many hand-offs of the units are open (liên thông), each to `cap`, in one statement. */
export async function countHeldAndHandoffs(ex: Executor, official: { unit: string; roles: readonly string[]; accountId: string }, units: readonly string[], cap: number): Promise<{ held: number; handoffs: number }> {
  const result = await sql<{ held: number; handoffs: number }>`
    SELECT (SELECT count(*)::int FROM (
              SELECT 1 FROM backoffice_cases
               WHERE holder_unit = ${official.unit} AND holder_role = ANY(${[...official.roles]}::text[]) AND (assignee_id IS NULL OR assignee_id = ${official.accountId}::uuid) LIMIT ${cap}
            ) capped) AS held,
           (SELECT count(*)::int FROM (
              SELECT 1 FROM backoffice_handoffs WHERE returned_at IS NULL AND (to_unit = ANY(${[...units]}::text[]) OR receiving_unit = ANY(${[...units]}::text[])) LIMIT ${cap}
            ) capped) AS handoffs
  `.execute(ex);
  return { held: result.rows[0]?.held ?? 0, handoffs: result.rows[0]?.handoffs ?? 0 };
}

const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/**
 * findCase, listDocuments and listHandoffs of one dossier in one statement (the official's
 * dossier page reads all three on every view), with the same rows and types.
 */
export async function findCaseTrail(ex: Executor, dossierCode: string): Promise<{ case: CaseRow | undefined; documents: DocumentRow[]; handoffs: HandoffRow[] }> {
  const result = await sql<{ c: Record<string, unknown> | null; d: Record<string, unknown>[]; h: Record<string, unknown>[] }>`
    SELECT (SELECT row_to_json(c) FROM (
              SELECT dossier_code AS "dossierCode", steps, step_index AS "stepIndex", step_started_at AS "stepStartedAt", assignee_id AS "assigneeId",
                     assignee_name AS "assigneeName", clock_from AS "clockFrom", gaps
                FROM backoffice_cases WHERE dossier_code = ${dossierCode}) c) AS c,
           (SELECT coalesce(json_agg(d ORDER BY d.id), '[]'::json) FROM (
              SELECT id, dossier_code AS "dossierCode", kind, data, sha256, verify_token AS "verifyToken", issuer_agency AS "issuerAgency",
                     issuer_name AS "issuerName", issued_at AS "issuedAt"
                FROM backoffice_documents WHERE dossier_code = ${dossierCode}) d) AS d,
           (SELECT coalesce(json_agg(h ORDER BY h.id), '[]'::json) FROM (
              SELECT id, dossier_code AS "dossierCode", receiving_unit AS "receivingUnit", from_unit AS "fromUnit", to_unit AS "toUnit",
                     step_index AS "stepIndex", sent_at AS "sentAt", due_at AS "dueAt", returned_at AS "returnedAt"
                FROM backoffice_handoffs WHERE dossier_code = ${dossierCode}) h) AS h
  `.execute(ex);
  const row = result.rows[0];
  const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const c = json<Record<string, unknown> | null>(row?.c ?? null);
  return {
    case: c ? ({ ...c, stepStartedAt: new Date(c.stepStartedAt as string), clockFrom: dateOrNull(c.clockFrom) } as unknown as CaseRow) : undefined,
    documents: json<Record<string, unknown>[]>(row?.d ?? []).map((d) => ({ ...d, id: Number(d.id), issuedAt: new Date(d.issuedAt as string) }) as unknown as DocumentRow),
    handoffs: json<Record<string, unknown>[]>(row?.h ?? []).map((h) => ({ ...h, id: Number(h.id), sentAt: new Date(h.sentAt as string), dueAt: dateOrNull(h.dueAt), returnedAt: dateOrNull(h.returnedAt) }) as unknown as HandoffRow),
  };
}
