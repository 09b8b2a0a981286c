import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../platform/errors/index.ts';
import { contentDisposition, csrfCheckedParts, type HttpApp } from '../../platform/http/index.ts';
import { formatDate, formatDateTime } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, SelectField, sendPage, TextField, type FieldErrors } from '../../platform/ui/index.ts';
import { tasksMessages, type TasksMessageKey } from './tasks.messages.ts';
import { EVALUATIONS } from './tasks.rules.ts';
import { agencyNamer, deadlineText, fieldErrors, idParam, signIn, StatusText, TextArea, type TasksPagesDeps } from './tasks.views.tsx';

const hide = { hide: true };
const MAX_PRODUCT = 20 * 1024 * 1024;
type Body = Record<string, string | undefined>;
type Problem = { errors?: FieldErrors; message?: string; values?: Body };

/** A task's page: what it is, where it comes from, its trail, and the actions the viewer may take. */
export async function registerTaskPage(app: HttpApp, deps: TasksPagesDeps): Promise<void> {
  const { api, agencies, files } = deps;

  async function render(request: FastifyRequest, reply: FastifyReply, id: number, problem?: Problem, status = 200) {
    const v = await api.get(request.actor, id);
    const { task, may } = v;
    const page = pageContext(request, reply);
    const t = tasksMessages.for(page.locale);
    const name = await agencyNamer(agencies, [task.leadAgencyCode, ...task.coordinatingAgencies]);
    const e = problem?.errors ?? {};
    const values = problem?.values ?? {};
    const saved = (request.query as { saved?: string }).saved;
    return sendPage(
      reply,
      <Layout ctx={page} title={t('taskTitle', { id: task.id })}>
        <h1>{t('taskTitle', { id: task.id })}</h1>
        {saved ? <Notice kind="success">{t('saved')}</Notice> : null}
        <ErrorSummary ctx={page} errors={e} message={problem?.message} />
        <p>{task.content}</p>
        <dl class="summary-list">
          <dt>{t('status')}</dt>
          <dd>
            <StatusText t={t} task={task} />
          </dd>
          <dt>{t('source')}</dt>
          <dd>
            {t(`source_${task.sourceKind}`)}: {task.sourceKind === 'cabinet_conclusion' ? t('cabinetItem', { id: task.sourceRef }) : task.sourceRef}
            {task.sourceTitle ? ` — ${task.sourceTitle}` : ''}
            {task.cabinetSessionId !== null ? (
              <>
                {' '}
                <a href={`/cabinet/sessions/${task.cabinetSessionId}#item-${task.cabinetItemId}`}>{t('openConclusion')}</a>
              </>
            ) : null}
          </dd>
          <dt>{t('lead')}</dt>
          <dd>{name(task.leadAgencyCode)}</dd>
          {task.coordinatingAgencies.length > 0 ? (
            <>
              <dt>{t('coordinating')}</dt>
              <dd>{task.coordinatingAgencies.map(name).join('; ')}</dd>
            </>
          ) : null}
          <dt>{t('deadline')}</dt>
          <dd>{deadlineText(t, task)}</dd>
          <dt>{t('dueOn')}</dt>
          <dd>{task.dueOn ? formatDate(task.dueOn) : '—'}</dd>
          {task.expectedProduct ? (
            <>
              <dt>{t('expectedProduct')}</dt>
              <dd>{task.expectedProduct}</dd>
            </>
          ) : null}
          <dt>{t('priority')}</dt>
          <dd>{t(`priority_${task.priority}`)}</dd>
          <dt>{t('progress')}</dt>
          <dd>{`${task.progressPercent} %`}</dd>
          {v.indicators.length > 0 ? (
            <>
              <dt>{t('indicators')}</dt>
              <dd>
                <ul>
                  {v.indicators.map((i) => (
                    <li key={i.code}>
                      {i.figuresHref ? <a href={i.figuresHref}>{`${page.locale === 'vi' ? i.name : i.nameEn} (${i.code})`}</a> : `${page.locale === 'vi' ? i.name : i.nameEn} (${i.code}) — ${t('indicatorNoFigures')}`}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
          {task.productDocumentId || task.productFileName ? (
            <>
              <dt>{t('product')}</dt>
              <dd>
                {task.productDocumentId ? <span class="document-id">{t('productDocument', { id: task.productDocumentId })}</span> : null}
                {task.productFileName ? (
                  <>
                    {' '}
                    <a href={`/console/tasks/${task.id}/product`}>{t('productFile', { name: task.productFileName })}</a>
                  </>
                ) : null}
              </dd>
            </>
          ) : null}
        </dl>
        {Object.values(may).some(Boolean) ? <h2>{t('actions')}</h2> : null}
        {may.accept ? (
          <Form ctx={page} action={`/console/tasks/${task.id}/accept`}>
            <Button>{t('accept')}</Button>
          </Form>
        ) : null}
        {may.askClarification ? (
          <section>
            <h3>{t('clarifyTitle')}</h3>
            <Form ctx={page} action={`/console/tasks/${task.id}/clarify`}>
              <TextArea ctx={page} name="question" label={t('question')} required maxLength={4000} rows={3} value={values.question} error={e.question} />
              <Button variant="secondary">{t('askClarification')}</Button>
            </Form>
          </section>
        ) : null}
        {may.answerClarification ? (
          <section>
            <h3>{t('answerTitle')}</h3>
            <Form ctx={page} action={`/console/tasks/${task.id}/answer`}>
              <TextArea ctx={page} name="answer" label={t('answer')} required maxLength={4000} rows={3} value={values.answer} error={e.answer} />
              <Button>{t('sendAnswer')}</Button>
            </Form>
          </section>
        ) : null}
        {may.report ? (
          <section>
            <h3>{task.deadlineKind === 'periodic' && task.currentPeriod ? t('reportPeriodic', { key: task.currentPeriod }) : t('reportTitle')}</h3>
            <Form ctx={page} action={`/console/tasks/${task.id}/report`}>
              <TextField ctx={page} name="percent" type="number" label={t('percent')} required value={values.percent ?? String(task.progressPercent)} error={e.percent} maxLength={3} />
              <TextArea ctx={page} name="note" label={t('note')} required maxLength={4000} rows={3} value={values.note} error={e.note} />
              <TextField ctx={page} name="documentId" label={t('documentId')} hint={t('documentIdHint')} value={values.documentId} error={e.documentId} maxLength={200} />
              <Button>{t('sendReport')}</Button>
            </Form>
          </section>
        ) : null}
        {may.complete ? (
          <section>
            <h3>{t('completeTitle')}</h3>
            <p class="hint">{t('completeHint')}</p>
            <Form ctx={page} action={`/console/tasks/${task.id}/complete`} enctype="multipart/form-data">
              <TextField ctx={page} name="productDocumentId" label={t('documentId')} hint={t('documentIdHint')} value={values.productDocumentId} error={e.documentId} maxLength={200} />
              <div class="field">
                <label for="f-productFile">{t('productFileLabel')}</label>
                <input id="f-productFile" name="productFile" type="file" />
              </div>
              <TextArea ctx={page} name="productNote" label={t('note')} maxLength={4000} rows={3} value={values.productNote} error={e.note} />
              <Button>{t('complete')}</Button>
            </Form>
          </section>
        ) : null}
        {may.requestExtension ? (
          <section>
            <h3>{t('extensionTitle')}</h3>
            <Form ctx={page} action={`/console/tasks/${task.id}/extension`}>
              <TextField ctx={page} name="deadline" type="date" label={t('newDeadline')} required value={values.deadline} error={e.deadline} />
              <TextArea ctx={page} name="reason" label={t('reason')} required maxLength={4000} rows={3} value={values.reason} error={e.reason} />
              <Button variant="secondary">{t('requestExtension')}</Button>
            </Form>
          </section>
        ) : null}
        {may.decideExtension ? (
          <section>
            <h3>{t('decideTitle')}</h3>
            <Form ctx={page} action={`/console/tasks/${task.id}/decide`}>
              <TextArea ctx={page} name="decisionNote" label={t('note')} maxLength={4000} rows={2} value={values.decisionNote} error={e.note} />
              <div class="inline-form">
                <button type="submit" name="decision" value="approve" class="button">{t('approve')}</button>
                <button type="submit" name="decision" value="reject" class="button button-secondary">{t('reject')}</button>
              </div>
            </Form>
          </section>
        ) : null}
        {may.evaluate ? (
          <section>
            <h3>{t('evaluateTitle')}</h3>
            <p class="hint">{t('suggested', { value: t(`evaluation_${v.suggestedEvaluation}`) })}</p>
            <Form ctx={page} action={`/console/tasks/${task.id}/evaluate`}>
              <SelectField ctx={page} name="evaluation" label={t('evaluation')} value={values.evaluation ?? v.suggestedEvaluation} error={e.evaluation} options={EVALUATIONS.map((x) => ({ value: x, label: t(`evaluation_${x}`) }))} />
              <TextArea ctx={page} name="evaluationNote" label={t('note')} maxLength={4000} rows={2} value={values.evaluationNote} />
              <Button>{t('evaluate')}</Button>
            </Form>
          </section>
        ) : null}
        {may.linkIndicators ? (
          <section>
            <h3>{t('indicatorsTitle')}</h3>
            <Form ctx={page} action={`/console/tasks/${task.id}/indicators`}>
              <TextField ctx={page} name="indicators" label={t('indicatorsLabel')} hint={t('indicatorsHint')} value={values.indicators ?? v.indicators.map((i) => i.code).join(', ')} error={e.indicators} maxLength={1000} />
              <Button variant="secondary">{t('saveIndicators')}</Button>
            </Form>
          </section>
        ) : null}
        {v.extensions.length > 0 ? (
          <>
            <h2>{t('extensions')}</h2>
            <ul>
              {v.extensions.map((x) => (
                <li key={x.id}>{t('extensionLine', { deadline: formatDate(x.requested_deadline), reason: x.reason, by: x.requested_by_name, status: t(`extension_${x.status}`) })}</li>
              ))}
            </ul>
          </>
        ) : null}
        <h2>{t('trail')}</h2>
        <ol class="timeline">
          {v.events.map((ev) => (
            <li key={ev.id}>
              <strong>{ev.kind in EVENT_KEYS ? t(EVENT_KEYS[ev.kind]!) : ev.kind}</strong> — {formatDateTime(ev.at)} — {ev.actor_name}
              {ev.progress_percent !== null ? ` — ${ev.progress_percent} %` : ''}
              {ev.period_key ? ` — ${ev.period_key}` : ''}
              {ev.note ? <p>{ev.note}</p> : null}
              {ev.document_id ? <p class="document-id">{t('productDocument', { id: ev.document_id })}</p> : null}
              {ev.file_name ? <p>{t('productFile', { name: ev.file_name })}</p> : null}
            </li>
          ))}
        </ol>
        <p>
          <a href="/console/tasks">{t('back')}</a>
        </p>
      </Layout>,
      status,
    );
  }

  app.get('/console/tasks/:id', { schema: hide }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    return render(request, reply, idParam(request));
  });

  app.get('/console/tasks/:id/product', { schema: hide }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const { task } = await api.get(request.actor, idParam(request));
    if (!task.productFileSha256 || !task.productFileName) return reply.code(404).send();
    return reply.type('application/octet-stream').header('content-disposition', contentDisposition('attachment', task.productFileName)).send(files.open(task.productFileSha256));
  });

  async function act(request: FastifyRequest, reply: FastifyReply, id: number, body: Body, run: () => Promise<unknown>) {
    try {
      await run();
      return reply.redirect(`/console/tasks/${id}?saved=1`, 303);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.kind === 'invalid') return render(request, reply, id, { errors: fieldErrors(error, request.locale), values: body }, 400);
      if (error.kind === 'conflict') return render(request, reply, id, { message: error.message, values: body }, 409);
      throw error;
    }
  }

  const actions: Record<string, (actor: FastifyRequest['actor'], id: number, b: Body) => Promise<unknown>> = {
    accept: (actor, id) => api.accept(actor, id),
    clarify: (actor, id, b) => api.askClarification(actor, id, { question: b.question }),
    answer: (actor, id, b) => api.answerClarification(actor, id, { answer: b.answer }),
    report: (actor, id, b) => api.reportProgress(actor, id, { percent: b.percent, note: b.note, documentId: b.documentId }),
    extension: (actor, id, b) => api.requestExtension(actor, id, { deadline: b.deadline, reason: b.reason }),
    decide: (actor, id, b) => api.decideExtension(actor, id, { approve: b.decision === 'approve', note: b.decisionNote }),
    evaluate: (actor, id, b) => api.evaluate(actor, id, { evaluation: b.evaluation, note: b.evaluationNote }),
    indicators: (actor, id, b) => api.linkIndicators(actor, id, { indicators: b.indicators ?? '' }),
  };
  for (const [name, run] of Object.entries(actions)) {
    app.post(`/console/tasks/:id/${name}`, { schema: hide }, async (request, reply) => {
      const id = idParam(request);
      const body = (request.body ?? {}) as Body;
      return act(request, reply, id, body, () => run(request.actor, id, body));
    });
  }

  // Completion carries an optional file: multipart, the CSRF token read first.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_PRODUCT, files: 1, fields: 5 } });
    scope.post('/console/tasks/:id/complete', { schema: hide, config: { csrf: false } }, async (request, reply) => {
      const id = idParam(request);
      const body: Body = {};
      let file: { sha256: string; name: string } | undefined;
      // The viewer must be able to read the task before any file is stored.
      for await (const part of csrfCheckedParts(scope as unknown as HttpApp, request, reply, async () => void (await api.get(request.actor, id)))) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.filename && bytes.length > 0) file = { sha256: (await files.put(bytes)).sha256, name: part.filename.slice(0, 200) };
        } else if (typeof part.value === 'string') body[part.fieldname] = part.value;
      }
      return act(request, reply, id, body, () => api.complete(request.actor, id, { documentId: body.productDocumentId, note: body.productNote, file }));
    });
  });
}

const EVENT_KEYS: Record<string, TasksMessageKey> = {
  assigned: 'event_assigned',
  accepted: 'event_accepted',
  clarification_asked: 'event_clarification_asked',
  clarification_answered: 'event_clarification_answered',
  progress_reported: 'event_progress_reported',
  completed: 'event_completed',
  extension_requested: 'event_extension_requested',
  extension_approved: 'event_extension_approved',
  extension_rejected: 'event_extension_rejected',
  evaluated: 'event_evaluated',
  indicators_linked: 'event_indicators_linked',
};
