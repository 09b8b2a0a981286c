import { formatDuration } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, TextField, type PageContext } from '../../platform/ui/index.ts';
import type { FormState } from './auth.views.tsx';
import { stepUpWindowSeconds, type Enrolment } from './two-factor.service.ts';
import { twoFactorMessages } from './two-factor.messages.ts';

export interface CodeValues {
  next?: string | undefined;
}

function CodeField({ ctx, error }: { ctx: PageContext; error?: string | undefined }) {
  const t = twoFactorMessages.for(ctx.locale);
  return <TextField ctx={ctx} name="code" label={t('codeLabel')} hint={t('codeHint')} error={error} required maxLength={64} autocomplete="one-time-code" inputmode="text" />;
}

/** The second step of a login, and the step-up before a sensitive action: one code field. */
export function CodePage({ ctx, state, mode }: { ctx: PageContext; state: FormState<CodeValues>; mode: 'login' | 'step-up' }) {
  const t = twoFactorMessages.for(ctx.locale);
  const title = mode === 'login' ? t('codeTitle') : t('stepUpTitle');
  return (
    <Layout ctx={ctx} title={title} narrow>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={state.errors} message={state.message} />
      <p>{mode === 'login' ? t('codeIntro') : t('stepUpIntro', { window: formatDuration(ctx.locale, stepUpWindowSeconds()) })}</p>
      <Form ctx={ctx} action={mode === 'login' ? '/login/second-factor' : '/login/step-up'}>
        {state.values.next ? <input type="hidden" name="next" value={state.values.next} /> : null}
        <CodeField ctx={ctx} error={state.errors.code} />
        <Button>{t('codeSubmit')}</Button>
      </Form>
    </Layout>
  );
}

/** Step-up asked of an account without an authenticator: it can enrol one first. */
export function StepUpNotEnrolledPage({ ctx }: { ctx: PageContext }) {
  const t = twoFactorMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('stepUpTitle')} narrow>
      <h1>{t('stepUpTitle')}</h1>
      <p>{t('stepUpNotEnrolled')}</p>
      <p>
        <a href="/account/two-factor">{t('enrolLink')}</a>
      </p>
    </Layout>
  );
}

export interface EnrolmentPageProps {
  ctx: PageContext;
  enrolment: Enrolment;
  state: FormState<CodeValues>;
  /** An official or admin: no way back to a password alone. */
  required: boolean;
}

export function EnrolmentPage({ ctx, enrolment, state, required }: EnrolmentPageProps) {
  const t = twoFactorMessages.for(ctx.locale);
  const { pending } = enrolment;
  return (
    <Layout ctx={ctx} title={t('enrolTitle')} narrow>
      <h1>{t('enrolTitle')}</h1>
      {state.notice ? <Notice kind="success">{state.notice}</Notice> : null}
      <ErrorSummary ctx={ctx} errors={state.errors} message={state.message} />
      {enrolment.enrolled ? (
        <>
          <p>{t('enrolledStatus')}</p>
          <p>{t('recoveryLeft', { n: enrolment.recoveryCodesLeft })}</p>
          <h2>{t('recoveryTitle')}</h2>
          <p>{t('recoveryRegenerateHint')}</p>
          <Form ctx={ctx} action="/account/two-factor/recovery-codes">
            <Button variant="secondary">{t('recoveryRegenerate')}</Button>
          </Form>
          {required ? null : (
            <>
              <h2>{t('disableTitle')}</h2>
              <p>{t('disableHint')}</p>
              <Form ctx={ctx} action="/account/two-factor/disable">
                <Button variant="secondary">{t('disableSubmit')}</Button>
              </Form>
            </>
          )}
          <p>
            <a href="/profile">{t('profileLink')}</a>
          </p>
        </>
      ) : pending ? (
        <>
          {required ? <Notice kind="info">{t('enrolRequired')}</Notice> : <p>{t('optionalForCitizens')}</p>}
          <p>{t('enrolIntro')}</p>
          <p>{t('enrolStep1')}</p>
          <img class="qr-code" width={200} height={200} alt={t('enrolQrAlt')} src={`data:image/svg+xml;base64,${Buffer.from(pending.qrSvg).toString('base64')}`} />
          <p>
            {t('enrolManual')} <code class="secret-key">{pending.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
          <p>{t('enrolStep2')}</p>
          <Form ctx={ctx} action="/account/two-factor">
            {state.values.next ? <input type="hidden" name="next" value={state.values.next} /> : null}
            <TextField ctx={ctx} name="code" label={t('codeLabel')} error={state.errors.code} required maxLength={64} autocomplete="one-time-code" inputmode="numeric" />
            <Button>{t('enrolSubmit')}</Button>
          </Form>
        </>
      ) : null}
    </Layout>
  );
}

/** Shown once, right after enrolment or a renewal: the codes are not stored in a readable form. */
export function RecoveryCodesPage({ ctx, codes, next, notice }: { ctx: PageContext; codes: string[]; next: string; notice?: string | undefined }) {
  const t = twoFactorMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('recoveryTitle')} narrow>
      <h1>{t('recoveryTitle')}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p>{t('recoveryIntro')}</p>
      <ul class="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="continue-link" href={next}>
          {t('continueLink')}
        </a>
      </p>
    </Layout>
  );
}
