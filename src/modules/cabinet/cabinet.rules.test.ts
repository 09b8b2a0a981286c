import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../platform/calendar/index.ts';
import { countPdfPages, dueReminders, formatDeadline, pagesSaved, pollDeadline, proposedWithoutDebate, tallyPoll, tallyVote, type Choice } from './cabinet.rules.ts';

const ballots = (spec: string, pm: Choice | null = null) => {
  // "F" for, "A" against, "N" abstain; the Prime Minister's ballot is added first when given.
  const list = [...spec].map((c) => ({ choice: ({ F: 'for', A: 'against', N: 'abstain' } as const)[c as 'F' | 'A' | 'N'], primeMinister: false }));
  return pm ? [{ choice: pm, primeMinister: true }, ...list] : list;
};

describe('named votes: more than half of ALL members, a tie goes the Prime Minister’s way, quorum', () => {
  it.each([
    // members, quorum %, others' ballots, PM's ballot, result, tie broken by the PM
    { total: 9, quorum: 50, others: 'FFFF', pm: 'for', result: 'passed', tie: false, why: '5 of 9 for: more than half of all' },
    { total: 9, quorum: 50, others: 'FFFNN', pm: 'for', result: 'rejected', tie: false, why: '4 of 9 for, 0 against: not more than half of all, no tie' },
    { total: 9, quorum: 50, others: 'FFFAAAAN', pm: 'for', result: 'passed', tie: true, why: '4 for (PM) against 4: the PM’s side wins' },
    { total: 9, quorum: 50, others: 'FFFFAAAN', pm: 'against', result: 'rejected', tie: true, why: '4 for against 4 (PM): the PM’s side wins' },
    { total: 10, quorum: 50, others: 'FFFFAAAAA', pm: 'for', result: 'passed', tie: true, why: '5–5 of 10: the PM decides' },
    { total: 10, quorum: 50, others: 'FFFFFAAAA', pm: 'against', result: 'rejected', tie: true, why: '5–5 of 10 with the PM against' },
    { total: 9, quorum: 50, others: 'FFFAAA', pm: 'abstain', result: 'rejected', tie: false, why: 'a tie with the PM abstaining: no side of the PM' },
    { total: 9, quorum: 50, others: 'FFFAAAN', pm: null, result: 'rejected', tie: false, why: 'a tie without the PM voting' },
    { total: 9, quorum: 50, others: 'FFFFFFFFF', pm: null, result: 'passed', tie: false, why: 'unanimous' },
    { total: 9, quorum: 67, others: 'FFFFF', pm: null, result: 'no_quorum', tie: false, why: '5 of 9 take part, 67% needed' },
    { total: 9, quorum: 67, others: 'FFFFF', pm: 'for', result: 'no_quorum', tie: false, why: '6 of 9 take part: 66.67% is below a 67% quorum' },
    { total: 9, quorum: 66, others: 'FFFFF', pm: 'for', result: 'passed', tie: false, why: '6 of 9 take part: 66.67% meets a 66% quorum' },
    { total: 9, quorum: 10, others: 'A', pm: 'for', result: 'rejected', tie: false, why: '1–1 of 9 is no tie the PM can break' },
    { total: 9, quorum: 100, others: 'FFFFFFFF', pm: 'for', result: 'passed', tie: false, why: 'everyone present' },
    { total: 9, quorum: 100, others: 'FFFFFFF', pm: 'for', result: 'no_quorum', tie: false, why: 'one missing with 100% quorum' },
  ] as const)('$why', ({ total, quorum, others, pm, result, tie }) => {
    const tally = tallyVote({ membersTotal: total, quorumPercent: quorum, ballots: ballots(others, pm) });
    expect(tally.result).toBe(result);
    expect(tally.tieBrokenByPm).toBe(tie);
    expect(tally.for + tally.against + tally.abstain + tally.notVoting).toBe(total);
  });

  it('counts abstentions as taking part for the quorum, but never as votes for', () => {
    const tally = tallyVote({ membersTotal: 9, quorumPercent: 50, ballots: ballots('FFFNNNN', 'for') });
    expect(tally).toMatchObject({ for: 4, against: 0, abstain: 4, notVoting: 1, quorumMet: true, result: 'rejected' });
  });
});

describe('opinion polls: tally with non-replies', () => {
  const answers = (list: [string, boolean, boolean][]) => list.map(([answer, deemed, primeMinister]) => ({ answer: answer as 'agree', deemed, primeMinister }));
  it.each([
    { why: 'two replies, seven deemed agreeing', rows: [['agree', false, true], ['disagree', false, false], ...Array(7).fill(['agree', true, false])], result: 'passed', deemed: 7, tie: false },
    { why: 'non-replies not counted', rows: [['agree', false, true], ['disagree', false, false], ...Array(7).fill(['no_reply', true, false])], result: 'rejected', deemed: 0, tie: false },
    { why: 'a 4–4 tie with the PM agreeing', rows: [['agree', false, true], ...Array(3).fill(['agree', false, false]), ...Array(4).fill(['disagree', false, false]), ['other', false, false]], result: 'passed', deemed: 0, tie: true },
    { why: 'a 4–4 tie with the PM disagreeing', rows: [['disagree', false, true], ...Array(3).fill(['disagree', false, false]), ...Array(4).fill(['agree', false, false]), ['other', false, false]], result: 'rejected', deemed: 0, tie: true },
  ] as { why: string; rows: [string, boolean, boolean][]; result: string; deemed: number; tie: boolean }[])('$why', ({ rows, result, deemed, tie }) => {
    const tally = tallyPoll(9, answers(rows));
    expect(tally.result).toBe(result);
    expect(tally.deemedAgree).toBe(deemed);
    expect(tally.tieBrokenByPm).toBe(tie);
  });
});

describe('adoption without debate, deadlines, reminders, paper', () => {
  const cutoff = new Date('2026-12-08T10:00:00Z');
  it.each([
    { stances: ['agree', 'agree'], now: '2026-12-08T10:00:00Z', state: 'pending', proposed: true },
    { stances: [], now: '2026-12-08T10:00:00Z', state: 'pending', proposed: true },
    { stances: ['agree', 'wish_to_speak'], now: '2026-12-08T11:00:00Z', state: 'pending', proposed: true },
    { stances: ['agree', 'objection'], now: '2026-12-08T11:00:00Z', state: 'pending', proposed: false },
    { stances: ['agree'], now: '2026-12-08T09:59:59Z', state: 'pending', proposed: false },
    { stances: ['agree'], now: '2026-12-08T11:00:00Z', state: 'concluded', proposed: false },
  ])('$stances at $now ($state) → $proposed', ({ stances, now, state, proposed }) => {
    expect(proposedWithoutDebate({ state }, stances, cutoff, new Date(now))).toBe(proposed);
  });

  it('a poll’s deadline is 24:00 (Vietnam) of the n-th working day after the day of issue', () => {
    const calendar = new WorkingCalendar();
    // Issued Friday 11 Dec 2026, 15:00 in Vietnam: 2 working days → Tuesday 15 Dec, 24:00 (+07:00).
    expect(pollDeadline(calendar, new Date('2026-12-11T08:00:00Z'), 2).toISOString()).toBe('2026-12-15T17:00:00.000Z');
    // Issued Monday 7 Dec, 3 working days → Thursday 10 Dec.
    expect(pollDeadline(calendar, new Date('2026-12-07T01:00:00Z'), 3).toISOString()).toBe('2026-12-10T17:00:00.000Z');
  });

  it('a deadline at the end of a day reads 24:00 of that day', () => {
    expect(formatDeadline(new Date('2026-12-10T17:00:00Z'))).toBe('24:00 10/12/2026');
    expect(formatDeadline(new Date('2026-12-10T10:00:00Z'))).toBe('10/12/2026 17:00');
  });

  it('reminders fall due at their hour before the deadline, once each, none after the deadline', () => {
    const deadline = new Date('2026-12-10T17:00:00Z');
    expect(dueReminders(deadline, [24, 4], [], new Date('2026-12-09T16:59:59Z'))).toEqual([]);
    expect(dueReminders(deadline, [24, 4], [], new Date('2026-12-09T17:00:00Z'))).toEqual([24]);
    expect(dueReminders(deadline, [24, 4], [24], new Date('2026-12-10T12:00:00Z'))).toEqual([]);
    expect(dueReminders(deadline, [24, 4], [24], new Date('2026-12-10T13:00:00Z'))).toEqual([4]);
    expect(dueReminders(deadline, [24, 4], [], new Date('2026-12-10T14:00:00Z'))).toEqual([24, 4]);
    expect(dueReminders(deadline, [24, 4], [], new Date('2026-12-10T17:00:00Z'))).toEqual([]);
  });

  it('paper saved is pages × recipients; PDF pages are counted from page objects', () => {
    expect(pagesSaved([12, 3], 10)).toBe(150);
    const twoPages = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Pages /Count 2 >> endobj 2 0 obj << /Type /Page >> endobj 3 0 obj <</Type/Page/Parent 1 0 R>> endobj');
    expect(countPdfPages(twoPages)).toBe(2);
    expect(countPdfPages(Buffer.from('not a pdf'))).toBe(1);
  });
});
