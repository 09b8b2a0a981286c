import { DomainError, forbidden, invalid } from '../../platform/errors/index.ts';

/**
 * What can be wrong with an override, one code each. A refused override lists every problem in
 * its fields (the message of each is the problem's code, which the page translates).
 */
export const OverrideProblem = {
  dayInvalid: 'calendar.day_invalid',
  kindInvalid: 'calendar.kind_invalid',
  reasonRequired: 'calendar.reason_required',
  reasonTooLong: 'calendar.reason_too_long',
} as const;

export type OverrideProblemName = keyof typeof OverrideProblem;

/**
 * Every error code this module raises, in one place. Codes are `calendar.<name>` and stable:
 * API clients branch on them (src/app/error-codes.test.ts).
 */
export const CalendarErrors = {
  unauthenticated: () => new DomainError('calendar.unauthenticated', 'unauthenticated', 'Vui lòng đăng nhập.'),
  adminOnly: () => forbidden('calendar.admin_only', 'Chỉ quản trị hệ thống được sửa lịch làm việc.'),
  yearInvalid: () => invalid('calendar.year_invalid', 'Năm không hợp lệ.', [{ field: 'year', message: 'Năm không hợp lệ.' }]),
  /** GET /api/v1/calendar/due: `from` is not an ISO date-time, or `workingDays` is out of range. */
  dueQueryInvalid: (field: string) => invalid('calendar.due_query_invalid', 'from must be an ISO 8601 date-time and workingDays an integer 0–365', [{ field, message: 'invalid' }]),
  dayInvalid: () => invalid(OverrideProblem.dayInvalid, 'Ngày không hợp lệ.', [{ field: 'day', message: OverrideProblem.dayInvalid }]),
  /** The code names the first problem, so a single-field caller can branch on it; `fields` has all. */
  overrideInvalid: (problems: [{ field: string; problem: OverrideProblemName }, ...{ field: string; problem: OverrideProblemName }[]]) =>
    invalid(
      OverrideProblem[problems[0].problem],
      'Ngày ngoại lệ của lịch làm việc không hợp lệ.',
      problems.map((p) => ({ field: p.field, message: OverrideProblem[p.problem] })),
    ),
} as const;
