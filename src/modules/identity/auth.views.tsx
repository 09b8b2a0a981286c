import { Button, ErrorSummary, Form, Layout, Notice, TextField, type FieldErrors, type PageContext } from '../../platform/ui/index.ts';
import { identityMessages } from './identity.messages.ts';

/** What a form page shows after a failed post: field errors, a sentence, and what was typed (never passwords). */
export interface FormState<V> {
  values: V;
  errors: FieldErrors;
  message?: string | undefined;
  notice?: string | undefined;
}

export interface LoginValues {
  identifier?: string | undefined;
  next?: string | undefined;
}

export function LoginPage({ ctx, state }: { ctx: PageContext; state: FormState<LoginValues> }) {
  const t = identityMessages.for(ctx.locale);
  const { values, errors } = state;
  return (
    <Layout ctx={ctx} title={t('loginTitle')} narrow>
      <h1>{t('loginTitle')}</h1>
      {state.notice ? <Notice kind="success">{state.notice}</Notice> : null}
      <ErrorSummary ctx={ctx} errors={errors} message={state.message} />
      <Form ctx={ctx} action="/login">
        {values.next ? <input type="hidden" name="next" value={values.next} /> : null}
        <TextField ctx={ctx} name="identifier" label={t('identifierLabel')} hint={t('identifierHint')} value={values.identifier} error={errors.identifier} required maxLength={254} autocomplete="username" />
        <TextField ctx={ctx} name="password" type="password" label={t('passwordLabel')} error={errors.password} required autocomplete="current-password" />
        <Button>{t('loginSubmit')}</Button>
      </Form>
      <p>
        <a href="/password/forgot">{t('forgotLink')}</a>
      </p>
      <p>
        {t('noAccount')} <a href="/register">{t('registerLink')}</a>
      </p>
      <p>
        {t('resendLinkQuestion')} <a href="/register/resend">{t('resendLink')}</a>
      </p>
    </Layout>
  );
}

export function ForgotPage({ ctx, state, sent }: { ctx: PageContext; state: FormState<{ email?: string | undefined }>; sent?: boolean }) {
  const t = identityMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('forgotTitle')} narrow>
      <h1>{t('forgotTitle')}</h1>
      {sent ? (
        <>
          <Notice kind="success">{t('forgotSent')}</Notice>
          <p>
            <a href="/login">{t('backToLogin')}</a>
          </p>
        </>
      ) : (
        <>
          <ErrorSummary ctx={ctx} errors={state.errors} message={state.message} />
          <p>{t('forgotIntro')}</p>
          <Form ctx={ctx} action="/password/forgot">
            <TextField ctx={ctx} name="email" type="email" label={t('emailLabel')} value={state.values.email} error={state.errors.email} required maxLength={254} autocomplete="email" />
            <Button>{t('forgotSubmit')}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}

export function ResetPage({ ctx, state, token }: { ctx: PageContext; state: FormState<object>; token: string | undefined }) {
  const t = identityMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('resetTitle')} narrow>
      <h1>{t('resetTitle')}</h1>
      {token === undefined ? (
        <>
          <p>{t('resetInvalid')}</p>
          <p>
            <a href="/password/forgot">{t('requestNewLink')}</a>
          </p>
        </>
      ) : (
        <>
          <ErrorSummary ctx={ctx} errors={state.errors} message={state.message} />
          <Form ctx={ctx} action="/password/reset">
            <input type="hidden" name="token" value={token} />
            <TextField ctx={ctx} name="password" type="password" label={t('newPasswordLabel')} hint={t('passwordHint')} error={state.errors.password} required autocomplete="new-password" />
            <TextField ctx={ctx} name="passwordConfirm" type="password" label={t('passwordConfirmLabel')} error={state.errors.passwordConfirm} required autocomplete="new-password" />
            <Button>{t('resetSubmit')}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}
