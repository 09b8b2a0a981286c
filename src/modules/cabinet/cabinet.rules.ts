import { endOfVietnamDay, vietnamDay, type WorkingCalendar } from '../../platform/calendar/index.ts';
import { formatDate, formatDateTime } from '../../platform/i18n/index.ts';

// The rules of the Government's decisions (DOMAIN.md §7), as pure functions: a decision passes
// with more than half of ALL members in favour; on a tie the side of the Prime Minister wins;
// a quorum (share of all members taking part) is configurable.

export type Choice = 'for' | 'against' | 'abstain';

export interface VoteInput {
  /** Every member of the Government when the vote opened (not only those present). */
  membersTotal: number;
  /** Percentage of all members who must take part (cast any ballot) for the vote to count. */
  quorumPercent: number;
  ballots: readonly { choice: Choice; primeMinister: boolean }[];
}

export interface VoteTally {
  for: number;
  against: number;
  abstain: number;
  notVoting: number;
  quorumMet: boolean;
  result: 'passed' | 'rejected' | 'no_quorum';
  /** The votes for and against were equal and the Prime Minister's ballot decided. */
  tieBrokenByPm: boolean;
}

export function tallyVote(input: VoteInput): VoteTally {
  const count = (c: Choice) => input.ballots.filter((b) => b.choice === c).length;
  const yes = count('for');
  const no = count('against');
  const abstain = count('abstain');
  const cast = input.ballots.length;
  const quorumMet = cast * 100 >= input.quorumPercent * input.membersTotal;
  const base = { for: yes, against: no, abstain, notVoting: Math.max(0, input.membersTotal - cast), quorumMet };
  if (!quorumMet) return { ...base, result: 'no_quorum', tieBrokenByPm: false };
  if (yes * 2 > input.membersTotal) return { ...base, result: 'passed', tieBrokenByPm: false };
  const pm = input.ballots.find((b) => b.primeMinister)?.choice;
  if (isEvenSplit(yes, no, input.membersTotal) && (pm === 'for' || pm === 'against')) {
    return { ...base, result: pm === 'for' ? 'passed' : 'rejected', tieBrokenByPm: true };
  }
  return { ...base, result: 'rejected', tieBrokenByPm: false };
}

/**
 * A tie in the sense of the rule: the members split into two equal sides of half of all of them
 * (4–4 of 9, the ninth abstaining or absent; 5–5 of 10). A 1–1 among nine members is no tie the
 * Prime Minister could break: it is far from "more than half of all members".
 */
export function isEvenSplit(yes: number, no: number, membersTotal: number): boolean {
  return yes === no && yes > 0 && yes === Math.floor(membersTotal / 2);
}

export type PollAnswer = 'agree' | 'disagree' | 'other' | 'no_reply';

export interface PollTally {
  agree: number;
  /** Of `agree`, the members who did not reply and count as agreeing by the poll's rule. */
  deemedAgree: number;
  disagree: number;
  other: number;
  noReply: number;
  result: 'passed' | 'rejected';
  tieBrokenByPm: boolean;
}

/** A poll's answers at its deadline (non-replies already turned into `agree`/`no_reply` rows). */
export function tallyPoll(membersTotal: number, answers: readonly { answer: PollAnswer; deemed: boolean; primeMinister: boolean }[]): PollTally {
  const count = (a: PollAnswer) => answers.filter((x) => x.answer === a).length;
  const agree = count('agree');
  const disagree = count('disagree');
  const base = { agree, deemedAgree: answers.filter((x) => x.answer === 'agree' && x.deemed).length, disagree, other: count('other'), noReply: count('no_reply') };
  if (agree * 2 > membersTotal) return { ...base, result: 'passed', tieBrokenByPm: false };
  const pm = answers.find((x) => x.primeMinister)?.answer;
  if (isEvenSplit(agree, disagree, membersTotal) && (pm === 'agree' || pm === 'disagree')) return { ...base, result: pm === 'agree' ? 'passed' : 'rejected', tieBrokenByPm: true };
  return { ...base, result: 'rejected', tieBrokenByPm: false };
}

/** An item with no objection once the cut-off has passed is proposed for adoption without debate. */
export function proposedWithoutDebate(item: { state: string }, stances: readonly string[], cutoff: Date, now: Date): boolean {
  return item.state === 'pending' && now.getTime() >= cutoff.getTime() && !stances.includes('objection');
}

export const POLL_MIN_WORKING_DAYS = 2;
export const POLL_MAX_WORKING_DAYS = 5;

/** The end (24:00, Vietnam) of the n-th working day after the day of issue (that day not counted). */
export function pollDeadline(calendar: WorkingCalendar, issuedAt: Date, workingDays: number): Date {
  return endOfVietnamDay(calendar.addWorkingDays(vietnamDay(issuedAt), workingDays));
}

/** Reminders whose time has come and that were not sent: hours before the deadline, largest first. */
export function dueReminders(deadline: Date, reminderHours: readonly number[], sent: readonly number[], now: Date): number[] {
  if (now.getTime() >= deadline.getTime()) return [];
  return [...new Set(reminderHours)]
    .filter((h) => !sent.includes(h) && now.getTime() >= deadline.getTime() - h * 3_600_000)
    .sort((a, b) => b - a);
}

/** Pages a paperless session saves: every page of every document, printed for every recipient. */
export function pagesSaved(documentPages: readonly number[], recipients: number): number {
  return documentPages.reduce((sum, p) => sum + p, 0) * recipients;
}

/** Pages of a PDF, counted from its page objects (a non-PDF counts as one page). */
export function countPdfPages(bytes: Buffer): number {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return 1;
  const text = bytes.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  return Math.max(1, pages);
}

/** A deadline as people read it: the end of a day is "24:00 dd/MM/yyyy" of that day, not 00:00 of the next. */
export function formatDeadline(deadline: Date): string {
  const text = formatDateTime(deadline);
  return text.endsWith(' 00:00') ? `24:00 ${formatDate(new Date(deadline.getTime() - 60_000))}` : text;
}
