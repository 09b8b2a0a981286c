import { formatDate, formatDateTime } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, fieldId, Form, Layout, Notice, ResponsiveTable, SelectField, TextField, type PageContext } from '../../platform/ui/index.ts';
import { CaseRows, ComponentRows, fieldLabel, type FormErrors } from './catalog.admin.rows.tsx';
import type { ProcedureForm } from './catalog.form.ts';
import type { ImportError, ImportResult } from './catalog.import.ts';
import { catalogMessages } from './catalog.messages.ts';
import type { CatalogScope } from './catalog.policy.ts';
import type { AdminListItem, ProcedureStatus, VersionRow } from './catalog.repository.ts';
import { APPLICANT_TYPES, CHANNELS, IMPLEMENTING_LEVELS, ONLINE_LEVELS } from './catalog.schemas.ts';
import type { AdminProcedureView } from './catalog.service.ts';
import { adminProcedurePath, ProcedureBody, procedurePath } from './catalog.views.tsx';

export type { FormErrors } from './catalog.admin.rows.tsx';

/** The labels of the form's top-level fields, for the error summary. */
const TOP_LABELS = {
  code: 'formCode',
  name: 'formName',
  fieldCode: 'formFieldCode',
  fieldName: 'formFieldName',
  implementingLevel: 'formLevel',
  applicantTypes: 'formApplicants',
  competentAgency: 'formCompetent',
  receivingAgencies: 'formReceiving',
  onlineLevel: 'formOnline',
  channels: 'formChannels',
  steps: 'formSteps',
  results: 'formResults',
  requirements: 'formRequirements',
  legalBasis: 'formLegal',
} as const;

const STATUSES: ProcedureStatus[] = ['draft', 'published', 'withdrawn'];

export function AdminListPage(props: {
  ctx: PageContext;
  scope: CatalogScope;
  items: AdminListItem[];
  total: number;
  page: number;
  pages: number;
  q: string;
  status: string;
}) {
  const { ctx } = props;
  const t = catalogMessages.for(ctx.locale);
  const href = (page: number) => {
    const params = new URLSearchParams();
    if (props.q) params.set('q', props.q);
    if (props.status) params.set('status', props.status);
    if (page > 1) params.set('page', String(page));
    const s = params.toString();
    return s ? `/admin/procedures?${s}` : '/admin/procedures';
  };
  return (
    <Layout ctx={ctx} title={t('adminTitle')}>
      <h1>{t('adminTitle')}</h1>
      <p>{props.scope.kind === 'all' ? t('adminIntroAll') : t('adminIntroScope', { level1: props.scope.level1 })}</p>
      <ul class="footer-links">
        <li>
          <a class="button" href="/admin/procedures/new">
            {t('newProcedure')}
          </a>
        </li>
        <li>
          <a href="/admin/procedures/export.json" download>
            {t('exportJson')}
          </a>
        </li>
        <li>
          <a href="/admin/procedures/export.xlsx" download>
            {t('exportExcel')}
          </a>
        </li>
        <li>
          <a href="/admin/procedures/import">{t('importLink')}</a>
        </li>
      </ul>
      <p class="hint">{t('importCliHint')}</p>
      <form method="get" action="/admin/procedures" class="search-form" role="search">
        <div class="field">
          <label for="admin-procedure-search">{t('adminSearchLabel')}</label>
          <input id="admin-procedure-search" name="q" type="search" value={props.q} maxLength={200} />
        </div>
        <div class="field">
          <label for="admin-procedure-status">{t('statusLabel')}</label>
          <select id="admin-procedure-status" name="status">
            <option value="">{t('filterAll')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s} selected={s === props.status}>
                {t(`status_${s}`)}
              </option>
            ))}
          </select>
        </div>
        <Button>{t('searchButton')}</Button>
      </form>
      <p>{t('resultsCount', { count: props.total })}</p>
      {props.items.length === 0 ? (
        <p>{t('noProcedures')}</p>
      ) : (
        <ResponsiveTable head={[t('colCode'), t('colName'), t('colAgency'), t('colStatus'), t('colUpdated')]}>
          {props.items.map((p) => (
            <tr key={p.code}>
              <td>
                <a href={adminProcedurePath(p.code)}>
                  <code>{p.code}</code>
                </a>
              </td>
              <td>{p.name}</td>
              <td>{p.competentAgencyName}</td>
              <td>
                {t(`status_${p.status}`)}
                {p.hasDraft && p.status !== 'draft' ? <span class="hint"> ({t('pendingDraft')})</span> : null}
              </td>
              <td>{formatDateTime(p.updatedAt)}</td>
            </tr>
          ))}
        </ResponsiveTable>
      )}
      {props.pages > 1 ? (
        <nav aria-label={t('paginationLabel')}>
          <p>{t('pageOf', { page: props.page, pages: props.pages })}</p>
          <ul class="footer-links">
            {props.page > 1 ? (
              <li>
                <a href={href(props.page - 1)} rel="prev">
                  {t('previousPage')}
                </a>
              </li>
            ) : null}
            {props.page < props.pages ? (
              <li>
                <a href={href(props.page + 1)} rel="next">
                  {t('nextPage')}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </Layout>
  );
}

function TextArea(props: { ctx: PageContext; name: keyof ProcedureForm; label: string; hint?: string; value: string; errors: FormErrors; rows?: number }) {
  const id = fieldId(props.name);
  const error = props.errors[props.name];
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <ul class="error-message" id={errorId}>
          {error.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      ) : null}
      <textarea id={id} name={props.name} rows={props.rows ?? 4} aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined} aria-invalid={error ? 'true' : undefined}>
        {props.value}
      </textarea>
    </div>
  );
}

function Checkboxes(props: { name: 'applicantTypes' | 'channels'; legend: string; options: { value: string; label: string }[]; values: string[]; errors: FormErrors }) {
  const error = props.errors[props.name];
  return (
    <fieldset class={error ? 'field field-error' : 'field'} id={fieldId(props.name)}>
      <legend>{props.legend}</legend>
      {error ? <p class="error-message">{error.join('; ')}</p> : null}
      {props.options.map((o) => {
        const id = `${fieldId(props.name)}-${o.value}`;
        return (
          <div key={o.value}>
            <input type="checkbox" id={id} name={props.name} value={o.value} checked={props.values.includes(o.value)} />
            <label for={id}>{o.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

export function ProcedureFormPage(props: { ctx: PageContext; mode: 'new' | 'edit'; form: ProcedureForm; errors: FormErrors; published?: boolean; rowsChanged?: boolean }) {
  const { ctx, form, errors } = props;
  const t = catalogMessages.for(ctx.locale);
  const title = props.mode === 'new' ? t('newTitle') : t('editTitle', { code: form.code });
  const one = (name: keyof ProcedureForm) => errors[name]?.join('; ');
  // Each problem named by its field's label ("Trường hợp 1 – phí 2 – Số tiền (đồng): …").
  const labelOf = (name: string) => fieldLabel(t, name) ?? (name in TOP_LABELS ? t(TOP_LABELS[name as keyof typeof TOP_LABELS]) : name);
  const summary = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, `${labelOf(k)}: ${(v ?? []).join('; ')}`]));
  const action = props.mode === 'new' ? '/admin/procedures' : `${adminProcedurePath(form.code)}/edit`;
  return (
    <Layout ctx={ctx} title={title}>
      <nav aria-label={t('breadcrumbLabel')}>
        <a href="/admin/procedures">{t('adminTitle')}</a>
      </nav>
      <h1>{title}</h1>
      {props.published ? <Notice>{t('editIntroPublished')}</Notice> : null}
      {props.rowsChanged ? <Notice>{t('rowsChanged')}</Notice> : null}
      <ErrorSummary ctx={ctx} errors={summary} message={Object.keys(summary).length > 0 ? t('errorsIntro') : undefined} />
      <Form ctx={ctx} action={action}>
        {props.mode === 'new' ? (
          <TextField ctx={ctx} name="code" label={t('formCode')} hint={t('formCodeHint')} value={form.code} error={one('code')} maxLength={60} required />
        ) : (
          <input type="hidden" name="code" value={form.code} />
        )}
        <TextField ctx={ctx} name="name" label={t('formName')} value={form.name} error={one('name')} maxLength={500} required />
        <TextField ctx={ctx} name="fieldCode" label={t('formFieldCode')} hint={t('formFieldCodeHint')} value={form.fieldCode} error={one('fieldCode')} maxLength={20} required />
        <TextField ctx={ctx} name="fieldName" label={t('formFieldName')} value={form.fieldName} error={one('fieldName')} maxLength={300} required />
        <SelectField
          ctx={ctx}
          name="implementingLevel"
          label={t('formLevel')}
          value={form.implementingLevel}
          error={one('implementingLevel')}
          options={IMPLEMENTING_LEVELS.map((l) => ({ value: l, label: t(`implementing_${l}`) }))}
        />
        <Checkboxes name="applicantTypes" legend={t('formApplicants')} values={form.applicantTypes} errors={errors} options={APPLICANT_TYPES.map((a) => ({ value: a, label: t(`applicant_${a}`) }))} />
        <TextField ctx={ctx} name="competentAgency" label={t('formCompetent')} value={form.competentAgency} error={one('competentAgency')} maxLength={35} required />
        <TextArea ctx={ctx} name="receivingAgencies" label={t('formReceiving')} hint={t('oneCodePerLine')} value={form.receivingAgencies} errors={errors} rows={3} />
        <SelectField
          ctx={ctx}
          name="onlineLevel"
          label={t('formOnline')}
          value={form.onlineLevel}
          error={one('onlineLevel')}
          options={[{ value: '', label: t('level_none') }, ...ONLINE_LEVELS.map((l) => ({ value: l, label: t(`level_${l}`) }))]}
        />
        <Checkboxes name="channels" legend={t('formChannels')} values={form.channels} errors={errors} options={CHANNELS.map((c) => ({ value: c, label: t(`channel_${c}`) }))} />
        <CaseRows ctx={ctx} cases={form.cases} errors={errors} />
        <TextArea ctx={ctx} name="steps" label={t('formSteps')} hint={t('oneItemPerLine')} value={form.steps} errors={errors} rows={6} />
        <ComponentRows ctx={ctx} components={form.components} errors={errors} />
        <TextArea ctx={ctx} name="results" label={t('formResults')} hint={t('oneItemPerLine')} value={form.results} errors={errors} rows={3} />
        <TextArea ctx={ctx} name="requirements" label={t('formRequirements')} hint={t('oneItemPerLine')} value={form.requirements} errors={errors} rows={3} />
        <TextArea ctx={ctx} name="legalBasis" label={t('formLegal')} hint={t('oneItemPerLine')} value={form.legalBasis} errors={errors} rows={4} />
        <Button>{t('saveDraft')}</Button> <a href={props.mode === 'new' ? '/admin/procedures' : adminProcedurePath(form.code)}>{t('cancel')}</a>
      </Form>
    </Layout>
  );
}

export function PreviewPage(props: { ctx: PageContext; view: AdminProcedureView; shown: VersionRow; agencyNames: ReadonlyMap<string, string>; notice?: string | undefined }) {
  const { ctx, view, shown } = props;
  const t = catalogMessages.for(ctx.locale);
  const state =
    shown.id === view.draft?.id
      ? t('previewDraft', { version: shown.version })
      : shown.id === view.current?.id
        ? view.status === 'withdrawn'
          ? t('previewWithdrawn', { version: shown.version })
          : t('previewPublished', { version: shown.version })
        : t('previewOld', { version: shown.version });
  const base = adminProcedurePath(view.code);
  const canPublish = view.draft !== undefined || view.status === 'withdrawn';
  return (
    <Layout ctx={ctx} title={t('previewTitle', { code: view.code })}>
      <nav aria-label={t('breadcrumbLabel')}>
        <a href="/admin/procedures">{t('adminTitle')}</a>
      </nav>
      <h1>{shown.document.name}</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>
        <strong>{t(`status_${view.status}`)}</strong>. {state}
      </p>
      <section aria-labelledby="actions-title">
        <h2 id="actions-title" class="visually-hidden">
          {t('actionsTitle')}
        </h2>
        <ul class="footer-links">
          <li>
            <a class="button button-secondary" href={`${base}/edit`}>
              {t('edit')}
            </a>
          </li>
          <li>
            <a class="button button-secondary" href={`${base}/templates`}>
              {t('templatesTitle')}
            </a>
          </li>
          {canPublish ? (
            <li>
              <Form ctx={ctx} action={`${base}/publish`}>
                <Button>{view.draft ? t('publish') : t('publishAgain')}</Button>
              </Form>
            </li>
          ) : null}
          {view.status === 'published' ? (
            <li>
              <Form ctx={ctx} action={`${base}/withdraw`}>
                <Button variant="secondary">{t('withdraw')}</Button>
              </Form>
            </li>
          ) : null}
          {view.status === 'published' ? (
            <li>
              <a href={procedurePath(view.code)}>{t('publicPage')}</a>
            </li>
          ) : null}
        </ul>
      </section>
      <ProcedureBody document={shown.document} locale={ctx.locale} agencyNames={props.agencyNames} />
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t('versionsTitle')}</h2>
        <ul>
          {view.versions.map((v) => (
            <li key={v.id}>
              <a href={`${base}?version=${v.version}`} aria-current={v.id === shown.id ? 'true' : undefined}>
                {t('versionRow', { version: v.version })}
              </a>{' '}
              ({v.publishedAt ? t('versionPublished', { date: formatDate(v.publishedAt) }) : t('versionDraft', { date: formatDate(v.createdAt) })})
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

export function ImportPage(props: { ctx: PageContext; content: string; skipInvalid: boolean; publish: boolean; result?: ImportResult | undefined; errors?: ImportError[] }) {
  const { ctx, result } = props;
  const t = catalogMessages.for(ctx.locale);
  const errors = props.errors ?? result?.errors ?? [];
  return (
    <Layout ctx={ctx} title={t('importTitle')}>
      <nav aria-label={t('breadcrumbLabel')}>
        <a href="/admin/procedures">{t('adminTitle')}</a>
      </nav>
      <h1>{t('importTitle')}</h1>
      <p>{t('importIntro')}</p>
      {result?.written ? (
        <Notice kind="success">{t('importDone', { total: result.total, created: result.created, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected })}</Notice>
      ) : null}
      {result && !result.written && errors.length > 0 ? (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <p>{t('importNothing')}</p>
        </div>
      ) : null}
      {errors.length > 0 ? (
        <section aria-labelledby="import-errors-title">
          <h2 id="import-errors-title">{t('importErrorsTitle')}</h2>
          <ResponsiveTable head={[t('colWhere'), t('colProblem')]}>
            {errors.map((e, i) => (
              <tr key={i}>
                <td>
                  {e.sheet} {e.row > 0 ? `#${e.row}` : ''} <code>{e.column}</code>
                </td>
                <td>{e.message}</td>
              </tr>
            ))}
          </ResponsiveTable>
        </section>
      ) : null}
      {/* Options come before the file: the server reads the parts in order. */}
      <Form ctx={ctx} action="/admin/procedures/import" enctype="multipart/form-data">
        <div class="field">
          <input type="checkbox" id="import-skip" name="skipInvalid" value="true" checked={props.skipInvalid} /> <label for="import-skip">{t('importSkip')}</label>
        </div>
        <div class="field">
          <input type="checkbox" id="import-publish" name="publish" value="true" checked={props.publish} /> <label for="import-publish">{t('importPublish')}</label>
        </div>
        <div class="field">
          <label for="import-content">{t('importContent')}</label>
          <textarea id="import-content" name="content" rows={10}>
            {props.content}
          </textarea>
        </div>
        <div class="field">
          <label for="import-file">{t('importFile')}</label>
          <p class="hint" id="import-file-hint">
            {t('importFileHint')}
          </p>
          <input type="file" id="import-file" name="file" accept=".xlsx,.json,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="import-file-hint" />
        </div>
        <Button>{t('importButton')}</Button>
      </Form>
    </Layout>
  );
}
