import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isDomainError } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, SelectField, sendPage, TextField } from '../../platform/ui/index.ts';
import { pageMessages } from './backoffice.page-messages.ts';
import { signIn, type PagesDeps } from './backoffice.page-parts.tsx';
import { STEP_KINDS, STEP_ROLES, type StepKind, type StepRole, type WorkflowStep } from './backoffice.workflow.ts';
import { backofficeMessages } from './backoffice.messages.ts';

const ROWS = 6;
const WorkflowQuery = Type.Object({ procedure: Type.Optional(Type.String({ maxLength: 60 })), case: Type.Optional(Type.String({ maxLength: 10 })), saved: Type.Optional(Type.String({ maxLength: 1 })) });

/** Agency administrators: units without officials, and the processing workflow of each procedure case (a form, not JSON). */
export async function registerAdminPages(app: HttpApp, deps: PagesDeps): Promise<void> {
  const { service } = deps;

  app.get('/admin/backoffice/unstaffed', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const units = await service.unstaffedUnits(request.actor);
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('unstaffedTitle')}>
        <h1>{t('unstaffedTitle')}</h1>
        <p>{units.length === 0 ? t('unstaffedNone') : t('unstaffedLead')}</p>
        <ul>
          {units.map((u) => (
            <li key={u.code}>
              <a href={`/console/work?bucket=receive&unit=${encodeURIComponent(u.code)}`}>{u.name}</a> ({u.code}): {t('waiting')} {u.waiting}
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  async function renderWorkflow(request: FastifyRequest, reply: FastifyReply, procedure: string, caseCode: string, message?: string, saved = false, status = 200) {
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    const m = backofficeMessages.for(ctx.locale);
    service.assertWorkflowAdmin(request.actor);
    const current = procedure ? await service.getWorkflow(request.actor, procedure, caseCode) : undefined;
    const rows = Array.from({ length: ROWS }, (_, i) => current?.steps[i]);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('workflowsTitle')}>
        <h1>{t('workflowsTitle')}</h1>
        <p>{t('workflowsLead')}</p>
        <ErrorSummary ctx={ctx} errors={{}} message={message} />
        {saved ? <Notice kind="success"><p>{t('saved')}</p></Notice> : null}
        <form method="get" action="/admin/backoffice/workflows" class="search-form">
          <TextField ctx={ctx} name="procedure" label={t('procedureCode')} value={procedure} maxLength={60} />
          <TextField ctx={ctx} name="case" label={t('caseCode')} value={caseCode} maxLength={10} />
          <Button variant="secondary">{t('open')}</Button>
        </form>
        {current ? (
          <Form ctx={ctx} action={`/admin/backoffice/workflows?procedure=${encodeURIComponent(current.procedure.code)}&case=${encodeURIComponent(caseCode)}`}>
            <h2>{current.procedure.document.name}</h2>
            {current.isDefault ? <p>{t('isDefault')}</p> : null}
            {rows.map((step, i) => (
              <fieldset key={i}>
                <legend>{t('stepN', { n: i + 1 })}</legend>
                <SelectField ctx={ctx} name={`kind${i}`} label={t('stepKind')} value={step?.kind ?? ''} options={[{ value: '', label: t('none') }, ...STEP_KINDS.map((k) => ({ value: k, label: m(`step_${k}`) }))]} />
                <SelectField ctx={ctx} name={`role${i}`} label={t('role')} value={step?.role ?? 'clerk'} options={STEP_ROLES.map((r) => ({ value: r, label: deps.contributions.roleLabel(r, ctx.locale) }))} />
                <TextField ctx={ctx} name={`share${i}`} label={t('share')} type="number" inputmode="numeric" value={step ? String(step.share) : ''} maxLength={3} />
                <TextField ctx={ctx} name={`unit${i}`} label={t('stepUnit')} value={step?.unit ?? ''} maxLength={35} />
              </fieldset>
            ))}
            <Button>{t('save')}</Button>
          </Form>
        ) : null}
      </Layout>,
      status,
    );
  }

  app.get('/admin/backoffice/workflows', { schema: { hide: true, querystring: WorkflowQuery } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    return renderWorkflow(request, reply, request.query.procedure?.trim() ?? '', request.query.case?.trim() || '01', undefined, request.query.saved === '1');
  });

  app.post('/admin/backoffice/workflows', { schema: { hide: true, querystring: WorkflowQuery, body: Type.Record(Type.String(), Type.String({ maxLength: 100 })) } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const procedure = request.query.procedure ?? '';
    const caseCode = request.query.case || '01';
    const steps: WorkflowStep[] = [];
    for (let i = 0; i < ROWS; i++) {
      const kind = request.body[`kind${i}`];
      if (!kind) continue;
      const unit = request.body[`unit${i}`]?.trim();
      steps.push({ kind: kind as StepKind, role: (request.body[`role${i}`] ?? '') as StepRole, share: Number(request.body[`share${i}`] ?? ''), ...(unit ? { unit } : {}) });
    }
    try {
      await service.saveWorkflow(request.actor, procedure, caseCode, steps);
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'invalid') throw error;
      return renderWorkflow(request, reply, procedure, caseCode, pageMessages.t(request.locale, 'workflowInvalid'), false, 400);
    }
    return reply.redirect(`/admin/backoffice/workflows?procedure=${encodeURIComponent(procedure)}&case=${encodeURIComponent(caseCode)}&saved=1`, 303);
  });
}
