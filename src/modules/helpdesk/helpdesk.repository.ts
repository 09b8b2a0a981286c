import { sql, type Executor } from '../../platform/db/index.ts';
import { tables, type TicketChannel, type TicketStatus } from './helpdesk.tables.ts';

/** SQL of the helpdesk: tickets, canned answers, knowledge-base articles. */

export interface Ticket {
  id: number;
  channel: TicketChannel;
  category: string;
  subject: string;
  body: string;
  requesterName: string;
  requesterContact: string;
  requesterAccountId: string | null;
  status: TicketStatus;
  assigneeAccountId: string | null;
  assigneeName: string | null;
  dueAt: Date;
  answer: string | null;
  answeredAt: Date | null;
  answeredByName: string | null;
  createdAt: Date;
}

const TICKET_COLUMNS = [
  'id', 'channel', 'category', 'subject', 'body', 'requester_name as requesterName', 'requester_contact as requesterContact', 'requester_account_id as requesterAccountId',
  'status', 'assignee_account_id as assigneeAccountId', 'assignee_name as assigneeName', 'due_at as dueAt', 'answer', 'answered_at as answeredAt',
  'answered_by_name as answeredByName', 'created_at as createdAt',
] as const;

export async function insertTicket(ex: Executor, t: { channel: TicketChannel; category: string; subject: string; body: string; requesterName: string; requesterContact: string; requesterAccountId: string | null; dueAt: Date; createdBy: string | null; at: Date }): Promise<Ticket> {
  return tables(ex)
    .insertInto('helpdesk_tickets')
    .values({
      channel: t.channel, category: t.category, subject: t.subject, body: t.body, requester_name: t.requesterName, requester_contact: t.requesterContact,
      requester_account_id: t.requesterAccountId, status: 'open', assignee_account_id: null, assignee_name: null, due_at: t.dueAt, answer: null, answered_at: null,
      answered_by_name: null, created_by_account_id: t.createdBy, created_at: t.at,
    })
    .returning(TICKET_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function findTicket(ex: Executor, id: number, forUpdate = false): Promise<Ticket | undefined> {
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  let query = tables(ex).selectFrom('helpdesk_tickets').select(TICKET_COLUMNS).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateTicket(ex: Executor, id: number, change: Partial<{ status: TicketStatus; assignee_account_id: string | null; assignee_name: string | null; answer: string; answered_at: Date; answered_by_name: string }>): Promise<Ticket> {
  return tables(ex).updateTable('helpdesk_tickets').set({ ...change, updated_at: sql<Date>`now()` }).where('id', '=', id).returning(TICKET_COLUMNS).executeTakeFirstOrThrow();
}

export async function listTickets(ex: Executor, filter: { open: boolean; assignee?: string | null | undefined; requester?: string }, limit: number): Promise<Ticket[]> {
  let query = tables(ex).selectFrom('helpdesk_tickets').select(TICKET_COLUMNS);
  if (filter.requester) query = query.where('requester_account_id', '=', filter.requester);
  if (filter.assignee === null) query = query.where('assignee_account_id', 'is', null);
  else if (filter.assignee) query = query.where('assignee_account_id', '=', filter.assignee);
  query = filter.open ? query.where('status', '=', 'open').orderBy('due_at').orderBy('id') : query.where('status', '!=', 'open').orderBy('updated_at', 'desc').orderBy('id', 'desc');
  if (filter.requester) query = query.clearOrderBy().orderBy('id', 'desc');
  return query.limit(limit).execute();
}

export interface CannedAnswer {
  id: number;
  title: string;
  body: string;
}

export async function listCanned(ex: Executor): Promise<CannedAnswer[]> {
  return tables(ex).selectFrom('helpdesk_canned_answers').select(['id', 'title', 'body']).orderBy('title').execute();
}

export async function insertCanned(ex: Executor, c: { title: string; body: string }): Promise<CannedAnswer | undefined> {
  return tables(ex).insertInto('helpdesk_canned_answers').values(c).onConflict((oc) => oc.column('title').doNothing()).returning(['id', 'title', 'body']).executeTakeFirst();
}

export async function deleteCanned(ex: Executor, id: number): Promise<boolean> {
  const result = await tables(ex).deleteFrom('helpdesk_canned_answers').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface Article {
  id: number;
  title: string;
  body: string;
  category: string;
  published: boolean;
  updatedAt: Date;
  updatedByName: string | null;
}

const ARTICLE_COLUMNS = ['id', 'title', 'body', 'category', 'published', 'updated_at as updatedAt', 'updated_by_name as updatedByName'] as const;

export async function insertArticle(ex: Executor, a: { title: string; body: string; category: string; published: boolean; searchText: string; by: string }): Promise<Article | undefined> {
  return tables(ex)
    .insertInto('helpdesk_articles')
    .values({ title: a.title, body: a.body, category: a.category, published: a.published, search_text: a.searchText, updated_by_name: a.by })
    .onConflict((oc) => oc.column('title').doNothing())
    .returning(ARTICLE_COLUMNS)
    .executeTakeFirst();
}

export async function updateArticle(ex: Executor, id: number, a: { title: string; body: string; category: string; published: boolean; searchText: string; by: string }): Promise<Article | undefined> {
  return tables(ex)
    .updateTable('helpdesk_articles')
    .set({ title: a.title, body: a.body, category: a.category, published: a.published, search_text: a.searchText, updated_by_name: a.by, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning(ARTICLE_COLUMNS)
    .executeTakeFirst();
}

export async function findArticle(ex: Executor, id: number): Promise<Article | undefined> {
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  return tables(ex).selectFrom('helpdesk_articles').select(ARTICLE_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Articles holding every folded word, published ones only unless `all`. */
export async function searchArticles(ex: Executor, words: string[], all: boolean, limit: number): Promise<Article[]> {
  let query = tables(ex).selectFrom('helpdesk_articles').select(ARTICLE_COLUMNS);
  if (!all) query = query.where('published', '=', true);
  for (const word of words) query = query.where('search_text', 'like', `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return query.orderBy('title').limit(limit).execute();
}
