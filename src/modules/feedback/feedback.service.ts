import { appendAuditInTx } from '../../platform/audit/index.ts';
import { vietnamDay } from '../../platform/calendar/index.ts';
import type { FieldError } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { foldText } from '../catalog/index.ts';
import { findDossierState } from '../dossiers/index.ts';
import type { FeedbackContext } from './feedback.context.ts';
import { FeedbackErrors } from './feedback.errors.ts';
import * as repo from './feedback.repository.ts';
import { CONTENT_MAX, FEEDBACK_CATEGORIES, FEEDBACK_KINDS, MINE_LIMIT, PUBLIC_PAGE_SIZE, TITLE_MAX, clean, isApplicantOf, type SubmitInput } from './feedback.model.ts';
import { createFeedbackCore } from './feedback.core.ts';
import { createFeedbackHandling } from './feedback.handling.ts';

/**
 * Feedback and petitions (DOMAIN.md §10): a citizen or business files an item, optionally on
 * one of their dossiers or a procedure; it goes to the competent agency (the dossier's
 * receiving agency, the procedure's competent agency, the agency chosen, or else the portal's
 * operator, who classifies it). An agency that is not competent forwards it within 5 working
 * days; the competent one accepts it and answers within the configured working days, or
 * rejects it with a reason. An answer is published only with the submitter's consent. Every
 * change is one transaction: the row, its history entry, an audit entry and a fact.
 */

export { ANSWER_MAX, CONTENT_MAX, FEEDBACK_CATEGORIES, FEEDBACK_KINDS, PUBLIC_PAGE_SIZE, QUEUE_BUCKETS, TITLE_MAX, isApplicantOf, type FeedbackCategory, type QueueBucket, type SlaFlag, type SubmitInput } from './feedback.model.ts';

export function createFeedbackService(ctx: FeedbackContext) {
  const { db, settings } = ctx;
  const core = createFeedbackCore(ctx);
  const { clocks, applicant, record, slaFlag } = core;

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

    ...createFeedbackHandling(ctx, core),

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
