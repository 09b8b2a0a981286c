import path from 'node:path';

// The working-day calendar of Vietnamese public bodies (DOMAIN.md §5): statutory holidays,
// per-year overrides, and deadlines under Civil Code art. 147–148.
export {
  addDays,
  DEFAULT_HOLIDAY_RULES,
  DEFAULT_WORKING_WEEKDAYS,
  daysBetween,
  hungKingsDay,
  isIsoDate,
  isoWeekday,
  lunarNewYear,
  publicHolidays,
  type HolidayKind,
  type HolidayOptions,
  type HolidayRules,
  type IsoDate,
  type NationalDayExtra,
  type PublicHoliday,
  type TetRule,
  type Weekday,
  type YearRule,
} from './holidays.ts';
export {
  DEFAULT_CUTOFF_HOUR,
  endOfVietnamDay,
  OVERRIDE_KINDS,
  vietnamDay,
  WorkingCalendar,
  type CalendarOverride,
  type DayStatus,
  type Deadline,
  type DeadlineUnit,
  type OverrideKind,
  type WorkingCalendarOptions,
} from './calendar.ts';
export {
  listOverrides,
  loadCalendar,
  REASON_MAX_LENGTH,
  removeOverride,
  setOverride,
  validateOverride,
  type CalendarOverrideRecord,
  type CalendarTables,
  type SetOverrideInput,
} from './calendar.repository.ts';

/** This module's migration folder; register it as `{ module: 'calendar', dir: CALENDAR_MIGRATIONS_DIR }`. */
export const CALENDAR_MIGRATIONS_DIR = path.resolve(import.meta.dirname, 'migrations');
export { registerCalendarAdminRoutes } from './calendar.pages.tsx';
export { deleteCalendarOverride, saveCalendarOverride } from './calendar.service.ts';
