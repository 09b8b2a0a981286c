import { appendAuditInTx } from '../../platform/audit/index.ts';
import { vietnamDay, type WorkingCalendar } from '../../platform/calendar/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import { sendMailInTx } from '../../platform/notify/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { foldText } from '../catalog/index.ts';
import { findDossierState, type DossierState } from '../dossiers/index.ts';
import type { FeedbackContext } from './feedback.context.ts';
import { FeedbackErrors } from './feedback.errors.ts';
import type { FeedbackChanged, FeedbackFactType } from './feedback.facts.ts';
import * as repo from './feedback.repository.ts';
import type { FeedbackKind } from './feedback.tables.ts';

/**
 * Feedback and petitions (DOMAIN.md §10): a citizen or business files an item, optionally on
 * one of their dossiers or a procedure; it goes to the competent agency (the dossier's
 * receiving agency, the procedure's competent agency, the agency chosen, or else the portal's
 * operator, who classifies it). An agency that is not competent forwards it within 5 working
 * days; the competent one accepts it and answers within the configured working days, or
 * rejects it with a reason. An answer is published only with the submitter's consent. Every
 * change is one transaction: the row, its history entry, an audit entry and a fact.
 */

export const FEEDBACK_KINDS: readonly FeedbackKind[] = ['feedback', 'petition'];
/** Classification of the content (the "classify" step); stored as a key, shown translated. */
export const FEEDBACK_CATEGORIES = ['procedure', 'conduct', 'regulation', 'online_service', 'other'] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];

export const TITLE_MAX = 200;
export const CONTENT_MAX = 5000;
export const ANSWER_MAX = 5000;
const QUEUE_LIMIT = 200;
const MINE_LIMIT = 100;
export const PUBLIC_PAGE_SIZE = 20;

export type SlaFlag = 'overdue' | 'due_soon' | 'forward_closing' | null;

export interface SubmitInput {
  kind?: string | undefined;
  category?: string | undefined;
  title?: string | undefined;
  content?: string | undefined;
  dossierCode?: string | undefined;
  procedureCode?: string | undefined;
  agencyCode?: string | undefined;
  consentToPublish?: boolean | undefined;
}

export type QueueBucket = 'open' | 'due_soon' | 'overdue' | 'closed';
export const QUEUE_BUCKETS: readonly QueueBucket[] = ['open', 'due_soon', 'overdue', 'closed'];

const isApplicant = (actor: Actor): actor is Actor & { kind: 'citizen' | 'business' } => actor.kind === 'citizen' || actor.kind === 'business';
const clean = (text: string | undefined) => (typeof text === 'string' ? text.replace(/\r\n/g, '\n').trim() : '');

/** The dossier's applicant: the account that filed it, or for a dossier synced without one, the account with its ID number or tax code. */
export async function isApplicantOf(ctx: FeedbackContext, actor: Actor, dossier: DossierState): Promise<boolean> {
  if (!isApplicant(actor)) return false;
  if (dossier.applicantAccountId) return dossier.applicantAccountId === actor.accountId;
  const account = await ctx.identity.getAccount(actor.accountId);
  const identifier = actor.kind === 'citizen' ? account.personalId : account.taxCode;
  return identifier !== null && identifier === dossier.applicantIdentifier && dossier.applicantKind === (actor.kind === 'citizen' ? 1 : 2);
}

export function createFeedbackService(ctx: FeedbackContext) {
  const { db, settings } = ctx;

  async function calendarAround(now: Date): Promise<WorkingCalendar> {
    const year = Number(vietnamDay(now).slice(0, 4));
    return ctx.calendar.workingCalendar([year - 1, year, year + 1]);
  }

  /** The two clocks of an item received by an agency at `at`. */
  async function clocks(at: Date) {
    const calendar = await calendarAround(at);
    return {
      received_at: at,
      forward_due_at: calendar.deadline(at, settings.forwardWorkingDays).dueAt,
      answer_due_at: calendar.deadline(at, settings.answerWorkingDays).dueAt,
    };
  }

  function applicant(actor: Actor | undefined): Actor & { kind: 'citizen' | 'business' } {
    if (!actor) throw FeedbackErrors.unauthenticated();
    if (!isApplicant(actor)) throw FeedbackErrors.applicantsOnly();
    return actor;
  }

  function handler(actor: Actor | undefined): Actor {
    if (!actor) throw FeedbackErrors.unauthenticated();
    if (actor.kind === 'admin') return actor;
    if (actor.kind !== 'official' || !actor.agencyCode || !ctx.contributions.may(actor, 'feedback.handle')) throw FeedbackErrors.officialsOnly();
    return actor;
  }

  /** Officials act on the items of their agency and of the units below it; administrators on all. */
  function covers(actor: Actor, agencyCode: string): boolean {
    return actor.kind === 'admin' || (actor.agencyCode !== null && ctx.agencies.isWithin(agencyCode, actor.agencyCode));
  }

  async function agenciesOf(actor: Actor): Promise<string[]> {
    if (!actor.agencyCode) return [];
    const units = await ctx.agencies.listUnitsOf(actor.agencyCode);
    return units.length > 0 ? units.map((u) => u.code) : [actor.agencyCode];
  }

  /** Writes the change, its history entry, its audit entry and its fact, in `tx`. */
  async function record(tx: Executor, actor: Actor, type: FeedbackFactType, item: repo.FeedbackItem, at: Date, extra: { fromAgency?: string; note?: string | null } = {}) {
    const action = type.slice('feedback.'.length);
    await repo.insertEvent(tx, {
      itemId: item.id,
      action,
      agencyCode: extra.fromAgency ?? item.agencyCode,
      toAgencyCode: extra.fromAgency ? item.agencyCode : null,
      note: extra.note ?? null,
      byAccountId: actor.accountId,
      byName: actor.displayName,
      at,
    });
    await appendAuditInTx(tx, {
      actor: actor.accountId,
      action: type,
      entityType: 'feedback_item',
      entityId: String(item.id),
      data: { status: item.status, agencyCode: item.agencyCode, ...(extra.fromAgency ? { fromAgencyCode: extra.fromAgency } : {}) },
    });
    const payload: FeedbackChanged = {
      id: item.id,
      kind: item.kind,
      category: item.category,
      status: item.status,
      agencyCode: item.agencyCode,
      ...(extra.fromAgency ? { fromAgencyCode: extra.fromAgency } : {}),
      answerDueAt: item.answerDueAt.toISOString(),
      at: at.toISOString(),
    };
    await recordFactsInTx(tx, [{ type, payload }]);
  }

  /** The submitter's e-mail address, read before the transaction (the submitter of an item never changes). */
  async function submitterEmail(id: number): Promise<string | undefined> {
    const item = await repo.findItem(db, id);
    return item ? (await ctx.identity.getAccount(item.submitterAccountId)).email : undefined;
  }

  /** Tells the submitter by e-mail that their item was answered or rejected (in the transaction of the change). */
  async function mailSubmitter(tx: Executor, item: repo.FeedbackItem, email: string | undefined) {
    if (!email) return;
    const link = `${ctx.baseUrl}/feedback/${item.id}`;
    const rejected = item.status === 'rejected';
    await sendMailInTx(tx, {
      to: email,
      subject: rejected ? `Phản ánh, kiến nghị số ${item.id} không được xử lý` : `Phản ánh, kiến nghị số ${item.id} đã được trả lời`,
      text:
        `Kính gửi ${item.submitterName},\n\n${rejected ? 'Phản ánh, kiến nghị của bạn không được xử lý. Lý do:' : 'Cơ quan có thẩm quyền đã trả lời phản ánh, kiến nghị của bạn:'}\n\n` +
        `${item.answer ?? ''}\n\nXem chi tiết: ${link}\n\n—\n${rejected ? `Your feedback or petition no. ${item.id} will not be handled.` : `Your feedback or petition no. ${item.id} was answered.`} ${link}`,
    });
  }

  /** Loads the item under a row lock for an official who covers its agency; another agency's item is "not found". */
  async function lockForHandler(tx: Executor, actor: Actor, id: number): Promise<repo.FeedbackItem> {
    const item = await repo.findItem(tx, id, { forUpdate: true });
    if (!item || !covers(actor, item.agencyCode)) throw FeedbackErrors.itemNotFound();
    return item;
  }

  function slaFlag(calendar: WorkingCalendar, item: repo.FeedbackItem, now: Date): SlaFlag {
    if (item.status !== 'received' && item.status !== 'accepted') return null;
    if (now.getTime() >= item.answerDueAt.getTime()) return 'overdue';
    const today = vietnamDay(now);
    const lastDay = vietnamDay(new Date(item.answerDueAt.getTime() - 1));
    if (calendar.workingDaysBetween(today, lastDay) <= settings.dueSoonWorkingDays) return 'due_soon';
    if (item.status === 'received' && now.getTime() < item.forwardDueAt.getTime()) {
      const forwardLast = vietnamDay(new Date(item.forwardDueAt.getTime() - 1));
      if (calendar.workingDaysBetween(today, forwardLast) <= 1) return 'forward_closing';
    }
    return null;
  }

  return {
    settings,
    slaFlag,

    /** A citizen or business files an item; it is routed at once (see the module comment). */
    async submit(actor: Actor | undefined, input: SubmitInput, options: { now?: Date } = {}): Promise<repo.FeedbackItem> {
      const who = applicant(actor);
      const now = options.now ?? new Date();
      const problems: FieldError[] = [];
      const kind = FEEDBACK_KINDS.find((k) => k === input.kind);
      if (!kind) problems.push({ field: 'kind', message: 'kindInvalid' });
      const category = FEEDBACK_CATEGORIES.find((c) => c === input.category);
      if (!category) problems.push({ field: 'category', message: 'categoryInvalid' });
      const title = clean(input.title);
      if (title === '') problems.push({ field: 'title', message: 'titleRequired' });
      else if (title.length > TITLE_MAX) problems.push({ field: 'title', message: 'titleTooLong' });
      const content = clean(input.content);
      if (content === '') problems.push({ field: 'content', message: 'contentRequired' });
      else if (content.length > CONTENT_MAX) problems.push({ field: 'content', message: 'contentTooLong' });

      // Routing: the dossier's receiving agency, else the agency chosen, else the procedure's competent agency, else the operator.
      let agencyCode: string | undefined;
      let dossierCode: string | null = null;
      let procedureCode: string | null = null;
      const wantedDossier = clean(input.dossierCode).toUpperCase();
      const wantedProcedure = clean(input.procedureCode);
      const wantedAgency = clean(input.agencyCode);
      if (wantedDossier) {
        const dossier = wantedDossier.length <= 60 ? await findDossierState(db, wantedDossier) : undefined;
        if (!dossier || !(await isApplicantOf(ctx, who, dossier))) problems.push({ field: 'dossierCode', message: 'dossierNotFound' });
        else {
          dossierCode = dossier.code;
          procedureCode = dossier.procedureCode;
          agencyCode = dossier.receivingAgency;
        }
      }
      if (!dossierCode && wantedProcedure) {
        const procedure = wantedProcedure.length <= 60 ? await ctx.catalog.findPublishedProcedure(wantedProcedure) : undefined;
        if (!procedure) problems.push({ field: 'procedureCode', message: 'procedureNotFound' });
        else {
          procedureCode = procedure.code;
          agencyCode = procedure.document.competentAgency;
        }
      }
      if (!dossierCode && wantedAgency) {
        const agency = await ctx.agencies.findAgency(wantedAgency);
        if (!agency) problems.push({ field: 'agencyCode', message: 'agencyNotFound' });
        else agencyCode = agency.code;
      }
      if (problems.length > 0 || !kind || !category) throw FeedbackErrors.invalidInput(problems);
      const account = await ctx.identity.getAccount(who.accountId);
      const times = await clocks(now);
      return db.transaction().execute(async (tx) => {
        const item = await repo.insertItem(tx, {
          kind, category, title, content, submitterAccountId: who.accountId, submitterKind: who.kind, submitterName: account.fullName,
          dossierCode, procedureCode, agencyCode: agencyCode ?? settings.intakeAgency,
          receivedAt: times.received_at, forwardDueAt: times.forward_due_at, answerDueAt: times.answer_due_at, consentToPublish: input.consentToPublish === true,
        });
        await record(tx, who, 'feedback.submitted', item, now);
        return item;
      });
    },

    /** The submitter's items, newest first. */
    async listMine(actor: Actor | undefined): Promise<repo.FeedbackItem[]> {
      const who = applicant(actor);
      return repo.listBySubmitter(db, who.accountId, MINE_LIMIT);
    },

    /** One item with its history, for its submitter. */
    async getMine(actor: Actor | undefined, id: number) {
      const who = applicant(actor);
      const item = await repo.findItem(db, id);
      if (!item || item.submitterAccountId !== who.accountId) throw FeedbackErrors.itemNotFound();
      return { item, events: await repo.listEvents(db, item.id) };
    },

    /** The submitter changes their consent to publication while the answer is not published. Audited. */
    async setConsent(actor: Actor | undefined, id: number, consent: boolean, options: { now?: Date } = {}): Promise<repo.FeedbackItem> {
      const who = applicant(actor);
      const now = options.now ?? new Date();
      return db.transaction().execute(async (tx) => {
        const item = await repo.findItem(tx, id, { forUpdate: true });
        if (!item || item.submitterAccountId !== who.accountId) throw FeedbackErrors.itemNotFound();
        if (item.publishedAt) throw FeedbackErrors.wrongState();
        await repo.updateItem(tx, item.id, { consent_to_publish: consent });
        await repo.insertEvent(tx, { itemId: item.id, action: consent ? 'consent_given' : 'consent_withdrawn', agencyCode: item.agencyCode, byAccountId: who.accountId, byName: who.displayName, at: now });
        await appendAuditInTx(tx, { actor: who.accountId, action: consent ? 'feedback.consent_given' : 'feedback.consent_withdrawn', entityType: 'feedback_item', entityId: String(item.id) });
        return { ...item, consentToPublish: consent };
      });
    },

    /** The work queue of an official's agency (and the units below it), with SLA flags. */
    async queue(actor: Actor | undefined, bucket: QueueBucket = 'open', options: { now?: Date } = {}) {
      const who = handler(actor);
      const now = options.now ?? new Date();
      const codes = who.kind === 'admin' ? undefined : await agenciesOf(who);
      const calendar = await calendarAround(now);
      const load = (open: boolean) => repo.listForAgencies(db, codes, open, QUEUE_LIMIT);
      const open = (await load(true)).map((item) => ({ item, flag: slaFlag(calendar, item, now) }));
      const counts = {
        open: open.length,
        overdue: open.filter((i) => i.flag === 'overdue').length,
        due_soon: open.filter((i) => i.flag === 'due_soon').length,
        closed: 0,
      };
      let items = open;
      if (bucket === 'overdue' || bucket === 'due_soon') items = open.filter((i) => i.flag === bucket);
      if (bucket === 'closed') {
        items = (await load(false)).map((item) => ({ item, flag: null }));
        counts.closed = items.length;
      }
      return { bucket, items, counts, limit: QUEUE_LIMIT };
    },

    /** One item with its history, for an official who covers its agency. */
    async getForOfficial(actor: Actor | undefined, id: number) {
      const who = handler(actor);
      const item = await repo.findItem(db, id);
      if (!item || !covers(who, item.agencyCode)) throw FeedbackErrors.itemNotFound();
      const calendar = await calendarAround(new Date());
      const now = new Date();
      return {
        item,
        events: await repo.listEvents(db, item.id),
        flag: slaFlag(calendar, item, now),
        may: {
          classify: item.status === 'received' || item.status === 'accepted',
          forward: item.status === 'received' && now.getTime() < item.forwardDueAt.getTime(),
          accept: item.status === 'received',
          answer: item.status === 'received' || item.status === 'accepted',
          reject: item.status === 'received' || item.status === 'accepted',
          publish: item.status === 'answered' && item.consentToPublish && item.publishedAt === null,
        },
      };
    },

    /** Not competent: sent on to the competent agency within the forwarding window; its clocks start again there. */
    async forward(actor: Actor | undefined, id: number, input: { toAgencyCode?: string | undefined; note?: string | undefined }, options: { now?: Date } = {}): Promise<repo.FeedbackItem> {
      const who = handler(actor);
      const now = options.now ?? new Date();
      const target = clean(input.toAgencyCode);
      const agency = target ? await ctx.agencies.findAgency(target) : undefined;
      if (!agency) throw FeedbackErrors.invalidInput([{ field: 'toAgencyCode', message: target ? 'agencyNotFound' : 'agencyRequired' }]);
      const note = clean(input.note).slice(0, 1000) || null;
      const times = await clocks(now);
      return db.transaction().execute(async (tx) => {
        const item = await lockForHandler(tx, who, id);
        if (item.status !== 'received') throw FeedbackErrors.wrongState();
        if (now.getTime() >= item.forwardDueAt.getTime()) throw FeedbackErrors.forwardWindowClosed();
        if (agency.code === item.agencyCode) throw FeedbackErrors.invalidInput([{ field: 'toAgencyCode', message: 'sameAgency' }]);
        const updated = await repo.updateItem(tx, item.id, { agency_code: agency.code, ...times, bumpForwardCount: true });
        await record(tx, who, 'feedback.forwarded', updated, now, { fromAgency: item.agencyCode, note });
        return updated;
      });
    },

    /** The official corrects the classification of an open item (what it is about). */
    async classify(actor: Actor | undefined, id: number, input: { category?: string | undefined }, options: { now?: Date } = {}): Promise<repo.FeedbackItem> {
      const who = handler(actor);
      const now = options.now ?? new Date();
      const category = FEEDBACK_CATEGORIES.find((c) => c === input.category);
      if (!category) throw FeedbackErrors.invalidInput([{ field: 'category', message: 'categoryInvalid' }]);
      return db.transaction().execute(async (tx) => {
        const item = await lockForHandler(tx, who, id);
        if (item.status !== 'received' && item.status !== 'accepted') throw FeedbackErrors.wrongState();
        const updated = await repo.updateItem(tx, item.id, { category });
        await record(tx, who, 'feedback.classified', updated, now, { note: `${item.category} → ${category}` });
        return updated;
      });
    },

    /** Within the agency's competence: it will answer. */
    async accept(actor: Actor | undefined, id: number, options: { now?: Date } = {}): Promise<repo.FeedbackItem> {
      const who = handler(actor);
      const now = options.now ?? new Date();
      return db.transaction().execute(async (tx) => {
        const item = await lockForHandler(tx, who, id);
        if (item.status !== 'received') throw FeedbackErrors.wrongState();
        const updated = await repo.updateItem(tx, item.id, { status: 'accepted' });
        await record(tx, who, 'feedback.accepted', updated, now);
        return updated;
      });
    },

    /** Not handled (no content, abusive, already answered …), with the reason the submitter reads. */
    async reject(actor: Actor | undefined, id: number, input: { reason?: string | undefined }, options: { now?: Date } = {}): Promise<repo.FeedbackItem> {
      const who = handler(actor);
      const now = options.now ?? new Date();
      const reason = clean(input.reason);
      if (reason === '') throw FeedbackErrors.invalidInput([{ field: 'reason', message: 'reasonRequired' }]);
      if (reason.length > ANSWER_MAX) throw FeedbackErrors.invalidInput([{ field: 'reason', message: 'answerTooLong' }]);
      const email = await submitterEmail(id);
      return db.transaction().execute(async (tx) => {
        const item = await lockForHandler(tx, who, id);
        if (item.status !== 'received' && item.status !== 'accepted') throw FeedbackErrors.wrongState();
        const updated = await repo.updateItem(tx, item.id, { status: 'rejected', answer: reason, answered_at: now, answered_by_name: who.displayName });
        await record(tx, who, 'feedback.rejected', updated, now, { note: reason });
        await mailSubmitter(tx, updated, email);
        return updated;
      });
    },

    /** The competent agency's answer. */
    async answer(actor: Actor | undefined, id: number, input: { answer?: string | undefined }, options: { now?: Date } = {}): Promise<repo.FeedbackItem> {
      const who = handler(actor);
      const now = options.now ?? new Date();
      const answer = clean(input.answer);
      if (answer === '') throw FeedbackErrors.invalidInput([{ field: 'answer', message: 'answerRequired' }]);
      if (answer.length > ANSWER_MAX) throw FeedbackErrors.invalidInput([{ field: 'answer', message: 'answerTooLong' }]);
      const email = await submitterEmail(id);
      return db.transaction().execute(async (tx) => {
        const item = await lockForHandler(tx, who, id);
        if (item.status !== 'received' && item.status !== 'accepted') throw FeedbackErrors.wrongState();
        const updated = await repo.updateItem(tx, item.id, { status: 'answered', answer, answered_at: now, answered_by_name: who.displayName });
        await record(tx, who, 'feedback.answered', updated, now);
        await mailSubmitter(tx, updated, email);
        return updated;
      });
    },

    /** Publishes an answer on the public page, only with the submitter's consent. */
    async publish(actor: Actor | undefined, id: number, options: { now?: Date } = {}): Promise<repo.FeedbackItem> {
      const who = handler(actor);
      const now = options.now ?? new Date();
      return db.transaction().execute(async (tx) => {
        const item = await lockForHandler(tx, who, id);
        if (item.status !== 'answered' || item.publishedAt !== null) throw FeedbackErrors.wrongState();
        if (!item.consentToPublish) throw FeedbackErrors.noConsent();
        const searchText = foldText(`${item.title} ${item.content} ${item.answer ?? ''}`);
        const updated = await repo.updateItem(tx, item.id, { published_at: now, search_text: searchText });
        await record(tx, who, 'feedback.published', updated, now);
        return updated;
      });
    },

    /** Public: published answers holding every word of the query (accents optional), newest first. */
    async searchPublished(query: string | undefined, page = 1) {
      const words = foldText(String(query ?? '').slice(0, 200)).split(' ').filter((w) => w.length > 0).slice(0, 8);
      const safePage = Math.max(1, Math.min(500, Math.floor(page) || 1));
      const rows = await repo.searchPublished(db, words, PUBLIC_PAGE_SIZE + 1, (safePage - 1) * PUBLIC_PAGE_SIZE);
      return { items: rows.slice(0, PUBLIC_PAGE_SIZE), hasMore: rows.length > PUBLIC_PAGE_SIZE, page: safePage };
    },

    /** Public: one published item (never the submitter's name). */
    async getPublished(id: number): Promise<repo.PublishedItem> {
      const item = await repo.findPublished(db, id);
      if (!item) throw FeedbackErrors.itemNotFound();
      return item;
    },

    /** Agencies an item can be forwarded to: the directory, one page (ministries, provinces and the demo units). */
    async forwardTargets(): Promise<{ code: string; name: string }[]> {
      const page = await ctx.agencies.searchAgencies({ limit: 500 });
      return page.items.map((a) => ({ code: a.code, name: a.name }));
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;

/** The last day people read for a due instant (24:00 of the last day). */
export const lastDayOf = (dueAt: Date) => vietnamDay(new Date(dueAt.getTime() - 1));
