import { Button, ErrorSummary, Form, Layout, Notice, Radios, TextField, type PageContext } from '../../platform/ui/index.ts';
import type { FormState } from './auth.views.tsx';
import { identityMessages } from './identity.messages.ts';

// Registration and e-mail confirmation pages.

export interface RegisterValues {
  accountType?: string | undefined;
  personalId?: string | undefined;
  taxCode?: string | undefined;
  fullName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}

export function RegisterPage({ ctx, state }: { ctx: PageContext; state: FormState<RegisterValues> }) {
  const t = identityMessages.for(ctx.locale);
  const { values, errors } = state;
  return (
    <Layout ctx={ctx} title={t('registerTitle')} narrow>
      <h1>{t('registerTitle')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} message={state.message} />
      <p>{t('registerIntro')}</p>
      <Form ctx={ctx} action="/register">
        <Radios
          ctx={ctx}
          name="accountType"
          legend={t('accountTypeLabel')}
          required
          value={values.accountType ?? 'citizen'}
          error={errors.accountType}
          options={[
            {
              value: 'citizen',
              label: t('kindCitizen'),
              reveal: <TextField ctx={ctx} name="personalId" label={t('personalIdLabel')} hint={t('personalIdHint')} value={values.personalId} error={errors.personalId} inputmode="numeric" maxLength={20} autocomplete="off" />,
            },
            {
              value: 'business',
              label: t('kindBusiness'),
              reveal: <TextField ctx={ctx} name="taxCode" label={t('taxCodeLabel')} hint={t('taxCodeHint')} value={values.taxCode} error={errors.taxCode} inputmode="numeric" maxLength={20} autocomplete="off" />,
            },
          ]}
        />
        <TextField ctx={ctx} name="fullName" label={t('fullNameLabel')} value={values.fullName} error={errors.fullName} required maxLength={200} autocomplete="name" />
        <TextField ctx={ctx} name="email" type="email" label={t('emailLabel')} hint={t('emailHint')} value={values.email} error={errors.email} required maxLength={254} autocomplete="email" />
        <TextField ctx={ctx} name="phone" type="tel" label={t('phoneLabel')} hint={t('phoneHint')} value={values.phone} error={errors.phone} maxLength={20} autocomplete="tel" />
        <TextField ctx={ctx} name="password" type="password" label={t('passwordLabel')} hint={t('passwordHint')} error={errors.password} required autocomplete="new-password" />
        <TextField ctx={ctx} name="passwordConfirm" type="password" label={t('passwordConfirmLabel')} error={errors.passwordConfirm} required autocomplete="new-password" />
        <Button>{t('registerSubmit')}</Button>
      </Form>
      <p>
        {t('haveAccount')} <a href="/login">{t('loginTitle')}</a>
      </p>
      <script src="/assets/conditional-reveal.js" defer />
    </Layout>
  );
}

/** The one answer to a well-formed registration, whether or not its identifiers were free. */
export function RegisterSentPage({ ctx }: { ctx: PageContext }) {
  const t = identityMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('registerSentTitle')} narrow>
      <h1>{t('registerSentTitle')}</h1>
      <p>{t('registerSentBody')}</p>
      <p>
        {t('resendLinkQuestion')} <a href="/register/resend">{t('resendLink')}</a>
      </p>
    </Layout>
  );
}

/** A button that spends the link (a GET only shows it: mail scanners open links too). */
export function ConfirmPage({ ctx, state, token }: { ctx: PageContext; state: FormState<object>; token: string | undefined }) {
  const t = identityMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('confirmTitle')} narrow>
      <h1>{t('confirmTitle')}</h1>
      {token === undefined ? (
        <>
          <p>{t('confirmInvalid')}</p>
          <p>
            <a href="/register/resend">{t('resendLink')}</a>
          </p>
        </>
      ) : (
        <>
          <ErrorSummary ctx={ctx} errors={state.errors} message={state.message} />
          <p>{t('confirmIntro')}</p>
          <Form ctx={ctx} action="/register/confirm">
            <input type="hidden" name="token" value={token} />
            <Button>{t('confirmSubmit')}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}

export function ResendPage({ ctx, state, sent }: { ctx: PageContext; state: FormState<{ email?: string | undefined }>; sent?: boolean }) {
  const t = identityMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('resendTitle')} narrow>
      <h1>{t('resendTitle')}</h1>
      {sent ? (
        <>
          <Notice kind="success">{t('resendSent')}</Notice>
          <p>
            <a href="/login">{t('backToLogin')}</a>
          </p>
        </>
      ) : (
        <>
          <ErrorSummary ctx={ctx} errors={state.errors} message={state.message} />
          <p>{t('resendIntro')}</p>
          <Form ctx={ctx} action="/register/resend">
            <TextField ctx={ctx} name="email" type="email" label={t('emailLabel')} value={state.values.email} error={state.errors.email} required maxLength={254} autocomplete="email" />
            <Button>{t('resendSubmit')}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}
