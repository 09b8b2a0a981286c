import { isIsoDate, type IsoDate, type WorkingCalendar } from '../../platform/calendar/index.ts';

/**
 * Reporting periods and their data cut-off windows (NĐ 09/2019/NĐ-CP art. 12; DOMAIN.md §8):
 * monthly from the 15th of the previous month to the 14th; quarterly from the 15th of the month
 * before the quarter to the 14th of its last month; six months 15 Dec → 14 Jun; nine months
 * 15 Dec → 14 Sep; yearly 15 Dec → 14 Dec. An ad hoc period is the window its request names.
 *
 * Period keys: `2026-M03`, `2026-Q1`, `2026-H1`, `2026-9M`, `2026-Y`, ad hoc `2026-03-01_2026-03-20`.
 */
export const FREQUENCIES = ['monthly', 'quarterly', 'six_months', 'nine_months', 'yearly', 'ad_hoc'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface PeriodWindow {
  period: string;
  from: IsoDate;
  to: IsoDate;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The 15th of the month before `month` (1-based) of `year`. */
function fifteenthBefore(year: number, month: number): IsoDate {
  return month === 1 ? `${year - 1}-12-15` : `${year}-${pad(month - 1)}-15`;
}

/** The window of a period key of this frequency, or undefined when the key is not one. */
export function periodWindow(frequency: Frequency, period: string): PeriodWindow | undefined {
  if (frequency === 'ad_hoc') {
    const match = /^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$/.exec(period);
    if (!match || !isIsoDate(match[1]!) || !isIsoDate(match[2]!) || match[1]! > match[2]!) return undefined;
    return { period, from: match[1]!, to: match[2]! };
  }
  const match = /^(\d{4})-(M\d{2}|Q[1-4]|H1|9M|Y)$/.exec(period);
  if (!match) return undefined;
  const year = Number(match[1]);
  const part = match[2]!;
  if (year < 2000 || year > 2100) return undefined;
  const window = (from: IsoDate, toMonth: number): PeriodWindow => ({ period, from, to: `${year}-${pad(toMonth)}-14` });
  switch (frequency) {
    case 'monthly': {
      const month = Number(part.slice(1));
      if (!part.startsWith('M') || month < 1 || month > 12) return undefined;
      return window(fifteenthBefore(year, month), month);
    }
    case 'quarterly': {
      if (!part.startsWith('Q')) return undefined;
      const last = Number(part.slice(1)) * 3;
      return window(fifteenthBefore(year, last - 2), last);
    }
    case 'six_months':
      return part === 'H1' ? window(`${year - 1}-12-15`, 6) : undefined;
    case 'nine_months':
      return part === '9M' ? window(`${year - 1}-12-15`, 9) : undefined;
    case 'yearly':
      return part === 'Y' ? window(`${year - 1}-12-15`, 12) : undefined;
  }
}

/** Every period of a frequency in a year, in order (none for ad hoc: each is requested). */
export function periodsOfYear(frequency: Frequency, year: number): string[] {
  switch (frequency) {
    case 'monthly':
      return Array.from({ length: 12 }, (_, i) => `${year}-M${pad(i + 1)}`);
    case 'quarterly':
      return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
    case 'six_months':
      return [`${year}-H1`];
    case 'nine_months':
      return [`${year}-9M`];
    case 'yearly':
      return [`${year}-Y`];
    case 'ad_hoc':
      return [];
  }
}

/** The same period a year earlier (the comparison of the operations center). */
export function samePeriodLastYear(period: string): string {
  const adHoc = /^(\d{4})(-\d{2}-\d{2})_(\d{4})(-\d{2}-\d{2})$/.exec(period);
  if (adHoc) return `${Number(adHoc[1]) - 1}${adHoc[2]}_${Number(adHoc[3]) - 1}${adHoc[4]}`;
  return `${Number(period.slice(0, 4)) - 1}${period.slice(4)}`;
}

/**
 * The last day to send the report: `workingDays` working days after the cut-off day, counted
 * on the working-day calendar (Tết and the other holidays, the Prime Minister's swaps).
 */
export function sendDeadline(calendar: WorkingCalendar, window: PeriodWindow, workingDays: number): IsoDate {
  return calendar.addWorkingDays(window.to, workingDays);
}

/** The period whose window holds `day` (the period being reported on that day). */
export function periodOn(frequency: Exclude<Frequency, 'ad_hoc'>, day: IsoDate): string {
  const year = Number(day.slice(0, 4));
  for (const candidate of [...periodsOfYear(frequency, year), ...periodsOfYear(frequency, year + 1)]) {
    const window = periodWindow(frequency, candidate)!;
    if (day >= window.from && day <= window.to) return candidate;
  }
  // Six- and nine-month windows leave a gap (after 14 Jun or 14 Sep): the next year's is next.
  return periodsOfYear(frequency, year + 1)[0]!;
}


/** The periods of a frequency from `from` to `to` (both included), in order. */
export function periodsBetween(frequency: Frequency, from: string, to: string): string[] {
  const first = Number(from.slice(0, 4));
  const last = Number(to.slice(0, 4));
  if (!Number.isInteger(first) || !Number.isInteger(last) || last - first > 20) return [];
  const all: string[] = [];
  for (let year = first; year <= last; year++) all.push(...periodsOfYear(frequency, year));
  return all.filter((p) => p >= from && p <= to);
}
