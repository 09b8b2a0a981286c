import { addDays, type WorkingCalendar } from '../../platform/calendar/index.ts';
import { CalendarErrors } from './calendar.errors.ts';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;
export const MAX_DUE_WORKING_DAYS = 365;

/** `from` as an instant: a date-time without an offset is Vietnam time (Asia/Ho_Chi_Minh, UTC+7, no summer time). */
export function parseFrom(from: string): Date {
  if (!ISO_DATE_TIME.test(from)) throw CalendarErrors.dueQueryInvalid('from');
  const withOffset = /(Z|[+-]\d{2}:\d{2})$/.test(from) ? from : `${from}+07:00`;
  const at = new Date(withOffset);
  if (Number.isNaN(at.getTime())) throw CalendarErrors.dueQueryInvalid('from');
  return at;
}

/** The instant as Vietnam local time with its offset: `2026-12-15T00:00:00+07:00`. */
export function vietnamIso(at: Date): string {
  return `${new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

/**
 * The deadline agencies' systems compute from a receipt: the same rules as the back office
 * (15:00 rule, first day not counted, working days of the stored calendar, 24:00 of the last
 * day), with the days the count skipped (weekly rest, holidays, days off by override).
 */
export function dueAfter(calendar: WorkingCalendar, from: Date, workingDays: number) {
  if (!Number.isInteger(workingDays) || workingDays < 0 || workingDays > MAX_DUE_WORKING_DAYS) throw CalendarErrors.dueQueryInvalid('workingDays');
  const deadline = calendar.deadline(from, workingDays);
  const skipped: string[] = [];
  const first = vietnamIso(from).slice(0, 10);
  for (let day = addDays(first, 1); day < deadline.lastDay; day = addDays(day, 1)) {
    if (!calendar.isWorkingDay(day)) skipped.push(day);
  }
  return { due: vietnamIso(deadline.dueAt), receivedOn: deadline.receivedOn, lastDay: deadline.lastDay, skipped };
}
