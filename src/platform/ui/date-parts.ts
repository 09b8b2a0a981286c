/**
 * Dates as people write them: three fields, day / month / year (GOV.UK's date pattern).
 * The API sends ISO dates (`2026-03-27`); the HTML form sends the parts, which are kept as
 * typed in the draft until they make a real date.
 */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** What is wrong with a date, as the rule an error message names. */
export type DateProblem = 'dateEnter' | 'dateIncomplete' | 'dateYear' | 'dateReal';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The parts of an answer (ISO string or parts object), for showing it back in three fields. */
export function dateParts(value: unknown): DateParts {
  if (typeof value === 'string') {
    const iso = ISO.exec(value.trim());
    if (iso) return { day: String(Number(iso[3])), month: String(Number(iso[2])), year: iso[1] ?? '' };
    return { day: '', month: '', year: '' };
  }
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    const s = (x: unknown) => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '');
    return { day: s(v.day), month: s(v.month), year: s(v.year) };
  }
  return { day: '', month: '', year: '' };
}

/** True when nothing was entered. */
export function isEmptyDate(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  const p = dateParts(value);
  return !p.day.trim() && !p.month.trim() && !p.year.trim();
}

/** The ISO date of an answer, or the rule it breaks. An ISO string from the API is read as its parts. */
export function readDate(value: unknown): { iso: string } | { problem: DateProblem } {
  if (isEmptyDate(value)) return { problem: 'dateEnter' };
  if (typeof value === 'string' && !ISO.test(value.trim())) return { problem: 'dateReal' };
  const p = dateParts(value);
  const day = p.day.trim();
  const month = p.month.trim();
  const year = p.year.trim();
  if (!day || !month || !year) return { problem: 'dateIncomplete' };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d+$/.test(year)) return { problem: 'dateReal' };
  if (!/^\d{4}$/.test(year)) return { problem: 'dateYear' };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  // 31/02 rolls over to 03/03 in Date: only a date that reads back the same is real.
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso || year < '1000') return { problem: 'dateReal' };
  return { iso };
}

/** The parts `<name>.day`, `<name>.month`, `<name>.year` of a form body, as typed. */
export function datePartsOf(body: Record<string, unknown>, name: string): DateParts {
  const read = (key: string) => {
    const v = body[`${name}.${key}`];
    return typeof v === 'string' ? v : '';
  };
  return { day: read('day'), month: read('month'), year: read('year') };
}
