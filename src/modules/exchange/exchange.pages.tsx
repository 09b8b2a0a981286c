import fs from 'node:fs';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { agencyName } from '../agencies/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import { contentDisposition, type HttpApp } from '../../platform/http/index.ts';
import { pageContext, sendPage, type FieldErrors } from '../../platform/ui/index.ts';
import { attachmentBytes } from './edxml/index.ts';
import { CLERK_STATUS_CODES, type ClerkStatusCode } from './exchange.clerk.ts';
import { registerComposePages } from './exchange.compose-pages.tsx';
import { registerRecipientListPages } from './exchange.recipient-lists.pages.tsx';
import { AssignedPage } from './exchange.assigned.tsx';
import { exchangeMessages } from './exchange.messages.ts';
import { registerRegisterPages } from './exchange.registers.pages.tsx';
import { officialOf, type ExchangePagesDeps } from './exchange.pages-deps.ts';
import { DocumentPage, InboxPage, packagePath, SentPage, type DocumentView } from './exchange.views.tsx';

const hidden = { hide: true };
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const AttachmentParams = Type.Object({ id: Type.String({ maxLength: 64 }), index: Type.Integer({ minimum: 1, maximum: 1000 }) });
const StatusBody = Type.Object({ code: Type.String({ maxLength: 2 }), description: Type.Optional(Type.String({ maxLength: 2000 })) });
const AssignBody = Type.Object({ assignee: Type.String({ maxLength: 100 }), dueDate: Type.Optional(Type.String({ maxLength: 10 })), note: Type.Optional(Type.String({ maxLength: 2000 })) });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 12 })), sent: Type.Optional(Type.String({ maxLength: 1 })) });

export type { ExchangePagesDeps };

const PICKER_JS = fs.readFileSync(path.join(import.meta.dirname, 'assets', 'picker.js'));

/**
 * The clerk's (văn thư) pages: inbox, outbox, a document with its timeline and actions
 * (status, assign, reply, forward), compose, the registers, and the list of what is assigned
 * to an official. Thin: the use cases authorise.
 */
export async function registerExchangePages(app: HttpApp, deps: ExchangePagesDeps): Promise<void> {
  const { exchange, clerk, desk } = deps;

  async function agencyOf(request: FastifyRequest): Promise<{ code: string; name: string }> {
    const code = request.actor?.agencyCode ?? '';
    const agency = code ? await deps.agencies.findAgency(code) : undefined;
    return { code, name: agency ? agencyName(agency, request.locale) : code };
  }

  app.get('/exchange/assets/picker.js', { schema: hidden }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PICKER_JS),
  );

  app.get('/exchange', { schema: { ...hidden, querystring: DoneQuery } }, async (request, reply) => {
    const page = await exchange.inbox(officialOf(request), { limit: 200 });
    const names = await deps.names(page.items.map((i) => i.package.senderAgency), request.locale);
    return sendPage(reply, <InboxPage ctx={pageContext(request, reply)} agency={await agencyOf(request)} items={page.items} names={names} />);
  });

  app.get('/exchange/sent', { schema: { ...hidden, querystring: DoneQuery } }, async (request, reply) => {
    const page = await exchange.sent(officialOf(request), { limit: 50 });
    const names = await deps.names(page.items.flatMap((i) => i.deliveries.map((d) => d.recipient)), request.locale);
    return sendPage(reply, <SentPage ctx={pageContext(request, reply)} agency={await agencyOf(request)} items={page.items} names={names} />);
  });

  app.get('/exchange/assigned', { schema: hidden }, async (request, reply) => {
    const items = await desk.assignedTo(request.actor);
    const names = await deps.names(items.map((i) => i.package.senderAgency), request.locale);
    return sendPage(reply, <AssignedPage ctx={pageContext(request, reply)} items={items} names={names} />);
  });

  async function documentView(request: FastifyRequest, id: string): Promise<DocumentView> {
    const caller = officialOf(request);
    const view = await exchange.readModel(caller, id);
    const [history, extras] = await Promise.all([clerk.history(caller, view.package), desk.documentExtras(caller, view.package, view.model)]);
    const agency = request.actor?.agencyCode;
    const canReport = view.package.kind === 'document' && view.deliveries.some((d) => d.recipient === agency && d.withdrawn === null);
    const assignees = canReport ? await desk.assigneesOf(caller) : { units: [], people: [] };
    const names = await deps.names([
      view.package.senderAgency,
      ...view.deliveries.map((d) => d.recipient),
      ...history.map((h) => h.reporter),
      ...view.model.traceHeaders.flatMap((h) => (h.organId ? [h.organId] : [])),
      ...extras.responses.map((r) => r.senderAgency),
    ], request.locale);
    return { package: view.package, model: view.model, deliveries: view.deliveries, history, canReport, names, assignees, ...extras };
  }

  /** An official who is not a clerk reads a document assigned to them (or their unit). */
  async function assignedView(request: FastifyRequest, id: string): Promise<DocumentView> {
    const view = await desk.readAssigned(request.actor, id);
    const names = await deps.names([view.package.senderAgency, ...view.model.traceHeaders.flatMap((h) => (h.organId ? [h.organId] : []))], request.locale);
    return { package: view.package, model: view.model, deliveries: [], history: [], canReport: false, names, registered: undefined, responses: [], original: undefined, assignments: view.assignments, assignees: { units: [], people: [] } };
  }

  const NOTICES = { '1': 'actionDone', assigned: 'assignDone', forwarded: 'forwardDone' } as const;

  app.get('/exchange/packages/:id', { schema: { ...hidden, params: IdParams, querystring: DoneQuery } }, async (request, reply) => {
    let view: DocumentView;
    try {
      view = await documentView(request, request.params.id);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'exchange.forbidden') throw error;
      view = await assignedView(request, request.params.id);
    }
    const key = NOTICES[request.query.done as keyof typeof NOTICES];
    let notice = key ? exchangeMessages.t(request.locale, key) : undefined;
    if (request.query.done === '1' && view.registered?.direction === 'in') {
      notice = `${notice} ${exchangeMessages.t(request.locale, 'regNumberGiven', { number: view.registered.number, year: view.registered.year })}`;
    }
    return sendPage(reply, <DocumentPage ctx={pageContext(request, reply)} view={view} notice={notice} />);
  });

  app.get('/exchange/packages/:id/attachments/:index', { schema: { ...hidden, params: AttachmentParams } }, async (request, reply) => {
    let model;
    try {
      model = (await exchange.readModel(officialOf(request), request.params.id)).model;
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'exchange.forbidden') throw error;
      model = (await desk.readAssigned(request.actor, request.params.id)).model;
    }
    const attachment = model.kind === 'document' ? model.attachments[request.params.index - 1] : undefined;
    if (!attachment) return reply.callNotFound();
    // The type is the sender's word: only PDF is served as such, anything else as bytes to
    // save, never as something a browser would render on our origin.
    const type = attachment.contentType === 'application/pdf' ? 'application/pdf' : 'application/octet-stream';
    return reply
      .type(type)
      // The name is the sender's: encoded so that whatever it holds, the header stays valid.
      .header('content-disposition', contentDisposition('attachment', attachment.attachmentName ?? '', `attachment-${request.params.index}`))
      .header('x-content-type-options', 'nosniff')
      .send(attachmentBytes(attachment));
  });

  app.post('/exchange/packages/:id/status', { schema: { ...hidden, params: IdParams, body: StatusBody } }, async (request, reply) => {
    const { id } = request.params;
    const code = request.body.code as ClerkStatusCode;
    if (!CLERK_STATUS_CODES.includes(code)) {
      const view = await documentView(request, id);
      return sendPage(reply, <DocumentPage ctx={pageContext(request, reply)} view={view} errors={{ code: exchangeMessages.t(request.locale, 'actionLabel') }} />, 400);
    }
    await clerk.reportStatus(officialOf(request), id, { code, description: request.body.description ?? '', staff: request.actor?.displayName ?? '' });
    return reply.redirect(`${packagePath(id)}?done=1`, 303);
  });

  app.post('/exchange/packages/:id/assign', { schema: { ...hidden, params: IdParams, body: AssignBody } }, async (request, reply) => {
    const { id } = request.params;
    const t = exchangeMessages.for(request.locale);
    try {
      const due = request.body.dueDate?.trim() ?? '';
      await desk.assign(officialOf(request), id, { assignee: request.body.assignee, dueDate: due === '' ? null : due, note: request.body.note ?? '', staff: request.actor?.displayName ?? '' });
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'invalid') throw error;
      const errors: FieldErrors = error.code === 'exchange.due_date_invalid' ? { dueDate: t('dueDateInvalid') } : { assignee: t('assignChoose') };
      return sendPage(reply, <DocumentPage ctx={pageContext(request, reply)} view={await documentView(request, id)} errors={errors} />, 400);
    }
    return reply.redirect(`${packagePath(id)}?done=assigned`, 303);
  });

  await registerComposePages(app, { ...deps, officialOf });
  registerRecipientListPages(app, { ...deps, officialOf });
  registerRegisterPages(app, { desk, names: deps.names, agencyOf, officialOf });
}
