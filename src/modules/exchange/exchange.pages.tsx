import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isDomainError } from '../../platform/errors/index.ts';
import { contentDisposition, csrfCheckedParts, type HttpApp } from '../../platform/http/index.ts';
import { pageContext, sendPage, type FieldErrors } from '../../platform/ui/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { attachmentBytes, type Priority } from './edxml/index.ts';
import { resolvePrincipal } from './exchange.access.ts';
import { CLERK_STATUS_CODES, type ClerkService, type ClerkStatusCode, type ComposeInput } from './exchange.clerk.ts';
import { ComposePage, type ComposeValues } from './exchange.compose.tsx';
import { exchangeMessages } from './exchange.messages.ts';
import type { ExchangeService } from './exchange.service.ts';
import type { ExchangeCaller } from './exchange.types.ts';
import { DocumentPage, InboxPage, packagePath, SentPage, type DocumentView } from './exchange.views.tsx';

const hidden = { hide: true };
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const AttachmentParams = Type.Object({ id: Type.String({ maxLength: 64 }), index: Type.Integer({ minimum: 1, maximum: 1000 }) });
const StatusBody = Type.Object({ code: Type.String({ maxLength: 2 }), description: Type.Optional(Type.String({ maxLength: 2000 })) });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 1 })), sent: Type.Optional(Type.String({ maxLength: 1 })) });

export interface ExchangePagesDeps {
  exchange: ExchangeService;
  clerk: ClerkService;
  agencies: Pick<AgenciesApi, 'findAgency' | 'searchAgencies' | 'listProvinces'>;
  maxPackageBytes: number;
}

const officialOf = (request: FastifyRequest): ExchangeCaller => ({ kind: 'official', actor: request.actor });

/**
 * The clerk's (văn thư) pages: inbox, outbox, a document with its timeline and status
 * actions, compose and send. Thin: the use cases authorise (clerks and leaders of an agency).
 */
export async function registerExchangePages(app: HttpApp, deps: ExchangePagesDeps): Promise<void> {
  const { exchange, clerk } = deps;

  async function agencyOf(request: FastifyRequest): Promise<{ code: string; name: string }> {
    const code = request.actor?.agencyCode ?? '';
    const agency = code ? await deps.agencies.findAgency(code) : undefined;
    return { code, name: agency?.name ?? code };
  }

  app.get('/exchange', { schema: { ...hidden, querystring: DoneQuery } }, async (request, reply) => {
    const caller = officialOf(request);
    const page = await exchange.inbox(caller, { limit: 200 });
    return sendPage(reply, <InboxPage ctx={pageContext(request, reply)} agency={await agencyOf(request)} items={page.items} />);
  });

  app.get('/exchange/sent', { schema: { ...hidden, querystring: DoneQuery } }, async (request, reply) => {
    const page = await exchange.sent(officialOf(request), { limit: 50 });
    return sendPage(reply, <SentPage ctx={pageContext(request, reply)} agency={await agencyOf(request)} items={page.items} />);
  });

  async function documentView(request: FastifyRequest, id: string): Promise<DocumentView> {
    const caller = officialOf(request);
    const view = await exchange.readModel(caller, id);
    const history = await clerk.history(caller, view.package);
    const agency = request.actor?.agencyCode;
    const canReport = view.package.kind === 'document' && view.deliveries.some((d) => d.recipient === agency && d.withdrawn === null);
    return { package: view.package, model: view.model, deliveries: view.deliveries, history, canReport };
  }

  app.get('/exchange/packages/:id', { schema: { ...hidden, params: IdParams, querystring: DoneQuery } }, async (request, reply) => {
    const view = await documentView(request, request.params.id);
    const notice = request.query.done === '1' ? exchangeMessages.t(request.locale, 'actionDone') : undefined;
    return sendPage(reply, <DocumentPage ctx={pageContext(request, reply)} view={view} notice={notice} />);
  });

  app.get('/exchange/packages/:id/attachments/:index', { schema: { ...hidden, params: AttachmentParams } }, async (request, reply) => {
    const view = await exchange.readModel(officialOf(request), request.params.id);
    const attachment = view.model.kind === 'document' ? view.model.attachments[request.params.index - 1] : undefined;
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

  async function recipientOptions(): Promise<{ code: string; name: string }[]> {
    // The level-1 bodies (ministries, provinces) and, below, whatever the directory lists first.
    const page = await deps.agencies.searchAgencies({ limit: 500 });
    return page.items.map((a) => ({ code: a.code, name: a.name }));
  }

  async function renderCompose(request: FastifyRequest, reply: FastifyReply, values: ComposeValues, errors: FieldErrors, status: number, message?: string) {
    // Authorise before showing the form: only clerks and leaders compose.
    await exchange.sent(officialOf(request), { limit: 1 });
    return sendPage(
      reply,
      <ComposePage ctx={pageContext(request, reply)} options={await recipientOptions()} values={values} errors={errors} message={message} maxBytes={deps.maxPackageBytes} />,
      status,
    );
  }

  const emptyCompose: ComposeValues = { subject: '', codeNumber: '', codeNotation: '', recipients: [], priority: '0', dueDate: '', content: '' };
  app.get('/exchange/compose', { schema: hidden }, async (request, reply) => renderCompose(request, reply, emptyCompose, {}, 200));

  // Multipart (a PDF attachment): the body is parsed in the handler, after the platform's CSRF
  // hook; the token is checked here from the form's first field, before any other part is
  // read. Who may send is decided from the session before the body is touched at all: a
  // visitor or an official of another role is refused without reading a 50 MB attachment.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: deps.maxPackageBytes, files: 1, fields: 200, fieldSize: 100_000 } });
    const mayCompose = async (request: FastifyRequest) => {
      resolvePrincipal(officialOf(request));
    };
    scope.post('/exchange/compose', { schema: hidden, config: { csrf: false }, onRequest: mayCompose }, async (request, reply) => {
      const t = exchangeMessages.for(request.locale);
      const values: ComposeValues = { ...emptyCompose, recipients: [] };
      const attachments: ComposeInput['attachments'] = [];
      const errors: FieldErrors = {};
      for await (const part of csrfCheckedParts(scope, request, reply)) {
        if (part.type === 'file') {
          if (!part.filename) {
            part.file.resume();
            continue;
          }
          const bytes = await part.toBuffer();
          if (part.mimetype !== 'application/pdf' || !bytes.subarray(0, 5).equals(Buffer.from('%PDF-'))) errors.attachment = t('attachmentNotPdf');
          else attachments.push({ name: part.filename, contentType: 'application/pdf', bytes });
          continue;
        }
        const value = typeof part.value === 'string' ? part.value : '';
        if (part.fieldname === 'recipients') values.recipients.push(value);
        else if (part.fieldname in values && part.fieldname !== 'recipients') (values as unknown as Record<string, string>)[part.fieldname] = value;
      }
      if (Object.keys(errors).length > 0) return renderCompose(request, reply, values, errors, 400);
      const priority = (/^[0-4]$/.test(values.priority) ? Number(values.priority) : 0) as Priority;
      try {
        await clerk.compose(officialOf(request), {
          subject: values.subject,
          codeNumber: values.codeNumber,
          codeNotation: values.codeNotation,
          recipients: values.recipients,
          priority,
          dueDate: values.dueDate.trim() === '' ? null : values.dueDate.trim(),
          content: values.content,
          attachments,
        });
      } catch (error) {
        if (!isDomainError(error) || error.kind !== 'invalid') throw error;
        const fieldErrors = composeErrors(error.code, t);
        return renderCompose(request, reply, values, fieldErrors, 400, Object.keys(fieldErrors).length === 0 ? t('sendFailed', { reason: error.message }) : undefined);
      }
      return reply.redirect('/exchange/sent?sent=1', 303);
    });
  });
}

function composeErrors(code: string, t: ReturnType<typeof exchangeMessages.for>): FieldErrors {
  switch (code) {
    case 'exchange.subject_invalid':
      return { subject: t('subjectRequired') };
    case 'exchange.code_number_invalid':
      return { codeNumber: t('numberInvalid') };
    case 'exchange.code_notation_invalid':
      return { codeNotation: t('notationInvalid') };
    case 'exchange.no_recipients':
    case 'exchange.unknown_recipients':
      return { recipients: t('recipientsRequired') };
    case 'exchange.due_date_invalid':
      return { dueDate: t('dueDateInvalid') };
    default:
      return {};
  }
}
