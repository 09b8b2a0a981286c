import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition, type HttpApp } from '../../platform/http/index.ts';
import type { MyDataService } from './my-data.service.ts';
import { pageContext, sendPage } from '../../platform/ui/index.ts';
import type { IdentityContext } from './identity.context.ts';
import { emptyForm, failedForm, FORM_BODY_LIMIT, redirectToLogin } from './identity.http.ts';
import { ClientForm, ClientParams, EraseForm, InteractionParams, RelyingPartiesQuery, WithdrawForm } from './identity.schemas.ts';
import { identityErrors } from './identity.errors.ts';
import { myDataMessages } from './my-data.messages.ts';
import { renderMyDataPdf } from './my-data.pdf.ts';
import { ErasedPage, MyDataPage } from './my-data.views.tsx';
import { oidcMessages } from './oidc.messages.ts';
import { OIDC_PREFIX, type OidcProvider } from './oidc.provider.ts';
import type { OidcService } from './oidc.service.ts';
import { ConnectedServicesPage, ConsentPage, RelyingPartiesPage, type RegisteredClient } from './oidc.views.tsx';
import { endSessionToken, SESSION_COOKIE } from './sessions.service.ts';

const originOf = (url: string | null) => {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The consent form's answer ends in a redirect to the relying party, which browsers check
 * against form-action; its logo is on its own site. Only this page's policy names them (the
 * redirect URI was checked against the registered ones by the provider).
 */
function allowConsentTargets(reply: FastifyReply, redirectUri: string, logoUri: string | null): void {
  const policy = reply.raw.getHeader('content-security-policy');
  const target = originOf(redirectUri);
  if (typeof policy !== 'string' || !target) return;
  const logo = originOf(logoUri);
  const updated = policy.replace("form-action 'self'", `form-action 'self' ${target}`).replace("img-src 'self' data:", `img-src 'self' data:${logo ? ` ${logo}` : ''}`);
  reply.raw.setHeader('content-security-policy', updated);
}

/**
 * The OpenID Connect provider mounted in Fastify (its endpoints answer themselves), the
 * interaction pages where egov's session logs the person in and consent is asked, the
 * connected services of the profile and the relying parties of the admin pages.
 */
export function registerOidcPages(app: HttpApp, ctx: IdentityContext, oidc: OidcProvider, service: OidcService, myData: MyDataService): void {
  const hide = { hide: true };

  // NĐ 13/2023: the person's data page: downloads, consent, erasure (what is kept, and why).
  app.get('/profile/my-data', { schema: hide }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const mayErase = request.actor.kind === 'citizen' || request.actor.kind === 'business';
    return sendPage(reply, <MyDataPage ctx={pageContext(request, reply)} mayErase={mayErase} />);
  });

  app.get('/profile/my-data.pdf', { schema: hide }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const pdf = await renderMyDataPdf(await myData.exportOf(request.actor));
    reply.header('content-disposition', contentDisposition('attachment', 'egov-du-lieu-ca-nhan.pdf'));
    reply.header('cache-control', 'no-store');
    return reply.type('application/pdf').send(pdf);
  });

  app.post('/profile/my-data/erase', { schema: { ...hide, body: EraseForm }, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    // Who asks before what they sent: staff accounts are refused whatever the form says.
    if (request.actor.kind !== 'citizen' && request.actor.kind !== 'business') throw identityErrors.forbidden();
    if (request.body.confirm !== 'yes') {
      return sendPage(reply, <MyDataPage ctx={pageContext(request, reply)} mayErase error={myDataMessages.t(request.locale, 'eraseConfirmRequired')} />, 400);
    }
    // Relying parties any of the account's sessions signed the person in to are told before the sessions go.
    await service.logOutRelyingPartiesOfAccount(request.actor.accountId);
    const { outcomes } = await myData.erase(request.actor);
    reply.raw.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`);
    request.actor = undefined;
    request.viewer = undefined;
    return sendPage(reply, <ErasedPage ctx={pageContext(request, reply)} outcome={outcomes} />);
  });

  // NĐ 13/2023: the person downloads what egov holds about them, and who acted on their records.
  app.get('/profile/my-data.json', { schema: hide }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const data = await myData.exportOf(request.actor);
    reply.header('content-disposition', contentDisposition('attachment', 'egov-my-data.json'));
    reply.header('cache-control', 'no-store');
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(data, null, 2));
  });

  const passToProvider = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    // Fastify has read a form body already: the provider takes it from req.body.
    Object.assign(request.raw, { body: request.body });
    await oidc.handle(request.raw, reply.raw);
  };
  // Relying parties call these from their servers (token, userinfo, revocation): no CSRF token, by design.
  const providerRoute = { schema: hide, config: { csrf: false }, bodyLimit: 64 * 1024 };
  app.get('/.well-known/openid-configuration', providerRoute, passToProvider);
  app.route({ method: ['GET', 'POST'], url: `${OIDC_PREFIX}/*`, ...providerRoute, handler: passToProvider });

  // "Log out everywhere": confirming the provider's logout also ends the egov session of this browser.
  app.post(`${OIDC_PREFIX}/session/end/confirm`, providerRoute, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    const body = (request.body ?? {}) as Record<string, unknown>;
    const ending = Boolean(token && body.logout);
    if (token && ending) {
      await endSessionToken(ctx.db, token);
      reply.raw.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`);
    }
    // The provider tells the relying parties of its own session; any other provider session the
    // egov session signed in through ends too.
    await passToProvider(request, reply);
    if (ending) await service.logOutRelyingParties(token);
  });

  app.get(`${OIDC_PREFIX}/interaction/:uid`, { schema: { ...hide, params: InteractionParams } }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const outcome = await service.interaction(request.actor, request.raw, reply.raw);
    if ('redirect' in outcome) return reply.redirect(outcome.redirect, 303);
    const { client, scopes, redirectUri } = outcome.consent;
    allowConsentTargets(reply, redirectUri, client.logoUri);
    return sendPage(reply, <ConsentPage ctx={pageContext(request, reply)} uid={request.params.uid} client={client} scopes={scopes} />);
  });

  app.post(`${OIDC_PREFIX}/interaction/:uid/consent`, { schema: { ...hide, params: InteractionParams }, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    return reply.redirect(await service.finishConsent(request.actor, request.raw, reply.raw), 303);
  });

  app.post(`${OIDC_PREFIX}/interaction/:uid/deny`, { schema: { ...hide, params: InteractionParams }, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    return reply.redirect(await service.denyConsent(request.actor, request.raw, reply.raw), 303);
  });

  app.get('/profile/connected-services', { schema: { ...hide, querystring: RelyingPartiesQuery } }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const consents = await service.consentsOf(request.actor);
    const notice = request.query.withdrawn ? oidcMessages.t(request.locale, 'connectedWithdrawn') : undefined;
    return sendPage(reply, <ConnectedServicesPage ctx={pageContext(request, reply)} consents={consents} notice={notice} />);
  });

  app.post('/profile/connected-services/withdraw', { schema: { ...hide, body: WithdrawForm }, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    await service.withdrawConsent(request.actor, request.body.clientId ?? '');
    return reply.redirect('/profile/connected-services?withdrawn=1', 303);
  });

  const discoveryUrl = `${ctx.config.baseUrl}/.well-known/openid-configuration`;
  const listPage = async (request: FastifyRequest, reply: FastifyReply, state = emptyForm({}), status = 200, registered?: RegisteredClient) => {
    const clients = await service.listClients(request.actor);
    return sendPage(reply, <RelyingPartiesPage ctx={pageContext(request, reply)} clients={clients} state={state} registered={registered} discoveryUrl={discoveryUrl} />, status);
  };

  app.get('/admin/relying-parties', { schema: hide }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    return listPage(request, reply);
  });

  app.post('/admin/relying-parties', { schema: { ...hide, body: ClientForm }, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    try {
      const { client, secret } = await service.registerClient(request.actor, request.body);
      return listPage(request, reply, emptyForm({}), 200, { clientId: client.clientId, secret });
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, request.body);
      return listPage(request, reply, state, status);
    }
  });

  for (const action of ['disable', 'enable'] as const) {
    app.post(`/admin/relying-parties/:clientId/${action}`, { schema: { ...hide, params: ClientParams }, bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
      if (!request.actor) return redirectToLogin(request, reply);
      await service.setClientStatus(request.actor, request.params.clientId, action === 'disable' ? 'disabled' : 'active');
      return reply.redirect('/admin/relying-parties', 303);
    });
  }
}
