import type { HttpApp } from '../../platform/http/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { pageContext, sendPage } from '../../platform/ui/index.ts';
import { AdminHomePage, EditOfficialPage, NewOfficialPage, OfficialsListPage } from './admin.views.tsx';
import { emptyForm, failedForm, redirectToLogin } from './identity.http.ts';
import { identityMessages } from './identity.messages.ts';
import { EditOfficialForm, NewOfficialForm, OfficialParams, OfficialsQuery } from './identity.schemas.ts';
import type { IdentityContext } from './identity.context.ts';
import { roleNamesIn } from './identity.present.ts';
import type { OfficialsService } from './officials.service.ts';

/**
 * Administration of official accounts. Every handler asks the use case, which decides
 * from the actor's scope; an out-of-reach agency is a 403 from there, not from here.
 */
export function registerAdminPages(app: HttpApp, ctx: IdentityContext, officials: OfficialsService): void {
  const hide = { hide: true };
  const rolesIn = (request: { locale: Locale }) => roleNamesIn(ctx.contributions, request.locale);

  app.get('/admin', { schema: hide }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const scope = officials.administrationScope(request.actor);
    const cards = ctx.contributions.navigation('admin', request.actor, request.locale);
    return sendPage(reply, <AdminHomePage ctx={pageContext(request, reply)} scope={scope} cards={cards} />);
  });

  app.get('/admin/officials', { schema: { ...hide, querystring: OfficialsQuery } }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const filter = request.query.agency?.trim() || undefined;
    const list = await officials.listOfficials(request.actor, { agencyCode: filter });
    const names = await officials.agencyNames(list.flatMap((o) => (o.agencyCode ? [o.agencyCode] : [])));
    return sendPage(reply, <OfficialsListPage ctx={pageContext(request, reply)} officials={list} agencyNames={names} filter={filter} roles={rolesIn(request)} />);
  });

  app.get('/admin/officials/new', { schema: hide }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const scope = officials.administrationScope(request.actor);
    // An agency admin most often adds people to their own agency.
    const agencyCode = scope.kind === 'all' ? undefined : (request.actor.agencyCode ?? undefined);
    return sendPage(reply, <NewOfficialPage ctx={pageContext(request, reply)} state={emptyForm({ agencyCode, roles: [] })} roles={rolesIn(request)} />);
  });

  app.post('/admin/officials/new', { schema: { ...hide, body: NewOfficialForm } }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const { email, fullName, agencyCode, roles } = request.body;
    try {
      const { account, invited } = await officials.createOfficial(request.actor, request.body);
      return reply.redirect(`/admin/officials/${account.id}?created=1${invited ? '&invited=1' : ''}`, 303);
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, { email, fullName, agencyCode, roles });
      return sendPage(reply, <NewOfficialPage ctx={pageContext(request, reply)} state={state} roles={rolesIn(request)} />, status);
    }
  });

  app.get('/admin/officials/:id', { schema: { ...hide, params: OfficialParams, querystring: OfficialsQuery } }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    const official = await officials.getOfficial(request.actor, request.params.id);
    const t = identityMessages.for(request.locale);
    const { created, invited } = request.query;
    const notice = [
      ...(created ? [t('officialCreated', { name: official.fullName })] : []),
      ...(invited ? [t('officialInvited', { email: official.email })] : []),
      ...(request.query.saved ? [t('officialUpdated')] : []),
    ].join(' ');
    const names = await officials.agencyNames(official.agencyCode ? [official.agencyCode] : []);
    const state = { ...emptyForm({}), notice: notice || undefined };
    const page = <EditOfficialPage ctx={pageContext(request, reply)} official={official} agencyName={names.get(official.agencyCode ?? '')} state={state} roles={rolesIn(request)} />;
    return sendPage(reply, page);
  });

  app.post('/admin/officials/:id', { schema: { ...hide, params: OfficialParams, body: EditOfficialForm } }, async (request, reply) => {
    if (!request.actor) return redirectToLogin(request, reply);
    // No box ticked sends no `roles` at all: that is "no roles", not "unchanged".
    const values = { roles: request.body.roles ?? [], status: request.body.status };
    try {
      await officials.updateOfficial(request.actor, request.params.id, values);
      return reply.redirect(`/admin/officials/${request.params.id}?saved=1`, 303);
    } catch (error) {
      const { state, status } = failedForm(request, reply, error, values);
      const official = await officials.getOfficial(request.actor, request.params.id);
      const names = await officials.agencyNames(official.agencyCode ? [official.agencyCode] : []);
      const page = <EditOfficialPage ctx={pageContext(request, reply)} official={official} agencyName={names.get(official.agencyCode ?? '')} state={state} roles={rolesIn(request)} />;
      return sendPage(reply, page, status);
    }
  });
}
