import { vietnamDay } from '../../platform/calendar/index.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import type { FastifyRequest, HttpApp } from '../../platform/http/index.ts';
import { contentDisposition } from '../../platform/http/index.ts';
import { Form, Layout, Notice, pageContext, ResponsiveTable, sendPage } from '../../platform/ui/index.ts';
import type { ReportingApi } from './reporting.api.ts';
import { PERMISSIONS, requirePermission, signedIn, unitOfActor, type ReportingDeps } from './reporting.access.ts';
import { reportingMessages } from './reporting.messages.ts';
import { periodOn, periodsBetween } from './reporting.periods.ts';
import { chartIndicator, FiguresCharts, figuresScope } from './reporting.chart-pages.tsx';
import { formatNumber } from './reporting.present.ts';
import { reportPath, stateLabel } from './reporting.views.tsx';

/** The console's list of regimes, who has sent (timeliness), and the rolled-up figures. */
export function registerProgressPages(app: HttpApp, api: ReportingApi, deps: ReportingDeps): void {
  app.get('/console/reporting', { schema: { hide: true } }, async (request, reply) => {
    const actor = signedIn(request.actor);
    requirePermission(deps, actor, PERMISSIONS.view);
    const unit = await unitOfActor(deps.db, actor);
    const ctx = pageContext(request, reply);
    const t = reportingMessages.for(ctx.locale);
    const vi = ctx.locale === 'vi';
    const today = vietnamDay(new Date());
    const regimes = (await api.listRegimes()).filter((r) => r.units.includes(unit.code) || r.receivingUnitCode === unit.code);
    const rows = [];
    for (const regime of regimes) {
      if (regime.frequency === 'ad_hoc') continue;
      const current = periodOn(regime.frequency, today);
      const periods = periodsBetween(regime.frequency, `${Number(current.slice(0, 4)) - 1}`, current).slice(-3).reverse();
      for (const period of periods) {
        const view = regime.units.includes(unit.code) ? await api.getReport(actor, { regime: regime.code, period }) : undefined;
        rows.push({ regime, period, state: view?.submission?.state ?? null, deadline: view?.deadline, participates: Boolean(view) });
      }
    }
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('consoleTitle')}>
        <h1>{t('consoleTitle')}</h1>
        <p>{t('consoleIntro', { unit: unit.name })}</p>
        {rows.length === 0 ? (
          <p>{t('noRegimes')}</p>
        ) : (
          <ResponsiveTable head={[t('regime'), t('period'), t('deadline'), t('state'), t('actions')]}>
                {rows.map((row) => (
                  <tr key={`${row.regime.code}-${row.period}`}>
                    <th scope="row">{vi ? row.regime.name : row.regime.nameEn}</th>
                    <td>{row.period}</td>
                    <td>{row.deadline ? formatDate(row.deadline) : '—'}</td>
                    <td>{row.participates ? stateLabel(row.state, t) : '—'}</td>
                    <td>
                      {row.participates ? <a href={reportPath(row.regime.code, row.period)}>{t('open')}</a> : null}{' '}
                      <a href={`/console/reporting/${row.regime.code}/${row.period}/progress`}>{t('progressLink')}</a>{' '}
                      <a href={`/console/reporting/${row.regime.code}/figures?period=${row.period}`}>{t('seriesLink')}</a>
                    </td>
                  </tr>
                ))}
          </ResponsiveTable>
        )}
      </Layout>,
    );
  });

  app.get('/console/reporting/:regime/:period/progress', { schema: { hide: true } }, async (request, reply) => {
    const { regime, period } = request.params as { regime: string; period: string };
    const { unit } = request.query as { unit?: string };
    const progress = await api.progress(request.actor, { regime, period, unit });
    const ctx = pageContext(request, reply);
    const t = reportingMessages.for(ctx.locale);
    const mine = await unitOfActor(deps.db, request.actor).catch(() => undefined);
    const mayAcceptAll = mine?.code === progress.unitCode && deps.may(request.actor, PERMISSIONS.accept) && progress.units.some((u) => u.state === 'approved');
    const done = (request.query as { done?: string }).done;
    const regimeName = (await api.listRegimes()).find((r) => r.code === regime);
    const title = t('progressTitle', { regime: regimeName ? (ctx.locale === 'vi' ? regimeName.name : regimeName.nameEn) : regime, period });
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title}>
        <h1>{title}</h1>
        {done === 'accept_all' ? <Notice kind="success">{t('done_accept')}</Notice> : null}
        <p>
          {t('deadline')}: <strong>{formatDate(progress.deadline)}</strong>
        </p>
        <p>{t('completeness', { rate: formatNumber(progress.completenessRate, ctx.locale), sent: progress.sent, total: progress.total })}</p>
        <p>{t('timeliness', { rate: formatNumber(progress.timelinessRate, ctx.locale), onTime: progress.onTime, total: progress.total })}</p>
        <ResponsiveTable head={[t('unit'), t('state'), t('sentAt'), `${t('timeliness_on_time')}?`, t('below')]}>
              {progress.units.map((u) => (
                <tr key={u.unitCode} class={u.timeliness === 'late' || u.timeliness === 'overdue' ? 'late' : undefined}>
                  <th scope="row">
                    <a href={reportPath(regime, period, u.unitCode)}>{u.name}</a>
                  </th>
                  <td>{stateLabel(u.state, t)}</td>
                  <td>{u.sentAt ? formatDate(u.sentAt) : '—'}</td>
                  <td>
                    <strong>{t(`timeliness_${u.timeliness}`)}</strong>
                  </td>
                  <td>
                    {u.below ? (
                      <a href={`/console/reporting/${regime}/${period}/progress?unit=${encodeURIComponent(u.unitCode)}`}>
                        {u.below.sent}/{u.below.total}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
        </ResponsiveTable>
        {mayAcceptAll ? (
          <Form ctx={ctx} action={`/console/reporting/${regime}/${period}/accept-all`}>
            <button type="submit" class="button">{t('acceptAll')}</button>
          </Form>
        ) : null}
      </Layout>,
    );
  });

  app.post('/console/reporting/:regime/:period/accept-all', { schema: { hide: true } }, async (request, reply) => {
    const { regime, period } = request.params as { regime: string; period: string };
    await api.acceptAll(request.actor, { regime, period });
    return reply.redirect(`/console/reporting/${encodeURIComponent(regime)}/${encodeURIComponent(period)}/progress?done=accept_all`, 303);
  });

  const figures = async (request: FastifyRequest) => {
    const scope = await figuresScope(api, deps, request);
    const { regime, unit, period, periods } = scope;
    const comparison = await api.compare(request.actor, { regime: regime.code, unit, period });
    const series = await api.series(request.actor, { regime: regime.code, unit, indicators: [], periods });
    return { scope, regime, unit, period, periods, comparison, series };
  };

  app.get('/console/reporting/:regime/figures', { schema: { hide: true } }, async (request, reply) => {
    const { scope, regime, unit, period, periods, comparison, series } = await figures(request);
    const ctx = pageContext(request, reply);
    const charted = chartIndicator(regime, (request.query as { indicator?: string }).indicator);
    const t = reportingMessages.for(ctx.locale);
    const vi = ctx.locale === 'vi';
    const title = t('seriesTitle', { regime: vi ? regime.name : regime.nameEn, unit });
    const at = (p: string, indicator: string) => series.find((s) => s.period === p && s.indicator === indicator)?.value ?? null;
    // What other modules link to the charted indicator (task tracking: the tasks that move it).
    const linked = charted ? ((await deps.indicatorLinks?.sections(request.actor, charted, ctx.locale)) ?? []) : [];
    const chartedName = comparison.find((c) => c.indicator === charted);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title}>
        <h1>{title}</h1>
        <p>
          <a href={`/console/reporting/${regime.code}/figures.csv?unit=${encodeURIComponent(unit)}&period=${period}`} download>
            {t('exportCsv')}
          </a>
        </p>
        <FiguresCharts ctx={ctx} scope={scope} indicator={charted} names={comparison.map((c) => ({ code: c.indicator, name: vi ? c.name : c.nameEn }))} />
        <ResponsiveTable head={[t('indicator'), t('unitOfMeasure'), period, t('lastYear'), t('change')]} caption={t('compareTitle', { period })}>
              {comparison.map((c) => (
                <tr key={c.indicator}>
                  <th scope="row">{vi ? c.name : c.nameEn}</th>
                  <td>{c.unit}</td>
                  <td class="numeric">{formatNumber(c.value, ctx.locale)}</td>
                  <td class="numeric">{formatNumber(c.lastYear, ctx.locale)}</td>
                  <td class="numeric">{c.changePercent === null ? '—' : `${c.changePercent > 0 ? '+' : ''}${formatNumber(c.changePercent, ctx.locale)}`}</td>
                </tr>
              ))}
        </ResponsiveTable>
        {/* Thirteen periods side by side: a table that scrolls (focusable, named), on every width. */}
        <div class="table-wrap" role="region" tabindex={0} aria-label={t('seriesTable')}>
          <table>
            <caption>{t('seriesTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('indicator')}</th>
                {periods.map((p) => (
                  <th scope="col" key={p}>
                    {p}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {comparison.map((c) => (
                <tr key={c.indicator}>
                  <th scope="row">{vi ? c.name : c.nameEn}</th>
                  {periods.map((p) => (
                    <td class="numeric" key={p}>
                      {formatNumber(at(p, c.indicator), ctx.locale)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {linked.map((section, i) => (
          <section key={section.title} aria-labelledby={`linked-${i}`}>
            <h2 id={`linked-${i}`}>
              {section.title}: {chartedName ? (vi ? chartedName.name : chartedName.nameEn) : charted}
            </h2>
            <ul>
              {section.links.map((link) => (
                <li key={link.href}>
                  <a href={link.href}>{link.text}</a>
                  {link.detail ? ` — ${link.detail}` : null}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </Layout>,
    );
  });

  app.get('/console/reporting/:regime/figures.csv', { schema: { hide: true } }, async (request, reply) => {
    const { regime, unit, series } = await figures(request);
    const lines = ['period,indicator,value', ...series.map((s) => `${s.period},${s.indicator},${s.value ?? ''}`)];
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', contentDisposition('attachment', `${regime.code}-${unit}.csv`))
      .send(`${lines.join('\r\n')}\r\n`);
  });
}
