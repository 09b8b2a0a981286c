import type { ColumnType, Kysely } from 'kysely';
import { sql, type Executor } from '../../platform/db/index.ts';
import { WorkingCalendar, OVERRIDE_KINDS, type CalendarOverride, type OverrideKind, type WorkingCalendarOptions } from '../../platform/calendar/index.ts';
import { isIsoDate, type IsoDate } from '../../platform/calendar/index.ts';
import { CalendarErrors, type OverrideProblemName } from './calendar.errors.ts';

/**
 * Storage of the per-day overrides (migrations/0001_calendar.sql). The Prime Minister decides
 * each year which working days are swapped around holidays (Labour Code 2019 art. 112(3)); an
 * administrator records them here and every deadline computed afterwards honours them.
 */

export type CalendarTables = {
  calendar_overrides: {
    day: string; // `date` comes back as its ISO string from both drivers (db/database.ts)
    kind: OverrideKind;
    reason: string;
    updated_by: string | null;
    updated_at: ColumnType<Date, Date | undefined, Date>;
  };
};

export interface CalendarOverrideRecord extends CalendarOverride {
  updatedBy: string | null;
  updatedAt: Date;
}

export interface SetOverrideInput {
  day: string;
  /** Checked at run time: it may come straight from a form. */
  kind: string;
  reason: string;
  updatedBy?: string | null;
}

export const REASON_MAX_LENGTH = 500;

function tables(db: Executor): Kysely<CalendarTables> {
  // A transaction is a Kysely too; widening first gives withTables a single signature to resolve.
  const base: Kysely<object> = db;
  return base.withTables<CalendarTables>();
}

type Row = {
  day: string;
  kind: OverrideKind;
  reason: string;
  updated_by: string | null;
  updated_at: Date | string;
};

function toRecord(row: Row): CalendarOverrideRecord {
  return {
    day: row.day,
    kind: row.kind,
    reason: row.reason,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at instanceof Date ? row.updated_at : new Date(row.updated_at),
  };
}

/** Overrides of one calendar year, or all of them, by day. */
export async function listOverrides(db: Executor, year?: number): Promise<CalendarOverrideRecord[]> {
  let query = tables(db).selectFrom('calendar_overrides').selectAll().orderBy('day');
  if (year !== undefined) {
    if (!Number.isInteger(year) || year < 1 || year > 9999) {
      throw CalendarErrors.yearInvalid();
    }
    const y = String(year).padStart(4, '0');
    query = query.where('day', '>=', `${y}-01-01`).where('day', '<=', `${y}-12-31`);
  }
  return (await query.execute()).map(toRecord);
}

/** Validates an override; throws a DomainError coded after its first problem (`calendar.day_invalid`, …) listing every bad field. */
export function validateOverride(input: SetOverrideInput): CalendarOverride & { updatedBy: string | null } {
  const problems: { field: string; problem: OverrideProblemName }[] = [];
  if (!isIsoDate(input.day)) problems.push({ field: 'day', problem: 'dayInvalid' });
  if (!(OVERRIDE_KINDS as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', problem: 'kindInvalid' });
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason === '') problems.push({ field: 'reason', problem: 'reasonRequired' });
  else if (reason.length > REASON_MAX_LENGTH) problems.push({ field: 'reason', problem: 'reasonTooLong' });
  const [first, ...rest] = problems;
  if (first) throw CalendarErrors.overrideInvalid([first, ...rest]);
  const updatedBy = typeof input.updatedBy === 'string' && input.updatedBy.trim() !== '' ? input.updatedBy.trim() : null;
  return { day: input.day, kind: input.kind as OverrideKind, reason, updatedBy };
}

/** Creates or replaces the override of a day. */
export async function setOverride(db: Executor, input: SetOverrideInput): Promise<CalendarOverrideRecord> {
  const o = validateOverride(input);
  const row = await tables(db)
    .insertInto('calendar_overrides')
    .values({ day: o.day, kind: o.kind, reason: o.reason, updated_by: o.updatedBy })
    .onConflict((oc) =>
      oc.column('day').doUpdateSet({ kind: o.kind, reason: o.reason, updated_by: o.updatedBy, updated_at: sql<Date>`now()` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** Removes the override of a day; false when there was none. */
export async function removeOverride(db: Executor, day: IsoDate): Promise<boolean> {
  if (!isIsoDate(day)) {
    throw CalendarErrors.dayInvalid();
  }
  const result = await tables(db).deleteFrom('calendar_overrides').where('day', '=', day).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * A WorkingCalendar with the stored overrides. Without `years` every override is loaded (the
 * table holds a handful of rows a year); with `years`, only those — then a deadline running into
 * another year would miss that year's swaps, so pass every year it can reach.
 */
export async function loadCalendar(
  db: Executor,
  years?: readonly number[],
  options: Omit<WorkingCalendarOptions, 'overrides'> = {},
): Promise<WorkingCalendar> {
  const rows: CalendarOverrideRecord[] = [];
  if (years === undefined) rows.push(...(await listOverrides(db)));
  // One after the other: `db` may be a transaction, which runs one query at a time anyway.
  else for (const year of new Set(years)) rows.push(...(await listOverrides(db, year)));
  return new WorkingCalendar({ ...options, overrides: rows.map(({ day, kind, reason }) => ({ day, kind, reason })) });
}
