import type { FastifyRequest } from 'fastify';
import { HttpErrorCode, safeRedirect, signInUrl, type ErrorBody } from '../http/index.ts';
import { errorPageMessages } from './error-page.messages.ts';
import { Layout, renderDocument } from './layout.tsx';
import { uiMessages } from './ui.messages.ts';

type Kind = '400' | '401' | '401Ended' | '403' | '404' | '409' | '429' | '500' | '503' | 'Csrf';
const KNOWN = new Set(['400', '401', '403', '404', '409', '429', '500', '503']);

function kindOf(request: FastifyRequest, status: number, body: ErrorBody): Kind {
  if (body.error.code === HttpErrorCode.csrfInvalid) return 'Csrf';
  if (status === 401 && request.sessionEnded) return '401Ended';
  if (KNOWN.has(String(status))) return String(status) as Kind;
  return status >= 500 ? '500' : '400';
}

/**
 * The HTML error page of the platform's error handler for browser requests: a title that says
 * what happened (not found, not allowed, signed out, a fault of ours…), what to do next and the
 * links that do it, in the page's language. (A GET that needs a signed-in visitor never gets
 * here: the error handler sends it to the login page and back.)
 */
export function renderErrorPage(request: FastifyRequest, status: number, body: ErrorBody): string {
  const t = errorPageMessages.for(request.locale);
  const kind = kindOf(request, status, body);
  const title = kind === 'Csrf' ? t('titleCsrf') : t(`title${kind}`);
  const what = kind === 'Csrf' ? uiMessages.t(request.locale, 'errorCsrf') : t(kind === '401Ended' ? 'what401Ended' : `what${kind}`);
  const todo = kind === 'Csrf' ? t('todoCsrf') : t(kind === '401Ended' ? 'todo401' : `todo${kind}`);
  // No CSRF token here (the renderer has no reply to set its cookie on), so the header
  // shows who is signed in but leaves the logout button to the other pages.
  const ctx = { locale: request.locale, path: safeRedirect(request.url, '/'), csrfToken: '', viewer: request.viewer };
  const signIn = request.method === 'GET' ? signInUrl(request) : '/login';
  return renderDocument(
    <Layout ctx={ctx} title={title} narrow>
      <h1>{title}</h1>
      <p>{what}</p>
      <p>{todo}</p>
      <ul>
        {kind === '401' || kind === '401Ended' ? (
          <li>
            <a href={signIn}>{t('signIn')}</a>
          </li>
        ) : null}
        {kind === '404' ? (
          <li>
            <a href="/procedures">{t('searchServices')}</a>
          </li>
        ) : null}
        {kind === '500' || kind === '403' ? (
          <li>
            <a href="/support">{t('support')}</a>
          </li>
        ) : null}
        <li>
          <a href="/">{uiMessages.t(request.locale, 'backHome')}</a>
        </li>
      </ul>
      {status >= 500 ? <p class="hint">{t('errorCode', { code: body.error.code })}</p> : null}
    </Layout>,
  );
}
