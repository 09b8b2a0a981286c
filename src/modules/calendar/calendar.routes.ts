import { Type } from 'typebox';
import type { Db } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { dueAfter, MAX_DUE_WORKING_DAYS, parseFrom } from './calendar.due.ts';
import { loadCalendar } from './calendar.repository.ts';

const DueQuery = Type.Object({
  from: Type.String({ maxLength: 40, description: 'ISO 8601 date-time of the receipt; without an offset it is read in Asia/Ho_Chi_Minh', examples: ['2026-12-10T16:00:00+07:00'] }),
  workingDays: Type.Integer({ minimum: 0, maximum: MAX_DUE_WORKING_DAYS, description: 'The time limit in working days' }),
});
const DueJson = Type.Object({
  due: Type.String({ description: 'When the limit ends: 24:00 of the last day, Vietnam time (written as 00:00 of the next day, +07:00)' }),
  receivedOn: Type.String({ description: 'The working day the receipt counts on (after 15:00 or on a day off: the next working day)' }),
  lastDay: Type.String({ description: 'The last working day of the limit (yyyy-MM-dd)' }),
  skipped: Type.Array(Type.String(), { description: 'Days after the receipt not counted (weekly rest, public holidays, days off by decision), yyyy-MM-dd' }),
});
const ErrorJson = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))) }) });

/** Public: the deadline of a time limit in working days, by the platform's calendar, so agencies' systems compute identical deadlines. */
export function registerCalendarApi(app: HttpApp, db: Db): void {
  app.get(
    '/api/v1/calendar/due',
    {
      schema: {
        tags: ['calendar'],
        summary: 'The deadline of a time limit in working days',
        description:
          'Public. The rules of the one-stop back office: a receipt after 15:00 (Vietnam time) or on a day off counts from the next working day; the day of receipt is not counted; ' +
          'working days are Monday–Friday except public holidays (Tết, Hùng Kings, 30/4, 1/5, 2/9 and its adjacent day) and the days off or worked by the Prime Minister\'s decisions stored in the calendar; the limit ends at 24:00 of its last day.',
        querystring: DueQuery,
        response: { 200: DueJson, 400: ErrorJson },
      },
    },
    async (request) => {
      const from = parseFrom(request.query.from);
      const year = Number(request.query.from.slice(0, 4));
      const calendar = await loadCalendar(db, [year, year + 1, year + 2]);
      return dueAfter(calendar, from, request.query.workingDays);
    },
  );
}
