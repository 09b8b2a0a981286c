import type { Config } from '../../platform/config/index.ts';
import { safeRedirect, type HttpApp } from '../../platform/http/index.ts';
import { pageContext, sendPage } from '../../platform/ui/index.ts';
import type { AccountsService } from './accounts.service.ts';
import { ForgotPage, LoginPage, ResetPage } from './auth.views.tsx';
import { homeUrlOf } from './identity.context.ts';
import { clearSessionCookie, clientOf, emptyForm, failedForm, FORM_BODY_LIMIT, refuseSpentSource, setSessionCookie } from './identity.http.ts';
import { identityMessages } from './identity.messages.ts';
import { ForgotForm, LoginForm, NextQuery, ResetForm, ResetQuery } from './identity.schemas.ts';
import { SESSION_COOKIE } from './sessions.service.ts';

/** Log in, log out, forgotten password. Thin: parse → one use case → page or redirect. */
export function registerAuthPages(app: HttpApp, accounts: AccountsService, config: Config, onLogout?: (token: string | undefined) => Promise<void>): void {
  const hide = { hide: true };
  const limits = { bodyLimit: FORM_BODY_LIMIT };

  app.get('/login', { schema: { ...hide, querystring: NextQuery } }, async (request, reply) => {
    const t = identityMessages.for(request.locale);
    const notice = request.query.reset ? t('passwordResetDone') : request.query.confirmed ? t('confirmedNotice') : request.query.expired ? t('sessionEndedNotice') : undefined;
    const state = { ...emptyForm({ next: request.query.next }), notice };
    return sendPage(reply, <LoginPage ctx={pageContext(request, reply)} state={state} />);
  });

  const loginSourceOpen = refuseSpentSource(
    (ip) => accounts.assertSourceOpen('login_source', ip),
    (request, reply, { state, status }) => sendPage(reply, <LoginPage ctx={pageContext(request, reply)} state={state} />, status),
  );
  app.post('/login', { schema: { ...hide, body: LoginForm }, ...limits, onRequest: loginSourceOpen }, async (request, reply) => {
    const values = { identifier: request.body.identifier, next: request.body.next };
    try {
      const { actor, token, awaitingSecondFactor } = await accounts.logIn(request.body, clientOf(request));
      setSessionCookie(reply, config, token);
      if (awaitingSecondFactor) {
        const next = values.next ? `?next=${encodeURIComponent(values.next)}` : '';
        return reply.redirect(`/login/second-factor${next}`, 303);
      }
      // Anything but a path of this site goes to the account's home, as if no `next` was given.
      return reply.redirect(safeRedirect(values.next, homeUrlOf(actor.kind)), 303);
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, values);
      return sendPage(reply, <LoginPage ctx={pageContext(request, reply)} state={state} />, status);
    }
  });

  app.post('/logout', { schema: hide }, async (request, reply) => {
    // Relying parties the session signed the person in to are told first (back-channel logout).
    await onLogout?.(request.cookies[SESSION_COOKIE]);
    await accounts.logOut(request.cookies[SESSION_COOKIE]);
    clearSessionCookie(reply, config);
    return reply.redirect('/', 303);
  });

  app.get('/password/forgot', { schema: hide }, async (request, reply) =>
    sendPage(reply, <ForgotPage ctx={pageContext(request, reply)} state={emptyForm({})} />),
  );

  const resetSourceOpen = refuseSpentSource(
    (ip) => accounts.assertSourceOpen('reset_source', ip),
    (request, reply, { state, status }) => sendPage(reply, <ForgotPage ctx={pageContext(request, reply)} state={state} />, status),
  );
  app.post('/password/forgot', { schema: { ...hide, body: ForgotForm }, ...limits, onRequest: resetSourceOpen }, async (request, reply) => {
    const values = { email: request.body.email };
    try {
      await accounts.requestPasswordReset(request.body, clientOf(request), request.locale);
      return sendPage(reply, <ForgotPage ctx={pageContext(request, reply)} state={emptyForm(values)} sent />);
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, values);
      return sendPage(reply, <ForgotPage ctx={pageContext(request, reply)} state={state} />, status);
    }
  });

  app.get('/password/reset', { schema: { ...hide, querystring: ResetQuery } }, async (request, reply) => {
    const { token } = request.query;
    const usable = await accounts.isPasswordTokenUsable(token);
    const page = <ResetPage ctx={pageContext(request, reply)} state={emptyForm({})} token={usable ? token : undefined} />;
    return sendPage(reply, page, usable ? 200 : 400);
  });

  app.post('/password/reset', { schema: { ...hide, body: ResetForm }, ...limits }, async (request, reply) => {
    try {
      await accounts.resetPassword(request.body);
      return reply.redirect('/login?reset=1', 303);
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, {});
      // A dead token shows the "ask for a new link" page; a weak password the form again.
      const token = state.message ? undefined : request.body.token;
      return sendPage(reply, <ResetPage ctx={pageContext(request, reply)} state={state} token={token} />, status);
    }
  });
}
