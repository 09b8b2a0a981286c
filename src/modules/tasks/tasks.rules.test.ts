import { describe, expect, it } from 'vitest';
import { addDays, WorkingCalendar } from '../../platform/calendar/index.ts';
import { effectiveDue, firstPeriod, nextPeriodKey, overdueWorkingDays, periodAfterReport, periodDeadline, suggestedEvaluation, workingDaysBetween } from './tasks.rules.ts';

const calendar = new WorkingCalendar({ overrides: [{ day: '2027-01-08', kind: 'day_off', reason: 'test' }] });

describe('working days', () => {
  it('the running counts give what counting day by day gives, across years, holidays and overrides', () => {
    for (let i = 0; i < 300; i++) {
      const a = addDays('2025-06-01', (i * 37) % 900);
      const b = addDays(a, (i * 53) % 800);
      expect(workingDaysBetween(calendar, a, b), `${a} → ${b}`).toBe(calendar.workingDaysBetween(a, b));
    }
  });

  it('overdue once the due day has ended; working days after it, Tết skipped', () => {
    expect(overdueWorkingDays(calendar, '2027-01-11', '2027-01-11')).toEqual({ overdue: false, workingDays: 0 });
    expect(overdueWorkingDays(calendar, '2027-01-15', '2027-01-16')).toEqual({ overdue: true, workingDays: 0 }); // Friday → Saturday
    expect(overdueWorkingDays(calendar, '2027-01-15', '2027-01-18')).toEqual({ overdue: true, workingDays: 1 });
    // Around Tết 2027 (6 February): fewer working days than weekdays.
    const late = overdueWorkingDays(calendar, '2027-02-01', '2027-02-19');
    const weekdays = Array.from({ length: 18 }, (_, i) => addDays('2027-02-02', i)).filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())).length;
    expect(late.workingDays).toBeLessThan(weekdays);
    expect(late.workingDays).toBe(calendar.workingDaysBetween('2027-02-01', '2027-02-19'));
    expect(overdueWorkingDays(calendar, null, '2030-01-01').overdue).toBe(false);
  });

  it('a deadline on a day off moves to the next working day (an override included)', () => {
    expect(effectiveDue(calendar, '2027-01-09')).toBe('2027-01-11');
    expect(effectiveDue(calendar, '2027-01-08')).toBe('2027-01-11');
    expect(effectiveDue(calendar, '2027-01-12')).toBe('2027-01-12');
  });
});

describe('periodic deadlines', () => {
  it('periods, their deadlines and the next one', () => {
    expect(firstPeriod('monthly', 20, '2027-01-25')).toEqual({ key: '2027-M02', deadline: '2027-02-20' });
    expect(firstPeriod('monthly', 31, '2027-02-03')).toEqual({ key: '2027-M02', deadline: '2027-02-28' });
    expect(firstPeriod('quarterly', 15, '2027-03-20')).toEqual({ key: '2027-Q2', deadline: '2027-06-15' });
    expect(firstPeriod('half_yearly', 10, '2027-07-01')).toEqual({ key: '2027-H2', deadline: '2027-12-10' });
    expect(firstPeriod('yearly', 15, '2027-12-20')).toEqual({ key: '2028-Y', deadline: '2028-12-15' });
    expect(nextPeriodKey('monthly', '2027-M12')).toBe('2028-M01');
    expect(nextPeriodKey('quarterly', '2027-Q4')).toBe('2028-Q1');
    expect(periodDeadline('2028-M02', 30)).toBe('2028-02-29');
    expect(periodAfterReport('quarterly', 15, '2027-Q1', '2027-05-01')).toBeNull();
    expect(periodAfterReport('quarterly', 15, '2027-Q1', null)).toEqual({ key: '2027-Q2', deadline: '2027-06-15' });
  });

  it('the evaluation the dates suggest', () => {
    expect(suggestedEvaluation({ dueOn: '2027-01-11', completedOn: '2027-01-11' })).toBe('on_time');
    expect(suggestedEvaluation({ dueOn: '2027-01-11', completedOn: '2027-01-12' })).toBe('late');
    expect(suggestedEvaluation({ dueOn: '2027-01-11', completedOn: null })).toBe('not_completed');
  });
});
