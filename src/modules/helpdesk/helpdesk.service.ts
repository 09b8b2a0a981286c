import { appendAuditInTx } from '../../platform/audit/index.ts';
import { vietnamDay } from '../../platform/calendar/index.ts';
import type { Db, Executor } from '../../platform/db/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import { articleChanged } from './helpdesk.facts.ts';
import type { Actor, Contributions } from '../../platform/module/index.ts';
import { sendMailInTx } from '../../platform/notify/index.ts';
import type { CalendarApi } from '../calendar/index.ts';
import { foldText } from '../catalog/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import { HelpdeskErrors } from './helpdesk.errors.ts';
import type { HelpdeskFactType, TicketChanged } from './helpdesk.facts.ts';
import * as repo from './helpdesk.repository.ts';
import type { TicketChannel } from './helpdesk.tables.ts';

/**
 * The portal's helpdesk: a citizen writes through the web form (signed in or not, with a
 * contact to answer to); operators enter what arrives by phone and e-mail. Agents (role
 * `helpdesk_agent`) take or assign tickets, answer them (from a canned answer or not) within
 * the configured working days, and keep the knowledge base, whose published articles are
 * public. Every change is audited, with a fact; an answer to an e-mail address is mailed.
 */

export const HELPDESK_AGENT_ROLE = 'helpdesk_agent';
export const TICKET_CATEGORIES = ['account', 'dossier', 'payment', 'technical', 'other'] as const;
export const ARTICLE_CATEGORIES = TICKET_CATEGORIES;
export const SUBJECT_MAX = 200;
export const BODY_MAX = 5000;
export const ARTICLE_MAX = 20000;
const LIST_LIMIT = 200;

export interface HelpdeskDependencies {
  calendar: Pick<CalendarApi, 'workingCalendar'>;
  identity: Pick<IdentityApi, 'getAccount' | 'listOfficials' | 'createOfficial' | 'takeSourceBudget'>;
}

export interface HelpdeskContext extends HelpdeskDependencies {
  db: Db;
  contributions: Contributions;
  /** Working days in which a ticket is answered (not set by any text found: a service level of the portal). */
  answerWorkingDays: number;
}

export type TicketBucket = 'unassigned' | 'mine' | 'open' | 'closed';
export const TICKET_BUCKETS: readonly TicketBucket[] = ['unassigned', 'mine', 'open', 'closed'];

export interface TicketInput {
  channel?: string | undefined;
  category?: string | undefined;
  subject?: string | undefined;
  body?: string | undefined;
  requesterName?: string | undefined;
  requesterContact?: string | undefined;
}

const clean = (text: string | undefined) => (typeof text === 'string' ? text.replace(/\r\n/g, '\n').trim() : '');
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const PHONE = /^\+?[0-9 .-]{8,15}$/;
/** System reader of the officials' list, after the agent was authorised (as the back office does). */
const AGENTS_READER: Actor = Object.freeze({ accountId: '00000000-0000-0000-0000-000000000000', kind: 'admin', displayName: 'helpdesk', agencyCode: null, roles: [] });

export function createHelpdeskService(ctx: HelpdeskContext) {
  const { db } = ctx;

  function agent(actor: Actor | undefined): Actor {
    if (!actor) throw HelpdeskErrors.unauthenticated();
    if (actor.kind !== 'official' || !ctx.contributions.may(actor, 'helpdesk.handle')) throw HelpdeskErrors.agentsOnly();
    return actor;
  }

  async function dueFrom(at: Date): Promise<Date> {
    const year = Number(vietnamDay(at).slice(0, 4));
    const calendar = await ctx.calendar.workingCalendar([year, year + 1]);
    return calendar.deadline(at, ctx.answerWorkingDays).dueAt;
  }

  async function record(tx: Executor, actor: Actor | undefined, type: HelpdeskFactType, ticket: repo.Ticket, at: Date, data: object = {}) {
    await appendAuditInTx(tx, { actor: actor?.accountId ?? null, action: type, entityType: 'helpdesk_ticket', entityId: String(ticket.id), data: { status: ticket.status, ...data } });
    const payload: TicketChanged = { id: ticket.id, channel: ticket.channel, category: ticket.category, status: ticket.status, dueAt: ticket.dueAt.toISOString(), at: at.toISOString() };
    await recordFactsInTx(tx, [{ type, payload }]);
  }

  function readTicket(input: TicketInput, channels: readonly TicketChannel[], needsRequester: boolean) {
    const problems: FieldError[] = [];
    const channel = channels.find((c) => c === input.channel);
    if (!channel) problems.push({ field: 'channel', message: 'channelInvalid' });
    const category = TICKET_CATEGORIES.find((c) => c === input.category);
    if (!category) problems.push({ field: 'category', message: 'categoryInvalid' });
    const subject = clean(input.subject);
    if (subject === '' || subject.length > SUBJECT_MAX) problems.push({ field: 'subject', message: 'subjectInvalid' });
    const body = clean(input.body);
    if (body === '' || body.length > BODY_MAX) problems.push({ field: 'body', message: 'bodyInvalid' });
    const requesterName = clean(input.requesterName).slice(0, 100);
    const requesterContact = clean(input.requesterContact).slice(0, 200);
    if (needsRequester && requesterName === '') problems.push({ field: 'requesterName', message: 'nameRequired' });
    if (needsRequester && !EMAIL.test(requesterContact) && !PHONE.test(requesterContact)) problems.push({ field: 'requesterContact', message: 'contactInvalid' });
    if (problems.length > 0 || !channel || !category) throw HelpdeskErrors.invalidInput(problems);
    return { channel, category, subject, body, requesterName, requesterContact };
  }

  async function listAgents(): Promise<{ id: string; name: string }[]> {
    const officials = await ctx.identity.listOfficials(AGENTS_READER, {});
    return officials.filter((o) => o.status === 'active' && o.roles.includes(HELPDESK_AGENT_ROLE)).map((o) => ({ id: o.id, name: o.fullName }));
  }

  async function lockTicket(tx: Executor, id: number): Promise<repo.Ticket> {
    const ticket = await repo.findTicket(tx, id, true);
    if (!ticket) throw HelpdeskErrors.ticketNotFound();
    return ticket;
  }

  return {
    /** The web form: anyone; a signed-in citizen or business is the requester, others give a name and an e-mail or phone. */
    async openWebTicket(actor: Actor | undefined, input: TicketInput, options: { now?: Date; ip?: string } = {}): Promise<repo.Ticket> {
      const now = options.now ?? new Date();
      const signedIn = actor && (actor.kind === 'citizen' || actor.kind === 'business') ? actor : undefined;
      let requester: { name: string; contact: string } | undefined;
      if (signedIn) {
        const account = await ctx.identity.getAccount(signedIn.accountId);
        requester = { name: account.fullName, contact: account.email };
      }
      const t = readTicket({ ...input, channel: 'web', ...(requester ? { requesterName: requester.name, requesterContact: requester.contact } : {}) }, ['web'], true);
      // Without an account, only the source limits a flood: each valid request counts against it.
      if (!signedIn) {
        const wait = await ctx.identity.takeSourceBudget('help_request', options.ip ?? 'unknown');
        if (wait > 0) throw HelpdeskErrors.tooManyRequests(wait);
      }
      const dueAt = await dueFrom(now);
      return db.transaction().execute(async (tx) => {
        const ticket = await repo.insertTicket(tx, { ...t, requesterAccountId: signedIn?.accountId ?? null, dueAt, createdBy: actor?.accountId ?? null, at: now });
        await record(tx, actor, 'helpdesk.ticket_opened', ticket, now);
        return ticket;
      });
    },

    /** An operator enters a ticket that came by phone or e-mail. */
    async recordTicket(actor: Actor | undefined, input: TicketInput, options: { now?: Date } = {}): Promise<repo.Ticket> {
      const who = agent(actor);
      const now = options.now ?? new Date();
      const t = readTicket(input, ['phone', 'email'], true);
      const dueAt = await dueFrom(now);
      return db.transaction().execute(async (tx) => {
        const ticket = await repo.insertTicket(tx, { ...t, requesterAccountId: null, dueAt, createdBy: who.accountId, at: now });
        await record(tx, who, 'helpdesk.ticket_opened', ticket, now);
        return ticket;
      });
    },

    /** The agents' queue: unassigned, mine, every open ticket (by due time), or the latest closed ones; with SLA flags. */
    async queue(actor: Actor | undefined, bucket: TicketBucket = 'unassigned', options: { now?: Date } = {}) {
      const who = agent(actor);
      const now = options.now ?? new Date();
      const tickets = await repo.listTickets(db, { open: bucket !== 'closed', ...(bucket === 'unassigned' ? { assignee: null } : bucket === 'mine' ? { assignee: who.accountId } : {}) }, LIST_LIMIT);
      const year = Number(vietnamDay(now).slice(0, 4));
      const calendar = await ctx.calendar.workingCalendar([year, year + 1]);
      const today = vietnamDay(now);
      return {
        bucket,
        items: tickets.map((ticket) => {
          let flag: 'overdue' | 'due_soon' | null = null;
          if (ticket.status === 'open') {
            if (now.getTime() >= ticket.dueAt.getTime()) flag = 'overdue';
            else if (calendar.workingDaysBetween(today, vietnamDay(new Date(ticket.dueAt.getTime() - 1))) <= 0) flag = 'due_soon';
          }
          return { ticket, flag };
        }),
      };
    },

    async getTicket(actor: Actor | undefined, id: number): Promise<repo.Ticket> {
      agent(actor);
      const ticket = await repo.findTicket(db, id);
      if (!ticket) throw HelpdeskErrors.ticketNotFound();
      return ticket;
    },

    /** The requester's own web tickets (signed in). */
    async myTickets(actor: Actor | undefined): Promise<repo.Ticket[]> {
      if (!actor) throw HelpdeskErrors.unauthenticated();
      return repo.listTickets(db, { open: true, requester: actor.accountId }, LIST_LIMIT).then(async (open) => [...open, ...(await repo.listTickets(db, { open: false, requester: actor.accountId }, LIST_LIMIT))]);
    },

    async myTicket(actor: Actor | undefined, id: number): Promise<repo.Ticket> {
      if (!actor) throw HelpdeskErrors.unauthenticated();
      const ticket = await repo.findTicket(db, id);
      if (!ticket || ticket.requesterAccountId !== actor.accountId) throw HelpdeskErrors.ticketNotFound();
      return ticket;
    },

    /** Helpdesk agents (for assignment). */
    async agents(actor: Actor | undefined): Promise<{ id: string; name: string }[]> {
      agent(actor);
      return listAgents();
    },

    /** Assigns an open ticket to an agent (oneself when `assigneeId` is empty). */
    async assign(actor: Actor | undefined, id: number, assigneeId?: string, options: { now?: Date } = {}): Promise<repo.Ticket> {
      const who = agent(actor);
      const now = options.now ?? new Date();
      let assignee = { id: who.accountId, name: who.displayName };
      if (assigneeId && assigneeId !== who.accountId) {
        const found = (await listAgents()).find((a) => a.id === assigneeId);
        if (!found) throw HelpdeskErrors.invalidInput([{ field: 'assigneeId', message: 'assigneeInvalid' }]);
        assignee = found;
      }
      return db.transaction().execute(async (tx) => {
        const ticket = await lockTicket(tx, id);
        if (ticket.status !== 'open') throw HelpdeskErrors.wrongState();
        const updated = await repo.updateTicket(tx, ticket.id, { assignee_account_id: assignee.id, assignee_name: assignee.name });
        await record(tx, who, 'helpdesk.ticket_assigned', updated, now, { assignee: assignee.id });
        return updated;
      });
    },

    /** Answers an open ticket; an e-mail requester gets the answer by mail. */
    async answer(actor: Actor | undefined, id: number, input: { answer?: string | undefined }, options: { now?: Date } = {}): Promise<repo.Ticket> {
      const who = agent(actor);
      const now = options.now ?? new Date();
      const answer = clean(input.answer);
      if (answer === '' || answer.length > BODY_MAX) throw HelpdeskErrors.invalidInput([{ field: 'answer', message: 'answerInvalid' }]);
      return db.transaction().execute(async (tx) => {
        const ticket = await lockTicket(tx, id);
        if (ticket.status !== 'open') throw HelpdeskErrors.wrongState();
        const updated = await repo.updateTicket(tx, ticket.id, {
          status: 'answered', answer, answered_at: now, answered_by_name: who.displayName,
          ...(ticket.assigneeAccountId ? {} : { assignee_account_id: who.accountId, assignee_name: who.displayName }),
        });
        if (EMAIL.test(ticket.requesterContact)) {
          await sendMailInTx(tx, {
            to: ticket.requesterContact,
            subject: `[Hỗ trợ Cổng Dịch vụ công] Trả lời yêu cầu số ${ticket.id}: ${ticket.subject}`.slice(0, 250),
            text: `Kính gửi ${ticket.requesterName},\n\n${answer}\n\n— ${who.displayName}, bộ phận hỗ trợ Cổng Dịch vụ công`,
          });
        }
        await record(tx, who, 'helpdesk.ticket_answered', updated, now);
        return updated;
      });
    },

    async close(actor: Actor | undefined, id: number, options: { now?: Date } = {}): Promise<repo.Ticket> {
      const who = agent(actor);
      const now = options.now ?? new Date();
      return db.transaction().execute(async (tx) => {
        const ticket = await lockTicket(tx, id);
        if (ticket.status === 'closed') throw HelpdeskErrors.wrongState();
        const updated = await repo.updateTicket(tx, ticket.id, { status: 'closed' });
        await record(tx, who, 'helpdesk.ticket_closed', updated, now);
        return updated;
      });
    },

    // ---- canned answers ---------------------------------------------------------------

    async cannedAnswers(actor: Actor | undefined): Promise<repo.CannedAnswer[]> {
      agent(actor);
      return repo.listCanned(db);
    },

    async addCannedAnswer(actor: Actor | undefined, input: { title?: string | undefined; body?: string | undefined }): Promise<repo.CannedAnswer> {
      const who = agent(actor);
      const title = clean(input.title);
      const body = clean(input.body);
      const problems: FieldError[] = [];
      if (title === '' || title.length > SUBJECT_MAX) problems.push({ field: 'title', message: 'titleInvalid' });
      if (body === '' || body.length > BODY_MAX) problems.push({ field: 'body', message: 'bodyInvalid' });
      if (problems.length > 0) throw HelpdeskErrors.invalidInput(problems);
      return db.transaction().execute(async (tx) => {
        const canned = await repo.insertCanned(tx, { title, body });
        if (!canned) throw HelpdeskErrors.titleTaken();
        await appendAuditInTx(tx, { actor: who.accountId, action: 'helpdesk.canned_added', entityType: 'helpdesk_canned', entityId: String(canned.id), data: { title } });
        return canned;
      });
    },

    async removeCannedAnswer(actor: Actor | undefined, id: number): Promise<void> {
      const who = agent(actor);
      await db.transaction().execute(async (tx) => {
        if (!(await repo.deleteCanned(tx, id))) throw HelpdeskErrors.cannedNotFound();
        await appendAuditInTx(tx, { actor: who.accountId, action: 'helpdesk.canned_removed', entityType: 'helpdesk_canned', entityId: String(id) });
      });
    },

    // ---- knowledge base ---------------------------------------------------------------

    /** Public: published articles holding every word (accents optional). Agents see drafts too with `all`. */
    async searchArticles(actor: Actor | undefined, query: string | undefined, options: { all?: boolean } = {}): Promise<repo.Article[]> {
      if (options.all) agent(actor);
      const words = foldText(String(query ?? '').slice(0, 200)).split(' ').filter(Boolean).slice(0, 8);
      return repo.searchArticles(db, words, options.all === true, LIST_LIMIT);
    },

    /** Public for a published article; a draft only for agents. */
    async getArticle(actor: Actor | undefined, id: number): Promise<repo.Article> {
      const article = await repo.findArticle(db, id);
      if (!article) throw HelpdeskErrors.articleNotFound();
      if (!article.published) {
        if (!actor || actor.kind !== 'official' || !ctx.contributions.may(actor, 'helpdesk.handle')) throw HelpdeskErrors.articleNotFound();
      }
      return article;
    },

    /** Creates (no id) or edits an article. Audited. */
    async saveArticle(actor: Actor | undefined, id: number | undefined, input: { title?: string | undefined; body?: string | undefined; category?: string | undefined; published?: boolean | undefined }): Promise<repo.Article> {
      const who = agent(actor);
      const title = clean(input.title);
      const body = clean(input.body);
      const category = ARTICLE_CATEGORIES.find((c) => c === input.category);
      const problems: FieldError[] = [];
      if (title === '' || title.length > SUBJECT_MAX) problems.push({ field: 'title', message: 'titleInvalid' });
      if (body === '' || body.length > ARTICLE_MAX) problems.push({ field: 'body', message: 'bodyInvalid' });
      if (!category) problems.push({ field: 'category', message: 'categoryInvalid' });
      if (problems.length > 0 || !category) throw HelpdeskErrors.invalidInput(problems);
      const values = { title, body, category, published: input.published === true, searchText: foldText(`${title} ${body}`), by: who.displayName };
      return db.transaction().execute(async (tx) => {
        let article: repo.Article | undefined;
        try {
          article = id === undefined ? await repo.insertArticle(tx, values) : await repo.updateArticle(tx, id, values);
        } catch (error) {
          // Another article has this title (unique).
          if (String((error as { code?: string }).code) === '23505') throw HelpdeskErrors.titleTaken();
          throw error;
        }
        if (!article) throw id === undefined ? HelpdeskErrors.titleTaken() : HelpdeskErrors.articleNotFound();
        await recordFactsInTx(tx, [articleChanged(article)]);
        await appendAuditInTx(tx, { actor: who.accountId, action: id === undefined ? 'helpdesk.article_created' : 'helpdesk.article_updated', entityType: 'helpdesk_article', entityId: String(article.id), data: { title, published: values.published } });
        return article;
      });
    },
  };
}

export type HelpdeskService = ReturnType<typeof createHelpdeskService>;
