import { Type } from 'typebox';
import type { HttpApp } from '../../platform/http/index.ts';
import type { TasksApi } from './tasks.api.ts';
import { AGENCY_FILTERS } from './tasks.queries.ts';
import type { TaskView } from './tasks.view-model.ts';

// The JSON API of task tracking (issue #16): an agency's tasks and a task with its trail for
// its officers; the overdue list and completion rates for the Government Office. Signed-in
// officials (session); every call is authorised by its use case (agency scoping, monitors only).

const ErrorJson = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  }),
});
const Errors = { 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson };
const tags = ['tasks'];
const Day = Type.String({ format: 'date' });
const NullableDay = Type.Union([Day, Type.Null()]);
const NullableText = Type.Union([Type.String(), Type.Null()]);
const Offset = Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Rows to skip (pages of 50)' }));

const Task = Type.Object({
  id: Type.Integer(),
  sourceKind: Type.String({ description: 'resolution, decision, cabinet_conclusion or official_letter' }),
  sourceRef: Type.String({ description: 'The assigning document’s DocumentId, or the cabinet agenda item' }),
  sourceTitle: Type.String(),
  cabinetItemId: Type.Union([Type.Integer(), Type.Null()]),
  cabinetSessionId: Type.Union([Type.Integer(), Type.Null()]),
  content: Type.String(),
  leadAgencyCode: Type.String(),
  coordinatingAgencies: Type.Array(Type.String()),
  deadlineKind: Type.String({ description: 'date, periodic or regular' }),
  deadline: NullableDay,
  period: NullableText,
  periodDay: Type.Union([Type.Integer(), Type.Null()]),
  periodicUntil: NullableDay,
  currentPeriod: NullableText,
  dueOn: Type.Union([Day, Type.Null()], { description: 'Due day on the working calendar (null: regularly)' }),
  expectedProduct: Type.String(),
  priority: Type.String(),
  status: Type.String({ description: 'assigned, clarification, accepted, in_progress, completed or evaluated' }),
  progressPercent: Type.Integer(),
  completedOn: NullableDay,
  productDocumentId: NullableText,
  productFileName: NullableText,
  productNote: NullableText,
  evaluation: NullableText,
  assignedOn: Day,
  overdue: Type.Boolean(),
  overdueWorkingDays: Type.Integer(),
});
const Page = (extra: Record<string, ReturnType<typeof Type.String>> = {}) =>
  Type.Object({ ...extra, total: Type.Integer({ description: 'Counted up to 10,000' }), offset: Type.Integer(), pageSize: Type.Integer(), items: Type.Array(Task) });

const taskJson = (t: TaskView) => {
  const { productFileSha256: _sha, ...rest } = t;
  return rest;
};

export function registerTasksApi(app: HttpApp, api: TasksApi): void {
  app.get(
    '/api/v1/tasks',
    {
      schema: {
        tags,
        summary: 'The signed-in agency’s tasks (led or co-ordinated), by due day; a Government Office monitor sees every agency’s, or one',
        querystring: Type.Object({
          filter: Type.Optional(Type.Union(AGENCY_FILTERS.map((f) => Type.Literal(f)))),
          agency: Type.Optional(Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9.]+$', description: 'Lead agency code (monitors only)' })),
          offset: Offset,
        }),
        response: { 200: Page({ filter: Type.String() }), ...Errors },
      },
    },
    async (request) => {
      const list = await api.agencyTasks(request.actor, request.query);
      return { filter: list.filter, total: list.total, offset: list.offset, pageSize: list.pageSize, items: list.tasks.map(taskJson) };
    },
  );

  app.get(
    '/api/v1/tasks/overdue',
    { schema: { tags, summary: 'The Government Office’s overdue list: open tasks past their due day, oldest first', querystring: Type.Object({ offset: Offset }), response: { 200: Page(), ...Errors } } },
    async (request) => {
      const list = await api.overdue(request.actor, request.query);
      return { total: list.total, offset: list.offset, pageSize: list.pageSize, items: list.tasks.map(taskJson) };
    },
  );

  app.get(
    '/api/v1/tasks/completion-rates',
    {
      schema: {
        tags,
        summary: 'Completion per lead agency of the tasks due in a period (Government Office)',
        querystring: Type.Object({ period: Type.Optional(Type.String({ maxLength: 10, description: 'A year (2027), a quarter (2027-Q1) or a month (2027-03); this year by default' })) }),
        response: {
          200: Type.Object({
            period: Type.String(),
            from: Day,
            to: Day,
            items: Type.Array(
              Type.Object({
                agencyCode: Type.String(),
                total: Type.Integer(),
                onTime: Type.Integer(),
                late: Type.Integer(),
                notCompleted: Type.Integer({ description: 'Closed as not completed, or open past the deadline' }),
                pending: Type.Integer({ description: 'Open, not yet due' }),
                onTimePercent: Type.Number(),
              }),
            ),
          }),
          ...Errors,
        },
      },
    },
    async (request) => {
      const rates = await api.completionRates(request.actor, request.query);
      return { period: rates.period, from: rates.from, to: rates.to, items: rates.rows };
    },
  );

  app.get(
    '/api/v1/tasks/:id',
    {
      schema: {
        tags,
        summary: 'A task with its trail, extension requests and the reporting indicators it moves',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: {
          200: Type.Object({
            task: Task,
            indicators: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String(), unit: Type.String(), figuresHref: NullableText })),
            trail: Type.Array(
              Type.Object({
                kind: Type.String(),
                at: Type.String({ format: 'date-time' }),
                by: Type.String(),
                agencyCode: NullableText,
                note: Type.String(),
                progressPercent: Type.Union([Type.Integer(), Type.Null()]),
                periodKey: NullableText,
                documentId: NullableText,
                fileName: NullableText,
              }),
            ),
            extensions: Type.Array(
              Type.Object({ requestedDeadline: Day, reason: Type.String(), status: Type.String(), requestedBy: Type.String(), requestedAt: Type.String({ format: 'date-time' }), decisionNote: NullableText, decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) }),
            ),
          }),
          ...Errors,
        },
      },
    },
    async (request) => {
      const v = await api.get(request.actor, request.params.id);
      return {
        task: taskJson(v.task),
        indicators: v.indicators,
        trail: v.events.map((e) => ({ kind: e.kind, at: e.at.toISOString(), by: e.actor_name, agencyCode: e.agency_code, note: e.note, progressPercent: e.progress_percent, periodKey: e.period_key, documentId: e.document_id, fileName: e.file_name })),
        extensions: v.extensions.map((x) => ({ requestedDeadline: x.requested_deadline, reason: x.reason, status: x.status, requestedBy: x.requested_by_name, requestedAt: x.requested_at.toISOString(), decisionNote: x.decision_note, decidedAt: x.decided_at ? x.decided_at.toISOString() : null })),
      };
    },
  );
}
