// Working-day arithmetic of Vietnamese public bodies (DOMAIN.md §5): statutory holidays and
// deadlines under Civil Code art. 147–148, as pure functions over a table of per-day overrides.
// The overrides themselves (their storage, pages, authorisation and audit) are the calendar
// module's (src/modules/calendar).
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
