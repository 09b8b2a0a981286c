import { formatMoney, type Locale } from '../../platform/i18n/index.ts';
import { ResponsiveTable } from '../../platform/ui/index.ts';
import { catalogMessages, type CatalogMessageKey } from './catalog.messages.ts';
import type { ProcedureDocument, ProcessingTime } from './catalog.schemas.ts';
import type { ValidationIssue } from './catalog.validation.ts';
import type { Listing } from './procedure-index.ts';

/** Pieces shared by the public and the officials' pages. */

export function procedurePath(code: string): string {
  return `/procedures/${encodeURIComponent(code)}`;
}

export function adminProcedurePath(code: string): string {
  return `/admin/procedures/${encodeURIComponent(code)}`;
}

/** `5` → `5`, `0.5` → `0,5` (Vietnamese decimal comma). */
function number(value: number, locale: Locale): string {
  return locale === 'vi' ? String(value).replace('.', ',') : String(value);
}

export function formatTime(locale: Locale, time: ProcessingTime): string {
  const t = catalogMessages.for(locale);
  return t(time.unit === 'hours' ? 'timeHours' : 'timeDays', { value: number(time.value, locale) });
}

export function formatFeeRange(locale: Locale, fee: Listing['feeVnd']): string {
  const t = catalogMessages.for(locale);
  if (fee.max === 0) return t('feeFree');
  if (fee.min === fee.max) return formatMoney(fee.min);
  return fee.min === 0 ? `${t('feeFree')} – ${formatMoney(fee.max)}` : `${formatMoney(fee.min)} – ${formatMoney(fee.max)}`;
}

/** An issue of a document in the reader's language, prefixed with where it is. */
export function describeIssue(locale: Locale, issue: ValidationIssue): string {
  const key = `issue_${issue.code}` as CatalogMessageKey;
  const text = catalogMessages.t(locale, key, issue.params);
  return issue.path ? `${issue.path}: ${text}` : text;
}

type T = (key: CatalogMessageKey, params?: Record<string, string | number>) => string;

function List({ items }: { items: readonly string[] }) {
  return (
    <ul>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

/** The address of a procedure's form template file. */
export const templatePath = (code: string, file: string) => `${procedurePath(code)}/templates/${encodeURIComponent(file)}`;

/**
 * Everything a citizen needs to know about one procedure (the public page and the officials'
 * preview). `templates`: the names of the form templates that have a file to download.
 */
export function ProcedureBody({ document: d, locale, agencyNames, templates }: { document: ProcedureDocument; locale: Locale; agencyNames: ReadonlyMap<string, string>; templates?: ReadonlySet<string> }) {
  const t: T = catalogMessages.for(locale);
  const agency = (code: string) => agencyNames.get(code) ?? code;
  return (
    <>
      <dl class="summary-list">
        <dt>{t('labelCode')}</dt>
        <dd>
          <code>{d.code}</code>
        </dd>
        <dt>{t('labelField')}</dt>
        <dd>
          {d.field.name} <span class="hint">({d.field.code})</span>
        </dd>
        <dt>{t('labelLevel')}</dt>
        <dd>{t(`implementing_${d.implementingLevel}`)}</dd>
        <dt>{t('labelCompetent')}</dt>
        <dd>{agency(d.competentAgency)}</dd>
        <dt>{t('labelReceiving')}</dt>
        <dd>
          <List items={d.receivingAgencies.map(agency)} />
        </dd>
        <dt>{t('labelApplicants')}</dt>
        <dd>{d.applicantTypes.map((a) => t(`applicant_${a}`)).join(', ')}</dd>
        <dt>{t('labelOnline')}</dt>
        <dd>{d.onlineLevel ? t(`level_${d.onlineLevel}`) : t('level_none')}</dd>
        <dt>{t('labelChannels')}</dt>
        <dd>{d.channels.map((c) => t(`channel_${c}`)).join(', ')}</dd>
      </dl>

      <section aria-labelledby="cases-title">
        <h2 id="cases-title">{t('casesTitle')}</h2>
        <ResponsiveTable head={[t('caseColumn'), t('labelTime'), t('labelFees')]}>
          {d.cases.map((c) => (
            <tr key={c.code} id={`case-${c.code}`}>
              <th scope="row">
                <span class="hint">{c.code}.</span> {c.name}
              </th>
              <td>{formatTime(locale, c.processingTime)}</td>
              <td>
                {c.fees.length === 0 ? (
                  t('feeFree')
                ) : (
                  <ul>
                    {c.fees.map((f, i) => (
                      <li key={i}>
                        {f.name}: <strong>{formatMoney(f.amountVnd)}</strong>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </ResponsiveTable>
      </section>

      <section aria-labelledby="components-title">
        <h2 id="components-title">{t('componentsTitle')}</h2>
        <ResponsiveTable head={[t('componentColumn'), t('kindColumn'), t('copiesColumn')]}>
          {d.components.map((c, i) => (
            <tr key={i}>
              <td>
                {c.name}
                <br />
                <span class="hint">
                  {c.requirement === 'required' ? t('required') : t('conditional', { condition: c.condition ?? '' })}
                  {c.cases ? ` · ${t('forCases', { cases: c.cases.join(', ') })}` : ''}
                </span>
                {c.templateFile ? (
                  <>
                    <br />
                    {templates?.has(c.templateFile) ? (
                      <a href={templatePath(d.code, c.templateFile)} download>
                        {t('templateDownload', { file: c.templateFile })}
                      </a>
                    ) : (
                      <span class="hint">{t('template', { file: c.templateFile })}</span>
                    )}
                  </>
                ) : null}
              </td>
              <td>{t(`kind_${c.kind}`)}</td>
              <td>{t('copies', { count: c.copies })}</td>
            </tr>
          ))}
        </ResponsiveTable>
      </section>

      <section aria-labelledby="steps-title">
        <h2 id="steps-title">{t('stepsTitle')}</h2>
        <ol>
          {d.steps.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="results-title">
        <h2 id="results-title">{t('resultsSectionTitle')}</h2>
        <List items={d.results} />
      </section>

      {d.requirements.length > 0 ? (
        <section aria-labelledby="requirements-title">
          <h2 id="requirements-title">{t('requirementsTitle')}</h2>
          <List items={d.requirements} />
        </section>
      ) : null}

      <section aria-labelledby="legal-title">
        <h2 id="legal-title">{t('legalTitle')}</h2>
        <List items={d.legalBasis} />
      </section>
    </>
  );
}
