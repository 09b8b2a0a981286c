import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import { safeRedirect, type HttpApp } from '../../platform/http/index.ts';
import { pageContext, sendPage } from '../../platform/ui/index.ts';
import { homeUrlOf } from './identity.context.ts';
import { IdentityErrorCode } from './identity.errors.ts';
import { clientOf, emptyForm, failedForm, FORM_BODY_LIMIT, redirectToLogin, setSessionCookie } from './identity.http.ts';
import { CodeForm, NextOnlyQuery } from './identity.schemas.ts';
import { resolveSessionState, SECOND_FACTOR_REQUIRED, SESSION_COOKIE } from './sessions.service.ts';
import type { IdentityContext } from './identity.context.ts';
import { stepUpUrl, type TwoFactorService } from './two-factor.service.ts';
import { twoFactorMessages } from './two-factor.messages.ts';
import { CodePage, EnrolmentPage, RecoveryCodesPage, StepUpNotEnrolledPage } from './two-factor.views.tsx';

/** Whether an error asks for a step-up: page handlers answer it with `stepUpUrl(back)`. */
export function isStepUpRequired(error: unknown): boolean {
  return isDomainError(error) && error.code === IdentityErrorCode.stepUpRequired;
}

/** The second step of a login, the step-up before sensitive actions, and enrolment. Thin handlers. */
export function registerTwoFactorPages(app: HttpApp, ctx: IdentityContext, twoFactor: TwoFactorService, config: Config): void {
  const hide = { hide: true };
  const limits = { bodyLimit: FORM_BODY_LIMIT };
  const cookieOf = (request: FastifyRequest) => request.cookies[SESSION_COOKIE];

  app.get('/login/second-factor', { schema: { ...hide, querystring: NextOnlyQuery } }, async (request, reply) => {
    const token = cookieOf(request);
    const state = token ? await resolveSessionState(ctx.db, token) : undefined;
    if (!state?.awaitingSecondFactor) return reply.redirect('/login', 303);
    return sendPage(reply, <CodePage ctx={pageContext(request, reply)} state={emptyForm({ next: request.query.next })} mode="login" />);
  });

  app.post('/login/second-factor', { schema: { ...hide, body: CodeForm }, ...limits }, async (request, reply) => {
    const values = { next: request.body.next };
    try {
      const { actor, token } = await twoFactor.completeLogin(cookieOf(request), request.body.code, clientOf(request));
      setSessionCookie(reply, config, token);
      return reply.redirect(safeRedirect(values.next, homeUrlOf(actor.kind)), 303);
    } catch (error) {
      if (isDomainError(error) && error.code === IdentityErrorCode.unauthenticated) return reply.redirect('/login', 303);
      const { state, status } = failedForm(request, reply, error, values);
      return sendPage(reply, <CodePage ctx={pageContext(request, reply)} state={state} mode="login" />, status);
    }
  });

  app.get('/login/step-up', { schema: { ...hide, querystring: NextOnlyQuery } }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const enrolment = await twoFactor.enrolmentOf(request.actor);
    if (!enrolment.enrolled) return sendPage(reply, <StepUpNotEnrolledPage ctx={pageContext(request, reply)} />, 403);
    return sendPage(reply, <CodePage ctx={pageContext(request, reply)} state={emptyForm({ next: request.query.next })} mode="step-up" />);
  });

  app.post('/login/step-up', { schema: { ...hide, body: CodeForm }, ...limits }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const values = { next: request.body.next };
    try {
      await twoFactor.stepUp(request.actor, cookieOf(request), request.body.code, clientOf(request));
      return reply.redirect(safeRedirect(values.next, homeUrlOf(request.actor.kind)), 303);
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, values);
      return sendPage(reply, <CodePage ctx={pageContext(request, reply)} state={state} mode="step-up" />, status);
    }
  });

  const enrolmentPage = async (request: FastifyRequest, reply: FastifyReply, state = emptyForm<{ next?: string | undefined }>({}), status = 200) => {
    const actor = request.actor;
    if (!actor) return redirectToLogin(request, reply);
    const enrolment = await twoFactor.enrolmentOf(actor);
    const required = SECOND_FACTOR_REQUIRED.includes(actor.kind);
    return sendPage(reply, <EnrolmentPage ctx={pageContext(request, reply)} enrolment={enrolment} state={state} required={required} />, status);
  };

  app.get('/account/two-factor', { schema: { ...hide, querystring: NextOnlyQuery } }, async (request, reply) => {
    const t = twoFactorMessages.for(request.locale);
    const notice = request.query.done === 'off' ? t('disabledNotice') : undefined;
    return enrolmentPage(request, reply, { ...emptyForm({ next: request.query.next }), notice });
  });

  app.post('/account/two-factor', { schema: { ...hide, body: CodeForm }, ...limits }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const values = { next: request.body.next };
    try {
      const { recoveryCodes } = await twoFactor.confirmEnrolment(request.actor, cookieOf(request), request.body.code);
      const next = safeRedirect(values.next, homeUrlOf(request.actor.kind));
      return sendPage(reply, <RecoveryCodesPage ctx={pageContext(request, reply)} codes={recoveryCodes} next={next} />);
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, values);
      return enrolmentPage(request, reply, state, status);
    }
  });

  app.post('/account/two-factor/recovery-codes', { schema: hide, ...limits }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    try {
      const { recoveryCodes } = await twoFactor.regenerateRecoveryCodes(request.actor);
      const t = twoFactorMessages.for(request.locale);
      return sendPage(reply, <RecoveryCodesPage ctx={pageContext(request, reply)} codes={recoveryCodes} next="/account/two-factor" notice={t('regeneratedNotice')} />);
    } catch (error) {
      if (isStepUpRequired(error)) return reply.redirect(stepUpUrl('/account/two-factor'), 303);
      throw error;
    }
  });

  app.post('/account/two-factor/disable', { schema: hide, ...limits }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    try {
      await twoFactor.disable(request.actor);
      return reply.redirect('/account/two-factor?done=off', 303);
    } catch (error) {
      if (isStepUpRequired(error)) return reply.redirect(stepUpUrl('/account/two-factor'), 303);
      throw error;
    }
  });
}
