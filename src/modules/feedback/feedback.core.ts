import { appendAuditInTx } from '../../platform/audit/index.ts';
import { vietnamDay, type WorkingCalendar } from '../../platform/calendar/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import { sendMailInTx } from '../../platform/notify/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { FeedbackContext } from './feedback.context.ts';
import { FeedbackErrors } from './feedback.errors.ts';
import type { FeedbackChanged, FeedbackFactType } from './feedback.facts.ts';
import * as repo from './feedback.repository.ts';
import { isApplicant, type SlaFlag } from './feedback.model.ts';

/** What every feedback use case relies on: the clocks, who may act, the history entry with its audit and fact, the submitter's mail. */
export function createFeedbackCore(ctx: FeedbackContext) {
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

  return { calendarAround, clocks, applicant, handler, covers, agenciesOf, record, submitterEmail, mailSubmitter, lockForHandler, slaFlag };
}

export type FeedbackCore = ReturnType<typeof createFeedbackCore>;
