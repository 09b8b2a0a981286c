import { describe, expect, it } from 'vitest';
import { WorkingCalendar, endOfVietnamDay, vietnamDay, type CalendarOverride } from './calendar.ts';
import {
  addDays,
  DEFAULT_HOLIDAY_RULES,
  hungKingsDay,
  isIsoDate,
  lunarNewYear,
  publicHolidays,
  type HolidayKind,
  type IsoDate,
} from './holidays.ts';

// The swaps published for 2025–2026, as seeded by migrations/0001_calendar.sql.
const OFFICIAL_OVERRIDES: CalendarOverride[] = [
  { day: '2025-04-26', kind: 'working_day', reason: 'làm bù 2/5/2025' },
  { day: '2025-05-02', kind: 'day_off', reason: 'hoán đổi 30/4–1/5' },
  { day: '2026-01-02', kind: 'day_off', reason: 'hoán đổi Tết Dương lịch' },
  { day: '2026-01-10', kind: 'working_day', reason: 'làm bù 2/1/2026' },
];
const official = new WorkingCalendar({ overrides: OFFICIAL_OVERRIDES });
const rulesOnly = new WorkingCalendar();

/** An instant given as Vietnamese wall-clock time. */
const vn = (local: string): Date => new Date(`${local}+07:00`);

/** The days off (of any kind) between two days inclusive. */
function daysOff(cal: WorkingCalendar, from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!cal.isWorkingDay(d)) out.push(d);
  return out;
}

describe('Vietnamese lunar dates (date-holidays, UTC+7)', () => {
  it.each([
    [2020, '2020-01-25', '2020-04-02'],
    [2021, '2021-02-12', '2021-04-21'],
    [2022, '2022-02-01', '2022-04-10'],
    [2023, '2023-01-22', '2023-04-29'],
    [2024, '2024-02-10', '2024-04-18'],
    [2025, '2025-01-29', '2025-04-07'],
    [2026, '2026-02-17', '2026-04-26'],
    [2027, '2027-02-06', '2027-04-16'],
  ])('%i: Tết %s, Hùng Kings %s', (year, tet, hung) => {
    expect(lunarNewYear(year)).toBe(tet);
    expect(hungKingsDay(year)).toBe(hung);
  });

  // Years where the Vietnamese calendar (UTC+7) and the Chinese one (UTC+8) disagree.
  it.each([
    [1985, '1985-01-21'], // China: 20 Feb
    [2007, '2007-02-17'], // China: 18 Feb
    [2030, '2030-02-02'], // China: 3 Feb
  ])('%i: Vietnamese Tết %s, not the Chinese date', (year, tet) => {
    expect(lunarNewYear(year)).toBe(tet);
  });
});

type Row = [IsoDate, HolidayKind];
const HOLIDAYS: Record<number, Row[]> = {
  2025: [
    ['2025-01-01', 'new_year'],
    // PM's choice for 2025 (VPCP 8726/VPCP-KGVX): 28 Chạp – mùng 3, Mon–Fri.
    ['2025-01-27', 'tet'],
    ['2025-01-28', 'tet'],
    ['2025-01-29', 'tet'],
    ['2025-01-30', 'tet'],
    ['2025-01-31', 'tet'],
    ['2025-04-07', 'hung_kings'],
    ['2025-04-30', 'victory_day'],
    ['2025-05-01', 'labour_day'],
    ['2025-09-01', 'national_day'],
    ['2025-09-02', 'national_day'],
  ],
  2026: [
    ['2026-01-01', 'new_year'],
    // 29 Chạp – mùng 4, Mon–Fri: the default rule.
    ['2026-02-16', 'tet'],
    ['2026-02-17', 'tet'],
    ['2026-02-18', 'tet'],
    ['2026-02-19', 'tet'],
    ['2026-02-20', 'tet'],
    ['2026-04-26', 'hung_kings'], // Sunday
    ['2026-04-27', 'compensatory'],
    ['2026-04-30', 'victory_day'],
    ['2026-05-01', 'labour_day'],
    ['2026-09-01', 'national_day'], // Wednesday 2 Sep: default 'before'
    ['2026-09-02', 'national_day'],
  ],
  2027: [
    ['2027-01-01', 'new_year'],
    ['2027-02-05', 'tet'],
    ['2027-02-06', 'tet'], // Saturday
    ['2027-02-07', 'tet'], // Sunday
    ['2027-02-08', 'tet'],
    ['2027-02-09', 'tet'],
    ['2027-02-10', 'compensatory'], // for 6 Feb, after the block of Tết days
    ['2027-02-11', 'compensatory'], // for 7 Feb
    ['2027-04-16', 'hung_kings'],
    ['2027-04-30', 'victory_day'],
    ['2027-05-01', 'labour_day'], // Saturday
    ['2027-05-03', 'compensatory'],
    ['2027-09-02', 'national_day'],
    ['2027-09-03', 'national_day'], // Thursday 2 Sep: Friday joins the weekend
  ],
};

describe('publicHolidays (Labour Code 2019 art. 111–112)', () => {
  it.each(Object.keys(HOLIDAYS).map(Number))('%i: the full list', (year) => {
    expect(publicHolidays(year).map((h) => [h.date, h.kind])).toEqual(HOLIDAYS[year]);
  });

  it('names the holiday a compensatory day stands for', () => {
    const comp = publicHolidays(2027).filter((h) => h.kind === 'compensatory');
    expect(comp.map((h) => [h.date, h.compensates])).toEqual([
      ['2027-02-10', '2027-02-06'],
      ['2027-02-11', '2027-02-07'],
      ['2027-05-03', '2027-05-01'],
    ]);
    expect(comp[2]?.name).toBe('Nghỉ bù Ngày Quốc tế lao động');
  });

  it('has 11 statutory days a year (art. 112(1)) plus compensation', () => {
    for (const year of [2025, 2026, 2027, 2028, 2029, 2030]) {
      expect(publicHolidays(year).filter((h) => h.kind !== 'compensatory')).toHaveLength(11);
    }
  });

  it('2028: 30 Apr on a Sunday is compensated after 1 May, on Tuesday', () => {
    const h = publicHolidays(2028).filter((x) => x.date >= '2028-04-30' && x.date <= '2028-05-05');
    expect(h.map((x) => [x.date, x.kind])).toEqual([
      ['2028-04-30', 'victory_day'],
      ['2028-05-01', 'labour_day'],
      ['2028-05-02', 'compensatory'],
    ]);
  });

  it('National Day: auto side follows past decisions, per-year choice and fixed side override it', () => {
    const side = (year: number, rules = DEFAULT_HOLIDAY_RULES) =>
      publicHolidays(year, { rules }).filter((h) => h.kind === 'national_day').map((h) => h.date);
    expect(side(2021)).toEqual(['2021-09-02', '2021-09-03']); // Thu → Fri
    expect(side(2022)).toEqual(['2022-09-01', '2022-09-02']); // Fri → Thu
    expect(side(2024)).toEqual(['2024-09-02', '2024-09-03']); // Mon → Tue
    expect(side(2025)).toEqual(['2025-09-01', '2025-09-02']); // Tue → Mon
    const after = { ...DEFAULT_HOLIDAY_RULES, years: {}, nationalDayExtra: 'after' as const };
    expect(side(2025, after)).toEqual(['2025-09-02', '2025-09-03']);
    const perYear = { ...DEFAULT_HOLIDAY_RULES, years: { 2026: { nationalDayExtra: 'after' as const } } };
    expect(side(2026, perYear)).toEqual(['2026-09-02', '2026-09-03']);
  });

  it('Tết rule is configurable (days before mùng 1, number of days)', () => {
    const rules = { ...DEFAULT_HOLIDAY_RULES, years: {}, tet: { daysBefore: 2, days: 5 } };
    const tet = publicHolidays(2026, { rules }).filter((h) => h.kind === 'tet').map((h) => h.date);
    expect(tet).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19']);
    const noComp = { ...DEFAULT_HOLIDAY_RULES, compensate: false };
    expect(publicHolidays(2027, { rules: noComp }).some((h) => h.kind === 'compensatory')).toBe(false);
  });

  it('a six-day week compensates only holidays on Sunday', () => {
    const h = publicHolidays(2027, { workingWeekdays: [1, 2, 3, 4, 5, 6] }).filter((x) => x.kind === 'compensatory');
    expect(h.map((x) => [x.date, x.compensates])).toEqual([['2027-02-10', '2027-02-07']]);
  });
});

describe('WorkingCalendar: days off around each holiday period', () => {
  it.each<[string, WorkingCalendar, IsoDate, IsoDate, IsoDate[]]>([
    ['Tết 2025: 25/1–2/2', official, '2025-01-23', '2025-02-04', ['2025-01-25', '2025-01-26', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']],
    ['30/4 2025 with the swap: 30/4–4/5, 26/4 worked', official, '2025-04-25', '2025-05-05', ['2025-04-27', '2025-04-30', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04']],
    ['30/4 2025 by the rules alone', rulesOnly, '2025-04-25', '2025-05-05', ['2025-04-26', '2025-04-27', '2025-04-30', '2025-05-01', '2025-05-03', '2025-05-04']],
    ['National Day 2025: 30/8–2/9', official, '2025-08-29', '2025-09-03', ['2025-08-30', '2025-08-31', '2025-09-01', '2025-09-02']],
    ['New Year 2026 with the swap: 1/1–4/1, 10/1 worked', official, '2025-12-31', '2026-01-12', ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-11']],
    ['Tết 2026: 14–22/2', official, '2026-02-13', '2026-02-23', ['2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22']],
    ['Hùng Kings 2026 on Sunday and 30/4: 25–27/4, 30/4–3/5', official, '2026-04-24', '2026-05-04', ['2026-04-25', '2026-04-26', '2026-04-27', '2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03']],
    ['Tết 2027 by the rules: 5–11/2', rulesOnly, '2027-02-04', '2027-02-12', ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']],
  ])('%s', (_name, cal, from, to, off) => {
    expect(daysOff(cal, from, to)).toEqual(off);
  });

  it('describes why a day is what it is', () => {
    expect(official.describe('2026-01-10')).toMatchObject({ working: true, source: 'override' });
    expect(official.describe('2026-04-27')).toMatchObject({ working: false, source: 'holiday', reason: 'Nghỉ bù Giỗ Tổ Hùng Vương' });
    expect(official.describe('2026-03-07')).toEqual({ day: '2026-03-07', working: false, source: 'weekly_rest' });
    expect(official.describe('2026-03-09')).toEqual({ day: '2026-03-09', working: true, source: 'working_week' });
  });

  it('an override can also put a holiday back to work', () => {
    const cal = new WorkingCalendar({ overrides: [{ day: '2027-02-11', kind: 'working_day', reason: 'swap' }] });
    expect(cal.isWorkingDay('2027-02-11')).toBe(true);
    expect(cal.describe('2027-02-11').holiday?.kind).toBe('compensatory');
  });

  it('reads a Date as the day in Vietnam, whatever the host time zone', () => {
    // 2025-01-31T17:30Z is Saturday 1 Feb 00:30 in Hanoi.
    expect(vietnamDay(new Date('2025-01-31T17:30:00Z'))).toBe('2025-02-01');
    expect(official.isWorkingDay(new Date('2025-02-02T17:30:00Z'))).toBe(true); // Mon 3 Feb
    expect(official.isWorkingDay(new Date('2025-02-02T16:30:00Z'))).toBe(false); // Sun 2 Feb 23:30
  });
});

describe('addWorkingDays / workingDaysBetween', () => {
  it.each<[IsoDate, number, IsoDate]>([
    ['2025-03-10', 0, '2025-03-10'],
    ['2025-03-10', 1, '2025-03-11'],
    ['2025-03-14', 1, '2025-03-17'], // Friday → Monday
    ['2025-03-15', 1, '2025-03-17'], // from a Saturday
    ['2025-01-24', 1, '2025-02-03'], // over Tết 2025
    ['2025-04-25', 1, '2025-04-26'], // swapped Saturday worked
    ['2025-04-29', 1, '2025-05-05'],
    ['2027-02-04', 1, '2027-02-12'],
    ['2025-02-03', -1, '2025-01-24'],
    ['2025-03-17', -1, '2025-03-14'],
    ['2025-03-10', 20, '2025-04-08'], // over Hùng Kings (7/4)
  ])('%s + %i = %s', (start, n, expected) => {
    expect(official.addWorkingDays(start, n)).toBe(expected);
    expect(official.workingDaysBetween(start, expected)).toBe(n);
  });

  it('counts (a, b] and is antisymmetric', () => {
    expect(official.workingDaysBetween('2025-01-01', '2025-01-01')).toBe(0);
    expect(official.workingDaysBetween('2025-01-24', '2025-02-03')).toBe(1);
    expect(official.workingDaysBetween('2025-02-03', '2025-01-24')).toBe(-1);
  });

  it('2025 and 2026 have 250 working days each under the published decisions', () => {
    expect(official.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(250);
    expect(official.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(250);
  });

  it('round-trips over three years', () => {
    for (let d = '2025-01-01'; d <= '2027-12-31'; d = addDays(d, 11)) {
      for (const n of [1, 5, 15, 30]) expect(official.workingDaysBetween(d, official.addWorkingDays(d, n))).toBe(n);
    }
  });
});

describe('deadline (Civil Code art. 147–148, 15:00 cut-off, UTC+7)', () => {
  it.each<[string, WorkingCalendar, string, number, IsoDate, IsoDate]>([
    ['Mon 10:00 + 3', official, '2025-03-10T10:00:00', 3, '2025-03-10', '2025-03-13'],
    ['Fri 15:30 (after cut-off) + 3', official, '2025-03-14T15:30:00', 3, '2025-03-17', '2025-03-20'],
    ['Fri 15:00:00 exactly is not after the cut-off', official, '2025-03-14T15:00:00', 3, '2025-03-14', '2025-03-19'],
    ['Fri 14:59 + 1', official, '2025-03-14T14:59:00', 1, '2025-03-14', '2025-03-17'],
    ['Saturday 09:00 counts from Monday', official, '2025-03-15T09:00:00', 1, '2025-03-17', '2025-03-18'],
    ['0 days: within the day', official, '2025-03-10T10:00:00', 0, '2025-03-10', '2025-03-10'],
    ['0 days after the cut-off: next working day', official, '2025-03-14T16:00:00', 0, '2025-03-17', '2025-03-17'],
    ['spanning Tết 2025', official, '2025-01-22T10:00:00', 5, '2025-01-22', '2025-02-05'],
    ['Fri before Tết 2025, after cut-off', official, '2025-01-24T16:00:00', 1, '2025-02-03', '2025-02-04'],
    ['received during Tết 2026', official, '2026-02-18T09:00:00', 2, '2026-02-23', '2026-02-25'],
    ['spanning 30/4–1/5 2025 with the Saturday worked', official, '2025-04-25T10:00:00', 2, '2025-04-25', '2025-04-28'],
    ['same, rules alone (no swap)', rulesOnly, '2025-04-25T10:00:00', 2, '2025-04-25', '2025-04-29'],
    ['into the swapped Friday 2/5/2025', official, '2025-04-29T09:00:00', 1, '2025-04-29', '2025-05-05'],
    ['spanning 2/9 2025', official, '2025-08-29T11:00:00', 1, '2025-08-29', '2025-09-03'],
    ['spanning 2/9 2026', official, '2026-08-31T11:00:00', 2, '2026-08-31', '2026-09-04'],
    ['weekend Hùng Kings 2026, compensated Monday', official, '2026-04-24T09:00:00', 1, '2026-04-24', '2026-04-28'],
    ['Hùng Kings 2026 then 30/4–1/5', official, '2026-04-24T09:00:00', 3, '2026-04-24', '2026-05-04'],
    ['weekend Tết 2027, two compensatory days', official, '2027-02-04T10:00:00', 1, '2027-02-04', '2027-02-12'],
    ['New Year 2026 swap, 6 days reaches the Saturday worked', official, '2025-12-31T10:00:00', 6, '2025-12-31', '2026-01-10'],
    ['received on the Saturday made working', official, '2026-01-10T09:00:00', 1, '2026-01-10', '2026-01-12'],
    ['received late on the Saturday made working', official, '2026-01-10T15:01:00', 1, '2026-01-12', '2026-01-13'],
    ['year end', official, '2025-12-30T10:00:00', 2, '2025-12-30', '2026-01-05'],
  ])('%s', (_name, cal, local, days, receivedOn, lastDay) => {
    const d = cal.deadline(vn(local), days);
    expect(d.receivedOn).toBe(receivedOn);
    expect(d.lastDay).toBe(lastDay);
    // 24:00 of the last day in Hanoi = 17:00 UTC that day.
    expect(d.dueAt.toISOString()).toBe(`${lastDay}T17:00:00.000Z`);
  });

  it('uses Vietnam time, not UTC, for the day and the cut-off', () => {
    // Sunday 20:00 UTC is Monday 03:00 in Hanoi.
    expect(official.deadline(new Date('2025-03-09T20:00:00Z'), 1).receivedOn).toBe('2025-03-10');
    // 08:30 UTC is 15:30 in Hanoi: after the cut-off.
    expect(official.deadline(new Date('2025-03-10T08:30:00Z'), 1).receivedOn).toBe('2025-03-11');
    expect(endOfVietnamDay('2025-03-10').toISOString()).toBe('2025-03-10T17:00:00.000Z');
  });

  it('calendar days: a last day off moves to the next working day (art. 148(4))', () => {
    const d = official.deadline(vn('2025-04-21T10:00:00'), 9, 'calendar_days'); // 30/4
    expect(d.lastDay).toBe('2025-05-05');
    expect(official.deadline(vn('2025-03-10T10:00:00'), 3, 'calendar_days').lastDay).toBe('2025-03-13');
  });

  it('cut-off is configurable, or off', () => {
    const at1630 = new WorkingCalendar({ cutoffHour: 16.5 });
    expect(at1630.deadline(vn('2025-03-14T16:15:00'), 1).receivedOn).toBe('2025-03-14');
    expect(at1630.deadline(vn('2025-03-14T16:45:00'), 1).receivedOn).toBe('2025-03-17');
    const none = new WorkingCalendar({ cutoffHour: null });
    expect(none.deadline(vn('2025-03-14T23:59:00'), 1).lastDay).toBe('2025-03-17');
  });

  it('a six-day working week', () => {
    const cal = new WorkingCalendar({ workingWeekdays: [1, 2, 3, 4, 5, 6] });
    expect(cal.deadline(vn('2025-03-14T10:00:00'), 1).lastDay).toBe('2025-03-15');
  });
});

describe('input checks', () => {
  it('rejects bad dates, counts and options', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(() => official.isWorkingDay('2025-13-01')).toThrow(RangeError);
    expect(() => official.addWorkingDays('2025-01-01', 1.5)).toThrow(RangeError);
    expect(() => official.deadline(vn('2025-03-10T10:00:00'), -1)).toThrow(RangeError);
    expect(() => official.deadline(new Date('nope'), 1)).toThrow(RangeError);
    expect(() => new WorkingCalendar({ workingWeekdays: [] })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ cutoffHour: 25 })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ overrides: [{ day: '2025-1-1', kind: 'day_off', reason: 'x' }] })).toThrow(RangeError);
  });
});
