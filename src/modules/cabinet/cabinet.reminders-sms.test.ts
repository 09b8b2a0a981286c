import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { admin, member, secretariat, setUpCabinet } from './cabinet.test-support.ts';

type Setup = Awaited<ReturnType<typeof setUpCabinet>>;
let t: Setup;
beforeAll(async () => {
  t = await setUpCabinet('2026-12-07T01:00:00Z');
}, 180_000);
afterAll(async () => {
  await t?.close();
});

const sms = async () => (await sql<{ payload: { to: string; text: string } }>`SELECT payload FROM outbox_events WHERE type = 'sms.send' ORDER BY id`.execute(t.db)).rows.map((r) => r.payload);
const base = { email: 'x@demo.egov.vn', position: 'minister', agencyCode: '000.00.00.G22' };

describe('poll reminders by SMS as well as e-mail', () => {
  it('members with a mobile number get each reminder once by SMS too (fake clock); the SMS never names a secret poll', async () => {
    await expect(t.api.registerMember(admin, { ...base, accountId: 'acc-min1', fullName: 'Bộ trưởng 1', title: 'Bộ trưởng 1', seat: 4, mobile: '12345' })).rejects.toMatchObject({ code: 'cabinet.invalid_input' });
    await t.api.registerMember(admin, { ...base, accountId: 'acc-min1', fullName: 'Bộ trưởng 1', email: 'min1@demo.egov.vn', title: 'Bộ trưởng 1', seat: 4, mobile: '0912 345 678' });
    await t.api.registerMember(admin, { ...base, accountId: 'acc-min2', fullName: 'Bộ trưởng 2', email: 'min2@demo.egov.vn', title: 'Bộ trưởng 2', seat: 5, mobile: '+84987654321' });
    const poll = await t.api.issuePoll(secretariat, { title: 'Nội dung mật về quốc phòng', question: '?', workingDays: 2, silenceIsConsent: true, reminderHours: [24, 4], secret: true });
    expect(await sms()).toEqual([]);
    t.clock.set(new Date(poll.deadline.getTime() - 24 * 3_600_000 + 60_000).toISOString());
    const first = await t.api.sendDueReminders();
    expect(first).toEqual([{ pollId: poll.id, hoursBefore: [24], recipients: 9, smsRecipients: 2 }]);
    expect((await sms()).map((m) => m.to).sort()).toEqual(['+84912345678', '+84987654321']);
    expect((await sms())[0]!.text).not.toContain('quốc phòng');
    expect((await sms())[0]!.text).toContain(`/cabinet/polls/${poll.id}`);
    // Sent once: a second run at the same time sends nothing.
    expect(await t.api.sendDueReminders()).toEqual([]);
    expect(await sms()).toHaveLength(2);
    await t.api.answerPoll(member('min1'), poll.id, { answer: 'agree' });
    t.clock.set(new Date(poll.deadline.getTime() - 4 * 3_600_000 + 60_000).toISOString());
    expect(await t.api.sendDueReminders()).toEqual([{ pollId: poll.id, hoursBefore: [4], recipients: 8, smsRecipients: 1 }]);
    expect((await sms()).map((m) => m.to)).toHaveLength(3);
    expect((await sms()).at(-1)!.to).toBe('+84987654321');
    const rows = (await sql<{ hours_before: number; sms_recipients: number }>`SELECT hours_before, sms_recipients FROM cabinet_poll_reminders WHERE poll_id = ${poll.id} ORDER BY hours_before`.execute(t.db)).rows;
    expect(rows).toEqual([{ hours_before: 4, sms_recipients: 1 }, { hours_before: 24, sms_recipients: 2 }]);
  });
});
