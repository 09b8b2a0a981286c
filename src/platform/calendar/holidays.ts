import Holidays from 'date-holidays';

/**
 * Statutory public holidays of Vietnam (Labour Code 2019, art. 111–112) and the calendar-day
 * arithmetic the working calendar is built on. Calendar days are ISO `yyyy-MM-dd` strings:
 * a day in Vietnam is not an instant, and a JS Date would shift it by the machine's time zone.
 *
 * The rule set is the one of the Labour Code 2019 (in force since 2021-01-01); earlier years
 * had other holidays (e.g. one National Day day) and are not modelled.
 */

/** A calendar day, `yyyy-MM-dd`. */
export type IsoDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar day written `yyyy-MM-dd` (rejects 2025-02-30). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function assertIsoDate(value: string, what = 'date'): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`${what} must be a calendar day written yyyy-MM-dd, got ${JSON.stringify(value)}`);
  return value;
}

// Calendar-day arithmetic runs on UTC midnights, so the host's time zone never enters.
function toUtcMs(day: IsoDate): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: IsoDate, n: number): IsoDate {
  return fromUtcMs(toUtcMs(day) + n * DAY_MS);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

export function isoWeekday(day: IsoDate): Weekday {
  const js = new Date(toUtcMs(day)).getUTCDay();
  return (js === 0 ? 7 : js) as Weekday;
}

export function yearOf(day: IsoDate): number {
  return Number(day.slice(0, 4));
}

function isoOf(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Vietnamese lunar calendar
//
// date-holidays (via date-chinese/astronomia) computes the "vietnamese" calendar from precise
// new moons and solar terms at UTC+7 (UTC+8 before 1968, as Vietnam used then). Checked against
// the Hồ Ngọc Đức algorithm for 1968–2049 with no difference, and against the years where the
// Vietnamese calendar differs from the Chinese one (Tết 1985-01-21, 2007-02-17, 2030-02-02).
// The two differ after 2050 only where a new moon falls within minutes of midnight, where the
// precise ephemeris of date-chinese is the better of the two.
// ---------------------------------------------------------------------------------------------

interface LunarDates {
  newYear: IsoDate;
  hungKings: IsoDate;
}

const lunarCache = new Map<number, LunarDates>();
let lunarHolidays: Holidays | undefined;

function lunarCalendar(): Holidays {
  if (!lunarHolidays) {
    lunarHolidays = new Holidays({ timezone: 'Asia/Ho_Chi_Minh' });
    // "vietnamese <month>-<leap 0|1>-<day>": month 1 day 1 (Tết), month 3 day 10 (Hùng Kings).
    lunarHolidays.setHoliday('vietnamese 1-0-1', { name: 'tet', type: 'public' });
    lunarHolidays.setHoliday('vietnamese 3-0-10', { name: 'hung_kings', type: 'public' });
  }
  return lunarHolidays;
}

function lunarDates(year: number): LunarDates {
  const cached = lunarCache.get(year);
  if (cached) return cached;
  if (!Number.isInteger(year) || year < 1900 || year > 2199) throw new RangeError(`year out of range: ${year}`);
  const found = lunarCalendar().getHolidays(year);
  // `date` is "yyyy-MM-dd hh:mm:ss" in the holiday's own time zone (Asia/Ho_Chi_Minh).
  const pick = (name: string): IsoDate => {
    const hit = found.find((h) => h.name === name);
    if (!hit) throw new Error(`no lunar date for ${name} in ${year}`);
    return hit.date.slice(0, 10);
  };
  const dates = { newYear: pick('tet'), hungKings: pick('hung_kings') };
  lunarCache.set(year, dates);
  return dates;
}

/** Lunar New Year's Day (mùng 1 Tết) in the given Gregorian year, Vietnamese calendar. */
export function lunarNewYear(year: number): IsoDate {
  return lunarDates(year).newYear;
}

/** Hùng Kings' Commemoration Day (10th day of the 3rd lunar month). */
export function hungKingsDay(year: number): IsoDate {
  return lunarDates(year).hungKings;
}

// ---------------------------------------------------------------------------------------------
// Holiday rules
// ---------------------------------------------------------------------------------------------

export type HolidayKind =
  | 'new_year'
  | 'tet'
  | 'hung_kings'
  | 'victory_day'
  | 'labour_day'
  | 'national_day'
  | 'compensatory';

export interface PublicHoliday {
  date: IsoDate;
  kind: HolidayKind;
  /** Vietnamese name as in the Labour Code. */
  name: string;
  /** For a compensatory day (nghỉ bù): the holiday that fell on a weekly rest day. */
  compensates?: IsoDate;
}

export interface TetRule {
  /**
   * How many of the Tết days come before Lunar New Year's Day. 1 = the last day of the old
   * year (29 or 30 of the 12th month) — the Prime Minister's usual choice.
   */
  daysBefore: number;
  /** Art. 112(1)(b): 5 days. */
  days: number;
}

/** Which day next to 2 September is the second National Day holiday (art. 112(1)(đ)). */
export type NationalDayExtra = 'before' | 'after' | 'auto';

export interface YearRule {
  tet?: Partial<TetRule>;
  nationalDayExtra?: Exclude<NationalDayExtra, 'auto'>;
}

export interface HolidayRules {
  tet: TetRule;
  nationalDayExtra: NationalDayExtra;
  /** The Prime Minister's decision for a given year (art. 112(3)), where it departs from the rule. */
  years: Readonly<Record<number, YearRule>>;
  /** Art. 111(3): a holiday on a weekly rest day gives a compensatory day off (nghỉ bù). */
  compensate: boolean;
}

/**
 * Art. 112(3) lets the Prime Minister fix the Tết and National Day days each year. The default
 * reproduces the usual choice; `years` records the decisions known to differ:
 * - 2024: National Day 2 + 3 Sep (Mon–Tue, 31/8–3/9 off).
 * - 2025: Tết 27–31 Jan (28 Chạp – mùng 3; 25/1–2/2 off: "5 ngày nghỉ Tết và 4 ngày nghỉ hằng
 *   tuần", VPCP 8726/VPCP-KGVX of 26/11/2024); National Day 1 + 2 Sep (30/8–2/9 off).
 * - 2026: Tết 16–20 Feb (29 Chạp – mùng 4, 14–22/2 off) is the default rule, so no entry.
 *   National Day 2026 (a Wednesday): the decision is not confirmed here (the Ministry of Home
 *   Affairs proposed a 5-day break, which implies a swap); the default gives 1 + 2 Sep.
 * Swapped working days (hoán đổi) are not rules but overrides: see calendar_overrides.
 */
export const DEFAULT_HOLIDAY_RULES: HolidayRules = Object.freeze({
  tet: Object.freeze({ daysBefore: 1, days: 5 }),
  nationalDayExtra: 'auto',
  years: Object.freeze({
    2024: Object.freeze({ nationalDayExtra: 'after' }),
    2025: Object.freeze({ tet: Object.freeze({ daysBefore: 2 }), nationalDayExtra: 'before' }),
  }),
  compensate: true,
}) as HolidayRules;

/**
 * 'auto': the side that joins 2 September to a weekend, as in past decisions
 * (2021 Thu→3/9, 2022 Fri→1/9, 2023 Sat→1/9, 2024 Mon→3/9, 2025 Tue→1/9). A Wednesday joins
 * no weekend and is decided case by case: 'before' is an arbitrary default.
 */
const AUTO_NATIONAL_DAY: Record<Weekday, 'before' | 'after'> = {
  1: 'after',
  2: 'before',
  3: 'before',
  4: 'after',
  5: 'before',
  6: 'before',
  7: 'after',
};

export interface HolidayOptions {
  rules?: HolidayRules;
  /** Weekly working days (compensation lands on the next of these). Default Monday–Friday. */
  workingWeekdays?: readonly Weekday[];
}

export const DEFAULT_WORKING_WEEKDAYS: readonly Weekday[] = Object.freeze([1, 2, 3, 4, 5]);

/**
 * The statutory holidays of a Gregorian year, with their compensatory days, sorted by date.
 * Overrides (swapped working days) are not applied here; the WorkingCalendar adds them.
 */
export function publicHolidays(year: number, options: HolidayOptions = {}): PublicHoliday[] {
  const rules = options.rules ?? DEFAULT_HOLIDAY_RULES;
  const working = new Set(options.workingWeekdays ?? DEFAULT_WORKING_WEEKDAYS);
  if (working.size === 0) throw new RangeError('workingWeekdays must name at least one weekday');
  const yearRule = rules.years[year] ?? {};
  const tet = { ...rules.tet, ...yearRule.tet };
  // Bounded so that Tết never leaves its Gregorian year (mùng 1 is 21 Jan at the earliest).
  const inRange = (n: number) => Number.isInteger(n) && n >= 0 && n <= 15;
  if (!inRange(tet.days) || tet.days < 1 || !inRange(tet.daysBefore)) {
    throw new RangeError(`invalid Tết rule for ${year}: days 1–15, daysBefore 0–15`);
  }

  const byDate = new Map<IsoDate, PublicHoliday>();
  const add = (date: IsoDate, kind: HolidayKind, name: string) => {
    // Two holidays on one day (possible only if Hùng Kings ever met 30 April) count once.
    if (!byDate.has(date)) byDate.set(date, { date, kind, name });
  };

  add(isoOf(year, 1, 1), 'new_year', 'Tết Dương lịch');
  // Art. 112(1)(b): 5 days of Tết, placed around Lunar New Year's Day by the Prime Minister.
  const newYear = lunarNewYear(year);
  for (let i = 0; i < tet.days; i++) add(addDays(newYear, i - tet.daysBefore), 'tet', 'Tết Âm lịch');
  add(hungKingsDay(year), 'hung_kings', 'Giỗ Tổ Hùng Vương');
  add(isoOf(year, 4, 30), 'victory_day', 'Ngày Chiến thắng');
  add(isoOf(year, 5, 1), 'labour_day', 'Ngày Quốc tế lao động');
  const nationalDay = isoOf(year, 9, 2);
  const side =
    yearRule.nationalDayExtra ??
    (rules.nationalDayExtra === 'auto' ? AUTO_NATIONAL_DAY[isoWeekday(nationalDay)] : rules.nationalDayExtra);
  add(addDays(nationalDay, side === 'before' ? -1 : 1), 'national_day', 'Quốc khánh');
  add(nationalDay, 'national_day', 'Quốc khánh');

  const holidays = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (!rules.compensate) return holidays;

  // Art. 111(3): a holiday on a weekly rest day is compensated "vào ngày làm việc kế tiếp" —
  // the next day that is a working weekday and not itself a holiday or an earlier compensation.
  const taken = new Set(byDate.keys());
  const compensations: PublicHoliday[] = [];
  for (const holiday of holidays) {
    if (working.has(isoWeekday(holiday.date))) continue;
    let day = addDays(holiday.date, 1);
    while (!working.has(isoWeekday(day)) || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    compensations.push({ date: day, kind: 'compensatory', name: `Nghỉ bù ${holiday.name}`, compensates: holiday.date });
  }
  return [...holidays, ...compensations].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
