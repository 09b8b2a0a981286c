import { formatDate } from '../../platform/i18n/index.ts';

import { Button, ErrorSummary, Form, Layout, Notice, TextField, type PageContext } from '../../platform/ui/index.ts';
import type { FormState } from './auth.views.tsx';
import type { AccountView } from './identity.context.ts';
import { identityMessages } from './identity.messages.ts';
import { kindName, type RoleNames } from './identity.present.ts';
import { assuranceMessages } from './assurance.messages.ts';
import { myDataMessages } from './my-data.messages.ts';
import { oidcMessages } from './oidc.messages.ts';

export interface ProfileValues {
  fullName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  smsNotifications?: boolean | undefined;
}

export function ProfilePage({ ctx, account, state, roles }: { ctx: PageContext; account: AccountView; state: FormState<ProfileValues>; roles: RoleNames }) {
  const t = identityMessages.for(ctx.locale);
  const { values, errors } = state;
  return (
    <Layout ctx={ctx} title={t('profileTitle')} narrow>
      <h1>{t('profileTitle')}</h1>
      {state.notice ? <Notice kind="success">{state.notice}</Notice> : null}
      <ErrorSummary ctx={ctx} errors={errors} message={state.message} />
      <h2>{t('profileDetails')}</h2>
      <dl class="summary-list">
        <dt>{t('accountTypeLabel')}</dt>
        <dd>{kindName(ctx.locale, account.kind)}</dd>
        {account.personalId ? (
          <>
            <dt>{t('personalIdLabel')}</dt>
            <dd>{account.personalId}</dd>
          </>
        ) : null}
        {account.taxCode ? (
          <>
            <dt>{t('taxCodeLabel')}</dt>
            <dd>{account.taxCode}</dd>
          </>
        ) : null}
        {account.agencyCode ? (
          <>
            <dt>{t('agencyCodeLabel')}</dt>
            <dd>{account.agencyCode}</dd>
            <dt>{t('rolesLabel')}</dt>
            <dd>{account.roles.map((r) => roles.label(r)).join(', ')}</dd>
          </>
        ) : null}
        <dt>{t('createdOnLabel')}</dt>
        <dd>{formatDate(account.createdAt)}</dd>
      </dl>
      <ul class="profile-links">
        <li>
          <a href="/account/two-factor">{oidcMessages.t(ctx.locale, 'twoFactorLink')}</a>
        </li>
        <li>
          <a href="/profile/connected-services">{oidcMessages.t(ctx.locale, 'connectedLink')}</a>
        </li>
        <li>
          <a href="/account/assurance">{assuranceMessages.t(ctx.locale, 'title')}</a>
        </li>
        <li>
          <a href="/profile/my-data">{myDataMessages.t(ctx.locale, 'title')}</a>
        </li>
        <li>
          <a href="/profile/my-data.json" download>
            {oidcMessages.t(ctx.locale, 'myDataLink')}
          </a>
        </li>
      </ul>
      <h2>{t('profileEdit')}</h2>
      <Form ctx={ctx} action="/profile">
        <TextField ctx={ctx} name="fullName" label={account.kind === 'business' ? t('fullNameLabel') : t('officialNameLabel')} value={values.fullName} error={errors.fullName} required maxLength={200} autocomplete="name" />
        <TextField ctx={ctx} name="email" type="email" label={t('emailLabel')} hint={t('emailHint')} value={values.email} error={errors.email} required maxLength={254} autocomplete="email" />
        <TextField ctx={ctx} name="phone" type="tel" label={t('phoneLabel')} hint={t('phoneHint')} value={values.phone} error={errors.phone} maxLength={20} autocomplete="tel" />
        <div class={errors.smsNotifications ? 'field field-error' : 'field'}>
          {errors.smsNotifications ? (
            <p class="error-message" id="smsNotifications-error">
              {errors.smsNotifications}
            </p>
          ) : null}
          <input type="checkbox" id="smsNotifications" name="smsNotifications" value="1" checked={values.smsNotifications === true} aria-describedby={errors.smsNotifications ? "smsNotifications-error" : undefined} />{' '}
          <label for="smsNotifications">{t('smsNotificationsLabel')}</label>
        </div>
        <TextField ctx={ctx} name="currentPassword" type="password" label={t('currentPasswordLabel')} hint={t('currentPasswordHint')} error={errors.currentPassword} autocomplete="current-password" />
        <Button>{t('saveButton')}</Button>
      </Form>
    </Layout>
  );
}

export interface ConsoleModel {
  displayName: string;
  agencyCode: string;
  agencyName: string | undefined;
  roles: string[];
  canAdminister: boolean;
}

/** A link of the console, from the modules' contributions. */
export interface ConsoleLink {
  href: string;
  label: string;
}

/** The officials' console home. The work queue arrives with the one-stop module. */
export function ConsolePage({ ctx, model, roles, links }: { ctx: PageContext; model: ConsoleModel; roles: RoleNames; links: ConsoleLink[] }) {
  const t = identityMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('consoleTitle')}>
      <h1>{t('consoleTitle')}</h1>
      <p>{t('consoleGreeting', { name: model.displayName })}</p>
      <dl class="summary-list">
        <dt>{t('agencyLabel')}</dt>
        <dd>
          {model.agencyName ?? t('consoleAgencyUnknown')} ({model.agencyCode})
        </dd>
        <dt>{t('rolesLabel')}</dt>
        <dd>
          <ul>
            {model.roles.map((role) => (
              <li key={role}>{roles.label(role)}</li>
            ))}
          </ul>
        </dd>
      </dl>
      {model.canAdminister ? (
        <p>
          <a href="/admin/officials">{t('consoleAdminLink')}</a>
        </p>
      ) : null}
      <section aria-labelledby="work-queue-title">
        <h2 id="work-queue-title">{t('workQueueTitle')}</h2>
        {links.length === 0 ? (
          <p>{t('workQueueEmpty')}</p>
        ) : (
          <ul>
            {links.map((link) => (
              <li key={link.href}>
                <a href={link.href}>{link.label}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
