import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { CommandPlatform } from '../../platform/module/index.ts';
import { CABINET_FACTS } from './cabinet.facts.ts';
import { pdfText } from './cabinet.pdf-text.ts';
import { GOVERNMENT, member, outsider, secretariat, setUpCabinet } from './cabinet.test-support.ts';

/** Opinion polls between sessions, replies by delegation, and the tick that reminds and closes them. */

type Setup = Awaited<ReturnType<typeof setUpCabinet>>;
let t: Setup;

beforeAll(async () => {
  t = await setUpCabinet('2026-12-07T01:00:00Z'); // Monday 7 Dec 2026, 08:00 in Vietnam
});
afterAll(async () => {
  await t?.close();
});

const ALL = GOVERNMENT.map((g) => g.id);

describe('opinion polls between sessions', () => {
  it('window in working days (2–5), reminders once each at their time (fake clock), non-replies deemed agreeing, every member in the result', async () => {
    t.clock.set('2026-12-07T01:00:00Z'); // Monday 08:00 in Vietnam
    await expect(t.api.issuePoll(secretariat, { title: 'x', question: 'y', workingDays: 6, silenceIsConsent: true })).rejects.toMatchObject({ code: 'cabinet.invalid_input' });
    await expect(t.api.issuePoll(member('pm'), { title: 'x', question: 'y', workingDays: 3, silenceIsConsent: true })).rejects.toMatchObject({ code: 'cabinet.secretariat_only' });
    const before = (await t.mails()).length;
    const poll = await t.api.issuePoll(secretariat, { title: 'Dự thảo Nghị quyết về chuyển đổi số', question: 'Thành viên Chính phủ có đồng ý thông qua?', workingDays: 3, silenceIsConsent: true, reminderHours: [24, 4] });
    expect(poll.deadline.toISOString()).toBe('2026-12-10T17:00:00.000Z'); // Thursday 24:00 in Vietnam
    const invitations = (await t.mails()).slice(before);
    expect(invitations).toHaveLength(9);
    expect(invitations[0]!.text).toContain('Hạn trả lời: 24:00 10/12/2026.'); // the end of Thursday, in Vietnam

    // A reply is confirmed with a second factor from the last 5 minutes, like a ballot.
    await expect(t.api.answerPoll(member('pm', null), poll.id, { answer: 'agree' })).rejects.toMatchObject({ code: 'identity.step_up_required' });
    await expect(t.api.answerPoll(member('pm', new Date(Date.now() - 6 * 60_000).toISOString()), poll.id, { answer: 'agree' })).rejects.toMatchObject({ code: 'identity.step_up_required' });
    await t.api.answerPoll(member('pm'), poll.id, { answer: 'agree' });
    await t.api.answerPoll(member('min1'), poll.id, { answer: 'disagree', comment: 'Cần thêm đánh giá chi phí' });
    await expect(t.api.answerPoll(member('min1'), poll.id, { answer: 'agree' })).rejects.toMatchObject({ code: 'cabinet.already_answered' });
    await expect(t.api.answerPoll(member('min2'), poll.id, { answer: 'other' })).rejects.toMatchObject({ code: 'cabinet.invalid_input' }); // "other" needs a text
    await expect(t.api.answerPoll(secretariat, poll.id, { answer: 'agree' })).rejects.toMatchObject({ code: 'cabinet.not_a_member' });

    const reminderMails = async () => (await t.mails()).filter((m) => m.subject.startsWith('Nhắc trả lời'));
    expect(await t.api.sendDueReminders()).toEqual([]);
    t.clock.set('2026-12-09T16:59:00Z');
    expect(await t.api.sendDueReminders()).toEqual([]);
    t.clock.set('2026-12-09T17:00:00Z'); // 24 hours before
    expect(await t.api.sendDueReminders()).toEqual([{ pollId: poll.id, hoursBefore: [24], recipients: 7, smsRecipients: 0 }]);
    expect(await t.api.sendDueReminders()).toEqual([]); // once
    t.clock.set('2026-12-10T12:00:00Z');
    expect(await t.api.sendDueReminders()).toEqual([]);
    await t.api.answerPoll(member('min2'), poll.id, { answer: 'other', comment: 'Đề nghị chỉnh sửa Điều 3' });
    t.clock.set('2026-12-10T13:00:00Z'); // 4 hours before
    expect(await t.api.sendDueReminders()).toEqual([{ pollId: poll.id, hoursBefore: [4], recipients: 6, smsRecipients: 0 }]);
    expect(await t.api.sendDueReminders()).toEqual([]);
    const reminders = await reminderMails();
    expect(reminders).toHaveLength(13);
    expect(reminders.map((m) => m.to).filter((to) => to.includes('pm@') || to.includes('min1@'))).toEqual([]);

    let view = await t.api.getPoll(member('min3'), poll.id);
    expect(view.closed).toBe(false);
    expect(view.answers).toEqual([]); // members see the answers once the poll is closed

    t.clock.set('2026-12-10T17:00:00Z'); // the deadline
    await expect(t.api.answerPoll(member('min3'), poll.id, { answer: 'agree' })).rejects.toMatchObject({ code: 'cabinet.poll_closed' });
    expect(await t.api.sendDueReminders()).toEqual([]);
    expect(await t.api.closeDuePolls()).toEqual([poll.id]);
    expect(await t.api.closeDuePolls()).toEqual([]);
    view = await t.api.getPoll(member('min3'), poll.id);
    expect(view.closed).toBe(true);
    expect(view.tally).toMatchObject({ agree: 7, deemedAgree: 6, disagree: 1, other: 1, noReply: 0, result: 'passed' });
    expect(view.answers).toHaveLength(9);
    expect(view.answers.filter((a) => a.deemed).map((a) => a.answer)).toEqual(Array(6).fill('agree'));
    expect((await t.facts('cabinet.decision_taken')).at(-1)).toMatchObject({ source: 'poll', id: String(poll.id), result: 'passed' });
  });

  it('without the rule, non-replies are shown as such and do not count; a secret poll’s title is never mailed', async () => {
    t.clock.set('2026-12-07T01:00:00Z');
    const before = (await t.mails()).length;
    const poll = await t.api.issuePoll(secretariat, { title: 'Phương án bí mật QRS', question: 'Ý kiến?', workingDays: 2, silenceIsConsent: false, reminderHours: [8], secret: true });
    await t.api.answerPoll(member('pm'), poll.id, { answer: 'agree' });
    t.clock.set(new Date(poll.deadline.getTime() - 8 * 3_600_000).toISOString());
    await t.api.sendDueReminders();
    for (const m of (await t.mails()).slice(before)) expect(`${m.subject}\n${m.text}`).not.toContain('QRS');
    t.clock.set(poll.deadline.toISOString());
    const view = await t.api.getPoll(secretariat, poll.id); // reading after the deadline closes it
    expect(view.tally).toMatchObject({ agree: 1, deemedAgree: 0, noReply: 8, result: 'rejected' });
    expect(view.answers.filter((a) => a.answer === 'no_reply')).toHaveLength(8);
  });

  it('the result PDF lists every member with their answer (Vietnamese font embedded)', async () => {
    t.clock.set('2026-12-07T01:00:00Z');
    const poll = await t.api.issuePoll(secretariat, { title: 'Phiếu PDF', question: 'Đồng ý?', workingDays: 2, silenceIsConsent: true });
    await t.api.answerPoll(member('dpm1'), poll.id, { answer: 'disagree', comment: 'Không phù hợp' });
    t.clock.set(poll.deadline.toISOString());
    const view = await t.api.getPoll(member('pm'), poll.id);
    const { renderPollResultPdf } = await import('./cabinet.pdf.ts');
    const pdf = await renderPollResultPdf(view, 'Thủ tướng A', new Date('2026-12-12T03:00:00Z'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/BeVietnamPro/);
    expect(view.answers.map((a) => a.fullName)).toEqual(ALL.map((id) => GOVERNMENT.find((g) => g.id === id)!.name));
    const text = pdfText(pdf);
    for (const g of GOVERNMENT) expect(text).toContain(g.name);
    expect(text).toMatch(/Không đồng ý \(07\/12\/2026 08:00\): Không phù hợp/);
    expect(text.split('Không trả lời — tính là đồng ý').length - 1).toBe(8);
    expect(text).toContain('Bản của Thủ tướng A — in lúc 12/12/2026 10:00'); // the reader's mark
  });
});

describe('delegation of a poll reply', () => {
  it('a member’s delegate replies for them where the poll allows it, recorded as such; nowhere else', async () => {
    t.clock.set('2026-12-07T01:00:00Z');
    const deputy = { ...outsider, accountId: 'acc-deputy', displayName: 'Thứ trưởng Bộ 5', roles: ['cabinet_invited'], secondFactorAt: new Date().toISOString() };
    await expect(t.api.setDelegate(member('min5'), 'acc-min5', { accountId: 'acc-deputy', fullName: 'Thứ trưởng Bộ 5' })).rejects.toMatchObject({ code: 'cabinet.secretariat_only' });
    await t.api.setDelegate(secretariat, 'acc-min5', { accountId: 'acc-deputy', fullName: 'Thứ trưởng Bộ 5' });
    const strict = await t.api.issuePoll(secretariat, { title: 'Không ủy quyền', question: '?', workingDays: 2, silenceIsConsent: false });
    const open = await t.api.issuePoll(secretariat, { title: 'Cho phép ủy quyền', question: '?', workingDays: 2, silenceIsConsent: false, allowDelegation: true });
    await expect(t.api.answerPoll(deputy, strict.id, { answer: 'agree', onBehalfOf: 'acc-min5' })).rejects.toMatchObject({ code: 'cabinet.delegation_not_allowed' });
    await expect(t.api.answerPoll(deputy, open.id, { answer: 'agree', onBehalfOf: 'acc-min4' })).rejects.toMatchObject({ code: 'cabinet.not_a_delegate' });
    await expect(t.api.getPoll(deputy, strict.id)).rejects.toMatchObject({ code: 'cabinet.no_access' });
    expect((await t.api.getPoll(deputy, open.id)).representing).toEqual([{ accountId: 'acc-min5', fullName: 'Bộ trưởng 5', answered: false }]);
    await t.api.answerPoll(deputy, open.id, { answer: 'disagree', comment: 'Theo ý kiến Bộ trưởng', onBehalfOf: 'acc-min5' });
    await expect(t.api.answerPoll(member('min5'), open.id, { answer: 'agree' })).rejects.toMatchObject({ code: 'cabinet.already_answered' });
    // A revoked delegate can no longer reply.
    await t.api.setDelegate(secretariat, 'acc-min5', null);
    const later = await t.api.issuePoll(secretariat, { title: 'Sau thu hồi', question: '?', workingDays: 2, silenceIsConsent: false, allowDelegation: true });
    await expect(t.api.answerPoll(deputy, later.id, { answer: 'agree', onBehalfOf: 'acc-min5' })).rejects.toMatchObject({ code: 'cabinet.not_a_delegate' });
    t.clock.set(open.deadline.toISOString());
    const view = await t.api.getPoll(secretariat, open.id);
    expect(view.answers.find((a) => a.fullName === 'Bộ trưởng 5')).toMatchObject({ answer: 'disagree', answeredBy: 'Thứ trưởng Bộ 5' });
    const { renderPollResultPdf } = await import('./cabinet.pdf.ts');
    expect(pdfText(await renderPollResultPdf(view, 'Thư ký', new Date())).replace(/\s+/g, ' ')).toContain('Không đồng ý, do Thứ trưởng Bộ 5 trả lời thay theo ủy quyền');
    t.clock.set('2026-12-07T01:00:00Z');
  });
});

describe('egov cabinet tick', () => {
  it('queues due reminders and closes polls past their deadline; refuses other actions', async () => {
    const { cabinetCommand } = await import('./cabinet.cli.ts');
    const platform = async () => ({ api: () => t.api }) as unknown as CommandPlatform;
    t.clock.set('2026-12-07T01:00:00Z');
    const poll = await t.api.issuePoll(secretariat, { title: 'Phiếu CLI', question: '?', workingDays: 2, silenceIsConsent: true, reminderHours: [2] });
    t.clock.set(new Date(poll.deadline.getTime() - 3_600_000).toISOString());
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (out.push(chunk), true)) as typeof process.stdout.write;
    try {
      expect(await cabinetCommand.run(['tick'], platform)).toBe(0);
      t.clock.set(poll.deadline.toISOString());
      expect(await cabinetCommand.run(['tick'], platform)).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(out).toEqual([expect.stringMatching(/^[1-9]\d* reminder\(s\) queued, 0 poll\(s\) closed\n$/), expect.stringMatching(/^0 reminder\(s\) queued, [1-9]\d* poll\(s\) closed\n$/)]);
    expect((await t.api.getPoll(secretariat, poll.id)).closed).toBe(true);
    await expect(cabinetCommand.run(['close-everything'], platform)).rejects.toThrow(/unknown action/);
    t.clock.set('2026-12-07T01:00:00Z');
  });
});

describe('facts', () => {
  it('every fact the polls recorded matches its schema', async () => {
    const rows = (await sql<{ type: string; payload: unknown }>`SELECT type, payload FROM event_facts WHERE type LIKE 'cabinet.%'`.execute(t.db)).rows;
    // A closed poll records its decision.
    expect(rows.filter((r) => (r.payload as { source?: string }).source === 'poll').map((r) => r.type)).toContain('cabinet.decision_taken');
    for (const row of rows) expect(Value.Check(CABINET_FACTS[row.type as keyof typeof CABINET_FACTS], row.payload), row.type).toBe(true);
  });
});
