import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { ErrorSummary, fieldId, Form, Layout, Notice, pageContext, SelectField, sendPage, TextField } from '../../platform/ui/index.ts';
import type { ReportingApi } from './reporting.api.ts';
import { signedIn } from './reporting.access.ts';
import { reportingAdminMessages } from './reporting.admin-messages.ts';
import { indicatorFromForm, indicatorToForm, LEVELS, regimeFromForm, regimeToForm, type FormFields } from './reporting.admin-forms.ts';
import { ReportingErrors } from './reporting.errors.ts';
import { FREQUENCIES } from './reporting.periods.ts';

/**
 * System administrators create and edit reporting regimes and indicators. The pages only read
 * the forms: the use cases (defineIndicators, defineRegime) check the whole, refuse with a
 * clear message, store and audit.
 */
type Kind = 'indicators' | 'regimes';

function assertAdmin(request: FastifyRequest): void {
  if (signedIn(request.actor).kind !== 'admin') throw ReportingErrors.adminOnly();
}

const Textarea = ({ name, label, value }: { name: string; label: string; value: string | undefined }) => (
  <div class="field">
    <label for={fieldId(name)}>{label}</label>
    <textarea id={fieldId(name)} name={name} rows={6} maxLength={100000}>
      {value ?? ''}
    </textarea>
  </div>
);

export function registerAdminPages(app: HttpApp, api: ReportingApi): void {
  app.get('/admin/reporting', { schema: { hide: true } }, async (request, reply) => {
    assertAdmin(request);
    const ctx = pageContext(request, reply);
    const t = reportingAdminMessages.for(ctx.locale);
    const vi = ctx.locale === 'vi';
    const saved = (request.query as { saved?: string }).saved;
    const [regimes, indicators] = await Promise.all([api.listRegimes(), api.listIndicators()]);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('title')}>
        <h1>{t('title')}</h1>
        {saved ? <Notice kind="success">{t('saved', { code: saved.slice(0, 40) })}</Notice> : null}
        <p>{t('intro')}</p>
        <h2>{t('regimes')}</h2>
        <p><a href="/admin/reporting/regimes/new">{t('newRegime')}</a></p>
        <ul>
          {regimes.map((r) => (
            <li key={r.code}>
              <a href={`/admin/reporting/regimes/${encodeURIComponent(r.code)}`}>{r.code}</a> — {vi ? r.name : r.nameEn} ({t(`freq_${r.frequency}`)})
            </li>
          ))}
        </ul>
        <h2>{t('indicators')}</h2>
        <p><a href="/admin/reporting/indicators/new">{t('newIndicator')}</a></p>
        <ul>
          {indicators.map((i) => (
            <li key={i.code}>
              <a href={`/admin/reporting/indicators/${encodeURIComponent(i.code)}`}>{i.code}</a> — {vi ? i.name : i.nameEn} ({t(`agg_${i.aggregation}`)})
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  const render = (request: FastifyRequest, reply: FastifyReply, kind: Kind, fields: FormFields, editing: boolean, message?: string, status = 200) => {
    const ctx = pageContext(request, reply);
    const t = reportingAdminMessages.for(ctx.locale);
    const title = kind === 'indicators' ? (editing ? `${t('indicators')} ${fields.code}` : t('newIndicator')) : editing ? `${t('regimes')} ${fields.code}` : t('newRegime');
    const field = (name: string, label: string, extra: { hint?: string; inputmode?: 'numeric' } = {}) => <TextField ctx={ctx} name={name} label={label} value={fields[name]} {...extra} />;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title}>
        <h1>{title}</h1>
        <ErrorSummary ctx={ctx} errors={{}} message={message ? `${t('refused')} ${message}` : undefined} />
        <Form ctx={ctx} action={`/admin/reporting/${kind}`}>
          {editing ? <input type="hidden" name="code" value={fields.code} /> : field('code', t('code'))}
          {field('name', t('name'))}
          {field('nameEn', t('nameEn'))}
          {kind === 'indicators' ? (
            <>
              {field('unit', t('unit'))}
              <SelectField ctx={ctx} name="valueType" label={t('valueType')} value={fields.valueType} options={(['integer', 'decimal', 'percent'] as const).map((v) => ({ value: v, label: t(`vt_${v}`) }))} />
              <SelectField ctx={ctx} name="aggregation" label={t('aggregation')} value={fields.aggregation} options={(['SUM', 'AVG', 'MAX', 'MIN', 'FORMULA'] as const).map((v) => ({ value: v, label: t(`agg_${v}`) }))} />
              {field('weightIndicator', t('weightIndicator'))}
              {field('formula', t('formula'), { hint: t('formulaHint') })}
              {field('minValue', t('minValue'))}
              {field('maxValue', t('maxValue'))}
            </>
          ) : (
            <>
              <Textarea name="legalBasis" label={t('legalBasis')} value={fields.legalBasis} />
              <SelectField ctx={ctx} name="frequency" label={t('frequency')} value={fields.frequency} options={FREQUENCIES.map((f) => ({ value: f, label: t(`freq_${f}`) }))} />
              {field('deadlineWorkingDays', t('deadlineDays'), { inputmode: 'numeric' })}
              {LEVELS.map((level) => field(`level.${level}`, t('levelDeadline', { level: t(`level_${level}`) }), { inputmode: 'numeric' }))}
              {field('receivingUnitCode', t('receivingUnit'))}
              <Textarea name="indicators" label={t('regimeIndicators')} value={fields.indicators} />
              <Textarea name="units" label={t('regimeUnits')} value={fields.units} />
              <Textarea name="sections" label={t('sections')} value={fields.sections} />
              <Textarea name="rules" label={t('rules')} value={fields.rules} />
            </>
          )}
          <input type="hidden" name="editing" value={editing ? '1' : ''} />
          <button type="submit" class="button">{t('save')}</button>
        </Form>
      </Layout>,
      status,
    );
  };

  app.get('/admin/reporting/:kind/:code', { schema: { hide: true } }, async (request, reply) => {
    assertAdmin(request);
    const { kind, code } = request.params as { kind: string; code: string };
    if (kind === 'indicators') {
      if (code === 'new') return render(request, reply, kind, indicatorToForm(undefined), false);
      const found = (await api.listIndicators()).find((i) => i.code === code);
      if (!found) throw ReportingErrors.indicatorNotFound(code);
      return render(request, reply, kind, indicatorToForm(found), true);
    }
    if (kind !== 'regimes') throw ReportingErrors.regimeNotFound(code);
    if (code === 'new') return render(request, reply, kind, regimeToForm(undefined), false);
    const regime = (await api.listRegimes()).find((r) => r.code === code);
    if (!regime) throw ReportingErrors.regimeNotFound(code);
    return render(request, reply, kind, regimeToForm(regime), true);
  });

  app.post('/admin/reporting/:kind', { schema: { hide: true } }, async (request, reply) => {
    assertAdmin(request);
    const { kind } = request.params as { kind: string };
    if (kind !== 'indicators' && kind !== 'regimes') throw ReportingErrors.regimeNotFound(kind);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const fields: FormFields = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string').map(([k, v]) => [k, v.slice(0, 100_000)]));
    const t = reportingAdminMessages.for(request.locale);
    const say = (key: 'notANumber' | 'lineInvalid', params: Record<string, string>) => t(key, params);
    const editing = fields.editing === '1';
    try {
      if (kind === 'indicators') {
        const existing = (await api.listIndicators()).find((i) => i.code === fields.code?.trim().toUpperCase());
        await api.defineIndicators(request.actor, [indicatorFromForm(fields, existing, say)]);
      } else await api.defineRegime(request.actor, regimeFromForm(fields, say));
      return reply.redirect(`/admin/reporting?saved=${encodeURIComponent((fields.code ?? '').trim().toUpperCase())}`, 303);
    } catch (error) {
      if (!isDomainError(error) || (error.kind !== 'invalid' && error.kind !== 'not_found')) throw error;
      return render(request, reply, kind, fields, editing, error.message, 400);
    }
  });
}
