import type { HttpApp } from '../../platform/http/index.ts';
import { pageContext, sendPage } from '../../platform/ui/index.ts';
import type { AccountsService } from './accounts.service.ts';
import { ConsolePage, ProfilePage } from './account.views.tsx';
import type { IdentityContext } from './identity.context.ts';
import { roleNamesIn } from './identity.present.ts';
import { clientOf, failedForm, redirectToLogin } from './identity.http.ts';
import { identityMessages } from './identity.messages.ts';
import { ProfileForm, ProfileQuery } from './identity.schemas.ts';
import type { OfficialsService } from './officials.service.ts';

/** The signed-in person's own pages: profile for everyone, console for officials. */
export function registerAccountPages(app: HttpApp, ctx: IdentityContext, accounts: AccountsService, officials: OfficialsService): void {
  app.get('/profile', { schema: { hide: true, querystring: ProfileQuery } }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const account = await accounts.getProfile(request.actor);
    const t = identityMessages.for(request.locale);
    const { query } = request;
    const notice = query.emailChanged ? t('emailChanged') : query.emailSent ? t('emailChangeSent') : query.saved ? t('profileSaved') : undefined;
    const values = { fullName: account.fullName, email: account.email, phone: account.phone ?? undefined, smsNotifications: account.smsNotifications };
    return sendPage(reply, <ProfilePage ctx={pageContext(request, reply)} account={account} state={{ values, errors: {}, notice }} roles={roleNamesIn(ctx.contributions, request.locale)} />);
  });

  app.post('/profile', { schema: { hide: true, body: ProfileForm } }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const { fullName, email, phone } = request.body;
    const smsNotifications = Boolean(request.body.smsNotifications);
    try {
      const { emailChangeSent } = await accounts.updateProfile(request.actor, request.body, clientOf(request), request.locale);
      return reply.redirect(emailChangeSent ? '/profile?emailSent=1' : '/profile?saved=1', 303);
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, { fullName, email, phone, smsNotifications });
      const account = await accounts.getProfile(request.actor);
      return sendPage(reply, <ProfilePage ctx={pageContext(request, reply)} account={account} state={state} roles={roleNamesIn(ctx.contributions, request.locale)} />, status);
    }
  });

  app.get('/console', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const model = await officials.consoleOf(request.actor);
    const links = ctx.contributions.navigation('console', request.actor, request.locale);
    return sendPage(reply, <ConsolePage ctx={pageContext(request, reply)} model={model} roles={roleNamesIn(ctx.contributions, request.locale)} links={links} />);
  });
}
