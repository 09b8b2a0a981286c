import type { Actor } from '../../platform/module/index.ts';
import { foldText } from '../catalog/index.ts';
import type { FeedbackContext } from './feedback.context.ts';
import { FeedbackErrors } from './feedback.errors.ts';
import * as repo from './feedback.repository.ts';
import { ANSWER_MAX, FEEDBACK_CATEGORIES, QUEUE_LIMIT, clean, type QueueBucket } from './feedback.model.ts';
import type { FeedbackCore } from './feedback.core.ts';

/** The officials' side: the agency's queue with SLA flags, forwarding, classifying, accepting or rejecting, answering, publishing. */
export function createFeedbackHandling(ctx: FeedbackContext, core: FeedbackCore) {
  const { db } = ctx;
  const { calendarAround, clocks, handler, covers, agenciesOf, record, submitterEmail, mailSubmitter, lockForHandler, slaFlag } = core;
  return {
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

  };
}
