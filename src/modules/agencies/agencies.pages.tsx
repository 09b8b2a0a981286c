import { Type } from 'typebox';
import { isDomainError } from '../../platform/errors/index.ts';
import type { FastifyRequest, HttpApp } from '../../platform/http/index.ts';
import { pageContext, sendPage } from '../../platform/ui/index.ts';
import { agenciesMessages } from './agencies.messages.ts';
import type { DirectoryService } from './agencies.service.ts';
import { AgencyDetailPage, AgencyListPage, agencyPath, SecretIssuedPage } from './agencies.views.tsx';
import type { ClientsService } from './clients.service.ts';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 35 }) });
const ClientParams = Type.Object({ code: Type.String({ maxLength: 35 }), clientId: Type.String({ maxLength: 64 }) });
const ListQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) });
const DetailQuery = Type.Object({ revoked: Type.Optional(Type.String({ maxLength: 64 })) });
const CreateBody = Type.Object({ name: Type.Optional(Type.String()) });
const RotateBody = Type.Object({ overlapHours: Type.Optional(Type.String({ maxLength: 6 })) });

const hidden = { hide: true };

/**
 * Administration pages of the directory and integration clients. Thin: parse →
 * the use case (which authorises) → render. Errors (401 with a login link, 403, 404)
 * are rendered by the platform's error page.
 */
export function registerAgenciesPages(app: HttpApp, deps: { directory: DirectoryService; clients: ClientsService }): void {
  const { directory, clients } = deps;

  app.get('/admin/agencies', { schema: { ...hidden, querystring: ListQuery } }, async (request, reply) => {
    const q = request.query.q?.trim() ?? '';
    const result = await directory.listAgenciesForAdmin(request.actor, { q });
    return sendPage(reply, <AgencyListPage ctx={pageContext(request, reply)} scope={result.scope} agencies={result.agencies} truncated={result.truncated} q={q} />);
  });

  app.get('/admin/agencies/:code', { schema: { ...hidden, params: CodeParams, querystring: DetailQuery } }, async (request, reply) => {
    const view = await directory.getAgencyForAdmin(request.actor, request.params.code);
    const revoked = request.query.revoked;
    const notice = revoked && view.clients.some((c) => c.clientId === revoked && c.revokedAt)
      ? agenciesMessages.t(request.locale, 'revokedNotice', { clientId: revoked })
      : undefined;
    return sendPage(reply, <AgencyDetailPage ctx={pageContext(request, reply)} view={view} notice={notice} />);
  });

  app.post('/admin/agencies/:code/clients', { schema: { ...hidden, params: CodeParams, body: CreateBody } }, async (request, reply) => {
    const { code } = request.params;
    const name = request.body.name ?? '';
    try {
      const created = await clients.createClient(request.actor, { agencyCode: code, name });
      const view = await directory.getAgencyForAdmin(request.actor, code);
      // The secret goes straight into this response, never into a URL or a redirect.
      return sendPage(reply, <SecretIssuedPage ctx={pageContext(request, reply)} agency={view.agency} kind="created" clientId={created.clientId} secret={created.secret} />, 201);
    } catch (error) {
      if (isDomainError(error) && error.code === 'agencies.client_name_invalid') {
        return rerenderWithError(request, reply, code, { name: agenciesMessages.t(request.locale, 'nameInvalid') }, name);
      }
      throw error;
    }
  });

  app.post('/admin/agencies/:code/clients/:clientId/rotate', { schema: { ...hidden, params: ClientParams, body: RotateBody } }, async (request, reply) => {
    const { code, clientId } = request.params;
    const raw = request.body.overlapHours;
    const overlapHours = raw === undefined || raw === '' ? undefined : /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    const rotated = await clients.rotateClientSecret(request.actor, clientId, { overlapHours, underAgency: code });
    const view = await directory.getAgencyForAdmin(request.actor, code);
    return sendPage(
      reply,
      <SecretIssuedPage
        ctx={pageContext(request, reply)}
        agency={view.agency}
        kind="rotated"
        clientId={clientId}
        secret={rotated.secret}
        previousValidUntil={rotated.previousValidUntil}
        overlapHours={rotated.overlapHours}
      />,
    );
  });

  app.post('/admin/agencies/:code/clients/:clientId/revoke', { schema: { ...hidden, params: ClientParams } }, async (request, reply) => {
    const { code, clientId } = request.params;
    await clients.revokeClient(request.actor, clientId, { underAgency: code });
    return reply.redirect(`${agencyPath(code)}?revoked=${encodeURIComponent(clientId)}`, 303);
  });

  async function rerenderWithError(request: FastifyRequest, reply: Parameters<typeof sendPage>[0], code: string, errors: Record<string, string>, nameValue: string) {
    const view = await directory.getAgencyForAdmin(request.actor, code);
    return sendPage(reply, <AgencyDetailPage ctx={pageContext(request, reply)} view={view} errors={errors} nameValue={nameValue} />, 400);
  }
}
