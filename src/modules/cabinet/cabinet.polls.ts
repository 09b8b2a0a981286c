import { sql, type Executor } from '../../platform/db/index.ts';
import { type FieldError } from '../../platform/errors/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { requireRecentSecondFactor } from '../identity/index.ts';
import { CabinetErrors } from './cabinet.errors.ts';
import type { DecisionTaken, PaperSaved } from './cabinet.facts.ts';
import { countPdfPages, dueReminders, formatDeadline, pagesSaved, pollDeadline, POLL_MAX_WORKING_DAYS, POLL_MIN_WORKING_DAYS, tallyPoll, type PollAnswer } from './cabinet.rules.ts';
import type { Core } from './cabinet.core.ts';
import { loadDrafts } from './cabinet.drafts-view.ts';
import { MAX_DOCUMENT_BYTES, DEFAULT_REMINDER_HOURS, signedIn, official, isSecretariat, requireSecretariat, activeMembers, memberOf, requireMember, type PollRow, POLL_COLUMNS, findPoll, representedBy, text, oneOf, check, ANSWERS } from './cabinet.model.ts';
import { type PollView } from './cabinet.views.ts';

/** Opinion polls of members between sessions. */
export function pollUseCases(core: Core) {
  const { db, deps, now, audit, mailMembers, smsMembers, link } = core;
  async function closePollInTx(tx: Executor, poll: PollRow, at: Date): Promise<void> {
    const members = await activeMembers(tx);
    const answered = new Set((await sql<{ account_id: string }>`SELECT account_id FROM cabinet_poll_answers WHERE poll_id = ${poll.id}`.execute(tx)).rows.map((r) => r.account_id));
    const silent = members.filter((m) => !answered.has(m.accountId));
    for (const m of silent) {
      await sql`INSERT INTO cabinet_poll_answers (poll_id, account_id, answer, deemed, answered_at) VALUES (${poll.id}, ${m.accountId}, ${poll.silence_is_consent ? 'agree' : 'no_reply'}, true, ${poll.deadline})`.execute(tx);
    }
    const pmId = members.find((m) => m.position === 'prime_minister')?.accountId;
    const rows = (await sql<{ account_id: string; answer: PollAnswer; deemed: boolean }>`SELECT account_id, answer, deemed FROM cabinet_poll_answers WHERE poll_id = ${poll.id}`.execute(tx)).rows;
    const tally = tallyPoll(poll.members_total, rows.map((r) => ({ answer: r.answer, deemed: r.deemed, primeMinister: r.account_id === pmId })));
    await sql`UPDATE cabinet_polls SET closed_at = ${at}, result = ${tally.result}, tie_broken_by_pm = ${tally.tieBrokenByPm} WHERE id = ${poll.id}`.execute(tx);
    await audit(tx, null, 'cabinet.poll_closed', 'cabinet_poll', poll.id, { result: tally.result, agree: tally.agree, deemedAgree: tally.deemedAgree, disagree: tally.disagree, other: tally.other, noReply: tally.noReply });
    await recordFactsInTx(tx, [{ type: 'cabinet.decision_taken', payload: { source: 'poll', id: String(poll.id), result: tally.result, tieBrokenByPm: tally.tieBrokenByPm } satisfies DecisionTaken }]);
  }

  /** Closes the poll if its deadline has passed (whoever reads it first after the deadline). */
  async function closeIfDue(pollId: number): Promise<void> {
    const at = await now();
    await db.transaction().execute(async (tx) => {
      const poll = await findPoll(tx, pollId, true);
      if (!poll.closed_at && at.getTime() >= poll.deadline.getTime()) await closePollInTx(tx, poll, at);
    });
  }

  async function pollView(tx: Executor, actor: Actor | undefined, poll: PollRow): Promise<PollView> {
    const who = signedIn(actor);
    const secretariat = isSecretariat(who);
    const member = await memberOf(tx, who);
    const represented = poll.allow_delegation ? await representedBy(tx, who) : [];
    if (!secretariat && !member && represented.length === 0) throw CabinetErrors.noAccess();
    const members = await activeMembers(tx);
    const pmId = members.find((m) => m.position === 'prime_minister')?.accountId;
    const rows = (await sql<{ account_id: string; answer: PollAnswer; comment: string; deemed: boolean; answered_at: Date; answered_by_name: string | null }>`SELECT account_id, answer, comment, deemed, answered_at, answered_by_name FROM cabinet_poll_answers WHERE poll_id = ${poll.id}`.execute(tx)).rows;
    const closed = Boolean(poll.closed_at);
    const mine = rows.find((r) => r.account_id === who.accountId);
    const listed = closed || secretariat;
    return {
      id: poll.id,
      title: poll.title,
      question: poll.question,
      secret: poll.secret,
      documentName: poll.document_name,
      workingDays: poll.working_days,
      silenceIsConsent: poll.silence_is_consent,
      reminderHours: poll.reminder_hours,
      issuedAt: poll.issued_at,
      deadline: poll.deadline,
      closed,
      myAnswer: mine ? { answer: mine.answer, comment: mine.comment } : null,
      replies: rows.filter((r) => !r.deemed).length,
      membersTotal: poll.members_total,
      tally: closed ? tallyPoll(poll.members_total, rows.map((r) => ({ answer: r.answer, deemed: r.deemed, primeMinister: r.account_id === pmId }))) : null,
      answers: listed
        ? members.map((m) => {
            const r = rows.find((x) => x.account_id === m.accountId);
            return { fullName: m.fullName, title: m.title, answer: r?.answer ?? null, comment: r?.comment ?? '', deemed: r?.deemed ?? false, answeredAt: r?.answered_at ?? null, answeredBy: r?.answered_by_name ?? null };
          })
        : [],
      allowDelegation: poll.allow_delegation,
      representing: represented.map((m) => ({ accountId: m.accountId, fullName: m.fullName, answered: rows.some((r) => r.account_id === m.accountId) })),
      viewer: { secretariat, member: Boolean(member) },
      drafts: await loadDrafts(tx, { pollId: poll.id }, who.accountId),
    };
  }

  const api = {
    async issuePoll(actor: Actor | undefined, input: { title: string; question: string; workingDays: number; silenceIsConsent: boolean; allowDelegation?: boolean; reminderHours?: number[]; secret?: boolean; document?: { fileName: string; content: Buffer } | undefined }): Promise<{ id: number; deadline: Date }> {
      const who = requireSecretariat(actor);
      const problems: FieldError[] = [];
      const title = text(input.title, 'title', problems, { max: 300 });
      const question = text(input.question, 'question', problems, { max: 4000 });
      if (!Number.isInteger(input.workingDays) || input.workingDays < POLL_MIN_WORKING_DAYS || input.workingDays > POLL_MAX_WORKING_DAYS) problems.push({ field: 'workingDays', message: 'cabinet.invalid_working_days' });
      const reminders = input.reminderHours ?? DEFAULT_REMINDER_HOURS;
      if (!reminders.every((h) => Number.isInteger(h) && h > 0 && h <= 24 * 10) || reminders.length > 5) problems.push({ field: 'reminderHours', message: 'cabinet.invalid_reminders' });
      check(problems);
      const at = await now();
      const years = [at.getUTCFullYear(), at.getUTCFullYear() + 1];
      const calendar = await deps.calendar.workingCalendar(years);
      const deadline = pollDeadline(calendar, at, input.workingDays);
      const stored = input.document && input.document.content.length > 0 ? await deps.files.put(input.document.content, { maxBytes: MAX_DOCUMENT_BYTES }) : undefined;
      return db.transaction().execute(async (tx) => {
        const members = await activeMembers(tx);
        if (members.length === 0) throw CabinetErrors.stateConflict('Chưa có thành viên Chính phủ.');
        const { rows } = await sql<{ id: number }>`INSERT INTO cabinet_polls (title, question, secret, document_sha256, document_name, working_days, silence_is_consent, allow_delegation, reminder_hours, issued_by, issued_at, deadline, members_total)
          VALUES (${title}, ${question}, ${input.secret ?? false}, ${stored?.sha256 ?? null}, ${stored ? input.document!.fileName.slice(0, 200) : null}, ${input.workingDays}, ${input.silenceIsConsent}, ${input.allowDelegation ?? false}, ${JSON.stringify([...new Set(reminders)])}::jsonb, ${who.accountId}, ${at}, ${deadline}, ${members.length}) RETURNING id`.execute(tx);
        const id = rows[0]!.id;
        await mailMembers(tx, members, {
          subject: input.secret ? 'Phiếu lấy ý kiến thành viên Chính phủ (tài liệu mật)' : `Phiếu lấy ý kiến thành viên Chính phủ: ${title}`,
          text: `Kính gửi Thành viên Chính phủ,\n\n${input.secret ? 'Văn phòng Chính phủ xin ý kiến về một nội dung mật.' : `Văn phòng Chính phủ xin ý kiến về: ${title}.`}\nHạn trả lời: ${formatDeadline(deadline)}.${input.silenceIsConsent ? '\nThành viên không trả lời đúng hạn được tính là đồng ý.' : ''}\nTrả lời tại ${link(`/cabinet/polls/${id}`)}.`,
        });
        if (stored) {
          const pages = countPdfPages(input.document!.content);
          await recordFactsInTx(tx, [{ type: 'cabinet.paper_saved', payload: { source: 'poll', id: String(id), documents: 1, pages, recipients: members.length, pagesSaved: pagesSaved([pages], members.length) } satisfies PaperSaved }]);
        }
        await audit(tx, who, 'cabinet.poll_issued', 'cabinet_poll', id, { workingDays: input.workingDays, deadline: deadline.toISOString(), silenceIsConsent: input.silenceIsConsent });
        return { id, deadline };
      });
    },

    /**
     * A member's answer, once, before the deadline; or, where the poll allows it, their delegate's
     * answer on their behalf (`onBehalfOf`: the member's account), recorded as such.
     */
    async answerPoll(actor: Actor | undefined, pollId: number, input: { answer: string; comment?: string; onBehalfOf?: string | undefined }): Promise<void> {
      official(actor);
      const delegated = input.onBehalfOf !== undefined && input.onBehalfOf !== '' && input.onBehalfOf !== actor?.accountId;
      const member = delegated ? (await representedBy(db, signedIn(actor))).find((m) => m.accountId === input.onBehalfOf) : await requireMember(db, actor);
      if (!member) throw CabinetErrors.notADelegate();
      // A reply to a poll is a member's decision, like a ballot: a second factor from the last
      // 5 minutes, on the real clock.
      requireRecentSecondFactor(actor!);
      const problems: FieldError[] = [];
      const answer = oneOf(input.answer, ANSWERS, 'answer', problems);
      const comment = text(input.comment ?? '', 'comment', problems, { max: 4000, required: answer === 'other' });
      check(problems);
      const at = await now();
      await db.transaction().execute(async (tx) => {
        const poll = await findPoll(tx, pollId, true);
        if (poll.closed_at || at.getTime() >= poll.deadline.getTime()) throw CabinetErrors.pollClosed();
        if (delegated && !poll.allow_delegation) throw CabinetErrors.delegationNotAllowed();
        const by = delegated ? { id: actor!.accountId, name: actor!.displayName } : { id: null, name: null };
        const inserted = await sql<{ poll_id: number }>`INSERT INTO cabinet_poll_answers (poll_id, account_id, answer, comment, answered_at, answered_by, answered_by_name) VALUES (${pollId}, ${member.accountId}, ${answer}, ${comment}, ${at}, ${by.id}, ${by.name}) ON CONFLICT DO NOTHING RETURNING poll_id`.execute(tx);
        if (inserted.rows.length === 0) throw CabinetErrors.alreadyAnswered();
        await audit(tx, actor ?? null, 'cabinet.poll_answered', 'cabinet_poll', pollId, { answer, member: member.accountId, delegated });
      });
    },

    async getPoll(actor: Actor | undefined, pollId: number): Promise<PollView> {
      official(actor);
      signedIn(actor);
      await closeIfDue(pollId);
      return pollView(db, actor, await findPoll(db, pollId));
    },

    async listPolls(actor: Actor | undefined): Promise<{ id: number; title: string; secret: boolean; deadline: Date; closed: boolean; answered: boolean }[]> {
      official(actor);
      const who = signedIn(actor);
      const delegateOnly = !isSecretariat(who) && !(await memberOf(db, who));
      if (delegateOnly && (await representedBy(db, who)).length === 0) throw CabinetErrors.noAccess();
      const at = await now();
      const { rows } = await sql<PollRow & { answered: boolean }>`SELECT ${POLL_COLUMNS}, EXISTS (SELECT 1 FROM cabinet_poll_answers a WHERE a.poll_id = p.id AND a.account_id = ${who.accountId} AND NOT a.deemed) AS answered
        FROM cabinet_polls p WHERE ${delegateOnly ? sql`p.allow_delegation` : sql`true`} ORDER BY issued_at DESC LIMIT 50`.execute(db);
      return rows.map((r) => ({ id: r.id, title: r.title, secret: r.secret, deadline: r.deadline, closed: Boolean(r.closed_at) || at.getTime() >= r.deadline.getTime(), answered: r.answered }));
    },

    async pollDocument(actor: Actor | undefined, pollId: number): Promise<{ fileName: string; content: Buffer }> {
      official(actor);
      const poll = await findPoll(db, pollId);
      await pollView(db, actor, poll);
      if (!poll.document_sha256) throw CabinetErrors.documentNotFound();
      const content = await deps.files.read(poll.document_sha256);
      await db.transaction().execute((tx) => audit(tx, actor ?? null, 'cabinet.document_opened', 'cabinet_poll', pollId, { sha256: poll.document_sha256 }));
      return { fileName: poll.document_name ?? 'du-thao.pdf', content };
    },

    /** Closes every open poll whose deadline has passed; returns their ids. */
    async closeDuePolls(): Promise<number[]> {
      const at = await now();
      const { rows } = await sql<{ id: number }>`SELECT id FROM cabinet_polls WHERE closed_at IS NULL AND deadline <= ${at} ORDER BY id`.execute(db);
      for (const r of rows) await closeIfDue(r.id);
      return rows.map((r) => r.id);
    },

    /**
     * Sends the reminders whose time has come to members who have not replied, once each: a
     * reminder's row is written in the transaction that queues its mails. Reminders that fell
     * due together go as one mail.
     */
    async sendDueReminders(): Promise<{ pollId: number; hoursBefore: number[]; recipients: number; smsRecipients: number }[]> {
      const at = await now();
      const polls = (await sql<PollRow>`SELECT ${POLL_COLUMNS} FROM cabinet_polls WHERE closed_at IS NULL AND deadline > ${at} ORDER BY id`.execute(db)).rows;
      const done: { pollId: number; hoursBefore: number[]; recipients: number; smsRecipients: number }[] = [];
      for (const candidate of polls) {
        await db.transaction().execute(async (tx) => {
          const poll = await findPoll(tx, candidate.id, true);
          const sent = (await sql<{ h: number }>`SELECT hours_before AS h FROM cabinet_poll_reminders WHERE poll_id = ${poll.id}`.execute(tx)).rows.map((r) => r.h);
          const due = dueReminders(poll.deadline, poll.reminder_hours, sent, at);
          if (due.length === 0) return;
          const answered = new Set((await sql<{ account_id: string }>`SELECT account_id FROM cabinet_poll_answers WHERE poll_id = ${poll.id}`.execute(tx)).rows.map((r) => r.account_id));
          const silent = (await activeMembers(tx)).filter((m) => !answered.has(m.accountId));
          const recipients = await mailMembers(tx, silent, {
            subject: poll.secret ? 'Nhắc trả lời phiếu lấy ý kiến (tài liệu mật)' : `Nhắc trả lời phiếu lấy ý kiến: ${poll.title}`,
            text: `Kính gửi Thành viên Chính phủ,\n\nPhiếu lấy ý kiến ${poll.secret ? '(nội dung mật)' : `"${poll.title}"`} hết hạn trả lời lúc ${formatDeadline(poll.deadline)}.${poll.silence_is_consent ? ' Nếu không trả lời, Thành viên được tính là đồng ý.' : ''}\nTrả lời tại ${link(`/cabinet/polls/${poll.id}`)}.`,
          });
          // The SMS never names the poll (it may be secret): its number, the deadline and the link.
          const smsRecipients = await smsMembers(tx, silent, `VPCP nhắc: phiếu lấy ý kiến số ${poll.id} hết hạn trả lời lúc ${formatDeadline(poll.deadline)}. Trả lời tại ${link(`/cabinet/polls/${poll.id}`)}`);
          for (const h of due) await sql`INSERT INTO cabinet_poll_reminders (poll_id, hours_before, sent_at, recipients, sms_recipients) VALUES (${poll.id}, ${h}, ${at}, ${recipients}, ${smsRecipients})`.execute(tx);
          await audit(tx, null, 'cabinet.poll_reminded', 'cabinet_poll', poll.id, { hoursBefore: due, recipients, smsRecipients });
          done.push({ pollId: poll.id, hoursBefore: due, recipients, smsRecipients });
        });
      }
      return done;
    },

  };
  return api;
}
