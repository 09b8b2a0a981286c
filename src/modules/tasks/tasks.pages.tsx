import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../platform/errors/index.ts';
import { contentDisposition, csrfCheckedParts, type HttpApp } from '../../platform/http/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, SelectField, sendPage, TextField, type FieldErrors } from '../../platform/ui/index.ts';
import type { TasksApi } from './tasks.api.ts';
import { importTemplate } from './tasks.import.ts';
import { tasksMessages } from './tasks.messages.ts';
import { AGENCY_FILTERS, COUNT_CAP } from './tasks.queries.ts';
import { DEADLINE_KINDS, PERIODS, PRIORITIES, SOURCE_KINDS } from './tasks.rules.ts';
import { registerTaskPage } from './tasks.task.pages.tsx';
import { agencyNamer, fieldErrors, Pager, signIn, TaskTable, TextArea, type TasksPagesDeps } from './tasks.views.tsx';

const hide = { hide: true };
const MAX_IMPORT = 5 * 1024 * 1024;
type Body = Record<string, string | undefined>;

const offsetOf = (request: FastifyRequest) => Math.max(0, Number((request.query as { offset?: string }).offset) || 0);

/** The agency's list, the Government Office's monitoring pages, assignment and import. */
export async function registerTasksPages(app: HttpApp, deps: TasksPagesDeps): Promise<void> {
  const { api, agencies } = deps;

  app.get('/console/tasks', { schema: hide }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const q = request.query as { filter?: string; agency?: string };
    const list = await api.agencyTasks(request.actor, { filter: q.filter, agency: q.agency, offset: offsetOf(request) });
    const page = pageContext(request, reply);
    const t = tasksMessages.for(page.locale);
    const name = await agencyNamer(agencies, list.tasks.map((x) => x.leadAgencyCode));
    const saved = (request.query as { imported?: string }).imported;
    return sendPage(
      reply,
      <Layout ctx={page} title={t('listTitle')} full>
        <h1>{t('listTitle')}</h1>
        {saved ? <Notice kind="success">{t('imported', { n: saved })}</Notice> : null}
        <p>{list.monitor ? t('listLeadMonitor') : t('listLead')}</p>
        {list.monitor ? (
          <p>
            <a href="/console/tasks/monitor">{t('monitorTitle')}</a> · <a href="/console/tasks/new">{t('assignLink')}</a> · <a href="/console/tasks/import">{t('importLink')}</a>
          </p>
        ) : null}
        <nav aria-label={t('filters')}>
          <ul class="queue-tabs">
            {AGENCY_FILTERS.map((f) => (
              <li key={f}>
                <a href={`/console/tasks?filter=${f}`} aria-current={f === list.filter ? 'page' : undefined}>{t(`filter_${f}`)}</a>
              </li>
            ))}
          </ul>
        </nav>
        <p>{list.total >= COUNT_CAP ? t('countCapped', { n: COUNT_CAP }) : t('count', { n: list.total })}</p>
        <TaskTable t={t} tasks={list.tasks} name={name} />
        <Pager t={t} base={`/console/tasks?filter=${list.filter}`} offset={list.offset} pageSize={list.pageSize} total={list.total} />
      </Layout>,
    );
  });

  app.get('/console/tasks/monitor', { schema: hide }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const period = (request.query as { period?: string }).period?.trim() || undefined;
    const byAgency = await api.byAgency(request.actor);
    const page = pageContext(request, reply);
    const t = tasksMessages.for(page.locale);
    let rates: Awaited<ReturnType<TasksApi['completionRates']>> | undefined;
    let periodError: string | undefined;
    try {
      rates = await api.completionRates(request.actor, { period });
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'invalid') throw error;
      periodError = fieldErrors(error, page.locale).period;
    }
    const name = await agencyNamer(agencies, [...byAgency.map((r) => r.agencyCode), ...(rates?.rows ?? []).map((r) => r.agencyCode)]);
    const pct = (n: number) => `${n.toFixed(1).replace('.', page.locale === 'vi' ? ',' : '.')} %`;
    return sendPage(
      reply,
      <Layout ctx={page} title={t('monitorTitle')} full>
        <h1>{t('monitorTitle')}</h1>
        <p>{t('monitorLead')}</p>
        <p>
          <a href="/console/tasks/overdue">{t('overdueLink')}</a> · <a href="/console/tasks/new">{t('assignLink')}</a> · <a href="/console/tasks/import">{t('importLink')}</a>
        </p>
        <h2>{t('byAgency')}</h2>
        <div class="table-wrap" role="region" tabindex={0} aria-label={t('byAgency')}>
          <table class="stack-table">
            <thead>
              <tr>
                <th scope="col">{t('agency')}</th>
                <th scope="col">{t('open')}</th>
                <th scope="col">{t('overdue')}</th>
              </tr>
            </thead>
            <tbody>
              {byAgency.map((r) => (
                <tr key={r.agencyCode}>
                  <td data-label={t('agency')}>
                    <a href={`/console/tasks?filter=all&agency=${encodeURIComponent(r.agencyCode)}`}>{name(r.agencyCode)}</a>
                  </td>
                  <td data-label={t('open')}>{r.open}</td>
                  <td data-label={t('overdue')}>{r.overdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2>{t('ratesTitle')}</h2>
        <form method="get" action="/console/tasks/monitor">
          <TextField ctx={page} name="period" label={t('ratesPeriod')} value={period ?? rates?.period} error={periodError} maxLength={10} />
          <Button variant="secondary">{t('show')}</Button>
        </form>
        {rates ? (
          rates.rows.length === 0 ? (
            <p>{t('none')}</p>
          ) : (
            <div class="table-wrap" role="region" tabindex={0} aria-label={t('ratesTitle')}>
              <table class="stack-table">
                <thead>
                  <tr>
                    <th scope="col">{t('agency')}</th>
                    <th scope="col">{t('total')}</th>
                    <th scope="col">{t('onTime')}</th>
                    <th scope="col">{t('late')}</th>
                    <th scope="col">{t('notCompleted')}</th>
                    <th scope="col">{t('pending')}</th>
                    <th scope="col">{t('onTimeRate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rates.rows.map((r) => (
                    <tr key={r.agencyCode}>
                      <td data-label={t('agency')}>{name(r.agencyCode)}</td>
                      <td data-label={t('total')}>{r.total}</td>
                      <td data-label={t('onTime')}>{r.onTime}</td>
                      <td data-label={t('late')}>{r.late}</td>
                      <td data-label={t('notCompleted')}>{r.notCompleted}</td>
                      <td data-label={t('pending')}>{r.pending}</td>
                      <td data-label={t('onTimeRate')}>{pct(r.onTimePercent)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : null}
      </Layout>,
    );
  });

  app.get('/console/tasks/overdue', { schema: hide }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const list = await api.overdue(request.actor, { offset: offsetOf(request) });
    const page = pageContext(request, reply);
    const t = tasksMessages.for(page.locale);
    const name = await agencyNamer(agencies, list.tasks.map((x) => x.leadAgencyCode));
    return sendPage(
      reply,
      <Layout ctx={page} title={t('overdueTitle')} full>
        <h1>{t('overdueTitle')}</h1>
        <p>{t('count', { n: list.total })}</p>
        <TaskTable t={t} tasks={list.tasks} name={name} />
        <Pager t={t} base="/console/tasks/overdue" offset={list.offset} pageSize={list.pageSize} total={list.total} />
        <p>
          <a href="/console/tasks/monitor">{t('monitorTitle')}</a>
        </p>
      </Layout>,
    );
  });

  async function renderAssign(request: FastifyRequest, reply: FastifyReply, problem?: { errors: FieldErrors; values: Body }, status = 200) {
    // Only monitors may assign: the same check as the use case, before showing the form.
    await api.byAgency(request.actor);
    const page = pageContext(request, reply);
    const t = tasksMessages.for(page.locale);
    const v = problem?.values ?? {};
    const e = problem?.errors ?? {};
    return sendPage(
      reply,
      <Layout ctx={page} title={t('assignTitle')}>
        <h1>{t('assignTitle')}</h1>
        <ErrorSummary ctx={page} errors={e} />
        <Form ctx={page} action="/console/tasks">
          <SelectField ctx={page} name="sourceKind" label={t('sourceKind')} value={v.sourceKind ?? 'decision'} error={e.sourceKind} options={SOURCE_KINDS.filter((k) => k !== 'cabinet_conclusion').map((k) => ({ value: k, label: t(`source_${k}`) }))} />
          <TextField ctx={page} name="sourceRef" label={t('sourceRef')} hint={t('sourceRefHint')} value={v.sourceRef} error={e.sourceRef} required maxLength={200} />
          <TextField ctx={page} name="sourceTitle" label={t('sourceTitle')} value={v.sourceTitle} maxLength={500} />
          <TextArea ctx={page} name="content" label={t('content')} value={v.content} error={e.content} required maxLength={4000} />
          <TextField ctx={page} name="leadAgencyCode" label={t('lead')} value={v.leadAgencyCode} error={e.leadAgencyCode} required maxLength={35} />
          <TextField ctx={page} name="coordinatingAgencies" label={t('coordinating')} hint={t('coordinatingHint')} value={v.coordinatingAgencies} error={e.coordinatingAgencies} maxLength={1000} />
          <SelectField ctx={page} name="deadlineKind" label={t('deadlineKind')} value={v.deadlineKind ?? 'date'} error={e.deadlineKind} options={DEADLINE_KINDS.map((k) => ({ value: k, label: t(`deadline_${k}`) }))} />
          <TextField ctx={page} name="deadline" type="date" label={t('deadline')} value={v.deadline} error={e.deadline} />
          <SelectField ctx={page} name="period" label={t('period')} value={v.period ?? ''} error={e.period} options={[{ value: '', label: '—' }, ...PERIODS.map((p) => ({ value: p, label: t(`period_${p}`) }))]} />
          <TextField ctx={page} name="periodDay" type="number" label={t('periodDay')} value={v.periodDay} error={e.periodDay} maxLength={2} />
          <TextField ctx={page} name="periodicUntil" type="date" label={t('periodicUntil')} value={v.periodicUntil} error={e.periodicUntil} />
          <TextField ctx={page} name="expectedProduct" label={t('expectedProduct')} value={v.expectedProduct} error={e.expectedProduct} maxLength={1000} />
          <TextField ctx={page} name="indicators" label={t('indicatorsLabel')} hint={t('indicatorsHint')} value={v.indicators} error={e.indicators} maxLength={1000} />
          <SelectField ctx={page} name="priority" label={t('priority')} value={v.priority ?? 'normal'} error={e.priority} options={PRIORITIES.map((p) => ({ value: p, label: t(`priority_${p}`) }))} />
          <Button>{t('assign')}</Button>
        </Form>
      </Layout>,
      status,
    );
  }

  app.get('/console/tasks/new', { schema: hide }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    return renderAssign(request, reply);
  });

  app.post('/console/tasks', { schema: hide }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    try {
      const task = await api.assign(request.actor, body);
      return reply.redirect(`/console/tasks/${task.id}?saved=1`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'invalid') throw error;
      return renderAssign(request, reply, { errors: fieldErrors(error, request.locale), values: body }, 400);
    }
  });

  async function renderImport(request: FastifyRequest, reply: FastifyReply, problems?: FieldErrors, status = 200) {
    await api.byAgency(request.actor);
    const page = pageContext(request, reply);
    const t = tasksMessages.for(page.locale);
    return sendPage(
      reply,
      <Layout ctx={page} title={t('importTitle')}>
        <h1>{t('importTitle')}</h1>
        <p>{t('importLead')}</p>
        {problems ? <ErrorSummary ctx={page} errors={{}} message={t('importTitle')} /> : null}
        {problems ? (
          <ul class="error-list">
            {Object.entries(problems).map(([cell, text]) => (
              <li key={cell}>{`${cell}: ${text}`}</li>
            ))}
          </ul>
        ) : null}
        <p>
          <a href="/console/tasks/import/template.xlsx">{t('importTemplate')}</a>
        </p>
        <Form ctx={page} action="/console/tasks/import" enctype="multipart/form-data">
          <div class="field">
            <label for="f-file">{t('importFile')}</label>
            <input id="f-file" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          </div>
          <Button>{t('import')}</Button>
        </Form>
      </Layout>,
      status,
    );
  }

  app.get('/console/tasks/import', { schema: hide }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    return renderImport(request, reply);
  });

  app.get('/console/tasks/import/template.xlsx', { schema: hide }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    await api.byAgency(request.actor);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition('attachment', 'danh-sach-nhiem-vu.xlsx'))
      .send(await importTemplate());
  });

  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_IMPORT, files: 1, fields: 5 } });
    scope.post('/console/tasks/import', { schema: hide, config: { csrf: false } }, async (request, reply) => {
      let content: Buffer | undefined;
      for await (const part of csrfCheckedParts(scope as unknown as HttpApp, request, reply, async () => void (await api.byAgency(request.actor)))) {
        if (part.type === 'file') content = await part.toBuffer();
      }
      try {
        const result = await api.importWorkbook(request.actor, content ?? Buffer.alloc(0));
        return reply.redirect(`/console/tasks?filter=all&imported=${result.imported}`, 303);
      } catch (error) {
        if (!isDomainError(error) || error.kind !== 'invalid') throw error;
        const t = tasksMessages.for(request.locale);
        const problems: FieldErrors = {};
        for (const f of error.fields) problems[f.field] = f.message in tasksMessages.vi ? t(f.message as keyof typeof tasksMessages.vi) : f.message;
        return renderImport(request, reply, problems, 400);
      }
    });
  });

  await registerTaskPage(app, deps);
}
