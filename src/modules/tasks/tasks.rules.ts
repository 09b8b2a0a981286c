import { addDays, type WorkingCalendar } from '../../platform/calendar/index.ts';

// Deadline rules of tasks as pure functions over a working calendar (the calendar module's).

export type DeadlineKind = 'date' | 'periodic' | 'regular';
export type Period = 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';
export const PERIODS: readonly Period[] = ['monthly', 'quarterly', 'half_yearly', 'yearly'];
export const DEADLINE_KINDS: readonly DeadlineKind[] = ['date', 'periodic', 'regular'];
export type TaskStatus = 'assigned' | 'clarification' | 'accepted' | 'in_progress' | 'completed' | 'evaluated';
export const OPEN_STATUSES: readonly TaskStatus[] = ['assigned', 'clarification', 'accepted', 'in_progress'];
export type Evaluation = 'on_time' | 'late' | 'not_completed';
export const EVALUATIONS: readonly Evaluation[] = ['on_time', 'late', 'not_completed'];
export type Priority = 'normal' | 'high' | 'urgent';
export const PRIORITIES: readonly Priority[] = ['normal', 'high', 'urgent'];
export type SourceKind = 'resolution' | 'decision' | 'cabinet_conclusion' | 'official_letter';
export const SOURCE_KINDS: readonly SourceKind[] = ['resolution', 'decision', 'cabinet_conclusion', 'official_letter'];

/** The day a deadline really ends: itself when a working day, else the next working day (Civil Code art. 148(4)). */
export function effectiveDue(calendar: WorkingCalendar, deadline: string): string {
  return calendar.isWorkingDay(deadline) ? deadline : calendar.nextWorkingDay(deadline);
}

/**
 * How late an open task is on `today`, in working days: 0 when not overdue. A task is overdue
 * once its due day has ended (24:00, Civil Code art. 148(5)); the days counted are the working
 * days after the due day up to and including today (a Friday deadline read on the Saturday is
 * overdue by 0 working days yet; on Monday by 1).
 */
export function overdueWorkingDays(calendar: WorkingCalendar, dueOn: string | null, today: string): { overdue: boolean; workingDays: number } {
  if (!dueOn || today <= dueOn) return { overdue: false, workingDays: 0 };
  return { overdue: true, workingDays: Math.max(0, workingDaysBetween(calendar, dueOn, today)) };
}

/** Per calendar and year: working days from 1 January up to each day of the year (inclusive). */
const cumulative = new WeakMap<WorkingCalendar, Map<number, Uint16Array>>();

function yearCounts(calendar: WorkingCalendar, year: number): Uint16Array {
  let years = cumulative.get(calendar);
  if (!years) cumulative.set(calendar, (years = new Map()));
  let counts = years.get(year);
  if (!counts) {
    const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
    counts = new Uint16Array(days);
    let n = 0;
    for (let i = 0, day = `${year}-01-01`; i < days; i++, day = addDays(day, 1)) counts[i] = n += calendar.isWorkingDay(day) ? 1 : 0;
    years.set(year, counts);
  }
  return counts;
}

const dayOfYear = (day: string) => (Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) - Date.UTC(Number(day.slice(0, 4)), 0, 1)) / 86_400_000;

/**
 * Working days in (a, b] — the calendar's workingDaysBetween, answered from per-year running
 * counts kept with the calendar: a list of tasks years overdue costs a look-up each, not a walk
 * over every day since its deadline.
 */
export function workingDaysBetween(calendar: WorkingCalendar, a: string, b: string): number {
  if (b < a) return -workingDaysBetween(calendar, b, a);
  const ya = Number(a.slice(0, 4));
  const yb = Number(b.slice(0, 4));
  const countsA = yearCounts(calendar, ya);
  if (ya === yb) return yearCounts(calendar, yb)[dayOfYear(b)]! - countsA[dayOfYear(a)]!;
  let total = countsA[countsA.length - 1]! - countsA[dayOfYear(a)]!;
  for (let y = ya + 1; y < yb; y++) {
    const full = yearCounts(calendar, y);
    total += full[full.length - 1]!;
  }
  return total + yearCounts(calendar, yb)[dayOfYear(b)]!;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The key of the period of this kind that contains the day: 2027-M01, 2027-Q1, 2027-H1, 2027-Y. */
export function periodKeyOf(period: Period, day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  switch (period) {
    case 'monthly':
      return `${year}-M${pad(month)}`;
    case 'quarterly':
      return `${year}-Q${Math.ceil(month / 3)}`;
    case 'half_yearly':
      return `${year}-H${month <= 6 ? 1 : 2}`;
    case 'yearly':
      return `${year}-Y`;
  }
}

/** The last month (1–12) of a period key, and its year. */
function lastMonthOf(key: string): { year: number; month: number } {
  const year = Number(key.slice(0, 4));
  const tail = key.slice(5);
  if (tail.startsWith('M')) return { year, month: Number(tail.slice(1)) };
  if (tail.startsWith('Q')) return { year, month: Number(tail.slice(1)) * 3 };
  if (tail.startsWith('H')) return { year, month: Number(tail.slice(1)) * 6 };
  return { year, month: 12 };
}

/** The report of a period is due on `day` of its last month (the month's last day when shorter). */
export function periodDeadline(key: string, day: number): string {
  const { year, month } = lastMonthOf(key);
  return `${year}-${pad(month)}-${pad(Math.min(day, daysInMonth(year, month)))}`;
}

/** The period after `key`. */
export function nextPeriodKey(period: Period, key: string): string {
  const { year, month } = lastMonthOf(key);
  const next = month + 1 > 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return periodKeyOf(period, `${next.year}-${pad(next.month)}-01`);
}

/**
 * The first period whose report a periodic task assigned on `assignedOn` owes: the period that
 * contains the day, unless its deadline is already past, then the next one.
 */
export function firstPeriod(period: Period, day: number, assignedOn: string): { key: string; deadline: string } {
  let key = periodKeyOf(period, assignedOn);
  if (periodDeadline(key, day) < assignedOn) key = nextPeriodKey(period, key);
  return { key, deadline: periodDeadline(key, day) };
}

/**
 * The period after a report for `key`; null when the task's periodic obligation ends before its
 * deadline (`until`).
 */
export function periodAfterReport(period: Period, day: number, key: string, until: string | null): { key: string; deadline: string } | null {
  const next = nextPeriodKey(period, key);
  const deadline = periodDeadline(next, day);
  if (until && deadline > until) return null;
  return { key: next, deadline };
}

/** What the Government Office's evaluation would say from the dates alone (it may decide otherwise). */
export function suggestedEvaluation(task: { dueOn: string | null; completedOn: string | null }): Evaluation {
  if (!task.completedOn) return 'not_completed';
  if (!task.dueOn || task.completedOn <= task.dueOn) return 'on_time';
  return 'late';
}

/** `day` plus `n` calendar days (re-exported for the views' "due soon" window). */
export const plusDays = addDays;
