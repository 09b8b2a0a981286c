import { formatDate, formatDateTime, type Locale } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, ResponsiveTable, TextField, type FieldErrors, type PageContext } from '../../platform/ui/index.ts';
import { agencyName } from './agency-name.ts';
import { buildAgencyTree, type AgencyTreeNode } from './agency-code.ts';
import { agenciesMessages } from './agencies.messages.ts';
import type { ManagementScope } from './agencies.policy.ts';
import type { AgencyAdminView } from './agencies.service.ts';
import type { Agency, IntegrationClient } from './agencies.types.ts';
import { DEFAULT_OVERLAP_HOURS } from './clients.service.ts';

export { agencyName };

export function agencyPath(code: string): string {
  return `/admin/agencies/${encodeURIComponent(code)}`;
}

function Flags({ agency, locale }: { agency: Agency; locale: Locale }) {
  const t = agenciesMessages.for(locale);
  const flags = [!agency.codeConfirmed && !agency.isDemo ? t('codeUnconfirmed') : null, agency.isDemo ? t('demo') : null].filter(Boolean);
  return flags.length > 0 ? <span class="hint"> ({flags.join(', ')})</span> : null;
}

function TreeList({ nodes, locale, label }: { nodes: AgencyTreeNode<Agency>[]; locale: Locale; label?: string }) {
  return (
    <ul aria-label={label}>
      {nodes.map((node) => (
        <li key={node.agency.code}>
          <a href={agencyPath(node.agency.code)}>{agencyName(node.agency, locale)}</a> <code>{node.agency.code}</code>
          <Flags agency={node.agency} locale={locale} />
          {node.children.length > 0 ? <TreeList nodes={node.children} locale={locale} /> : null}
        </li>
      ))}
    </ul>
  );
}

export function AgencyListPage(props: { ctx: PageContext; scope: ManagementScope; agencies: Agency[]; truncated: boolean; q: string }) {
  const { ctx } = props;
  const t = agenciesMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('adminTitle')}>
      <h1>{t('adminTitle')}</h1>
      <p>{props.scope.kind === 'all' ? t('adminIntroAll') : t('adminIntroScope', { level1: props.scope.level1 })}</p>
      <form method="get" action="/admin/agencies" class="search-form" role="search">
        <div class="field">
          <label for="agency-search">{t('searchLabel')}</label>
          <input id="agency-search" name="q" type="search" value={props.q} maxLength={100} />
        </div>
        <button type="submit" class="button">
          {t('searchButton')}
        </button>
      </form>
      {props.truncated ? <Notice>{t('truncated', { count: props.agencies.length })}</Notice> : null}
      {props.agencies.length === 0 ? <p>{t('noAgencies')}</p> : <TreeList nodes={buildAgencyTree(props.agencies)} locale={ctx.locale} label={t('treeLabel')} />}
    </Layout>
  );
}

function ClientsTable({ ctx, agency, clients }: { ctx: PageContext; agency: Agency; clients: IntegrationClient[] }) {
  const t = agenciesMessages.for(ctx.locale);
  if (clients.length === 0) return <p>{t('noClients')}</p>;
  return (
    <ResponsiveTable head={[t('colClient'), t('colCreated'), t('colStatus'), t('colSecrets'), t('colActions')]} caption={t('clientsCaption', { agency: agencyName(agency, ctx.locale) })} captionHidden>
          {clients.map((client) => (
            <tr key={client.clientId}>
              <td>
                {client.name}
                <br />
                <code>{client.clientId}</code>
              </td>
              <td>{formatDate(client.createdAt)}</td>
              <td>{client.revokedAt ? t('statusRevoked', { date: formatDate(client.revokedAt) }) : t('statusActive')}</td>
              <td>
                <ul>
                  {client.activeSecrets.map((s) => (
                    <li key={s.hint + s.createdAt.toISOString()}>
                      {t('secretHint', { hint: s.hint })}
                      {s.validUntil ? `, ${t('secretUntil', { date: formatDateTime(s.validUntil) })}` : ''}
                    </li>
                  ))}
                </ul>
              </td>
              <td>{client.revokedAt ? null : <ClientActions ctx={ctx} agency={agency} client={client} />}</td>
            </tr>
          ))}
    </ResponsiveTable>
  );
}

function ClientActions({ ctx, agency, client }: { ctx: PageContext; agency: Agency; client: IntegrationClient }) {
  const t = agenciesMessages.for(ctx.locale);
  const base = `${agencyPath(agency.code)}/clients/${encodeURIComponent(client.clientId)}`;
  const selectId = `overlap-${client.clientId}`;
  const options: [number, string][] = [
    [0, t('overlapNone')],
    [24, t('overlapDay')],
    [DEFAULT_OVERLAP_HOURS, t('overlapWeek')],
    [720, t('overlapMonth')],
  ];
  return (
    <>
      <Form ctx={ctx} action={`${base}/rotate`}>
        <div class="field">
          <label for={selectId}>{t('overlapLabel')}</label>
          <select id={selectId} name="overlapHours">
            {options.map(([hours, label]) => (
              <option key={hours} value={String(hours)} selected={hours === DEFAULT_OVERLAP_HOURS}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <Button variant="secondary">{t('rotateButton')}</Button>
      </Form>
      <Form ctx={ctx} action={`${base}/revoke`}>
        <Button variant="secondary">{t('revokeButton')}</Button>
      </Form>
    </>
  );
}

export function AgencyDetailPage(props: { ctx: PageContext; view: AgencyAdminView; notice?: string | undefined; errors?: FieldErrors; nameValue?: string; status?: number }) {
  const { ctx, view } = props;
  const { agency } = view;
  const t = agenciesMessages.for(ctx.locale);
  const name = agencyName(agency, ctx.locale);
  const errors = props.errors ?? {};
  return (
    <Layout ctx={ctx} title={name}>
      <nav aria-label={t('breadcrumbLabel')}>
        <a href="/admin/agencies">{t('adminTitle')}</a>
        {view.parent ? (
          <>
            {' › '}
            <a href={agencyPath(view.parent.code)}>{agencyName(view.parent, ctx.locale)}</a>
          </>
        ) : null}
      </nav>
      <h1>{name}</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>{t('detailIntro')}</p>
      <dl class="summary-list">
        <dt>{t('fieldCode')}</dt>
        <dd>
          <code>{agency.code}</code>
          <Flags agency={agency} locale={ctx.locale} />
        </dd>
        <dt>{t('fieldName')}</dt>
        <dd>{agency.name}</dd>
        <dt>{t('fieldNameEn')}</dt>
        <dd>{agency.nameEn ?? t('none')}</dd>
        <dt>{t('fieldLevel')}</dt>
        <dd>{agency.level}</dd>
        <dt>{t('fieldLevel1')}</dt>
        <dd>{agency.level1}</dd>
        <dt>{t('fieldParent')}</dt>
        <dd>{agency.parentCode ? <code>{agency.parentCode}</code> : t('none')}</dd>
        <dt>{t('fieldProvince')}</dt>
        <dd>{agency.provinceCode ?? t('none')}</dd>
        <dt>{t('fieldCodeStatus')}</dt>
        <dd>{agency.codeConfirmed ? t('codeConfirmed') : t('codeNotConfirmed')}</dd>
      </dl>
      {view.children.length > 0 ? (
        <section aria-labelledby="units-title">
          <h2 id="units-title">{t('childrenTitle')}</h2>
          <TreeList nodes={buildAgencyTree(view.children)} locale={ctx.locale} />
        </section>
      ) : null}
      <section aria-labelledby="clients-title">
        <h2 id="clients-title">{t('clientsTitle')}</h2>
        <p>{t('clientsIntro')}</p>
        <ClientsTable ctx={ctx} agency={agency} clients={view.clients} />
        <h3 id="create-client">{t('createTitle')}</h3>
        <ErrorSummary ctx={ctx} errors={errors} />
        <Form ctx={ctx} action={`${agencyPath(agency.code)}/clients`}>
          <TextField ctx={ctx} name="name" label={t('createNameLabel')} hint={t('createNameHint')} value={props.nameValue} error={errors.name} maxLength={200} />
          <Button>{t('createButton')}</Button>
        </Form>
      </section>
    </Layout>
  );
}

export function SecretIssuedPage(props: {
  ctx: PageContext;
  agency: Agency;
  kind: 'created' | 'rotated';
  clientId: string;
  secret: string;
  previousValidUntil?: Date;
  overlapHours?: number;
}) {
  const { ctx, agency } = props;
  const t = agenciesMessages.for(ctx.locale);
  const title = props.kind === 'created' ? t('createdTitle') : t('rotatedTitle');
  return (
    <Layout ctx={ctx} title={title} narrow>
      <h1>{title}</h1>
      <div class="error-summary" role="alert">
        <p>{t('secretOnceWarning')}</p>
      </div>
      <dl class="summary-list">
        <dt>{t('clientIdLabel')}</dt>
        <dd>
          <code>{props.clientId}</code>
        </dd>
        <dt>{t('secretLabel')}</dt>
        <dd>
          <code data-secret="true">{props.secret}</code>
        </dd>
      </dl>
      {props.kind === 'rotated' && props.previousValidUntil ? (
        <p>{props.overlapHours ? t('rotatedOverlap', { date: formatDateTime(props.previousValidUntil) }) : t('rotatedNoOverlap')}</p>
      ) : null}
      <p>
        <a href={agencyPath(agency.code)}>{t('backToAgency', { agency: agencyName(agency, ctx.locale) })}</a>
      </p>
    </Layout>
  );
}
