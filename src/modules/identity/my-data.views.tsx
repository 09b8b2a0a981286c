import { Button, ErrorSummary, Form, Layout, type PageContext } from '../../platform/ui/index.ts';
import { myDataMessages } from './my-data.messages.ts';
import type { ErasureOutcome } from './personal-data.ts';

export function MyDataPage({ ctx, mayErase, error }: { ctx: PageContext; mayErase: boolean; error?: string | undefined }) {
  const t = myDataMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('title')}>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <h2>{t('downloadHeading')}</h2>
      <ul>
        <li>
          <a href="/profile/my-data.json" download>
            {t('downloadJson')}
          </a>
        </li>
        <li>
          <a href="/profile/my-data.pdf" download>
            {t('downloadPdf')}
          </a>
        </li>
      </ul>
      <h2>{t('consentHeading')}</h2>
      <p>
        {t('consentText')} <a href="/profile/connected-services">{t('consentLink')}</a>
      </p>
      <h2 id="erase">{t('eraseHeading')}</h2>
      {mayErase ? (
        <>
          <p>{t('eraseWhat')}</p>
          <p>{t('eraseKept')}</p>
          <ErrorSummary ctx={ctx} errors={error ? { confirm: error } : {}} />
          <Form ctx={ctx} action="/profile/my-data/erase">
            <div class="field">
              <input type="checkbox" id="field-confirm" name="confirm" value="yes" required />{' '}
              <label for="field-confirm">{t('eraseConfirm')}</label>
            </div>
            <Button variant="secondary">{t('eraseButton')}</Button>
          </Form>
        </>
      ) : (
        <p>{t('eraseNotForStaff')}</p>
      )}
    </Layout>
  );
}

export function ErasedPage({ ctx, outcome }: { ctx: PageContext; outcome: ErasureOutcome }) {
  const t = myDataMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('erasedTitle')}>
      <h1>{t('erasedTitle')}</h1>
      <h2>{t('erasedHeading')}</h2>
      <ul>
        {outcome.erased.map((e, i) => (
          <li key={i}>
            {e.what} ({t('count', { count: String(e.count) })})
          </li>
        ))}
      </ul>
      <h2>{t('keptHeading')}</h2>
      <ul>
        {outcome.kept.map((k, i) => (
          <li key={i}>
            <strong>{k.what}</strong> ({t('count', { count: String(k.count) })}): {k.rule}
          </li>
        ))}
      </ul>
      <p>
        <a href="/">egov</a>
      </p>
    </Layout>
  );
}
