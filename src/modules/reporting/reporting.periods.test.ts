import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../platform/calendar/index.ts';
import { periodOn, periodsOfYear, periodWindow, samePeriodLastYear, sendDeadline, type Frequency } from './reporting.periods.ts';

const calendar = new WorkingCalendar();

// Hand-checked against the 2026–2027 calendar: Tết 16–20 Feb 2026 and 5–11 Feb 2027, Hùng Kings
// 26–27 Apr 2026 and 16 Apr 2027, 30 Apr–1 May (3 May 2027 in lieu), 1–2 Sep 2026, 2–3 Sep 2027.
// Columns: frequency, period, window from, window to (cut-off), send deadline 2 working days after.
const TABLE: [Frequency, string, string, string, string][] = [
  ['monthly', '2026-M01', '2025-12-15', '2026-01-14', '2026-01-16'],
  ['monthly', '2026-M02', '2026-01-15', '2026-02-14', '2026-02-24'],
  ['monthly', '2026-M03', '2026-02-15', '2026-03-14', '2026-03-17'],
  ['monthly', '2026-M04', '2026-03-15', '2026-04-14', '2026-04-16'],
  ['monthly', '2026-M05', '2026-04-15', '2026-05-14', '2026-05-18'],
  ['monthly', '2026-M06', '2026-05-15', '2026-06-14', '2026-06-16'],
  ['monthly', '2026-M07', '2026-06-15', '2026-07-14', '2026-07-16'],
  ['monthly', '2026-M08', '2026-07-15', '2026-08-14', '2026-08-18'],
  ['monthly', '2026-M09', '2026-08-15', '2026-09-14', '2026-09-16'],
  ['monthly', '2026-M10', '2026-09-15', '2026-10-14', '2026-10-16'],
  ['monthly', '2026-M11', '2026-10-15', '2026-11-14', '2026-11-17'],
  ['monthly', '2026-M12', '2026-11-15', '2026-12-14', '2026-12-16'],
  ['monthly', '2027-M01', '2026-12-15', '2027-01-14', '2027-01-18'],
  ['monthly', '2027-M02', '2027-01-15', '2027-02-14', '2027-02-16'],
  ['monthly', '2027-M03', '2027-02-15', '2027-03-14', '2027-03-16'],
  ['monthly', '2027-M04', '2027-03-15', '2027-04-14', '2027-04-19'],
  ['monthly', '2027-M05', '2027-04-15', '2027-05-14', '2027-05-18'],
  ['monthly', '2027-M06', '2027-05-15', '2027-06-14', '2027-06-16'],
  ['monthly', '2027-M07', '2027-06-15', '2027-07-14', '2027-07-16'],
  ['monthly', '2027-M08', '2027-07-15', '2027-08-14', '2027-08-17'],
  ['monthly', '2027-M09', '2027-08-15', '2027-09-14', '2027-09-16'],
  ['monthly', '2027-M10', '2027-09-15', '2027-10-14', '2027-10-18'],
  ['monthly', '2027-M11', '2027-10-15', '2027-11-14', '2027-11-16'],
  ['monthly', '2027-M12', '2027-11-15', '2027-12-14', '2027-12-16'],
  ['quarterly', '2026-Q1', '2025-12-15', '2026-03-14', '2026-03-17'],
  ['quarterly', '2026-Q2', '2026-03-15', '2026-06-14', '2026-06-16'],
  ['quarterly', '2026-Q3', '2026-06-15', '2026-09-14', '2026-09-16'],
  ['quarterly', '2026-Q4', '2026-09-15', '2026-12-14', '2026-12-16'],
  ['quarterly', '2027-Q1', '2026-12-15', '2027-03-14', '2027-03-16'],
  ['quarterly', '2027-Q2', '2027-03-15', '2027-06-14', '2027-06-16'],
  ['quarterly', '2027-Q3', '2027-06-15', '2027-09-14', '2027-09-16'],
  ['quarterly', '2027-Q4', '2027-09-15', '2027-12-14', '2027-12-16'],
  ['six_months', '2026-H1', '2025-12-15', '2026-06-14', '2026-06-16'],
  ['six_months', '2027-H1', '2026-12-15', '2027-06-14', '2027-06-16'],
  ['nine_months', '2026-9M', '2025-12-15', '2026-09-14', '2026-09-16'],
  ['nine_months', '2027-9M', '2026-12-15', '2027-09-14', '2027-09-16'],
  ['yearly', '2026-Y', '2025-12-15', '2026-12-14', '2026-12-16'],
  ['yearly', '2027-Y', '2026-12-15', '2027-12-14', '2027-12-16'],
];

describe('cut-off windows and send deadlines, 2026–2027', () => {
  it.each(TABLE)('%s %s: %s → %s, sent by %s', (frequency, period, from, to, deadline) => {
    const window = periodWindow(frequency, period);
    expect(window).toEqual({ period, from, to });
    expect(sendDeadline(calendar, window!, 2)).toBe(deadline);
  });

  it('lists every period of each frequency, and each window follows the previous one without a gap', () => {
    for (const year of [2026, 2027]) {
      expect(periodsOfYear('monthly', year)).toHaveLength(12);
      expect(periodsOfYear('quarterly', year)).toEqual([`${year}-Q1`, `${year}-Q2`, `${year}-Q3`, `${year}-Q4`]);
      for (const frequency of ['monthly', 'quarterly'] as const) {
        const windows = periodsOfYear(frequency, year).map((p) => periodWindow(frequency, p)!);
        for (let i = 1; i < windows.length; i++) {
          const dayAfter = new Date(Date.parse(`${windows[i - 1]!.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
          expect(windows[i]!.from).toBe(dayAfter);
        }
      }
    }
    expect(periodsOfYear('ad_hoc', 2026)).toEqual([]);
  });

  it('counts longer deadlines across Tết and honours the stored swaps of working days', () => {
    expect(sendDeadline(calendar, periodWindow('monthly', '2026-M02')!, 5)).toBe('2026-02-27');
    expect(sendDeadline(calendar, periodWindow('monthly', '2027-M02')!, 5)).toBe('2027-02-19');
    expect(sendDeadline(calendar, periodWindow('monthly', '2026-M12')!, 0)).toBe('2026-12-14');
    // A Saturday made a working day (a swap) is counted.
    const swapped = new WorkingCalendar({ overrides: [{ day: '2026-03-14', kind: 'working_day', reason: 'swap' }] });
    expect(sendDeadline(swapped, periodWindow('monthly', '2026-M03')!, 1)).toBe('2026-03-16');
  });

  it('reads ad hoc windows and refuses keys that do not belong to the frequency', () => {
    expect(periodWindow('ad_hoc', '2026-03-01_2026-03-20')).toEqual({ period: '2026-03-01_2026-03-20', from: '2026-03-01', to: '2026-03-20' });
    expect(periodWindow('ad_hoc', '2026-03-21_2026-03-20')).toBeUndefined();
    expect(periodWindow('monthly', '2026-M13')).toBeUndefined();
    expect(periodWindow('monthly', '2026-Q1')).toBeUndefined();
    expect(periodWindow('six_months', '2026-H2')).toBeUndefined();
    expect(periodWindow('yearly', '2026')).toBeUndefined();
  });

  it('finds the period of a day and the same period a year earlier', () => {
    expect(periodOn('monthly', '2026-12-05')).toBe('2026-M12');
    expect(periodOn('monthly', '2026-12-15')).toBe('2027-M01');
    expect(periodOn('quarterly', '2026-12-15')).toBe('2027-Q1');
    expect(periodOn('six_months', '2026-07-01')).toBe('2027-H1');
    expect(samePeriodLastYear('2027-M03')).toBe('2026-M03');
    expect(samePeriodLastYear('2027-Q1')).toBe('2026-Q1');
  });
});
