import { Button, DateField, ErrorSummary, Form, Layout, Notice, TextField, type DateParts, type PageContext } from '../../platform/ui/index.ts';
import { assuranceMessages } from './assurance.messages.ts';
import type { FormState } from './auth.views.tsx';

const NO_DATE: DateParts = { day: '', month: '', year: '' };

const LEVEL_KEYS = { 1: 'level1', 2: 'level2', 3: 'level3' } as const;
const levelName = (ctx: PageContext, level: number) => assuranceMessages.t(ctx.locale, LEVEL_KEYS[level as 1 | 2 | 3] ?? 'level1');

export function AssurancePage({ ctx, level, canRaise, notice }: { ctx: PageContext; level: number; canRaise: boolean; notice?: string | undefined }) {
  const t = assuranceMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('title')} narrow>
      <h1>{t('title')}</h1>
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      <p>{t('current', { level: levelName(ctx, level) })}</p>
      <p>{t('why')}</p>
      {level < 3 && canRaise ? (
        <Form ctx={ctx} action="/account/assurance/national-id/start">
          <Button>{t('raise')}</Button>
        </Form>
      ) : null}
      {!canRaise ? <p>{t('citizensOnly')}</p> : null}
    </Layout>
  );
}

export function LocalNationalIdPage({ ctx, personalId, name, state }: { ctx: PageContext; personalId: string; name: string; state: FormState<{ birthDate?: DateParts | undefined }> }) {
  const t = assuranceMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('localTitle')} narrow>
      <h1>{t('localTitle')}</h1>
      <ErrorSummary ctx={ctx} errors={state.errors} message={state.message} />
      <p>{t('localIntro', { personalId, name })}</p>
      <Form ctx={ctx} action="/national-id/local/authorize">
        <DateField ctx={ctx} name="birthDate" label={t('birthDate')} hint={t('birthDateHint')} value={state.values.birthDate ?? NO_DATE} error={state.errors.birthDate} required autocomplete="bday" />
        <Button>{t('issue')}</Button>
      </Form>
    </Layout>
  );
}

/** The way back from the identity provider: the assertion goes to egov in a form the person submits. */
export function NationalIdReturnPage({ ctx, assertion }: { ctx: PageContext; assertion: string }) {
  const t = assuranceMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('localTitle')} narrow>
      <h1>{t('localTitle')}</h1>
      <p>{t('returnIntro')}</p>
      <Form ctx={ctx} action="/account/assurance/national-id">
        <input type="hidden" name="assertion" value={assertion} />
        <Button>{t('continue')}</Button>
      </Form>
    </Layout>
  );
}

export function DeskCheckPage({ ctx, state }: { ctx: PageContext; state: FormState<{ personalId?: string | undefined; birthDate?: DateParts | undefined }> }) {
  const t = assuranceMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('deskTitle')} narrow>
      <h1>{t('deskTitle')}</h1>
      {state.notice ? <Notice kind="success">{state.notice}</Notice> : null}
      <ErrorSummary ctx={ctx} errors={state.errors} message={state.message} />
      <p>{t('deskIntro')}</p>
      <Form ctx={ctx} action="/console/identity-check">
        <TextField ctx={ctx} name="personalId" label={t('personalId')} value={state.values.personalId} error={state.errors.personalId} required maxLength={12} inputmode="numeric" />
        {/* Someone else's date of birth, typed by the official: no bday autocomplete. */}
        <DateField ctx={ctx} name="birthDate" label={t('birthDate')} hint={t('birthDateHint')} value={state.values.birthDate ?? NO_DATE} error={state.errors.birthDate} required />
        <Button>{t('deskSubmit')}</Button>
      </Form>
    </Layout>
  );
}
