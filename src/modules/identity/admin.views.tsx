import { Button, ErrorSummary, fieldId, Form, Layout, Notice, ResponsiveTable, SelectField, TextField, type PageContext } from '../../platform/ui/index.ts';
import type { FormState } from './auth.views.tsx';
import type { AccountView } from './identity.context.ts';
import { identityMessages } from './identity.messages.ts';
import { statusName, type RoleNames } from './identity.present.ts';
import type { AdminScope } from './officials.service.ts';

/** A card of the admin page, from the modules' contributions. */
export interface AdminCard {
  href: string;
  label: string;
  description?: string | undefined;
}

export function AdminHomePage({ ctx, scope, cards }: { ctx: PageContext; scope: AdminScope; cards: AdminCard[] }) {
  const t = identityMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('adminTitle')}>
      <h1>{t('adminTitle')}</h1>
      <p>{scope.kind === 'all' ? t('adminScopeAll') : t('adminScopeAgency', { group: scope.level1 })}</p>
      <ul class="card-grid">
        {cards.map((card) => (
          <li class="card" key={card.href}>
            <h2>
              <a href={card.href}>{card.label}</a>
            </h2>
            {card.description ? <p>{card.description}</p> : null}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function OfficialsListPage(props: { ctx: PageContext; officials: AccountView[]; agencyNames: Map<string, string>; filter: string | undefined; roles: RoleNames }) {
  const { ctx, officials, agencyNames, roles } = props;
  const t = identityMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('officialsTitle')}>
      <h1>{t('officialsTitle')}</h1>
      <p>
        <a class="button" href="/admin/officials/new">
          {t('officialsNew')}
        </a>
      </p>
      <form method="get" action="/admin/officials" class="search-form">
        <TextField ctx={ctx} name="agency" label={t('officialsFilterLabel')} hint={t('agencyCodeHint')} value={props.filter} maxLength={35} />
        <Button variant="secondary">{t('filterButton')}</Button>
      </form>
      {officials.length === 0 ? (
        <p>{t('officialsNone')}</p>
      ) : (
        <ResponsiveTable head={[t('colName'), t('colEmail'), t('agencyLabel'), t('rolesLabel'), t('statusLabel')]}>
          {officials.map((o) => (
            <tr key={o.id}>
              <td>
                <a href={`/admin/officials/${o.id}`}>{o.fullName}</a>
              </td>
              <td>{o.email}</td>
              <td>
                {o.agencyCode ? agencyNames.get(o.agencyCode) ?? '' : ''} ({o.agencyCode})
              </td>
              <td>{o.roles.map((r) => roles.label(r)).join(', ')}</td>
              <td>{statusName(ctx.locale, o.status)}</td>
            </tr>
          ))}
        </ResponsiveTable>
      )}
    </Layout>
  );
}

/** Role check boxes in one fieldset, the error tied to the group. */
function RolesField({ ctx, selected, error, roles }: { ctx: PageContext; selected: readonly string[]; error: string | undefined; roles: RoleNames }) {
  const t = identityMessages.for(ctx.locale);
  const id = fieldId('roles');
  return (
    <fieldset class={error ? 'field field-error' : 'field'} id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t('rolesLabel')}</legend>
      {error ? (
        <p class="error-message" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {roles.all.map((role) => (
        <div key={role.name}>
          <label>
            <input type="checkbox" name="roles" value={role.name} checked={selected.includes(role.name)} /> {role.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export interface NewOfficialValues {
  email?: string | undefined;
  fullName?: string | undefined;
  agencyCode?: string | undefined;
  roles?: string[] | undefined;
}

export function NewOfficialPage({ ctx, state, roles }: { ctx: PageContext; state: FormState<NewOfficialValues>; roles: RoleNames }) {
  const t = identityMessages.for(ctx.locale);
  const { values, errors } = state;
  return (
    <Layout ctx={ctx} title={t('newOfficialTitle')} narrow>
      <p>
        <a href="/admin/officials">{t('backToList')}</a>
      </p>
      <h1>{t('newOfficialTitle')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} message={state.message} />
      <Form ctx={ctx} action="/admin/officials/new">
        <TextField ctx={ctx} name="fullName" label={t('officialNameLabel')} value={values.fullName} error={errors.fullName} required maxLength={200} autocomplete="off" />
        <TextField ctx={ctx} name="email" type="email" label={t('emailLabel')} value={values.email} error={errors.email} required maxLength={254} autocomplete="off" />
        <TextField ctx={ctx} name="agencyCode" label={t('agencyCodeLabel')} hint={t('agencyCodeHint')} value={values.agencyCode} error={errors.agencyCode} required maxLength={35} autocomplete="off" />
        <RolesField ctx={ctx} selected={values.roles ?? []} error={errors.roles} roles={roles} />
        <TextField ctx={ctx} name="password" type="password" label={t('initialPasswordLabel')} hint={t('initialPasswordHint')} error={errors.password} autocomplete="new-password" />
        <Button>{t('createButton')}</Button>
      </Form>
    </Layout>
  );
}

export interface EditOfficialValues {
  roles?: string[] | undefined;
  status?: string | undefined;
}

export function EditOfficialPage(props: { ctx: PageContext; official: AccountView; agencyName: string | undefined; state: FormState<EditOfficialValues>; roles: RoleNames }) {
  const { ctx, official, state, roles } = props;
  const t = identityMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('editOfficialTitle')} narrow>
      <p>
        <a href="/admin/officials">{t('backToList')}</a>
      </p>
      <h1>{official.fullName}</h1>
      {state.notice ? <Notice kind="success">{state.notice}</Notice> : null}
      <ErrorSummary ctx={ctx} errors={state.errors} message={state.message} />
      <dl class="summary-list">
        <dt>{t('emailLabel')}</dt>
        <dd>{official.email}</dd>
        <dt>{t('agencyLabel')}</dt>
        <dd>
          {props.agencyName ?? ''} ({official.agencyCode})
        </dd>
      </dl>
      <Form ctx={ctx} action={`/admin/officials/${official.id}`}>
        <RolesField ctx={ctx} selected={state.values.roles ?? official.roles} error={state.errors.roles} roles={roles} />
        <SelectField
          ctx={ctx}
          name="status"
          label={t('statusLabel')}
          value={state.values.status ?? official.status}
          error={state.errors.status}
          options={[
            { value: 'active', label: statusName(ctx.locale, 'active') },
            { value: 'disabled', label: statusName(ctx.locale, 'disabled') },
          ]}
        />
        <Button>{t('saveButton')}</Button>
      </Form>
    </Layout>
  );
}
