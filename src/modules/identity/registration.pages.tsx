import type { HttpApp } from '../../platform/http/index.ts';
import { pageContext, sendPage } from '../../platform/ui/index.ts';
import type { AccountsService } from './accounts.service.ts';
import { clientOf, emptyForm, failedForm, FORM_BODY_LIMIT, refuseSpentSource } from './identity.http.ts';
import { ConfirmForm, ConfirmQuery, RegisterForm, ResendForm } from './identity.schemas.ts';
import { ConfirmPage, RegisterPage, RegisterSentPage, ResendPage } from './registration.views.tsx';

/** Registration and e-mail confirmation. Thin: parse → one use case → page or redirect. */
export function registerRegistrationPages(app: HttpApp, accounts: AccountsService): void {
  const hide = { hide: true };
  const limits = { bodyLimit: FORM_BODY_LIMIT };

  app.get('/register', { schema: hide }, async (request, reply) =>
    sendPage(reply, <RegisterPage ctx={pageContext(request, reply)} state={emptyForm({})} />),
  );

  const registerSourceOpen = refuseSpentSource(
    (ip) => accounts.assertSourceOpen('register_source', ip),
    (request, reply, { state, status }) => sendPage(reply, <RegisterPage ctx={pageContext(request, reply)} state={state} />, status),
  );
  app.post('/register', { schema: { ...hide, body: RegisterForm }, ...limits, onRequest: registerSourceOpen }, async (request, reply) => {
    const { accountType, personalId, taxCode, fullName, email, phone } = request.body;
    // Everything typed comes back on error, except the passwords.
    const values = { accountType, personalId, taxCode, fullName, email, phone };
    try {
      await accounts.register(request.body, clientOf(request), request.locale);
      // The same answer whether or not the identifiers were free: the mail says which.
      return reply.redirect('/register/sent', 303);
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, values);
      return sendPage(reply, <RegisterPage ctx={pageContext(request, reply)} state={state} />, status);
    }
  });

  app.get('/register/sent', { schema: hide }, async (request, reply) => sendPage(reply, <RegisterSentPage ctx={pageContext(request, reply)} />));

  app.get('/register/confirm', { schema: { ...hide, querystring: ConfirmQuery } }, async (request, reply) => {
    const { token } = request.query;
    const usable = await accounts.isConfirmationUsable(token);
    const page = <ConfirmPage ctx={pageContext(request, reply)} state={emptyForm({})} token={usable ? token : undefined} />;
    return sendPage(reply, page, usable ? 200 : 400);
  });

  app.post('/register/confirm', { schema: { ...hide, body: ConfirmForm }, ...limits }, async (request, reply) => {
    try {
      const outcome = await accounts.confirmEmail(request.body);
      return reply.redirect(outcome === 'changed' ? '/profile?emailChanged=1' : '/login?confirmed=1', 303);
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, {});
      return sendPage(reply, <ConfirmPage ctx={pageContext(request, reply)} state={state} token={undefined} />, status);
    }
  });

  app.get('/register/resend', { schema: hide }, async (request, reply) =>
    sendPage(reply, <ResendPage ctx={pageContext(request, reply)} state={emptyForm({})} />),
  );

  const confirmSourceOpen = refuseSpentSource(
    (ip) => accounts.assertSourceOpen('confirm_source', ip),
    (request, reply, { state, status }) => sendPage(reply, <ResendPage ctx={pageContext(request, reply)} state={state} />, status),
  );
  app.post('/register/resend', { schema: { ...hide, body: ResendForm }, ...limits, onRequest: confirmSourceOpen }, async (request, reply) => {
    const values = { email: request.body.email };
    try {
      await accounts.resendConfirmation(request.body, clientOf(request), request.locale);
      return sendPage(reply, <ResendPage ctx={pageContext(request, reply)} state={emptyForm({})} sent />);
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, values);
      return sendPage(reply, <ResendPage ctx={pageContext(request, reply)} state={state} />, status);
    }
  });
}
