import type { DocumentId, EdxmlDate, EdxmlWarningCode } from './model.ts';

/** Where value checks report what they accepted despite a flaw. */
export type Warn = (code: EdxmlWarningCode, element: string | null, message: string) => void;

/**
 * Lenient check of an agency electronic identifier (QĐ 20/2020/QĐ-TTg): up to 35 characters
 * of `A-Z 0-9 .`, dot-separated groups, the rightmost a letter + two digits (`H49`), the
 * groups to its left digits in the usual `LLL.LL.LL.MXX` widths. Returns the broken rules
 * (empty when valid). Deliberately more lenient than the agencies directory: a unit under an
 * all-zero level (`002.00.20.H13`, a commune directly under a district) is accepted, since
 * real packages use that shape. Kept local so the parser stays a pure library; a later
 * refactor may share the agencies module's checker.
 */
export function agencyIdProblems(id: string): string[] {
  if (id.length <= 35 && USUAL_AGENCY_ID.test(id)) return [];
  if (id.length === 0) return ['it is empty'];
  const problems: string[] = [];
  if (id.length > 35) problems.push('it is longer than 35 characters');
  if (!/^[A-Z0-9.]+$/.test(id)) return [...problems, 'only A-Z, 0-9 and "." are allowed'];
  const groups = id.split('.').reverse();
  if (groups.some((g) => g.length === 0)) return [...problems, 'a group between dots is empty'];
  if (!/^[A-Z]\d{2}$/.test(groups[0] ?? '')) problems.push('the rightmost group must be a letter and two digits (e.g. H49)');
  if (groups.length < 4) problems.push('the usual layout has four groups (e.g. 000.00.00.H49)');
  groups.slice(1).forEach((group, i) => {
    const width = i + 2 <= 3 ? 2 : 3; // levels 2 and 3 take two digits, level 4 and beyond three
    if (!/^\d+$/.test(group)) problems.push(`group "${group}" must be digits`);
    else if (group.length !== width) problems.push(`group "${group}" must have ${width} digits`);
  });
  return problems;
}

/** The usual layout, which the rules below accept: a shortcut for the common case. */
const USUAL_AGENCY_ID = /^(?:\d{3}\.)+\d{2}\.\d{2}\.[A-Z]\d{2}$/;

export function checkAgencyId(id: string, element: string, warn: Warn): void {
  const problems = agencyIdProblems(id);
  if (problems.length > 0) warn('malformed_agency_id', element, `"${id}" is not a QĐ 20 agency id: ${problems.join('; ')}`);
}

const DATE = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Reads a date (`yyyy/MM/dd`) or timestamp (`yyyy/MM/dd HH:mm:ss`). `-` separators are
 * accepted too. Anything else, or a day that does not exist, keeps its raw text with a null
 * ISO value and an `invalid_date` warning.
 */
export function readDate(raw: string, element: string, warn: Warn): EdxmlDate {
  const m = DATE.exec(raw);
  if (!m) {
    warn('invalid_date', element, `"${raw}" is not a date in the form yyyy/MM/dd [HH:mm:ss]`);
    return { raw, iso: null };
  }
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const hasTime = m[4] !== undefined;
  const real = new Date(0);
  real.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0–99 to 19xx
  const dayExists = real.getUTCFullYear() === year && real.getUTCMonth() === month - 1 && real.getUTCDate() === day;
  if (!dayExists || hour > 23 || minute > 59 || second > 59) {
    warn('invalid_date', element, `"${raw}" is not a real ${hasTime ? 'date and time' : 'date'}`);
    return { raw, iso: null };
  }
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  return { raw, iso: hasTime ? `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}+07:00` : date };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Splits `<issuer OrganId>,<yyyy/MM/dd>,<number/notation>`; the notation itself may contain commas. */
export function readDocumentId(raw: string, element: string, warn: Warn): DocumentId {
  const first = raw.indexOf(',');
  const second = first < 0 ? -1 : raw.indexOf(',', first + 1);
  if (second < 0) {
    warn('malformed_document_id', element, `"${raw}" is not <issuer OrganId>,<yyyy/MM/dd>,<number/notation>`);
    return { raw, issuerOrganId: null, date: null, codeNumberNotation: null };
  }
  const issuerOrganId = raw.slice(0, first).trim();
  checkAgencyId(issuerOrganId, element, warn);
  return {
    raw,
    issuerOrganId,
    date: readDate(raw.slice(first + 1, second).trim(), element, warn),
    codeNumberNotation: raw.slice(second + 1).trim(),
  };
}

/** A non-negative integer, or null with an `invalid_value` warning. */
export function readCount(raw: string, element: string, warn: Warn): number | null {
  if (/^\d{1,9}$/.test(raw)) return Number(raw);
  warn('invalid_value', element, `"${raw}" is not a whole number; ignored`);
  return null;
}
