import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { agencyName, type Agency } from '../agencies/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { csrfCheckedParts, type HttpApp } from '../../platform/http/index.ts';
import { pageContext, sendPage, type FieldErrors } from '../../platform/ui/index.ts';
import type { Priority } from './edxml/index.ts';
import { resolvePrincipal } from './exchange.access.ts';
import type { ComposeInput } from './exchange.clerk.ts';
import { ComposePage, type ComposeMode, type ComposeValues, type PickerState } from './exchange.compose.tsx';
import { exchangeMessages } from './exchange.messages.ts';
import type { ExchangePagesDeps } from './exchange.pages-deps.ts';
import type { ExchangeCaller } from './exchange.types.ts';
import { packagePath } from './exchange.ui.tsx';

const hidden = { hide: true };
const codes = Type.Union([Type.String({ maxLength: 40 }), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 500 })]);
const ComposeQuery = Type.Object({
  to: Type.Optional(codes),
  add: Type.Optional(Type.String({ maxLength: 40 })),
  remove: Type.Optional(Type.String({ maxLength: 40 })),
  addGroup: Type.Optional(Type.Union([Type.Literal('ministries'), Type.Literal('provinces')])),
  group: Type.Optional(Type.Union([Type.Literal('ministries'), Type.Literal('provinces')])),
  parent: Type.Optional(Type.String({ maxLength: 40 })),
  browse: Type.Optional(Type.String({ maxLength: 1 })),
  search: Type.Optional(Type.String({ maxLength: 1 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  reply: Type.Optional(Type.String({ maxLength: 64 })),
  forward: Type.Optional(Type.String({ maxLength: 64 })),
  list: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
  addList: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
  saved: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
});
const SaveListBody = Type.Object({
  to: Type.Optional(codes),
  listName: Type.Optional(Type.String({ maxLength: 200 })),
  reply: Type.Optional(Type.String({ maxLength: 64 })),
  forward: Type.Optional(Type.String({ maxLength: 64 })),
});
const RecipientsQuery = Type.Object({ q: Type.String({ maxLength: 100 }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const ForwardBody = Type.Object({ recipients: Type.Optional(codes) });

const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const emptyCompose: ComposeValues = { subject: '', codeNumber: '', codeNotation: '', recipients: [], priority: '0', dueDate: '', content: '', responseTo: '' };

/** Compose, reply and forward, with the recipient picker (exchange.compose.tsx). */
export async function registerComposePages(app: HttpApp, deps: ExchangePagesDeps & { officialOf: (request: FastifyRequest) => ExchangeCaller }): Promise<void> {
  const { clerk, desk, exchange, recipientLists, officialOf } = deps;

  /** The agencies chosen, by name, in the order chosen; codes not in the directory are dropped. */
  async function picked(codes: string[], locale: Locale) {
    const unique = [...new Set(codes.map((c) => c.trim().toUpperCase()).filter((c) => c !== ''))];
    const names = await deps.names(unique, locale);
    return unique.flatMap((code) => (names.has(code) ? [{ code, name: names.get(code) as string }] : []));
  }

  async function modeOf(request: FastifyRequest, query: { reply?: string | undefined; forward?: string | undefined }): Promise<ComposeMode> {
    const id = query.reply ?? query.forward;
    if (!id) return { kind: 'new' };
    const view = await exchange.readModel(officialOf(request), id);
    return { kind: query.forward ? 'forward' : 'reply', original: { id, subject: view.package.subject ?? view.package.documentId } };
  }

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    args: { mode: ComposeMode; picker: Omit<PickerState, 'lists'>; values: ComposeValues; errors: FieldErrors; status: number; message?: string | undefined; notice?: string | undefined; listName?: string | undefined },
  ) {
    const lists = (await recipientLists.listsOf(officialOf(request))).map((l) => ({ id: l.id, name: l.name, size: l.members.length }));
    return sendPage(
      reply,
      <ComposePage
        ctx={pageContext(request, reply)}
        mode={args.mode}
        picker={{ ...args.picker, lists }}
        values={args.values}
        errors={args.errors}
        message={args.message}
        notice={args.notice}
        listName={args.listName}
        maxBytes={deps.maxPackageBytes}
      />,
      args.status,
    );
  }

  /** A saved list of the caller's agency, or undefined when the id is not one of them. */
  async function savedList(request: FastifyRequest, id: string | undefined) {
    if (id === undefined) return undefined;
    try {
      return await recipientLists.get(officialOf(request), Number(id));
    } catch (error) {
      if (isDomainError(error) && error.kind === 'not_found') return undefined;
      throw error;
    }
  }

  app.get('/exchange/compose', { schema: { ...hidden, querystring: ComposeQuery } }, async (request, reply) => {
    const caller = officialOf(request);
    // Authorise before anything is shown: only clerks and leaders compose.
    const own = resolvePrincipal(caller).agencyCode;
    const t = exchangeMessages.for(request.locale);
    const query = request.query;
    const mode = await modeOf(request, query);
    let codes = list(query.to);
    // A reply goes back to the sender of the original, chosen already.
    if (mode.kind === 'reply' && codes.length === 0 && query.reply) codes = [(await exchange.getPackage(caller, query.reply)).package.senderAgency];
    if (query.add) codes.push(query.add);
    if (query.addGroup) codes.push(...(await desk.findRecipients(caller, { group: query.addGroup })).map((a) => a.code));
    if (query.addList) codes.push(...((await savedList(request, query.addList))?.members ?? []));
    if (query.remove) codes = codes.filter((c) => c !== query.remove);
    const selected = (await picked(codes, request.locale)).filter((a) => a.code !== own);
    const q = query.q?.trim() ?? '';
    let results: PickerState['results'] = null;
    const found = (items: Agency[]) => items.map((a) => ({ code: a.code, name: agencyName(a, request.locale), hasUnits: a.level <= 2 }));
    const shownList = await savedList(request, query.list);
    if (shownList) {
      // The list's members still in the directory, by name; the picker's own agency never.
      const names = await deps.names(shownList.members, request.locale);
      const items = shownList.members.flatMap((code) => (names.has(code) && code !== own ? [{ code, name: names.get(code) as string, hasUnits: false }] : []));
      results = { label: t('pickerListResults', { name: shownList.name }), items, list: shownList.id };
    } else if (query.group) {
      results = { label: query.group === 'ministries' ? t('pickerMinistries') : t('pickerProvinces'), items: found(await desk.findRecipients(caller, { group: query.group })), group: query.group };
    } else if (query.parent) {
      const parent = await deps.agencies.findAgency(query.parent);
      results = { label: t('pickerUnitsOf', { name: parent ? agencyName(parent, request.locale) : query.parent }), items: found(parent ? await desk.findRecipients(caller, { parent: parent.code }) : []) };
    } else if (query.browse) {
      results = { label: t('pickerTop'), items: found(await desk.findRecipients(caller, {})) };
    } else if (q !== '') {
      results = { label: t('pickerResults'), items: found(await desk.findRecipients(caller, { q })) };
    }
    const values = { ...emptyCompose, recipients: selected.map((s) => s.code) };
    const saved = await savedList(request, query.saved);
    return render(request, reply, { mode, picker: { selected, q, results }, values, errors: {}, status: 200, notice: saved ? t('listSaved', { name: saved.name }) : undefined });
  });

  // Saves the chosen recipients as a list of the agency, then back to the picker as it was.
  app.post('/exchange/recipient-lists', { schema: { ...hidden, body: SaveListBody } }, async (request, reply) => {
    const t = exchangeMessages.for(request.locale);
    const body = request.body;
    const to = list(body.to);
    const back = new URLSearchParams();
    if (body.reply) back.set('reply', body.reply);
    if (body.forward) back.set('forward', body.forward);
    try {
      const { list: saved } = await recipientLists.save(officialOf(request), { name: body.listName ?? '', members: to });
      for (const code of to) back.append('to', code);
      back.set('saved', String(saved.id));
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'invalid') throw error;
      const errors: FieldErrors =
        error.code === 'exchange.recipient_list_name_invalid' ? { listName: t('listNameRequired') } : error.code === 'exchange.recipient_list_too_long' ? { recipients: error.message } : { recipients: t('recipientsRequired') };
      return render(request, reply, {
        mode: await modeOf(request, { reply: body.reply, forward: body.forward }),
        picker: { selected: await picked(to, request.locale), q: '', results: null },
        values: { ...emptyCompose, recipients: to },
        errors,
        status: 400,
        listName: body.listName,
      });
    }
    return reply.redirect(`/exchange/compose?${back.toString()}`, 303);
  });

  // The type-ahead's source: the same search as the form's, as JSON.
  app.get('/exchange/recipients', { schema: { ...hidden, querystring: RecipientsQuery } }, async (request) => {
    const q = request.query.q.trim();
    const items = q === '' ? [] : await desk.findRecipients(officialOf(request), { q });
    return { items: items.map((a) => ({ code: a.code, name: agencyName(a, request.locale) })) };
  });

  app.post('/exchange/packages/:id/forward', { schema: { ...hidden, params: IdParams, body: ForwardBody } }, async (request, reply) => {
    const { id } = request.params;
    const recipients = list(request.body.recipients);
    try {
      await clerk.forward(officialOf(request), id, recipients);
    } catch (error) {
      if (!isDomainError(error) || (error.kind !== 'invalid' && error.kind !== 'conflict')) throw error;
      const t = exchangeMessages.for(request.locale);
      const selected = await picked(recipients, request.locale);
      const message = error.kind === 'conflict' ? t('sendFailed', { reason: error.message }) : undefined;
      return render(request, reply, {
        mode: await modeOf(request, { forward: id }),
        picker: { selected, q: '', results: null },
        values: emptyCompose,
        errors: { recipients: t('recipientsRequired') },
        status: 400,
        message,
      });
    }
    return reply.redirect(`${packagePath(id)}?done=forwarded`, 303);
  });

  // Multipart (a PDF attachment): the body is parsed in the handler, after the platform's CSRF
  // hook; the token is checked here from the form's first field, before any other part is
  // read. Who may send is decided from the session before the body is touched at all: a
  // visitor or an official of another role is refused without reading a 50 MB attachment.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: deps.maxPackageBytes, files: 1, fields: 700, fieldSize: 100_000 } });
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
      const responseTo = values.responseTo.trim() === '' ? undefined : values.responseTo.trim();
      const again = async (fieldErrors: FieldErrors, message?: string) =>
        render(request, reply, {
          mode: await modeOf(request, { reply: responseTo }),
          picker: { selected: await picked(values.recipients, request.locale), q: '', results: null },
          values,
          errors: fieldErrors,
          status: 400,
          message,
        });
      if (Object.keys(errors).length > 0) return again(errors);
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
          responseTo,
        });
      } catch (error) {
        if (!isDomainError(error) || error.kind !== 'invalid') throw error;
        const fieldErrors = composeErrors(error.code, t);
        return again(fieldErrors, Object.keys(fieldErrors).length === 0 ? t('sendFailed', { reason: error.message }) : undefined);
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
