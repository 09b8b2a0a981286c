import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isDomainError } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { agencyName } from '../agencies/index.ts';
import { formatMoney, type Locale } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, pageContext, SelectField, sendPage, toFieldErrors, type FieldErrors } from '../../platform/ui/index.ts';
import type { FormDefinition } from './dossiers.forms.ts';
import { answerRows, chosenProvinces, FormFields } from './dossiers.form-view.tsx';
import { dossierMessages } from './dossiers.messages.ts';
import { pageMessages } from './dossiers.page-messages.ts';
import type { DraftRow } from './dossiers.repository.ts';
import type { ApplicationTarget } from './dossiers.service.ts';
import { DraftParams, draftPath, procedurePath, requireSignIn, StepLayout } from './dossiers.page-parts.tsx';
import { registerUploadPages } from './dossiers.upload-pages.tsx';
import { registerTrackingPages } from './dossiers.tracking.pages.tsx';
import { answersFromFormBody, isRecord } from './dossiers.validation.ts';
import type { PagesDeps } from './dossiers.deps.ts';

export type { PagesDeps };

const CodeParams = Type.Object({ code: Type.String({ maxLength: 70 }) });
const StartBody = Type.Object({ caseCode: Type.Optional(Type.String({ maxLength: 2 })), receivingAgency: Type.Optional(Type.String({ maxLength: 35 })) });

/** The online application: start (case, agency) → answers → uploads → check → submit. Every step saves the draft. */
export async function registerDossierPages(app: HttpApp, deps: PagesDeps): Promise<void> {
  const { service } = deps;
  const MB = service.uploadLimits.fileBytes / 1024 / 1024;

  async function agencyOptions(codes: string[], locale: Locale) {
    const found = await Promise.all(codes.map((c) => deps.agencies.findAgency(c)));
    return codes.map((code, i) => ({ value: code, label: found[i] ? agencyName(found[i], locale) : code }));
  }

  async function loadDraft(request: FastifyRequest, id: string): Promise<{ draft: DraftRow; target: ApplicationTarget }> {
    const draft = await service.getDraft(request.actor, id);
    const target = await service.applicationTarget(request.actor, draft.procedureCode, draft.caseCode ?? '01');
    return { draft, target };
  }

  async function unitsFor(form: FormDefinition, answers: Record<string, unknown>) {
    const provinces = await deps.agencies.listProvinces();
    const codes = chosenProvinces(form, answers);
    const lists = await Promise.all(codes.map((c) => deps.agencies.listCommunes(c).catch(() => [])));
    return { provinces, communes: new Map(codes.map((c, i) => [c, lists[i] ?? []])) };
  }

  // ---- start ---------------------------------------------------------------------------
  /** A case requiring a higher assurance level: say so, and how to raise it (the draft is not started). */
  function renderAssuranceRequired(request: FastifyRequest, reply: FastifyReply, code: string, required: number, current: number) {
    const ctx = pageContext(request, reply);
    const m = pageMessages.for(ctx.locale);
    const back = `/procedures/${encodeURIComponent(code)}/apply`;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={m('assuranceTitle')}>
        <h1>{m('assuranceTitle')}</h1>
        <p>{m('assuranceText', { required: String(required), current: String(current) })}</p>
        <p>{m('assuranceHow')}</p>
        <ul>
          {required <= 2 ? <li>{m('assuranceLevel2')}</li> : null}
          <li>{m('assuranceLevel3')}</li>
        </ul>
        <p>
          <a class="button" href={`/account/assurance?next=${encodeURIComponent(back)}`}>
            {m('assuranceLink')}
          </a>
        </p>
        <p>
          <a href={back}>{m('assuranceBack')}</a>
        </p>
      </Layout>,
      403,
    );
  }

  async function renderStart(request: FastifyRequest, reply: FastifyReply, code: string, errors: FieldErrors, values: { caseCode?: string | undefined; receivingAgency?: string | undefined }, status = 200) {
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    const procedure = await service.openProcedure(request.actor, code);
    const doc = procedure.document;
    const agencies = await agencyOptions(doc.receivingAgencies, request.locale);
    return sendPage(
      reply,
      <StepLayout ctx={ctx} title={t('applyTitle')} step={1} procedureName={doc.name} back={procedurePath(procedure.code)}>
        <ErrorSummary ctx={ctx} errors={errors} />
        <p class="lead">{t('startLead', { max: MB })}</p>
        <h2>{t('componentsHeading')}</h2>
        <ul>
          {doc.components.map((c, i) => (
            <li key={i}>
              {c.name} ({c.requirement === 'required' ? t('requiredComponent') : t('conditionalComponent', { condition: c.condition ?? '' })})
            </li>
          ))}
        </ul>
        <Form ctx={ctx} action={`/procedures/${encodeURIComponent(procedure.code)}/apply`}>
          <SelectField ctx={ctx} name="caseCode" label={t('caseLabel')} required value={values.caseCode ?? (doc.cases.length === 1 ? doc.cases[0]?.code : '')} error={errors.caseCode} options={[{ value: '', label: t('choose') }, ...doc.cases.map((c) => ({ value: c.code, label: c.name }))]} />
          <SelectField ctx={ctx} name="receivingAgency" label={t('agencyLabel')} required value={values.receivingAgency ?? (agencies.length === 1 ? agencies[0]?.value : '')} error={errors.receivingAgency} options={[{ value: '', label: t('choose') }, ...agencies]} />
          <Button>{t('start')}</Button>
        </Form>
      </StepLayout>,
      status,
    );
  }

  app.get('/procedures/:code/apply', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    if (!requireSignIn(request, reply)) return reply;
    const procedure = await service.openProcedure(request.actor, request.params.code);
    return renderStart(request, reply, procedure.code, {}, {});
  });

  app.post('/procedures/:code/apply', { schema: { hide: true, params: CodeParams, body: StartBody } }, async (request, reply) => {
    if (!requireSignIn(request, reply)) return reply;
    const { caseCode, receivingAgency } = request.body;
    const errors: FieldErrors = {};
    let target: ApplicationTarget | undefined;
    try {
      target = await service.applicationTarget(request.actor, request.params.code, caseCode ?? '');
    } catch (error) {
      if (isDomainError(error) && error.code === 'dossiers.assurance_required') {
        const { required, current } = (error.details ?? {}) as { required?: number; current?: number };
        return renderAssuranceRequired(request, reply, request.params.code, required ?? 2, current ?? 1);
      }
      if (!isDomainError(error) || error.code !== 'dossiers.case_invalid') throw error;
      errors.caseCode = dossierMessages.t(request.locale, 'errorCase');
    }
    const agencies = target?.receivingAgencies ?? [];
    if (target && !(receivingAgency && agencies.includes(receivingAgency))) errors.receivingAgency = dossierMessages.t(request.locale, 'errorAgency');
    if (!target || Object.keys(errors).length > 0) return renderStart(request, reply, request.params.code, errors, { caseCode, receivingAgency }, 400);
    const prefill = await service.prefill(request.actor, target.form);
    const { draftId } = await service.saveDraft(request.actor, { procedureCode: target.procedure.code, caseCode: target.procedureCase.code, receivingAgency: receivingAgency ?? null, answers: prefill, step: 'form' });
    return reply.redirect(draftPath(draftId, 'form'), 303);
  });

  app.get('/applications/:id', { schema: { hide: true, params: DraftParams } }, async (request, reply) => {
    if (!requireSignIn(request, reply)) return reply;
    const draft = await service.getDraft(request.actor, request.params.id);
    const step = ['form', 'uploads', 'review'].includes(draft.step) ? draft.step : 'form';
    return reply.redirect(draftPath(draft.id, step), 303);
  });

  // ---- answers -------------------------------------------------------------------------
  async function renderForm(request: FastifyRequest, reply: FastifyReply, draft: DraftRow, target: ApplicationTarget, errors: FieldErrors, extraRows: Set<string>, status = 200) {
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    const answers = isRecord(draft.answers) ? draft.answers : {};
    const units = await unitsFor(target.form, answers);
    return sendPage(
      reply,
      <StepLayout ctx={ctx} title={t('formTitle')} step={2} procedureName={draft.procedureName} back={procedurePath(draft.procedureCode)}>
        <ErrorSummary ctx={ctx} errors={errors} />
        <Form ctx={ctx} action={draftPath(draft.id, 'form')}>
          <FormFields ctx={ctx} form={target.form} answers={answers} errors={errors} provinces={units.provinces} communes={units.communes} extraRows={extraRows} />
          <button type="submit" name="_action" value="continue" class="button">
            {t('continue')}
          </button>
        </Form>
      </StepLayout>,
      status,
    );
  }

  app.get('/applications/:id/form', { schema: { hide: true, params: DraftParams, querystring: Type.Object({ add: Type.Optional(Type.String({ maxLength: 100 })) }) } }, async (request, reply) => {
    if (!requireSignIn(request, reply)) return reply;
    const { draft, target } = await loadDraft(request, request.params.id);
    return renderForm(request, reply, draft, target, {}, new Set(request.query.add ? [request.query.add] : []));
  });

  app.post('/applications/:id/form', { schema: { hide: true, params: DraftParams } }, async (request, reply) => {
    if (!requireSignIn(request, reply)) return reply;
    const { draft, target } = await loadDraft(request, request.params.id);
    const body = isRecord(request.body) ? request.body : {};
    const answers = answersFromFormBody(target.form, body);
    const action = typeof body._action === 'string' ? body._action : 'continue';
    // Saved as typed whatever happens next: nothing the applicant wrote is lost.
    await service.saveDraft(request.actor, { draftId: draft.id, procedureCode: draft.procedureCode, caseCode: draft.caseCode, answers, step: 'form' });
    if (action === 'refresh') return reply.redirect(draftPath(draft.id, 'form'), 303);
    if (action.startsWith('add:')) return reply.redirect(`${draftPath(draft.id, 'form')}?add=${encodeURIComponent(action.slice(4))}`, 303);
    const checked = await service.checkAnswers(target.form, answers, request.locale);
    if (checked.errors.length > 0) return renderForm(request, reply, { ...draft, answers }, target, toFieldErrors(checked.errors), new Set(), 400);
    await service.saveDraft(request.actor, { draftId: draft.id, procedureCode: draft.procedureCode, caseCode: draft.caseCode, answers, step: 'uploads' });
    return reply.redirect(draftPath(draft.id, 'uploads'), 303);
  });

  await registerUploadPages(app, deps, loadDraft);

  // ---- check and submit ----------------------------------------------------------------
  async function renderReview(request: FastifyRequest, reply: FastifyReply, id: string, message?: string, status = 200) {
    const { draft, target } = await loadDraft(request, id);
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    const answers = isRecord(draft.answers) ? draft.answers : {};
    const units = await unitsFor(target.form, answers);
    const names = { province: new Map(units.provinces.map((p) => [p.code, p.name])), commune: new Map([...units.communes.values()].flat().map((c) => [c.code, c.name])) };
    const uploads = await service.listDraftUploads(request.actor, draft.id);
    const [agency] = draft.receivingAgency ? await agencyOptions([draft.receivingAgency], request.locale) : [];
    return sendPage(
      reply,
      <StepLayout ctx={ctx} title={t('reviewTitle')} step={4} procedureName={draft.procedureName} back={draftPath(draft.id, 'uploads')}>
        <ErrorSummary ctx={ctx} errors={{}} message={message} />
        <dl class="summary-list">
          <dt>{t('procedure')}</dt>
          <dd>{draft.procedureName}</dd>
          <dt>{t('caseLabel')}</dt>
          <dd>{target.procedureCase.name}</dd>
          <dt>{t('feesLabel')}</dt>
          <dd>
            {target.procedureCase.fees.length === 0 ? t('feesNone') : `${target.procedureCase.fees.map((f) => `${f.name}: ${formatMoney(f.amountVnd)}`).join('; ')} (${t('feesPayLater')})`}
          </dd>
          <dt>{t('agency')}</dt>
          <dd>{agency?.label ?? '—'}</dd>
        </dl>
        <h2>{t('formTitle')}</h2>
        <dl class="summary-list">
          {answerRows(target.form, answers, ctx.locale, names).map((row) => (
            <>
              <dt key={`${row.anchor}-dt`}>{row.label}</dt>
              <dd key={`${row.anchor}-dd`}>
                {row.value}{' '}
                <a href={`${draftPath(draft.id, 'form')}#${row.anchor}`}>
                  {t('change')}
                  <span class="visually-hidden"> {row.label}</span>
                </a>
              </dd>
            </>
          ))}
        </dl>
        <h2>{t('filesHeading')}</h2>
        <dl class="summary-list">
          {target.components.map(({ index, component }) => (
            <>
              <dt key={`c${index}-dt`}>{component.name}</dt>
              <dd key={`c${index}-dd`}>
                {uploads.find((u) => u.componentIndex === index)?.originalName ?? t('noFile')} <a href={draftPath(draft.id, 'uploads')}>{t('change')}</a>
              </dd>
            </>
          ))}
        </dl>
        <p>{t('declaration')}</p>
        <Form ctx={ctx} action={draftPath(draft.id, 'submit')}>
          <Button>{t('submit')}</Button>
        </Form>
      </StepLayout>,
      status,
    );
  }

  app.get('/applications/:id/review', { schema: { hide: true, params: DraftParams } }, async (request, reply) => {
    if (!requireSignIn(request, reply)) return reply;
    return renderReview(request, reply, request.params.id);
  });

  app.post('/applications/:id/submit', { schema: { hide: true, params: DraftParams } }, async (request, reply) => {
    if (!requireSignIn(request, reply)) return reply;
    const draft = await service.getDraft(request.actor, request.params.id);
    try {
      const submitted = await service.submitApplication(
        request.actor,
        { procedureCode: draft.procedureCode, caseCode: draft.caseCode ?? '', receivingAgency: draft.receivingAgency ?? undefined, answers: draft.answers, draftId: draft.id },
        { locale: request.locale },
      );
      return reply.redirect(`/dossiers/${encodeURIComponent(submitted.code)}/receipt`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'invalid') throw error;
      const message = [error.message, ...error.fields.map((f) => f.message)].join(' · ');
      return renderReview(request, reply, draft.id, message, 400);
    }
  });

  registerTrackingPages(app, deps);
}
