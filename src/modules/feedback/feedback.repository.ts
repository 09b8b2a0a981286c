import { sql, type Executor } from '../../platform/db/index.ts';
import { FeedbackErrors } from './feedback.errors.ts';
import { tables, type FeedbackKind, type FeedbackStatus } from './feedback.tables.ts';

/** SQL of the feedback module: items, their history and the satisfaction ratings. */

export interface FeedbackItem {
  id: number;
  kind: FeedbackKind;
  category: string;
  title: string;
  content: string;
  submitterAccountId: string;
  submitterKind: 'citizen' | 'business';
  submitterName: string;
  dossierCode: string | null;
  procedureCode: string | null;
  agencyCode: string;
  status: FeedbackStatus;
  receivedAt: Date;
  forwardDueAt: Date;
  answerDueAt: Date;
  forwardCount: number;
  consentToPublish: boolean;
  answer: string | null;
  answeredAt: Date | null;
  answeredByName: string | null;
  publishedAt: Date | null;
  createdAt: Date;
}

export interface FeedbackEvent {
  action: string;
  agencyCode: string;
  toAgencyCode: string | null;
  note: string | null;
  byName: string | null;
  at: Date;
}

const ITEM_COLUMNS = [
  'id', 'kind', 'category', 'title', 'content', 'submitter_account_id as submitterAccountId', 'submitter_kind as submitterKind', 'submitter_name as submitterName',
  'dossier_code as dossierCode', 'procedure_code as procedureCode', 'agency_code as agencyCode', 'status', 'received_at as receivedAt', 'forward_due_at as forwardDueAt',
  'answer_due_at as answerDueAt', 'forward_count as forwardCount', 'consent_to_publish as consentToPublish', 'answer', 'answered_at as answeredAt',
  'answered_by_name as answeredByName', 'published_at as publishedAt', 'created_at as createdAt',
] as const;

export interface NewItem {
  kind: FeedbackKind;
  category: string;
  title: string;
  content: string;
  submitterAccountId: string;
  submitterKind: 'citizen' | 'business';
  submitterName: string;
  dossierCode: string | null;
  procedureCode: string | null;
  agencyCode: string;
  receivedAt: Date;
  forwardDueAt: Date;
  answerDueAt: Date;
  consentToPublish: boolean;
}

export async function insertItem(ex: Executor, item: NewItem): Promise<FeedbackItem> {
  return tables(ex)
    .insertInto('feedback_items')
    .values({
      kind: item.kind, category: item.category, title: item.title, content: item.content, submitter_account_id: item.submitterAccountId,
      submitter_kind: item.submitterKind, submitter_name: item.submitterName, dossier_code: item.dossierCode, procedure_code: item.procedureCode,
      agency_code: item.agencyCode, status: 'received', received_at: item.receivedAt, forward_due_at: item.forwardDueAt, answer_due_at: item.answerDueAt,
      consent_to_publish: item.consentToPublish, answer: null, answered_at: null, answered_by_name: null, published_at: null, search_text: null,
    })
    .returning(ITEM_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function findItem(ex: Executor, id: number, options: { forUpdate?: boolean } = {}): Promise<FeedbackItem | undefined> {
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  let query = tables(ex).selectFrom('feedback_items').select(ITEM_COLUMNS).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function getItemForUpdate(ex: Executor, id: number): Promise<FeedbackItem> {
  const item = await findItem(ex, id, { forUpdate: true });
  if (!item) throw FeedbackErrors.itemNotFound();
  return item;
}

export type ItemChange = Partial<{
  agency_code: string;
  status: FeedbackStatus;
  received_at: Date;
  forward_due_at: Date;
  answer_due_at: Date;
  answer: string | null;
  answered_at: Date | null;
  answered_by_name: string | null;
  published_at: Date | null;
  search_text: string | null;
  consent_to_publish: boolean;
  category: string;
}> & { bumpForwardCount?: boolean };

export async function updateItem(ex: Executor, id: number, change: ItemChange): Promise<FeedbackItem> {
  const { bumpForwardCount, ...columns } = change;
  return tables(ex)
    .updateTable('feedback_items')
    .set((eb) => ({ ...columns, updated_at: sql<Date>`now()`, ...(bumpForwardCount ? { forward_count: eb('forward_count', '+', 1) } : {}) }))
    .where('id', '=', id)
    .returning(ITEM_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function insertEvent(ex: Executor, event: { itemId: number; action: string; agencyCode: string; toAgencyCode?: string | null; note?: string | null; byAccountId: string | null; byName: string | null; at: Date }): Promise<void> {
  await tables(ex)
    .insertInto('feedback_events')
    .values({ item_id: event.itemId, action: event.action, agency_code: event.agencyCode, to_agency_code: event.toAgencyCode ?? null, note: event.note ?? null, by_account_id: event.byAccountId, by_name: event.byName, at: event.at })
    .execute();
}

export async function listEvents(ex: Executor, itemId: number): Promise<FeedbackEvent[]> {
  return tables(ex)
    .selectFrom('feedback_events')
    .select(['action', 'agency_code as agencyCode', 'to_agency_code as toAgencyCode', 'note', 'by_name as byName', 'at'])
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
}

export async function listBySubmitter(ex: Executor, accountId: string, limit: number): Promise<FeedbackItem[]> {
  return tables(ex).selectFrom('feedback_items').select(ITEM_COLUMNS).where('submitter_account_id', '=', accountId).orderBy('id', 'desc').limit(limit).execute();
}

/** Items of these agencies (undefined: every agency): open ones by answer deadline, or the latest closed ones. */
export async function listForAgencies(ex: Executor, agencyCodes: string[] | undefined, open: boolean, limit: number): Promise<FeedbackItem[]> {
  if (agencyCodes?.length === 0) return [];
  let query = tables(ex).selectFrom('feedback_items').select(ITEM_COLUMNS);
  if (agencyCodes) query = query.where('agency_code', 'in', agencyCodes);
  query = open
    ? query.where('status', 'in', ['received', 'accepted']).orderBy('answer_due_at').orderBy('id')
    : query.where('status', 'in', ['answered', 'rejected']).orderBy('updated_at', 'desc').orderBy('id', 'desc');
  return query.limit(limit).execute();
}

export interface PublishedItem {
  id: number;
  kind: FeedbackKind;
  category: string;
  title: string;
  content: string;
  agencyCode: string;
  answer: string;
  answeredAt: Date;
  publishedAt: Date;
}

const PUBLISHED_COLUMNS = ['id', 'kind', 'category', 'title', 'content', 'agency_code as agencyCode', 'answer', 'answered_at as answeredAt', 'published_at as publishedAt'] as const;

/** Published items whose folded text holds every folded word, newest first. */
export async function searchPublished(ex: Executor, words: string[], limit: number, offset: number): Promise<PublishedItem[]> {
  let query = tables(ex).selectFrom('feedback_items').select(PUBLISHED_COLUMNS).where('published_at', 'is not', null);
  for (const word of words) query = query.where('search_text', 'like', `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const rows = await query.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return rows as PublishedItem[];
}

export async function findPublished(ex: Executor, id: number): Promise<PublishedItem | undefined> {
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  const row = await tables(ex).selectFrom('feedback_items').select(PUBLISHED_COLUMNS).where('id', '=', id).where('published_at', 'is not', null).executeTakeFirst();
  return row as PublishedItem | undefined;
}

// ---- satisfaction ratings -------------------------------------------------------------

export interface NewRating {
  dossierCode: string;
  agencyCode: string;
  procedureCode: string;
  procedureName: string;
  accountId: string;
  scores: [number, number, number, number, number];
  comment: string | null;
}

/** Inserts the rating unless the dossier has one; false when it had (the unique code decides, also under a race). */
export async function insertRating(ex: Executor, r: NewRating): Promise<{ createdAt: Date } | undefined> {
  const [q1, q2, q3, q4, q5] = r.scores;
  return tables(ex)
    .insertInto('satisfaction_ratings')
    .values({ dossier_code: r.dossierCode, agency_code: r.agencyCode, procedure_code: r.procedureCode, procedure_name: r.procedureName, account_id: r.accountId, q1, q2, q3, q4, q5, comment: r.comment })
    .onConflict((oc) => oc.column('dossier_code').doNothing())
    .returning(['created_at as createdAt'])
    .executeTakeFirst();
}

export async function ratedCodes(ex: Executor, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await tables(ex).selectFrom('satisfaction_ratings').select('dossier_code').where('dossier_code', 'in', codes).execute();
  return new Set(rows.map((r) => r.dossier_code));
}

export interface RatingSummaryRow {
  agencyCode: string;
  procedureCode: string | null;
  procedureName: string | null;
  count: number;
  /** Average score of each question, 1–5, two decimals. */
  averages: [number, number, number, number, number];
  /** Share (0–100, one decimal) of ratings whose overall satisfaction (question 5) is 4 or 5. */
  satisfiedPercent: number;
}

/** Counts and averages per agency, or per agency and procedure; `agencyCodes` undefined: every agency. */
export async function summariseRatings(ex: Executor, groupBy: 'agency' | 'procedure', agencyCodes: string[] | undefined): Promise<RatingSummaryRow[]> {
  if (agencyCodes && agencyCodes.length === 0) return [];
  const where = agencyCodes ? sql`WHERE agency_code = ANY(${agencyCodes}::text[])` : sql``;
  const averages = sql`count(*) AS n, round(avg(q1), 2)::text AS a1, round(avg(q2), 2)::text AS a2, round(avg(q3), 2)::text AS a3,
      round(avg(q4), 2)::text AS a4, round(avg(q5), 2)::text AS a5, count(*) FILTER (WHERE q5 >= 4) AS satisfied`;
  type Row = { agency_code: string; procedure_code: string | null; procedure_name: string | null; n: number | string; a1: string; a2: string; a3: string; a4: string; a5: string; satisfied: number | string };
  const result =
    groupBy === 'procedure'
      ? await sql<Row>`SELECT agency_code, procedure_code, max(procedure_name) AS procedure_name, ${averages}
          FROM satisfaction_ratings ${where} GROUP BY agency_code, procedure_code ORDER BY agency_code, procedure_code`.execute(ex)
      : await sql<Row>`SELECT agency_code, NULL::text AS procedure_code, NULL::text AS procedure_name, ${averages}
          FROM satisfaction_ratings ${where} GROUP BY agency_code ORDER BY agency_code`.execute(ex);
  return result.rows.map((r) => {
    const count = Number(r.n);
    return {
      agencyCode: r.agency_code,
      procedureCode: r.procedure_code,
      procedureName: r.procedure_name,
      count,
      averages: [Number(r.a1), Number(r.a2), Number(r.a3), Number(r.a4), Number(r.a5)],
      satisfiedPercent: count === 0 ? 0 : Math.round((Number(r.satisfied) * 1000) / count) / 10,
    };
  });
}
