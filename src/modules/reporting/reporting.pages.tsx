import { isDomainError, type DomainError } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { FieldErrors } from '../../platform/ui/index.ts';
import type { ReportingApi } from './reporting.api.ts';
import { unitOfActor, type ReportingDeps } from './reporting.access.ts';
import { registerExcelPages } from './reporting.excel-pages.ts';
import { reportingMessages } from './reporting.messages.ts';
import { registerAdminPages } from './reporting.admin-pages.tsx';
import { registerChartPages } from './reporting.chart-pages.tsx';
import { registerProgressPages } from './reporting.progress-pages.tsx';
import { checkValues } from './reporting.validation.ts';
import { ReportingErrors } from './reporting.errors.ts';
import { reportPath } from './reporting.views.tsx';
import { ACTIONS, problemErrors, renderReport, type Params } from './reporting.render.tsx';

/** A refusal of a step of the chain, said in the viewer's language where the page knows it. */
function refusalMessage(error: DomainError, locale: 'vi' | 'en'): string {
  const t = reportingMessages.for(locale);
  if (error.code === 'reporting.children_pending') return t('childrenPending', { units: ((error.details.units as string[] | undefined) ?? []).join(', ') });
  return error.message;
}

export async function registerReportingPages(app: HttpApp, api: ReportingApi, deps: ReportingDeps): Promise<void> {
  registerProgressPages(app, api, deps);
  registerChartPages(app, api, deps);
  registerAdminPages(app, api);
  await registerExcelPages(app, api, deps);

  app.get('/console/reporting/:regime/:period', { schema: { hide: true } }, async (request, reply) => {
    const params = request.params as Params;
    const query = request.query as { unit?: string; done?: string };
    const t = reportingMessages.for(request.locale);
    const done = ACTIONS.find((a) => a === query.done);
    const notice = query.done === 'saved' ? t('saved') : query.done === 'uploaded' ? t('uploaded') : done ? t(`done_${done}`) : undefined;
    return renderReport(deps, api, request, reply, { ...params, unit: query.unit }, notice ? { notice } : {});
  });

  app.post('/console/reporting/:regime/:period/save', { schema: { hide: true } }, async (request, reply) => {
    const params = request.params as Params;
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const inputs: Record<string, string> = {};
    const narrative: Record<string, string> = {};
    for (const [name, value] of Object.entries(body)) {
      if (typeof value !== 'string') continue;
      if (name.startsWith('v.')) inputs[name.slice(2)] = value.slice(0, 40);
      else if (name.startsWith('n.')) narrative[name.slice(2)] = value;
    }
    const version = body.version ? Number(body.version) : undefined;
    const t = reportingMessages.for(request.locale);
    try {
      const { problems } = await api.saveReport(request.actor, { ...params, values: inputs, narrative, version: Number.isInteger(version) ? version : undefined });
      if (problems.length === 0) return reply.redirect(`${reportPath(params.regime, params.period)}?done=saved`, 303);
      const view = await api.getReport(request.actor, params);
      return renderReport(deps, api, request, reply, params, { inputs, errors: problemErrors(problems, view, request.locale), message: t('savedWithProblems', { count: problems.length }), status: 422 });
    } catch (error) {
      if (!isDomainError(error) || (error.kind !== 'conflict' && error.kind !== 'invalid')) throw error;
      return renderReport(deps, api, request, reply, params, { inputs, errors: {}, message: error.message, status: 409 });
    }
  });

  app.post('/console/reporting/:regime/:period/action', { schema: { hide: true } }, async (request, reply) => {
    const params = request.params as Params;
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const action = ACTIONS.find((a) => a === body.action);
    const unit = typeof body.unit === 'string' && body.unit !== '' ? body.unit.slice(0, 40) : undefined;
    const key = { ...params, unit, reason: body.reason ?? '' };
    // Who asks comes first: an unknown action is a bad request of a signed-in official, never a crash.
    if (!request.actor) throw ReportingErrors.unauthenticated();
    if (!action) throw ReportingErrors.actionInvalid();
    try {
      const run = { submit: api.submit, approve: api.approve, return: api.returnReport, accept: api.accept, request_correction: api.requestCorrection, unlock: api.unlock }[action];
      await run(request.actor, key);
      const mine = await unitOfActor(deps.db, request.actor).catch(() => undefined);
      const own = !unit || mine?.code === unit;
      const path = reportPath(params.regime, params.period, own ? undefined : unit);
      return reply.redirect(`${path}${path.includes('?') ? '&' : '?'}done=${action}`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.kind === 'unauthenticated' || error.kind === 'not_found') throw error;
      const view = await api.getReport(request.actor, { ...params, unit });
      const errors: FieldErrors = error.code === 'reporting.reason_required' ? { reason: error.message } : error.code === 'reporting.values_invalid' && view.submission ? problemErrors(checkValues(view.indicators, view.regime.rules, view.submission.values, { complete: true }), view, request.locale) : {};
      return renderReport(deps, api, request, reply, { ...params, unit }, { errors, message: refusalMessage(error, request.locale), status: error.kind === 'forbidden' ? 403 : 409 });
    }
  });
}
