import { Type } from 'typebox';
import type { HttpApp } from '../../platform/http/index.ts';
import type { ReportingApi } from './reporting.api.ts';
import { ReportingErrors } from './reporting.errors.ts';
import { periodsBetween } from './reporting.periods.ts';

const ErrorJson = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  }),
});
const Period = Type.String({ minLength: 4, maxLength: 21, pattern: '^[0-9A-Z_-]+$', description: 'Period key: 2026-M03, 2026-Q1, 2026-H1, 2026-9M, 2026-Y' });
const UnitCode = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Z0-9.]+$', description: 'Reporting unit: VN, P.22, C.06685, M.G12' });
const Params = Type.Object({ regime: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Z0-9_-]+$' }) });
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
const RegimeList = Type.Object({
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      legalBasis: Type.String(),
      frequency: Type.String(),
      deadlineWorkingDays: Type.Integer(),
      receivingUnitCode: Type.String(),
      indicators: Type.Array(Type.String()),
      units: Type.Integer({ description: 'How many units report in it' }),
    }),
  ),
});
const Progress = Type.Object({
  regime: Type.String(),
  period: Type.String(),
  unitCode: Type.String(),
  deadline: Type.String({ description: 'Last day to send (yyyy-MM-dd), working days counted' }),
  units: Type.Array(
    Type.Object({
      unitCode: Type.String(),
      name: Type.String(),
      state: Type.Union([Type.String(), Type.Null()]),
      sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      timeliness: Type.String({ description: 'on_time, late, overdue or pending' }),
      below: Type.Union([Type.Object({ sent: Type.Integer(), total: Type.Integer() }), Type.Null()]),
    }),
  ),
  sent: Type.Integer(),
  onTime: Type.Integer(),
  late: Type.Integer(),
  total: Type.Integer(),
  completenessRate: Type.Number(),
  timelinessRate: Type.Number(),
});

/**
 * The JSON API of the operations center (officials signed in; each call is authorised by its
 * use case: a unit sees its own subtree, the receiving unit of a regime sees it all).
 */
export function registerReportingApi(app: HttpApp, api: ReportingApi): void {
  app.get(
    '/api/v1/reporting/regimes',
    { schema: { tags: ['reporting'], summary: 'Reporting regimes (NĐ 09/2019): frequency, deadline, indicators, units', response: { 200: RegimeList, 401: ErrorJson } } },
    async (request) => {
      if (!request.actor) throw ReportingErrors.unauthenticated();
      const regimes = await api.listRegimes();
      return { items: regimes.map((r) => ({ code: r.code, name: r.name, nameEn: r.nameEn, legalBasis: r.legalBasis, frequency: r.frequency, deadlineWorkingDays: r.deadlineWorkingDays, receivingUnitCode: r.receivingUnitCode, indicators: r.indicators, units: r.units.length })) };
    },
  );

  app.get(
    '/api/v1/reporting/regimes/:regime/series',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Time series of rolled-up indicators at a unit',
        description: 'One point per period and indicator; `value` is null where nothing accepted adds up yet.',
        params: Params,
        querystring: Type.Object({ unit: UnitCode, from: Period, to: Period, indicators: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma-separated codes (default: every indicator of the regime)' })) }),
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ period: Type.String(), indicator: Type.String(), value: NullableNumber })) }), 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson },
      },
    },
    async (request) => {
      // Who asks before what exists: an anonymous caller learns nothing of the regimes.
      if (!request.actor) throw ReportingErrors.unauthenticated();
      const regime = (await api.listRegimes()).find((r) => r.code === request.params.regime);
      if (!regime) throw ReportingErrors.regimeNotFound(request.params.regime);
      const periods = periodsBetween(regime.frequency, request.query.from, request.query.to);
      const indicators = request.query.indicators ? request.query.indicators.split(',').map((s) => s.trim()).filter(Boolean) : [];
      return { items: await api.series(request.actor, { regime: regime.code, unit: request.query.unit, indicators, periods }) };
    },
  );

  app.get(
    '/api/v1/reporting/regimes/:regime/compare',
    {
      schema: {
        tags: ['reporting'],
        summary: 'This period against the same period last year, per indicator',
        params: Params,
        querystring: Type.Object({ unit: UnitCode, period: Period }),
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ indicator: Type.String(), name: Type.String(), nameEn: Type.String(), unit: Type.String(), value: NullableNumber, lastYear: NullableNumber, changePercent: NullableNumber })) }),
          400: ErrorJson,
          401: ErrorJson,
          403: ErrorJson,
          404: ErrorJson,
        },
      },
    },
    async (request) => {
      if (!request.actor) throw ReportingErrors.unauthenticated();
      return { items: await api.compare(request.actor, { regime: request.params.regime, unit: request.query.unit, period: request.query.period }) };
    },
  );

  app.get(
    '/api/v1/reporting/regimes/:regime/progress',
    {
      schema: {
        tags: ['reporting'],
        summary: 'Who has sent, who is late, completeness and timeliness rates for a period',
        params: Params,
        querystring: Type.Object({ period: Period, unit: Type.Optional(UnitCode) }),
        response: { 200: Progress, 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson },
      },
    },
    async (request) => {
      const progress = await api.progress(request.actor, { regime: request.params.regime, period: request.query.period, unit: request.query.unit });
      return { ...progress, units: progress.units.map((u) => ({ ...u, sentAt: u.sentAt ? u.sentAt.toISOString() : null })) };
    },
  );
}
