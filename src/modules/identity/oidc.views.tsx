import { formatDateTime } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, fieldId, Form, Layout, Notice, SelectField, TextField, type PageContext } from '../../platform/ui/index.ts';
import type { FormState } from './auth.views.tsx';
import { oidcMessages } from './oidc.messages.ts';
import { OIDC_SCOPES } from './oidc.provider.ts';
import type { ClientView } from './oidc.service.ts';

type ScopeKey = `scope_${(typeof OIDC_SCOPES)[number]}`;
const scopeKey = (scope: string) => `scope_${scope}` as ScopeKey;
const isScope = (scope: string) => (OIDC_SCOPES as readonly string[]).includes(scope);

function ScopeList({ ctx, scopes }: { ctx: PageContext; scopes: readonly string[] }) {
  const t = oidcMessages.for(ctx.locale);
  return (
    <ul>
      {scopes.filter(isScope).map((scope) => (
        <li key={scope}>{t(scopeKey(scope))}</li>
      ))}
    </ul>
  );
}

export function ConsentPage({ ctx, uid, client, scopes }: { ctx: PageContext; uid: string; client: ClientView; scopes: string[] }) {
  const t = oidcMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('consentTitle')} narrow>
      <h1>{t('consentTitle')}</h1>
      {client.logoUri ? <img class="rp-logo" src={client.logoUri} alt="" width={64} height={64} /> : null}
      <p>{t('consentIntro', { client: client.name })}</p>
      <ScopeList ctx={ctx} scopes={scopes} />
      <p>{t('consentContact', { contact: client.contactEmail })}</p>
      <p>{t('consentRemember')}</p>
      <Form ctx={ctx} action={`/oidc/interaction/${uid}/consent`}>
        <input type="hidden" name="scopes" value={scopes.join(' ')} />
        <Button>{t('consentAllow')}</Button>
      </Form>
      <Form ctx={ctx} action={`/oidc/interaction/${uid}/deny`}>
        <Button variant="secondary">{t('consentDeny')}</Button>
      </Form>
    </Layout>
  );
}

export interface ConsentRow {
  client_id: string;
  name: string;
  scopes: string[];
  granted_at: Date;
}

export function ConnectedServicesPage({ ctx, consents, notice }: { ctx: PageContext; consents: ConsentRow[]; notice?: string | undefined }) {
  const t = oidcMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('connectedTitle')}>
      <h1>{t('connectedTitle')}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p>{t('connectedIntro')}</p>
      {consents.length === 0 ? <p>{t('connectedNone')}</p> : null}
      {consents.map((c) => (
        <section key={c.client_id} class="card">
          <h2>{c.name}</h2>
          <p>{t('connectedSince', { date: formatDateTime(c.granted_at) })}</p>
          <ScopeList ctx={ctx} scopes={c.scopes} />
          <Form ctx={ctx} action="/profile/connected-services/withdraw">
            <input type="hidden" name="clientId" value={c.client_id} />
            <Button variant="secondary">{t('connectedWithdraw')}</Button>
          </Form>
        </section>
      ))}
    </Layout>
  );
}

export interface ClientValues {
  name?: string | undefined;
  kind?: string | undefined;
  redirectUris?: string | undefined;
  postLogoutRedirectUris?: string | undefined;
  scopes?: string[] | undefined;
  logoUri?: string | undefined;
  backchannelLogoutUri?: string | undefined;
  contactEmail?: string | undefined;
}

function TextArea({ name, label, hint, value, error }: { name: string; label: string; hint?: string; value: string | undefined; error: string | undefined }) {
  const id = fieldId(name);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <textarea id={id} name={name} rows={3} aria-describedby={described} aria-invalid={error ? 'true' : undefined}>
        {value ?? ''}
      </textarea>
    </div>
  );
}

export interface RegisteredClient {
  clientId: string;
  secret: string | undefined;
}

export function RelyingPartiesPage(props: { ctx: PageContext; clients: ClientView[]; state: FormState<ClientValues>; registered?: RegisteredClient | undefined; discoveryUrl: string }) {
  const { ctx, clients, state, registered } = props;
  const t = oidcMessages.for(ctx.locale);
  const { values, errors } = state;
  return (
    <Layout ctx={ctx} title={t('rpTitle')}>
      <h1>{t('rpTitle')}</h1>
      <p>{t('discovery', { url: props.discoveryUrl })}</p>
      {registered ? (
        <Notice kind="success">
          {t('rpRegistered', { id: registered.clientId })}
          {registered.secret ? (
            <>
              <br />
              {t('rpSecret')} <code class="client-secret">{registered.secret}</code>
            </>
          ) : null}
        </Notice>
      ) : null}
      {clients.length === 0 ? <p>{t('rpNone')}</p> : null}
      {clients.map((c) => (
        <section key={c.clientId} class="card">
          <h2>{c.name}</h2>
          <p>
            {t('rpClientId')}: <code>{c.clientId}</code> · {c.kind} · {t('rpStatus')}: {c.status === 'active' ? t('rpActive') : t('rpDisabled')}
          </p>
          <ul>
            {c.redirectUris.map((u) => (
              <li key={u}>
                <code>{u}</code>
              </li>
            ))}
          </ul>
          {c.backchannelLogoutUri ? (
            <p>
              {t('rpBackchannel')}: <code>{c.backchannelLogoutUri}</code>
            </p>
          ) : null}
          <ScopeList ctx={ctx} scopes={c.scopes} />
          <Form ctx={ctx} action={`/admin/relying-parties/${encodeURIComponent(c.clientId)}/${c.status === 'active' ? 'disable' : 'enable'}`}>
            <Button variant="secondary">{c.status === 'active' ? t('rpDisable') : t('rpEnable')}</Button>
          </Form>
        </section>
      ))}
      <h2>{t('rpNew')}</h2>
      <ErrorSummary ctx={ctx} errors={errors} message={state.message} />
      <Form ctx={ctx} action="/admin/relying-parties">
        <TextField ctx={ctx} name="name" label={t('rpName')} value={values.name} error={errors.name} required maxLength={200} />
        <SelectField
          ctx={ctx}
          name="kind"
          label={t('rpKind')}
          value={values.kind ?? 'confidential'}
          error={errors.kind}
          required
          options={[
            { value: 'confidential', label: t('rpKindConfidential') },
            { value: 'public', label: t('rpKindPublic') },
          ]}
        />
        <TextArea name="redirectUris" label={t('rpRedirects')} hint={t('rpRedirectsHint')} value={values.redirectUris} error={errors.redirectUris} />
        <TextArea name="postLogoutRedirectUris" label={t('rpLogoutRedirects')} value={values.postLogoutRedirectUris} error={errors.postLogoutRedirectUris} />
        <fieldset class="field">
          <legend>{t('rpScopes')}</legend>
          {OIDC_SCOPES.filter((s) => s !== 'openid').map((scope) => (
            <div key={scope}>
              <label>
                <input type="checkbox" name="scopes" value={scope} checked={(values.scopes ?? ['profile']).includes(scope)} /> {t(scopeKey(scope))}
              </label>
            </div>
          ))}
        </fieldset>
        <TextField ctx={ctx} name="logoUri" label={t('rpLogo')} value={values.logoUri} error={errors.logoUri} maxLength={500} />
        <TextField ctx={ctx} name="backchannelLogoutUri" label={t('rpBackchannel')} value={values.backchannelLogoutUri} error={errors.backchannelLogoutUri} maxLength={500} />
        <TextField ctx={ctx} name="contactEmail" type="email" label={t('rpContact')} value={values.contactEmail} error={errors.contactEmail} required maxLength={254} />
        <Button>{t('rpRegister')}</Button>
      </Form>
    </Layout>
  );
}
