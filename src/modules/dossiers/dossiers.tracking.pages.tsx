import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isDomainError } from '../../platform/errors/index.ts';
import { redirectToSignIn, withRequestReadFloor, type HttpApp } from '../../platform/http/index.ts';
import { formatDate, formatDateTime, formatMoney } from '../../platform/i18n/index.ts';
import { Button, Form, Layout, pageContext, ResponsiveTable, SelectField, sendPage, TextField, type PageContext } from '../../platform/ui/index.ts';
import { formatDueDate, statusLabel, timelineNote } from './dossiers.messages.ts';
import { pageMessages } from './dossiers.page-messages.ts';
import type { PagesDeps } from './dossiers.deps.ts';
import { renderReceiptPdf } from './dossiers.receipt.ts';
import type { TimelineEntry } from './dossiers.repository.ts';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 70 }) });
const TrackBody = Type.Object({ code: Type.Optional(Type.String({ maxLength: 100 })), verifier: Type.Optional(Type.String({ maxLength: 40 })) });

function Timeline({ ctx, entries }: { ctx: PageContext; entries: TimelineEntry[] }) {
  const t = pageMessages.for(ctx.locale);
  return (
    <>
      <h2>{t('timeline')}</h2>
      <ol>
        {entries.map((e, i) => (
          <li key={i}>
            <strong>{statusLabel(ctx.locale, e.status)}</strong> — {formatDateTime(e.at)}
            {e.note ? <>. {timelineNote(e.note, ctx.locale)}</> : null}
          </li>
        ))}
      </ol>
    </>
  );
}

/** Receipt, public tracking, "my dossiers" and the receiving agency's queue. */
/** The case's fees in one line: "Lệ phí …: 8.000 ₫ (paid online …)", or "no fee". */
function feesText(fees: { name: string; amountVnd: number }[], t: ReturnType<typeof pageMessages.for>): string {
  return fees.length === 0 ? t('feesNone') : `${fees.map((f) => `${f.name}: ${formatMoney(f.amountVnd)}`).join('; ')} (${t('feesPayLater')})`;
}

export function registerTrackingPages(app: HttpApp, deps: PagesDeps): void {
  const { service } = deps;
  const trackUrl = (code: string) => `${deps.baseUrl}/track?code=${encodeURIComponent(code)}`;

  const signIn = (request: FastifyRequest, reply: FastifyReply) => redirectToSignIn(request, reply);

  app.get('/dossiers/:code/receipt', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const { dossier, timeline, agencyName: nameVi, agencyNameEn } = await service.getDossier(request.actor, request.params.code);
    const agencyName = request.locale === 'en' && agencyNameEn ? agencyNameEn : nameVi;
    const fees = await service.caseFees(dossier.procedureVersionId, dossier.caseCode);
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('receiptTitle')} narrow>
        <div class="panel-confirmation">
          <h1>{t('receiptTitle')}</h1>
          <p class="panel-body">
            {t('receiptLead')} <strong>{dossier.code}</strong>
          </p>
        </div>
        <p>{t('receiptKeep')}</p>
        <h2>{t('receiptNextHeading')}</h2>
        <p>{t('receiptNext')}</p>
        <h2>{t('receiptTrackHeading')}</h2>
        <p>{t('receiptTrack')}</p>
        <ul>
          {/* The back office's progress page serves dossiers filed here; one a back office synced shows its history below. */}
          {dossier.applicantAccountId ? (
            <li>
              <a href={`/dossiers/${encodeURIComponent(dossier.code)}/progress`}>{t('receiptProgress')}</a>
            </li>
          ) : null}
          <li>
            <a href="/my/dossiers">{t('receiptMine')}</a>
          </li>
          <li>
            <a href={`/track?code=${encodeURIComponent(dossier.code)}`}>{t('receiptTrackLink')}</a>
          </li>
        </ul>
        <dl class="summary-list">
          <dt>{t('code')}</dt>
          <dd>{dossier.code}</dd>
          <dt>{t('procedure')}</dt>
          <dd>{dossier.procedureName}</dd>
          <dt>{t('agency')}</dt>
          <dd>{agencyName}</dd>
          <dt>{t('receivedAt')}</dt>
          <dd>{formatDateTime(dossier.receivedAt)}</dd>
          <dt>{t('dueAt')}</dt>
          <dd>{formatDueDate(dossier.dueAt)}</dd>
          <dt>{t('status')}</dt>
          <dd>{statusLabel(ctx.locale, dossier.status)}</dd>
          <dt>{t('feesLabel')}</dt>
          <dd>{feesText(fees, t)}</dd>
        </dl>
        <p>
          <a class="button" href={`/dossiers/${encodeURIComponent(dossier.code)}/receipt.pdf`}>
            {t('receiptPdf')}
          </a>
        </p>
        <Timeline ctx={ctx} entries={timeline} />
      </Layout>,
    );
  });

  app.get('/dossiers/:code/receipt.pdf', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const { dossier, uploads, agencyName: nameVi, agencyNameEn } = await service.getDossier(request.actor, request.params.code);
    const agencyName = request.locale === 'en' && agencyNameEn ? agencyNameEn : nameVi;
    const names = await service.componentNames(dossier.procedureVersionId);
    const fees = await service.caseFees(dossier.procedureVersionId, dossier.caseCode);
    const pdf = await renderReceiptPdf({ ...dossier, agencyName, uploads, componentNames: names, trackUrl: trackUrl(dossier.code), fees: feesText(fees, pageMessages.for(request.locale)) }, request.locale);
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="bien-nhan-${dossier.code.replace(/[^0-9A-Za-z.-]/g, '_')}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });

  function renderTrack(request: FastifyRequest, reply: FastifyReply, values: { code: string }, result: Awaited<ReturnType<typeof service.lookup>> | undefined, message: string | undefined, status = 200) {
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('trackTitle')} narrow>
        <h1>{t('trackTitle')}</h1>
        <p>{t('trackLead')}</p>
        {message ? (
          <div class="error-summary" role="alert">
            <p>{message}</p>
          </div>
        ) : null}
        <Form ctx={ctx} action="/track">
          <TextField ctx={ctx} name="code" label={t('code')} required value={values.code} maxLength={100} />
          <TextField ctx={ctx} name="verifier" label={t('verifierLabel')} required inputmode="numeric" autocomplete="off" maxLength={40} />
          <Button>{t('search')}</Button>
        </Form>
        {result ? (
          <section aria-labelledby="result-title">
            <h2 id="result-title">{result.code}</h2>
            <dl class="summary-list">
              <dt>{t('procedure')}</dt>
              <dd>{result.procedureName}</dd>
              <dt>{t('agency')}</dt>
              <dd>{ctx.locale === 'en' && result.agencyNameEn ? result.agencyNameEn : result.agencyName}</dd>
              <dt>{t('status')}</dt>
              <dd>
                <strong>{statusLabel(ctx.locale, result.status)}</strong>
              </dd>
              <dt>{t('receivedAt')}</dt>
              <dd>{formatDateTime(result.receivedAt)}</dd>
              <dt>{t('dueAt')}</dt>
              <dd>{formatDueDate(result.dueAt)}</dd>
            </dl>
            <Timeline ctx={ctx} entries={result.timeline} />
          </section>
        ) : null}
      </Layout>,
      status,
    );
  }

  app.get('/track', { schema: { hide: true, querystring: Type.Object({ code: Type.Optional(Type.String({ maxLength: 100 })) }) } }, async (request, reply) =>
    renderTrack(request, reply, { code: request.query.code ?? '' }, undefined, undefined),
  );

  // POST, not GET: the verifier (an ID number) stays out of URLs, logs and browser history.
  app.post('/track', { schema: { hide: true, body: TrackBody }, config: { readOnly: true } }, async (request, reply) => {
    const code = (request.body.code ?? '').trim();
    const t = pageMessages.for(request.locale);
    try {
      const result = await withRequestReadFloor(request, () => service.lookup(code, request.body.verifier ?? '', request.ip));
      return renderTrack(request, reply, { code }, result, undefined);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.kind === 'throttled') return renderTrack(request, reply, { code }, undefined, t('trackThrottled'), 429);
      if (error.kind === 'not_found') return renderTrack(request, reply, { code }, undefined, t('trackNotFound'), 404);
      throw error;
    }
  });

  app.get('/my/dossiers', { schema: { hide: true, querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }) } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const mine = await service.listMine(request.actor, request.query.page ?? 1);
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('myTitle')}>
        <h1>{t('myTitle')}</h1>
        <h2>{t('drafts')}</h2>
        {mine.drafts.length === 0 ? (
          <p>{t('noDrafts')}</p>
        ) : (
          <ul>
            {mine.drafts.map((d) => (
              <li key={d.id}>
                <a href={`/applications/${d.id}`}>
                  {t('resume')}: {d.procedureName}
                </a>{' '}
                <span class="hint">({t('savedAt', { at: formatDateTime(d.updatedAt) })})</span>
              </li>
            ))}
          </ul>
        )}
        <h2>{t('dossiers')}</h2>
        {mine.dossiers.length === 0 ? (
          <p>{t('noDossiers')}</p>
        ) : (
          <ResponsiveTable head={[t('code'), t('procedure'), t('receivedAt'), t('dueAt'), t('status')]}>
            {mine.dossiers.map((d) => (
              <tr key={d.code}>
                <td>
                  <a href={`/dossiers/${encodeURIComponent(d.code)}/receipt`}>{d.code}</a>
                </td>
                <td>{d.procedureName}</td>
                <td>{formatDate(d.receivedAt)}</td>
                <td>{formatDueDate(d.dueAt)}</td>
                <td>{statusLabel(ctx.locale, d.status)}</td>
              </tr>
            ))}
          </ResponsiveTable>
        )}
        <nav aria-label={t('pageOf', { page: mine.page, pages: mine.hasMore ? mine.page + 1 : mine.page })}>
          {mine.page > 1 ? <a href={`/my/dossiers?page=${mine.page - 1}`}>{t('previous')}</a> : null} {mine.hasMore ? <a href={`/my/dossiers?page=${mine.page + 1}`}>{t('next')}</a> : null}
        </nav>
      </Layout>,
    );
  });

  const ConsoleQuery = Type.Object({ status: Type.Optional(Type.String({ maxLength: 2 })), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });
  app.get('/console/dossiers', { schema: { hide: true, querystring: ConsoleQuery } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const status = /^\d{1,2}$/.test(request.query.status ?? '') ? Number(request.query.status) : undefined;
    const queue = await service.listAgencyQueue(request.actor, { status, page: request.query.page ?? 1 });
    const agency = await deps.agencies.findAgency(queue.agencyCode);
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    const statusParam = status ? `status=${status}&` : '';
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('consoleTitle')}>
        <h1>{t('consoleTitle')}</h1>
        <p>{t('consoleLead', { agency: agency?.name ?? queue.agencyCode, code: queue.agencyCode })}</p>
        <form method="get" action="/console/dossiers" class="search-form">
          <SelectField
            ctx={ctx}
            name="status"
            label={t('status')}
            value={status ? String(status) : ''}
            options={[{ value: '', label: t('allOpen') }, ...Array.from({ length: 10 }, (_, i) => ({ value: String(i + 1), label: statusLabel(ctx.locale, i + 1) }))]}
          />
          <Button variant="secondary">{t('filter')}</Button>
        </form>
        <p>
          {t('total', { n: queue.total })} · {t('pageOf', { page: queue.page, pages: queue.pages })}
        </p>
        <ResponsiveTable head={[t('code'), t('procedure'), t('applicantKind'), t('receivedAt'), t('dueAt'), t('status')]}>
          {queue.items.map((d) => (
            <tr key={d.code}>
              <td>{d.code}</td>
              <td>{d.procedureCode}</td>
              <td>{d.applicantKind === 2 ? t('applicantKind2') : t('applicantKind1')}</td>
              <td>{formatDateTime(d.receivedAt)}</td>
              <td>{formatDueDate(d.dueAt)}</td>
              <td>{statusLabel(ctx.locale, d.status)}</td>
            </tr>
          ))}
        </ResponsiveTable>
        <nav aria-label={t('pageOf', { page: queue.page, pages: queue.pages })}>
          {queue.page > 1 ? <a href={`/console/dossiers?${statusParam}page=${queue.page - 1}`}>{t('previous')}</a> : null}{' '}
          {queue.page < queue.pages ? <a href={`/console/dossiers?${statusParam}page=${queue.page + 1}`}>{t('next')}</a> : null}
        </nav>
      </Layout>,
    );
  });
}
