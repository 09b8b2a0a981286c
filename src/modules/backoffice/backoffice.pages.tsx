import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { statusLabel } from '../dossiers/index.ts';
import { isStepUpRequired, stepUpUrl, stepUpWindowSeconds } from '../identity/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { formatDate, formatDateTime, formatDuration } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, QueueTabs, SelectField, sendPage, TextField } from '../../platform/ui/index.ts';
import { registerAdminPages } from './backoffice.admin.pages.tsx';
import { registerApplicantPages } from './backoffice.applicant.pages.tsx';
import { renderControlSheet } from './backoffice.documents.ts';
import { sendDocument, sendFile, signIn, type PagesDeps } from './backoffice.page-parts.tsx';
import { pageMessages } from './backoffice.page-messages.ts';
import { BUCKETS } from './backoffice.workflow.ts';
import { paymentMessages } from './backoffice.payment.messages.ts';
import { REGISTER_MAX_LINES } from './backoffice.queries.ts';
import { controlSheet, registerPdf, registerSheet, registerWorkbook } from './backoffice.register.ts';
import { DocumentList, dueText, FileList, Handoffs, History, TextArea } from './backoffice.views.tsx';


const CodeParams = Type.Object({ code: Type.String({ maxLength: 70 }) });
const WorkQuery = Type.Object({ bucket: Type.Optional(Type.String({ maxLength: 20 })), unit: Type.Optional(Type.String({ maxLength: 35 })), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });
const ActionParams = Type.Object({ code: Type.String({ maxLength: 70 }), action: Type.String({ maxLength: 20 }) });
const ActionBody = Type.Record(Type.String(), Type.String({ maxLength: 30_000 }));
const FileParams = Type.Object({ code: Type.String({ maxLength: 70 }), id: Type.Integer({ minimum: 1 }) });

/** Refusals people read in their language (the codes' own messages are for API clients). */
const ERROR_TEXTS: Record<string, 'apologyTooLate' | 'apologyTwice' | 'notAllowed'> = { 'backoffice.apology_too_late': 'apologyTooLate', 'backoffice.apology_already_issued': 'apologyTwice' };
const dossierPath = (code: string) => `/console/work/${encodeURIComponent(code)}`;

/** The officials' back office: work queues, the dossier page and its actions, files and forms. */
export async function registerBackofficePages(app: HttpApp, deps: PagesDeps): Promise<void> {
  const { service } = deps;

  app.get('/console/work', { schema: { hide: true, querystring: WorkQuery } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const q = await service.queue(request.actor, request.query);
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    const link = (bucket: string, page = 1) => `/console/work?bucket=${bucket}${q.unit ? `&unit=${encodeURIComponent(q.unit)}` : ''}${page > 1 ? `&page=${page}` : ''}`;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('workTitle')}>
        <h1>{t('workTitle')}</h1>
        <p>{t('workLead')}</p>
        <QueueTabs label={t('queues')} tabs={BUCKETS.map((b) => ({ href: link(b), label: t(`bucket_${b}`), count: q.counts[b] >= q.countCap ? `${q.countCap}+` : q.counts[b], current: b === q.bucket }))} />
        {q.units.length > 1 ? (
          <form method="get" action="/console/work" class="search-form">
            <input type="hidden" name="bucket" value={q.bucket} />
            <SelectField ctx={ctx} name="unit" label={t('unit')} value={q.unit ?? ''} options={[{ value: '', label: t('allUnits') }, ...q.units.map((u) => ({ value: u.code, label: u.name }))]} />
            <Button variant="secondary">{t('filter')}</Button>
          </form>
        ) : null}
        <h2>
          {t(`bucket_${q.bucket}`)} ({q.counts[q.bucket] >= q.countCap ? `${q.countCap}+` : q.counts[q.bucket]})
        </h2>
        {q.items.length === 0 ? <p>{t('empty')}</p> : null}
        <ul class="card-grid">
          {q.items.map((i) => (
            <li key={i.code} class="card">
              <h3>
                <a href={dossierPath(i.code)}>{i.procedureName}</a>
              </h3>
              {i.flag ? <p><strong>{t(`flag_${i.flag}`)}</strong></p> : null}
              <dl class="summary-list">
                <dt>{t('applicant')}</dt>
                <dd>{i.applicantName}</dd>
                <dt>{t('code')}</dt>
                <dd>{i.code}</dd>
                {q.units.length > 1 || q.bucket === 'interagency' ? (
                  <>
                    <dt>{t('unit')}</dt>
                    <dd>{i.unitName}</dd>
                  </>
                ) : null}
                <dt>{t('receivedAt')}</dt>
                <dd>{formatDate(i.receivedAt)}</dd>
                <dt>{t('dueAt')}</dt>
                <dd>{dueText(i.dueAt)}</dd>
                {i.partDueAt !== undefined ? (
                  <>
                    <dt>{t('handoffDue')}</dt>
                    <dd>{dueText(i.partDueAt)}</dd>
                  </>
                ) : null}
                <dt>{t('status')}</dt>
                <dd>{statusLabel(ctx.locale, i.status)}</dd>
              </dl>
            </li>
          ))}
        </ul>
        <nav aria-label={t('pageOf', { page: q.page, pages: q.pages })}>
          {q.page > 1 ? <a href={link(q.bucket, q.page - 1)}>{t('previous')}</a> : null} {q.page < q.pages ? <a href={link(q.bucket, q.page + 1)}>{t('next')}</a> : null}
        </nav>
        <p>
          <a href={`/console/work/form-06.xlsx?bucket=${q.bucket}${q.unit ? `&unit=${encodeURIComponent(q.unit)}` : ''}`}>{t('form06Excel')}</a> · <a href={`/console/work/form-06.pdf?bucket=${q.bucket}${q.unit ? `&unit=${encodeURIComponent(q.unit)}` : ''}`}>{t('form06Pdf')}</a>
        </p>
      </Layout>,
    );
  });

  // Form 06, the register of the queue on screen, as Excel or PDF (static paths win over /console/work/:code).
  for (const kind of ['xlsx', 'pdf'] as const) {
    app.get(`/console/work/form-06.${kind}`, { schema: { hide: true, querystring: WorkQuery } }, async (request, reply) => {
      if (!request.actor) return signIn(request, reply);
      const now = new Date();
      const q = await service.register(request.actor, request.query, now);
      const t = pageMessages.for(request.locale);
      const unitName = q.unit ? (q.units.find((u) => u.code === q.unit)?.name ?? q.unit) : q.units.map((u) => u.name).slice(0, 3).join(', ') + (q.units.length > 3 ? '…' : '');
      const queueName = `${t(`bucket_${q.bucket}`)}${q.more ? ` (${t('form06Cut', { n: REGISTER_MAX_LINES })})` : ''}`;
      const sheet = registerSheet(request.locale, q.items.map((i) => ({ ...i, unitName: i.unitName })), queueName, unitName, now);
      const name = `so-theo-doi-ho-so-mau-06-${q.bucket}`;
      if (kind === 'pdf') return sendFile(reply, 'application/pdf', `${name}.pdf`, await registerPdf(sheet, now));
      return sendFile(reply, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${name}.xlsx`, await registerWorkbook(sheet));
    });
  }

  async function renderDossier(request: FastifyRequest, reply: FastifyReply, code: string, message?: { text: string; kind: 'error' | 'success' }, status = 200) {
    const v = await service.dossierView(request.actor, code);
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    const d = v.dossier;
    const action = (name: string) => `${dossierPath(d.code)}/${name}`;
    const version = <input type="hidden" name="version" value={String(d.version)} />;
    const [assignees, answers] = await Promise.all([v.actions.assign ? service.assignees(request.actor, code, { dossier: d, case: v.case }) : [], service.answersOf(d, ctx.locale)]);
    const anyAction = Object.values(v.actions).some(Boolean);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={`${d.code} — ${d.procedureName}`}>
        <h1>{d.procedureName}</h1>
        {message?.kind === 'error' ? <ErrorSummary ctx={ctx} errors={{}} message={message.text} /> : null}
        {message?.kind === 'success' ? <Notice kind="success"><p>{message.text}</p></Notice> : null}
        <dl class="summary-list">
          <dt>{t('code')}</dt>
          <dd>{d.code}</dd>
          <dt>{t('applicant')}</dt>
          <dd>{d.applicantName}</dd>
          <dt>{t('unit')}</dt>
          <dd>{v.unitName}</dd>
          <dt>{t('status')}</dt>
          <dd>{statusLabel(ctx.locale, d.status)}</dd>
          <dt>{t('receivedAt')}</dt>
          <dd>{formatDateTime(d.receivedAt)}</dd>
          <dt>{t('dueAt')}</dt>
          <dd>
            {dueText(d.dueAt)} {v.flag ? <strong>({t(`flag_${v.flag}`)})</strong> : null}
          </dd>
          {v.holder !== d.receivingAgency ? (
            <>
              <dt>{t('holder')}</dt>
              <dd>{v.holderName}</dd>
            </>
          ) : null}
          {v.step ? (
            <>
              <dt>{t('step')}</dt>
              <dd>{deps.contributions.roleLabel(v.step.role, ctx.locale)} — {v.step.kind}</dd>
              <dt>{t('assignee')}</dt>
              <dd>{v.case?.assigneeName ?? t('nobody')}</dd>
            </>
          ) : null}
        </dl>
        <h2>{t('actions')}</h2>
        {!anyAction ? <p>{t('noActions')}</p> : null}
        {v.actions.receive ? (
          <div class="card-grid">
            <section class="card">
              <Form ctx={ctx} action={action('accept')}>{version}<Button>{t('accept')}</Button></Form>
            </section>
            <section class="card">
              <Form ctx={ctx} action={action('request-supplement')}>{version}<TextArea name="gaps" label={t('gaps')} /><Button variant="secondary">{t('requestSupplement')}</Button></Form>
            </section>
            <section class="card">
              <Form ctx={ctx} action={action('refuse')}>{version}<TextArea name="reasons" label={t('reasons')} /><Button variant="secondary">{t('refuse')}</Button></Form>
            </section>
          </div>
        ) : null}
        {v.actions.forward ? <Form ctx={ctx} action={action('forward')}>{version}<TextField ctx={ctx} name="note" label={t('note')} maxLength={1000} /><Button>{t('forward')}</Button></Form> : null}
        {v.actions.issueResult ? <Form ctx={ctx} action={action('issue-result')}>{version}<Button>{t('issueResult')}</Button></Form> : null}
        {v.actions.sendBack ? <Form ctx={ctx} action={action('send-back')}>{version}<TextField ctx={ctx} name="reason" label={t('reason')} maxLength={1000} /><Button variant="secondary">{t('sendBack')}</Button></Form> : null}
        {v.actions.assign && assignees.length > 0 ? (
          <Form ctx={ctx} action={action('assign')}>{version}<SelectField ctx={ctx} name="assigneeId" label={t('assigneeLabel')} options={assignees.map((a) => ({ value: a.id, label: a.name }))} /><Button variant="secondary">{t('assign')}</Button></Form>
        ) : null}
        {v.actions.apologise ? (
          <Form ctx={ctx} action={action('apologise')}>{version}<TextField ctx={ctx} type="date" name="newDueDay" label={t('newDueDay')} /><TextField ctx={ctx} name="reason" label={t('reason')} maxLength={1000} /><Button variant="secondary">{t('apologise')}</Button></Form>
        ) : null}
        {v.actions.stop ? <Form ctx={ctx} action={action('stop')}>{version}<TextField ctx={ctx} name="reason" label={t('reason')} maxLength={1000} /><Button variant="secondary">{t('stop')}</Button></Form> : null}
        <h2>{t('answers')}</h2>
        <dl class="summary-list">
          {answers.map((row, i) => (
            <>
              <dt key={`a${i}-dt`}>{row.label}</dt>
              <dd key={`a${i}-dd`}>{row.value}</dd>
            </>
          ))}
        </dl>
        <FileList ctx={ctx} files={v.files} names={v.componentNames} href={(id) => `${dossierPath(d.code)}/files/${id}`} />
        <DocumentList ctx={ctx} documents={v.documents} href={(id) => `${dossierPath(d.code)}/documents/${id}`} />
        <Handoffs ctx={ctx} handoffs={v.handoffs} />
        <History ctx={ctx} entries={v.progress} />
        <p>
          <a href={`${dossierPath(d.code)}/form-05`}>{t('form05')}</a> · <a href={`${dossierPath(d.code)}/form-05.xlsx`}>{t('form05Excel')}</a>
        </p>
        <p>
          <a href={`${dossierPath(d.code)}/financial-obligation`}>{paymentMessages.for(ctx.locale)('link')}</a>
        </p>
      </Layout>,
      status,
    );
  }

  app.get('/console/work/:code', { schema: { hide: true, params: CodeParams, querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 1 })), resume: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const t = pageMessages.for(request.locale);
    const message = request.query.done ? { text: t('done'), kind: 'success' as const } : request.query.resume ? { text: t('steppedUp', { window: formatDuration(request.locale, stepUpWindowSeconds()) }), kind: 'success' as const } : undefined;
    return renderDossier(request, reply, request.params.code, message);
  });

  app.post('/console/work/:code/:action', { schema: { hide: true, params: ActionParams, body: ActionBody } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const { code, action } = request.params;
    const b = request.body;
    const actor = request.actor;
    const version = Number(b.version);
    try {
      switch (action) {
        case 'accept': await service.accept(actor, code, { version }); break;
        case 'request-supplement': await service.requestSupplement(actor, code, { version, gaps: b.gaps }); break;
        case 'refuse': await service.refuse(actor, code, { version, reasons: b.reasons }); break;
        case 'forward': await service.forward(actor, code, { version, note: b.note }); break;
        case 'send-back': await service.sendBack(actor, code, { version, reason: b.reason }); break;
        case 'assign': await service.assign(actor, code, { version, assigneeId: b.assigneeId ?? '' }); break;
        case 'apologise': await service.apologise(actor, code, { version, newDueDay: b.newDueDay ?? '', reason: b.reason }); break;
        case 'stop': await service.stop(actor, code, { version, reason: b.reason }); break;
        case 'issue-result': await service.issueResult(actor, code, { version }); break;
        default: return reply.callNotFound();
      }
    } catch (error) {
      // Approvals and results need a recent second factor: identity's step-up page, then back here to press again.
      if (isStepUpRequired(error)) return reply.redirect(stepUpUrl(`${dossierPath(code)}?resume=${encodeURIComponent(action)}`), 303);
      if (!isDomainError(error) || !['invalid', 'conflict'].includes(error.kind)) throw error;
      const t = pageMessages.for(request.locale);
      const text = error.code.endsWith('.dossier_changed') ? t('changed') : error.fields.length > 0 ? error.fields.map((f) => f.message).join(' · ') : t(ERROR_TEXTS[error.code] ?? 'notAllowed');
      return renderDossier(request, reply, code, { text, kind: 'error' }, error.kind === 'conflict' ? 409 : 400);
    }
    return reply.redirect(`${dossierPath(code)}?done=1`, 303);
  });

  app.get('/console/work/:code/files/:id', { schema: { hide: true, params: FileParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const { file, content } = await service.openFile(request.actor, request.params.code, request.params.id);
    return sendFile(reply, file.contentType, file.originalName, content);
  });

  // Form 05, the process-control sheet, as the progress entries stand now.
  app.get('/console/work/:code/form-05', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const v = await service.dossierView(request.actor, request.params.code);
    return sendFile(reply, 'application/pdf', `mau-05-${v.dossier.code}.pdf`, await renderControlSheet(v.dossier, v.unitName, v.progress, new Date()));
  });

  app.get('/console/work/:code/form-05.xlsx', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const v = await service.dossierView(request.actor, request.params.code);
    return sendFile(reply, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `mau-05-${v.dossier.code}.xlsx`, await registerWorkbook(controlSheet(request.locale, v.dossier, v.unitName, v.progress)));
  });

  app.get('/console/work/:code/documents/:id', { schema: { hide: true, params: FileParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    return sendDocument(service, request, reply);
  });

  registerApplicantPages(app, deps);
  await registerAdminPages(app, deps);
}

export type { PagesDeps };
