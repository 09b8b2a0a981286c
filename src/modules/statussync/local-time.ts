/**
 * Dates as one-stop systems send them: `yyyyMMddHHmmss`, a wall-clock time with no zone
 * (OpenCPS formats in Asia/Ho_Chi_Minh, others in their server's zone: read in the client's
 * time zone, Asia/Ho_Chi_Minh unless set with `egov clients time-zone`). The REST API also
 * takes ISO 8601 with an offset or Z.
 */

const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds (Intl: a few µs a call). */
function offsetByIntl(timeZone: string, instant: number): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - Math.floor(instant / 1000) * 1000;
}

const DAY = 86_400_000;
/** Per zone, the offset of each UTC day whose offset is the same at its start and at its end. */
const dayOffsets = new Map<string, Map<number, number | null>>();
const MAX_DAYS_PER_ZONE = 20_000;

/**
 * The zone's offset at `instant`. A sync batch reads thousands of dates of the same few days, and
 * Intl's answer costs more than the rest of an item: a UTC day whose offset is the same at its
 * first and last millisecond (every day but those of a change of offset) answers from a cache;
 * the days of a change are looked up every time, exactly as before.
 */
function offsetOf(timeZone: string, instant: number): number {
  let days = dayOffsets.get(timeZone);
  if (!days) dayOffsets.set(timeZone, (days = new Map()));
  const day = Math.floor(instant / DAY);
  let known = days.get(day);
  if (known === undefined) {
    const first = offsetByIntl(timeZone, day * DAY);
    known = first === offsetByIntl(timeZone, day * DAY + DAY - 1) ? first : null;
    if (days.size >= MAX_DAYS_PER_ZONE) days.clear();
    days.set(day, known);
  }
  return known ?? offsetByIntl(timeZone, instant);
}

/** The uncached lookup, for the test that holds the cache to it. */
export const offsetWithoutCache = offsetByIntl;
/** The cached lookup the parsers use. */
export const zoneOffset = offsetOf;

/** The instant of a `yyyyMMddHHmmss` wall time in `timeZone`, or of an ISO 8601 time with a zone; undefined when neither. */
export function parseLocalTimestamp(value: string, timeZone: string): Date | undefined {
  if (ISO_WITH_ZONE.test(value)) {
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  const m = COMPACT.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (year < 1900 || hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  // The wall time read as UTC, less the zone's offset there; looked up again at the result,
  // which differs only across a daylight-saving change.
  const first = wall - offsetOf(timeZone, wall);
  return new Date(wall - offsetOf(timeZone, first));
}

/** `yyyyMMddHHmmss` of an instant in `timeZone` (answers in the clients' own format). */
export function formatLocalTimestamp(at: Date, timeZone: string): string {
  const shifted = new Date(at.getTime() + offsetOf(timeZone, at.getTime()));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(shifted.getUTCFullYear(), 4)}${p(shifted.getUTCMonth() + 1)}${p(shifted.getUTCDate())}${p(shifted.getUTCHours())}${p(shifted.getUTCMinutes())}${p(shifted.getUTCSeconds())}`;
}
