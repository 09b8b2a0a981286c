import type { FastifyRequest } from 'fastify';
import { HttpErrorCode, type ErrorBody } from '../http/index.ts';
import { Layout, renderDocument } from './layout.tsx';
import { uiMessages } from './ui.messages.ts';

type StatusKey = 'error400' | 'error401' | 'error403' | 'error404' | 'error409' | 'error429' | 'error500' | 'error503';

/** The HTML error page used by the platform's error handler for browser requests. */
export function renderErrorPage(request: FastifyRequest, status: number, body: ErrorBody): string {
  const t = uiMessages.for(request.locale);
  const key = (`error${status}` as StatusKey) in uiMessages.vi ? (`error${status}` as StatusKey) : status >= 500 ? 'error500' : 'error400';
  const message = body.error.code === HttpErrorCode.csrfInvalid ? t('errorCsrf') : t(key);
  // No CSRF token here (the renderer has no reply to set its cookie on), so the header
  // shows who is signed in but leaves the logout button to the other pages.
  const ctx = { locale: request.locale, path: request.url, csrfToken: '', viewer: request.viewer };
  return renderDocument(
    <Layout ctx={ctx} title={t('errorTitle')} narrow>
      <h1>{t('errorTitle')}</h1>
      <p>{message}</p>
      {status === 401 ? (
        <p>
          <a href={`/login?next=${encodeURIComponent(request.url)}`}>{uiMessages.t(request.locale, 'navLogin')}</a>
        </p>
      ) : null}
      <p>
        <a href="/">{t('backHome')}</a>
      </p>
    </Layout>,
  );
}
