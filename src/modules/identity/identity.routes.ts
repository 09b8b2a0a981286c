import { declareSecurityScheme, SESSION_SECURITY_SCHEME, type HttpApp } from '../../platform/http/index.ts';
import { registerAccountPages } from './account.pages.tsx';
import type { AccountsService } from './accounts.service.ts';
import { registerAdminPages } from './admin.pages.tsx';
import { registerAuthPages } from './auth.pages.tsx';
import type { IdentityContext } from './identity.context.ts';
import { identityErrors } from './identity.errors.ts';
import { clearSessionCookie } from './identity.http.ts';
import { viewerOf } from './identity.present.ts';
import { ErrorJson, MeJson } from './identity.schemas.ts';
import type { OfficialsService } from './officials.service.ts';
import { registerRegistrationPages } from './registration.pages.tsx';
import { resolveSessionState, SESSION_COOKIE } from './sessions.service.ts';
import type { TwoFactorService } from './two-factor.service.ts';
import { registerTwoFactorPages } from './two-factor.pages.tsx';
import type { OidcProvider } from './oidc.provider.ts';
import type { OidcService } from './oidc.service.ts';
import { registerOidcPages } from './oidc.pages.tsx';
import { createMyDataService } from './my-data.service.ts';
import type { PersonalDataSources } from './personal-data.ts';
import type { AssuranceService } from './assurance.service.ts';
import { registerAssurancePages } from './assurance.pages.tsx';
import type { createLocalNationalIdProvider } from './national-id.ts';

// Static files and probes never need to know who is asking: no session query for them.
const ANONYMOUS_PREFIXES = ['/assets/', '/fonts/', '/health/'];
// What a session that must enrol an authenticator may reach.
const ENROLMENT_PREFIXES = ['/account/two-factor', '/logout'];

export interface IdentityServices {
  ctx: IdentityContext;
  accounts: AccountsService;
  officials: OfficialsService;
  twoFactor: TwoFactorService;
  oidc: OidcProvider;
  oidcService: OidcService;
  assurance: AssuranceService;
  localNationalId: ReturnType<typeof createLocalNationalIdProvider>;
  personalData: PersonalDataSources;
}

/**
 * Registered on the root instance: the session hook then runs for every route of every
 * module, setting `request.actor` (for use cases) and `request.viewer` (for the page shell).
 */
export function registerIdentityRoutes(app: HttpApp, services: IdentityServices): void {
  const { ctx } = services;
  if (!app.hasRequestDecorator('actor')) app.decorateRequest('actor', undefined);
  if (!app.hasRequestDecorator('viewer')) app.decorateRequest('viewer', undefined);
  if (!app.hasRequestDecorator('sessionEnded')) app.decorateRequest('sessionEnded', false);

  // API routes that answer 401 without a session name this scheme in the OpenAPI document.
  declareSecurityScheme(app, SESSION_SECURITY_SCHEME, {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'The session of a person signed in on the site (the login page sets the cookie; officials and administrators also give their second factor). For pages and scripts of the site itself, not for agencies’ systems (they sign their requests). A POST, PUT or DELETE with the cookie also needs the CSRF token of a page of the site, in the `csrf-token` (or `x-csrf-token`) header or the `_csrf` field, with the `_csrf` cookie it came with.',
  });

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || ANONYMOUS_PREFIXES.some((prefix) => request.url.startsWith(prefix))) return;
    const session = await resolveSessionState(ctx.db, token);
    if (!session) {
      // Ended, expired or unknown: drop the cookie so the browser stops sending it (the login
      // page a staff page sends them to says their session ended: signInUrl).
      request.sessionEnded = true;
      clearSessionCookie(reply, ctx.config);
      return;
    }
    // Password given, code not yet: nobody is signed in (the code page reads the cookie itself).
    if (session.awaitingSecondFactor) return;
    const { actor } = session;
    // An official or admin without an authenticator reaches nothing but its enrolment.
    if (session.mustEnrol && !ENROLMENT_PREFIXES.some((prefix) => request.url.startsWith(prefix))) {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) {
        return reply.redirect(`/account/two-factor?next=${encodeURIComponent(request.url)}`, 303);
      }
      return;
    }
    request.actor = actor;
    request.viewer = viewerOf(actor, request.locale, ctx.contributions);
  });

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'The signed-in account',
        description: 'Who the session cookie belongs to: kind, name, agency and roles. 401 without a session.',
        response: { 200: MeJson, 401: ErrorJson },
      },
    },
    async (request) => {
      if (!request.actor) throw identityErrors.unauthenticated();
      return request.actor;
    },
  );

  registerAuthPages(app, services.accounts, ctx.config, (token) => services.oidcService.logOutRelyingParties(token));
  registerRegistrationPages(app, services.accounts);
  registerAccountPages(app, ctx, services.accounts, services.officials);
  registerAdminPages(app, ctx, services.officials);
  registerTwoFactorPages(app, ctx, services.twoFactor, ctx.config);
  registerOidcPages(app, ctx, services.oidc, services.oidcService, createMyDataService(ctx, services.personalData));
  registerAssurancePages(app, services.assurance, services.localNationalId);
}
