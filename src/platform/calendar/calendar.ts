import {
  addDays,
  assertIsoDate,
  DEFAULT_HOLIDAY_RULES,
  DEFAULT_WORKING_WEEKDAYS,
  isoWeekday,
  publicHolidays,
  yearOf,
  type HolidayRules,
  type IsoDate,
  type PublicHoliday,
  type Weekday,
} from './holidays.ts';

/**
 * The working-day calendar of Vietnamese public bodies: statutory holidays (holidays.ts), the
 * weekly rest days, and a per-day override table for the days the Prime Minister swaps each
 * year (a Friday given off, a Saturday worked in exchange). All computations are in
 * Asia/Ho_Chi_Minh (UTC+7, no daylight saving since 1975), whatever the host's time zone.
 */

export type OverrideKind = 'day_off' | 'working_day';
export const OVERRIDE_KINDS: readonly OverrideKind[] = Object.freeze(['day_off', 'working_day']);

/** An exception applied on top of the rules: the day is off, or worked, whatever the rules say. */
export interface CalendarOverride {
  day: IsoDate;
  kind: OverrideKind;
  reason: string;
}

export interface WorkingCalendarOptions {
  /** Weekly working days, ISO numbering (1 = Monday). Default Monday–Friday. */
  workingWeekdays?: readonly Weekday[];
  /**
   * Hour of the day (Vietnam time, may be fractional: 16.5 = 16:30) after which a dossier counts
   * as received on the next working day. Default 15; null = no cut-off.
   */
  cutoffHour?: number | null;
  rules?: HolidayRules;
  overrides?: Iterable<CalendarOverride>;
}

export interface DayStatus {
  day: IsoDate;
  working: boolean;
  /** What decided: an override, a statutory or compensatory holiday, or the working week. */
  source: 'override' | 'holiday' | 'weekly_rest' | 'working_week';
  reason?: string;
  holiday?: PublicHoliday;
}

/** 'calendar_days' limits still move a last day that is not a working day (Civil Code art. 148(4)). */
export type DeadlineUnit = 'working_days' | 'calendar_days';

export interface Deadline {
  /** The working day the dossier counts as received on. */
  receivedOn: IsoDate;
  /** The last day of the time limit — always a working day. */
  lastDay: IsoDate;
  /** The instant the limit ends: 24:00 of the last day in Vietnam (Civil Code art. 148(5)). */
  dueAt: Date;
}

export const DEFAULT_CUTOFF_HOUR = 15;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const HOUR_MS = 3_600_000;
// No run of consecutive days off comes near ten years; past that the configuration is broken.
const MAX_SCAN_DAYS = 3_660;

/** The calendar day an instant falls on in Vietnam. */
export function vietnamDay(instant: Date): IsoDate {
  assertInstant(instant);
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** 24:00 of a day in Vietnam, i.e. 00:00 +07:00 of the next day. */
export function endOfVietnamDay(day: IsoDate): Date {
  return new Date(Date.parse(`${addDays(assertIsoDate(day), 1)}T00:00:00+07:00`));
}

function assertInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new RangeError('expected a valid Date');
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

export class WorkingCalendar {
  readonly workingWeekdays: readonly Weekday[];
  readonly cutoffHour: number | null;
  readonly rules: HolidayRules;
  readonly #weekdays: ReadonlySet<Weekday>;
  readonly #overrides = new Map<IsoDate, CalendarOverride>();
  readonly #holidays = new Map<number, Map<IsoDate, PublicHoliday>>();

  constructor(options: WorkingCalendarOptions = {}) {
    const weekdays = options.workingWeekdays ?? DEFAULT_WORKING_WEEKDAYS;
    if (weekdays.length === 0 || weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
      throw new RangeError('workingWeekdays must list ISO weekdays 1–7, at least one');
    }
    this.workingWeekdays = Object.freeze([...new Set(weekdays)].sort((a, b) => a - b));
    this.#weekdays = new Set(this.workingWeekdays);
    const cutoff = options.cutoffHour === undefined ? DEFAULT_CUTOFF_HOUR : options.cutoffHour;
    if (cutoff !== null && !(Number.isFinite(cutoff) && cutoff >= 0 && cutoff <= 24)) {
      throw new RangeError(`cutoffHour must be between 0 and 24, got ${cutoff}`);
    }
    this.cutoffHour = cutoff;
    this.rules = options.rules ?? DEFAULT_HOLIDAY_RULES;
    for (const o of options.overrides ?? []) {
      assertIsoDate(o.day, 'override day');
      if (!OVERRIDE_KINDS.includes(o.kind)) throw new RangeError(`unknown override kind ${String(o.kind)}`);
      this.#overrides.set(o.day, { day: o.day, kind: o.kind, reason: o.reason });
    }
  }

  /** Statutory holidays and compensatory days of a year under this calendar's rules. */
  holidays(year: number): PublicHoliday[] {
    return [...this.#holidaysOf(year).values()];
  }

  /** The overrides this calendar applies, sorted by day. */
  overrides(): CalendarOverride[] {
    return [...this.#overrides.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  }

  describe(date: IsoDate | Date): DayStatus {
    const day = date instanceof Date ? vietnamDay(date) : assertIsoDate(date);
    const override = this.#overrides.get(day);
    const holiday = this.#holidaysOf(yearOf(day)).get(day);
    if (override) {
      return { day, working: override.kind === 'working_day', source: 'override', reason: override.reason, ...(holiday ? { holiday } : {}) };
    }
    if (holiday) return { day, working: false, source: 'holiday', reason: holiday.name, holiday };
    return this.#weekdays.has(isoWeekday(day))
      ? { day, working: true, source: 'working_week' }
      : { day, working: false, source: 'weekly_rest' };
  }

  isWorkingDay(date: IsoDate | Date): boolean {
    return this.describe(date).working;
  }

  /** The first working day strictly after `day`. */
  nextWorkingDay(day: IsoDate): IsoDate {
    return this.addWorkingDays(day, 1);
  }

  /**
   * The day `n` working days after `start`, not counting `start` itself (Civil Code art. 147(2):
   * the first day is not counted). `start` need not be a working day; n = 0 returns `start`;
   * a negative n counts backwards.
   */
  addWorkingDays(start: IsoDate, n: number): IsoDate {
    assertIsoDate(start, 'start');
    assertCount(n, 'n');
    const step = n < 0 ? -1 : 1;
    let day = start;
    let left = Math.abs(n);
    let scanned = 0;
    while (left > 0) {
      day = addDays(day, step);
      if (this.isWorkingDay(day)) left--;
      else if (++scanned > MAX_SCAN_DAYS) throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days of ${start}`);
    }
    return day;
  }

  /**
   * Working days in (a, b]: `a` not counted, `b` counted — so that
   * workingDaysBetween(a, addWorkingDays(a, n)) === n. Negative when b is before a.
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    assertIsoDate(a, 'a');
    assertIsoDate(b, 'b');
    if (b < a) return -this.workingDaysBetween(b, a);
    let count = 0;
    for (let day = addDays(a, 1); day <= b; day = addDays(day, 1)) {
      if (this.isWorkingDay(day)) count++;
    }
    return count;
  }

  /**
   * The working day a dossier counts as received on: the day of receipt in Vietnam, or the next
   * working day when it arrived on a day off or after the cut-off hour (the one-stop rule that
   * dossiers received after 15:00 are taken in the next working day; the hour is configurable
   * because its legal source is not confirmed here).
   */
  receivedOn(receivedAt: Date): IsoDate {
    const day = vietnamDay(receivedAt);
    const dayMs = 24 * HOUR_MS;
    const sinceMidnight = (((receivedAt.getTime() + VIETNAM_OFFSET_MS) % dayMs) + dayMs) % dayMs;
    const late = this.cutoffHour !== null && sinceMidnight > this.cutoffHour * HOUR_MS;
    return late || !this.isWorkingDay(day) ? this.nextWorkingDay(day) : day;
  }

  /**
   * The end of a time limit of `days` counted from a receipt (Civil Code 2015):
   * - art. 147(2): the day of receipt is not counted, counting starts the next day;
   * - art. 148(4): a last day that is a weekly rest day or holiday moves to the next working day
   *   (counting in working days the last day is one already);
   * - art. 148(5): the limit ends at 24:00 of the last day.
   * 0 days means within the day of receipt.
   */
  deadline(receivedAt: Date, days: number, unit: DeadlineUnit = 'working_days'): Deadline {
    assertCount(days, 'days');
    if (days < 0) throw new RangeError(`days must not be negative, got ${days}`);
    const receivedOn = this.receivedOn(receivedAt);
    let lastDay = unit === 'working_days' ? this.addWorkingDays(receivedOn, days) : addDays(receivedOn, days);
    if (!this.isWorkingDay(lastDay)) lastDay = this.nextWorkingDay(lastDay);
    return { receivedOn, lastDay, dueAt: endOfVietnamDay(lastDay) };
  }

  #holidaysOf(year: number): Map<IsoDate, PublicHoliday> {
    let map = this.#holidays.get(year);
    if (!map) {
      map = new Map(publicHolidays(year, { rules: this.rules, workingWeekdays: this.workingWeekdays }).map((h) => [h.date, h]));
      this.#holidays.set(year, map);
    }
    return map;
  }
}
