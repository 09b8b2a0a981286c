import type { FastifyReply } from 'fastify';
import { vietnamDay } from '../../platform/calendar/index.ts';
import type { FastifyRequest, HttpApp } from '../../platform/http/index.ts';
import type { PageContext } from '../../platform/ui/index.ts';
import type { ReportingApi } from './reporting.api.ts';
import { signedIn, unitOfActor, type ReportingDeps } from './reporting.access.ts';
import { compareChartSvg, seriesChartSvg } from './reporting.charts.ts';
import { ReportingErrors } from './reporting.errors.ts';
import { reportingMessages } from './reporting.messages.ts';
import { periodOn, periodsBetween, samePeriodLastYear } from './reporting.periods.ts';
import type { Regime } from './reporting.types.ts';

/**
 * The figures page's charts: SVG images drawn on the server (ECharts) from the same use cases
 * as its tables (`series`, `compare`: same authorisation), so they need no JavaScript; each
 * image has a text alternative pointing to the table that holds its figures.
 */

export interface FiguresScope {
  regime: Regime;
  unit: string;
  period: string;
  /** From the same period last year to this one (13 months, 5 quarters, 2 years …). */
  periods: string[];
}

/** The regime, unit and periods a figures page or chart shows (the viewer's own unit by default). */
export async function figuresScope(api: ReportingApi, deps: ReportingDeps, request: FastifyRequest): Promise<FiguresScope> {
  const { regime: code } = request.params as { regime: string };
  const query = request.query as { unit?: string; period?: string };
  const actor = signedIn(request.actor);
  const regime = (await api.listRegimes()).find((r) => r.code === code);
  if (!regime || regime.frequency === 'ad_hoc') throw ReportingErrors.regimeNotFound(code);
  const unit = query.unit ?? (actor.kind === 'admin' ? regime.receivingUnitCode : (await unitOfActor(deps.db, actor)).code);
  const period = query.period && /^\d{4}-[A-Z0-9]{1,3}$/.test(query.period) ? query.period : periodOn(regime.frequency, vietnamDay(new Date()));
  const periods = periodsBetween(regime.frequency, samePeriodLastYear(period), period).slice(-13);
  return { regime, unit, period, periods };
}

/** The indicator to chart: the one asked for if the regime has it, else the regime's first. */
export function chartIndicator(regime: Regime, asked: string | undefined): string {
  return asked && regime.indicators.includes(asked) ? asked : (regime.indicators[0] ?? '');
}

const svgReply = (reply: FastifyReply, svg: string) =>
  reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'private, no-store').send(svg);

export function registerChartPages(app: HttpApp, api: ReportingApi, deps: ReportingDeps): void {
  app.get('/console/reporting/:regime/figures/series.svg', { schema: { hide: true } }, async (request, reply) => {
    const scope = await figuresScope(api, deps, request);
    const code = chartIndicator(scope.regime, (request.query as { indicator?: string }).indicator);
    const points = await api.series(request.actor, { regime: scope.regime.code, unit: scope.unit, indicators: [code], periods: scope.periods });
    const [indicator] = await api.listIndicators().then((all) => all.filter((i) => i.code === code));
    if (!indicator) throw ReportingErrors.regimeNotFound(scope.regime.code);
    const t = reportingMessages.for(request.locale);
    const name = request.locale === 'vi' ? indicator.name : indicator.nameEn;
    const values = scope.periods.map((p) => points.find((x) => x.period === p)?.value ?? null);
    return svgReply(reply, seriesChartSvg({ title: t('seriesChartTitle', { indicator: name, unit: scope.unit }), unit: indicator.unit, periods: scope.periods, values, locale: request.locale }));
  });

  app.get('/console/reporting/:regime/figures/compare.svg', { schema: { hide: true } }, async (request, reply) => {
    const scope = await figuresScope(api, deps, request);
    const comparison = await api.compare(request.actor, { regime: scope.regime.code, unit: scope.unit, period: scope.period });
    const t = reportingMessages.for(request.locale);
    const items = comparison.map((c) => ({ name: request.locale === 'vi' ? c.name : c.nameEn, changePercent: c.changePercent }));
    return svgReply(reply, compareChartSvg({ title: t('compareChartTitle'), period: scope.period, lastYear: samePeriodLastYear(scope.period), items, locale: request.locale }));
  });
}

/** The charts section of the figures page: a choice of indicator (a GET form) and the two images. */
export function FiguresCharts({ ctx, scope, indicator, names }: { ctx: PageContext; scope: FiguresScope; indicator: string; names: { code: string; name: string }[] }) {
  const t = reportingMessages.for(ctx.locale);
  const base = `/console/reporting/${encodeURIComponent(scope.regime.code)}/figures`;
  const query = `unit=${encodeURIComponent(scope.unit)}&period=${encodeURIComponent(scope.period)}`;
  const chosen = names.find((n) => n.code === indicator)?.name ?? indicator;
  return (
    <section aria-labelledby="charts-title">
      <h2 id="charts-title">{t('charts')}</h2>
      <form method="get" action={base} class="inline-form">
        <input type="hidden" name="unit" value={scope.unit} />
        <input type="hidden" name="period" value={scope.period} />
        <div class="field">
          <label for="f-indicator">{t('chartIndicator')}</label>
          <select id="f-indicator" name="indicator">
            {names.map((n) => (
              <option key={n.code} value={n.code} selected={n.code === indicator}>
                {n.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button-secondary">{t('show')}</button>
      </form>
      <figure class="chart">
        <img src={`${base}/series.svg?${query}&indicator=${encodeURIComponent(indicator)}`} width={720} height={340} alt={t('seriesChartAlt', { indicator: chosen, from: scope.periods[0] ?? scope.period, to: scope.period })} />
      </figure>
      <figure class="chart">
        <img src={`${base}/compare.svg?${query}`} alt={t('compareChartAlt', { period: scope.period, lastYear: samePeriodLastYear(scope.period) })} />
      </figure>
    </section>
  );
}
