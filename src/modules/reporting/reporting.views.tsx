import { formatDate } from '../../platform/i18n/index.ts';
import { ErrorSummary, fieldId, Form, Layout, Notice, ResponsiveTable, TextField, type FieldErrors, type PageContext } from '../../platform/ui/index.ts';
import { reportingMessages } from './reporting.messages.ts';
import { formatNumber, labelOf } from './reporting.present.ts';
import { EDITABLE_STATES, type SubmissionState } from './reporting.types.ts';
import type { ReportView } from './submissions.service.ts';
import { valueKeysOf } from './reporting.validation.ts';

export const reportPath = (regime: string, period: string, unit?: string) => `/console/reporting/${encodeURIComponent(regime)}/${encodeURIComponent(period)}${unit ? `?unit=${encodeURIComponent(unit)}` : ''}`;

export function stateLabel(state: SubmissionState | null, t: ReturnType<typeof reportingMessages.for>): string {
  return state ? t(`state_${state}`) : t('stateNone');
}

export interface ReportPageProps {
  ctx: PageContext;
  view: ReportView;
  /** Raw inputs to show again (after a refused save), else the stored values. */
  inputs?: Record<string, string>;
  errors: FieldErrors;
  notice?: string | undefined;
  message?: string | undefined;
  /** Which actions the viewer may try (the use case decides again). */
  actions: string[];
}

export function ReportPage({ ctx, view, inputs, errors, notice, message, actions }: ReportPageProps) {
  const t = reportingMessages.for(ctx.locale);
  const vi = ctx.locale === 'vi';
  const submission = view.submission;
  const editable = view.own && (!submission || EDITABLE_STATES.includes(submission.state));
  const title = t('reportTitle', { regime: vi ? view.regime.name : view.regime.nameEn, unit: view.unit.name, period: view.period });
  const base = `/console/reporting/${encodeURIComponent(view.regime.code)}/${encodeURIComponent(view.period)}`;
  const shown = (key: string) => inputs?.[key] ?? (submission?.values[key] !== undefined ? String(submission.values[key]) : '');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <ErrorSummary ctx={ctx} errors={errors} message={message} />
      <p>{t('legalBasis', { text: view.regime.legalBasis })}</p>
      <p>
        {t('window', { from: formatDate(view.window.from), to: formatDate(view.window.to) })}. {t('deadline')}: <strong>{formatDate(view.deadline)}</strong>.{' '}
        {t('state')}: <strong>{submission ? stateLabel(submission.state, t) : view.own ? t('stateNone') : t('hiddenDraft')}</strong>
      </p>
      {submission?.reason ? <p>{t('reason', { text: submission.reason })}</p> : null}
      {submission && !EDITABLE_STATES.includes(submission.state) ? <p>{t('locked')}</p> : null}
      {view.entersValues ? (
        editable ? (
          <>
            <Form ctx={ctx} action={`${base}/save`}>
              <input type="hidden" name="version" value={String(submission?.version ?? '')} />
              <h2>{t('values')}</h2>
              {view.indicators.map((indicator) =>
                indicator.aggregation === 'FORMULA' ? null : (
                  <fieldset key={indicator.code} class="fieldset">
                    <legend>
                      {vi ? indicator.name : indicator.nameEn} ({indicator.unit})
                    </legend>
                    {valueKeysOf(indicator).map((key) => (
                      <TextField ctx={ctx} key={key} name={`v.${key}`} label={key === indicator.code ? t('total') : labelOf(key, view.indicators, ctx.locale).split(' — ')[1] ?? key} value={shown(key)} error={errors[`v.${key}`]} inputmode="text" />
                    ))}
                  </fieldset>
                ),
              )}
              <Narrative view={view} ctx={ctx} editable />
              <button type="submit" class="button">{t('save')}</button>
            </Form>
            <h2>{t('excel')}</h2>
            <p>{t('excelHint')}</p>
            <p>
              <a href={`${base}/template.xlsx`}>{t('downloadTemplate')}</a>
            </p>
            <Form ctx={ctx} action={`${base}/upload`} enctype="multipart/form-data">
              <div class="field">
                <label for="f-file">{t('uploadFile')}</label>
                <input id="f-file" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
              </div>
              <button type="submit" class="button button-secondary">{t('upload')}</button>
            </Form>
          </>
        ) : submission ? (
          <>
            <ValuesTable ctx={ctx} view={view} values={submission.values} caption={t('values')} />
            <Narrative view={view} ctx={ctx} />
          </>
        ) : null
      ) : (
        <>
          <ValuesTable ctx={ctx} view={view} values={view.rollup} caption={t('rollup')} />
          {editable ? (
            <Form ctx={ctx} action={`${base}/save`}>
              <input type="hidden" name="version" value={String(submission?.version ?? '')} />
              <Narrative view={view} ctx={ctx} editable />
              <button type="submit" class="button">{t('save')}</button>
            </Form>
          ) : (
            <Narrative view={view} ctx={ctx} />
          )}
        </>
      )}
      {view.children.length > 0 ? <Children ctx={ctx} view={view} /> : null}
      {actions.length > 0 ? (
        <>
          <h2>{t('actions')}</h2>
          <Form ctx={ctx} action={`${base}/action`}>
            <input type="hidden" name="unit" value={view.unit.code} />
            {actions.some((a) => a === 'return' || a === 'request_correction' || a === 'unlock') ? (
              <TextField ctx={ctx} name="reason" label={t('reasonLabel')} error={errors.reason} maxLength={2000} />
            ) : null}
            <div class="button-group">
              {actions.map((action) => (
                <button key={action} type="submit" name="action" value={action} class={action === 'submit' || action === 'approve' || action === 'accept' ? 'button' : 'button button-secondary'}>
                  {t(action as 'submit')}
                </button>
              ))}
            </div>
          </Form>
        </>
      ) : null}
    </Layout>
  );
}

function Narrative({ ctx, view, editable }: { ctx: PageContext; view: ReportView; editable?: boolean }) {
  const t = reportingMessages.for(ctx.locale);
  if (view.regime.narrativeSections.length === 0) return null;
  return (
    <>
      <h2>{t('narrative')}</h2>
      {view.regime.narrativeSections.map((section) => {
        const text = view.submission?.narrative[section.code] ?? '';
        const label = ctx.locale === 'vi' ? section.title : section.titleEn;
        return editable ? (
          <div class="field" key={section.code}>
            <label for={fieldId(`n.${section.code}`)}>{label}</label>
            <textarea id={fieldId(`n.${section.code}`)} name={`n.${section.code}`} rows={4} maxLength={20000}>
              {text}
            </textarea>
          </div>
        ) : (
          <section key={section.code}>
            <h3>{label}</h3>
            <p>{text || '—'}</p>
          </section>
        );
      })}
    </>
  );
}

function ValuesTable({ ctx, view, values, caption }: { ctx: PageContext; view: ReportView; values: Record<string, number>; caption: string }) {
  const t = reportingMessages.for(ctx.locale);
  const vi = ctx.locale === 'vi';
  return (
    <ResponsiveTable head={[t('indicator'), t('unitOfMeasure'), t('value')]} caption={caption}>
          {view.indicators.flatMap((indicator) => {
            const keys = indicator.aggregation === 'FORMULA' ? [indicator.code] : valueKeysOf(indicator);
            return keys.map((key) => (
              <tr key={key}>
                <th scope="row">{key === indicator.code ? (vi ? indicator.name : indicator.nameEn) : labelOf(key, view.indicators, ctx.locale)}</th>
                <td>{indicator.unit}</td>
                <td class="numeric">{formatNumber(values[key], ctx.locale)}</td>
              </tr>
            ));
          })}
    </ResponsiveTable>
  );
}

function Children({ ctx, view }: { ctx: PageContext; view: ReportView }) {
  const t = reportingMessages.for(ctx.locale);
  return (
    <>
      <h2>{t('children')}</h2>
      <ResponsiveTable head={[t('unit'), t('state'), t('sentAt')]}>
            {view.children.map((child) => (
              <tr key={child.unitCode}>
                <th scope="row">
                  <a href={reportPath(view.regime.code, view.period, child.unitCode)}>{view.childNames[child.unitCode] ?? child.unitCode}</a>
                </th>
                <td>{stateLabel(child.state, t)}</td>
                <td>{child.sentAt ? formatDate(child.sentAt) : '—'}</td>
              </tr>
            ))}
      </ResponsiveTable>
    </>
  );
}
