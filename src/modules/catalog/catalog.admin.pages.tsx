import fastifyMultipart from '@fastify/multipart';
import { Type } from 'typebox';
import { isDomainError } from '../../platform/errors/index.ts';
import { csrfCheckedParts, type FastifyReply, type FastifyRequest, type HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { pageContext, sendPage } from '../../platform/ui/index.ts';
import { AdminListPage, ImportPage, PreviewPage, ProcedureFormPage, type FormErrors } from './catalog.admin.views.tsx';
import { CatalogErrors, importTooLargeText, type ImportLimitName } from './catalog.errors.ts';
import { applyRowAction, documentFromForm, EMPTY_FORM, formFieldOf, formFromBody, formFromDocument, type ProcedureForm } from './catalog.form.ts';
import { detectFormat, type ImportInput, type ImportOptions, type ImportResult } from './catalog.import.ts';
import { catalogMessages } from './catalog.messages.ts';
import type { CatalogService } from './catalog.service.ts';
import type { ValidationIssue } from './catalog.validation.ts';
import { adminProcedurePath } from './catalog.views.tsx';
import type { AgencyNames } from './catalog.public.pages.tsx';

const hidden = { hide: true };
const CodeParams = Type.Object({ code: Type.String({ maxLength: 70 }) });
const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 6 })),
});
const PreviewQuery = Type.Object({
  version: Type.Optional(Type.String({ maxLength: 6 })),
  notice: Type.Optional(Type.String({ maxLength: 20 })),
  v: Type.Optional(Type.String({ maxLength: 6 })),
});
// Rows of cases, fees and components come as `cases.0.fees.1.amount`…: read by formFromBody,
// which takes at most the document's own limits of rows.
const FormBody = Type.Object({
  applicantTypes: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 5 })),
  channels: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 5 })),
  rowAction: Type.Optional(Type.String({ maxLength: 40 })),
});
/** An import file of tens of thousands of procedures stays under this. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface AdminPagesDeps {
  service: CatalogService;
  agencyNames: AgencyNames;
  importProcedures(actor: Actor | undefined, input: ImportInput, options?: ImportOptions): Promise<ImportResult>;
  exportProcedures(actor: Actor | undefined, options: { format: 'json' | 'xlsx' }): Promise<{ content: Buffer; contentType: string; extension: string }>;
}

function toFormErrors(request: FastifyRequest, issues: ValidationIssue[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const field = formFieldOf(issue.path);
    // The field's label names it on the page; the message says only what is wrong.
    (errors[field] ??= []).push(catalogMessages.t(request.locale, `issue_${issue.code}`, issue.params));
  }
  return errors;
}

/**
 * Officials' management of the catalogue. Thin: parse → the use case (which authorises and
 * validates) → render or redirect (303 after every POST, so a reload never repeats it).
 */
export async function registerCatalogAdminPages(app: HttpApp, deps: AdminPagesDeps): Promise<void> {
  const { service } = deps;

  app.get('/admin/procedures', { schema: { ...hidden, querystring: ListQuery } }, async (request, reply) => {
    const q = request.query.q?.trim() ?? '';
    const status = ['draft', 'published', 'withdrawn'].includes(request.query.status ?? '') ? (request.query.status as 'draft') : undefined;
    const page = /^\d+$/.test(request.query.page ?? '') ? Number(request.query.page) : 1;
    const list = await service.listForAdmin(request.actor, { q, status, page });
    return sendPage(reply, <AdminListPage ctx={pageContext(request, reply)} scope={list.scope} items={list.items} total={list.total} page={list.page} pages={list.pages} q={q} status={status ?? ''} />);
  });

  app.get('/admin/procedures/new', { schema: hidden }, async (request, reply) => {
    service.managementScope(request.actor);
    return sendPage(reply, <ProcedureFormPage ctx={pageContext(request, reply)} mode="new" form={EMPTY_FORM} errors={{}} />);
  });

  app.post('/admin/procedures', { schema: { ...hidden, body: FormBody } }, async (request, reply) => {
    service.managementScope(request.actor);
    const form = formFromBody(request.body as Record<string, unknown>);
    if (request.body.rowAction !== undefined) return changeRows(request, reply, 'new', form, request.body.rowAction);
    const invalid = await check(request, form);
    if (invalid) return renderForm(request, reply, 'new', form, invalid);
    try {
      const created = await service.createProcedure(request.actor, documentFromForm(form).raw);
      return reply.redirect(`${adminProcedurePath(created.code)}?notice=saved&v=${created.version}`, 303);
    } catch (error) {
      if (isDomainError(error) && error.code === 'catalog.procedure_exists') {
        return renderForm(request, reply, 'new', form, { code: [catalogMessages.t(request.locale, 'issue_duplicate')] });
      }
      return rethrowInvalid(error, request, reply, 'new', form);
    }
  });

  app.get('/admin/procedures/export.json', { schema: hidden }, (request, reply) => sendExport(request, reply, 'json'));
  app.get('/admin/procedures/export.xlsx', { schema: hidden }, (request, reply) => sendExport(request, reply, 'xlsx'));

  app.get('/admin/procedures/import', { schema: hidden }, async (request, reply) => {
    service.managementScope(request.actor);
    return sendPage(reply, <ImportPage ctx={pageContext(request, reply)} content="" skipInvalid={false} publish />);
  });

  // Multipart (an Excel or JSON file): the body is parsed in the handler, after the platform's
  // CSRF hook, so this route checks the token itself from the form's first field.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, fieldSize: MAX_IMPORT_BYTES } });
    // Who may import is decided from the session before the form (up to 50 MB) is read.
    const mayImport = async (request: FastifyRequest) => {
      service.managementScope(request.actor);
    };
    scope.post('/admin/procedures/import', { schema: hidden, config: { csrf: false }, onRequest: mayImport }, async (request, reply) => {
      const fields: Record<string, string> = {};
      let file: { name: string; bytes: Buffer } | undefined;
      for await (const part of csrfCheckedParts(scope as unknown as HttpApp, request, reply, () => void service.managementScope(request.actor))) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.filename && bytes.length > 0) file = { name: part.filename, bytes };
        } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
      const content = fields.content ?? '';
      const skipInvalid = fields.skipInvalid === 'true';
      const publish = fields.publish === 'true';
      const input = file
        ? { format: detectFormat(file.name, file.bytes), content: file.bytes, source: file.name }
        : { format: 'json' as const, content, source: 'admin page' };
      let result: ImportResult;
      try {
        result = await deps.importProcedures(request.actor, input, { skipInvalid, publish });
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'catalog.import_too_large') throw error;
        const message = importTooLargeText(request.locale, error.details as { limit: ImportLimitName; max: number; part?: string });
        return sendPage(reply, <ImportPage ctx={pageContext(request, reply)} content="" skipInvalid={skipInvalid} publish={publish} errors={[{ sheet: file?.name ?? '', row: 0, column: '', message }]} />, 400);
      }
      return sendPage(
        reply,
        <ImportPage ctx={pageContext(request, reply)} content={result.written || file ? '' : content} skipInvalid={skipInvalid} publish={publish} result={result} />,
        result.written ? 200 : 400,
      );
    });
  });

  app.get('/admin/procedures/:code', { schema: { ...hidden, params: CodeParams, querystring: PreviewQuery } }, async (request, reply) => {
    const view = await service.getForAdmin(request.actor, request.params.code);
    const wanted = request.query.version;
    const shown = wanted ? view.versions.find((v) => String(v.version) === wanted) : (view.draft ?? view.current ?? view.versions[0]);
    if (!shown) throw CatalogErrors.procedureNotFound(request.params.code);
    const t = catalogMessages.for(request.locale);
    const version = request.query.v ?? '';
    const notices: Record<string, string> = {
      saved: t('savedNotice', { version }),
      unchanged: t('unchangedNotice'),
      published: t('publishedNotice', { version }),
      withdrawn: t('withdrawnNotice'),
    };
    const names = await deps.agencyNames([shown.document.competentAgency, ...shown.document.receivingAgencies]);
    return sendPage(reply, <PreviewPage ctx={pageContext(request, reply)} view={view} shown={shown} agencyNames={names} notice={notices[request.query.notice ?? '']} />);
  });

  app.get('/admin/procedures/:code/edit', { schema: { ...hidden, params: CodeParams } }, async (request, reply) => {
    const view = await service.getForAdmin(request.actor, request.params.code);
    const latest = view.draft ?? view.current;
    if (!latest) throw CatalogErrors.procedureNotFound(request.params.code);
    return renderForm(request, reply, 'edit', formFromDocument(latest.document), {}, 200, view.status !== 'draft');
  });

  app.post('/admin/procedures/:code/edit', { schema: { ...hidden, params: CodeParams, body: FormBody } }, async (request, reply) => {
    const { code } = request.params;
    const view = await service.getForAdmin(request.actor, code);
    const form = { ...formFromBody(request.body as Record<string, unknown>), code };
    if (request.body.rowAction !== undefined) return changeRows(request, reply, 'edit', form, request.body.rowAction, view.status !== 'draft');
    const invalid = await check(request, form);
    if (invalid) return renderForm(request, reply, 'edit', form, invalid, 400, view.status !== 'draft');
    try {
      const saved = await service.updateProcedure(request.actor, code, documentFromForm(form).raw);
      return reply.redirect(`${adminProcedurePath(code)}?notice=${saved.changed ? 'saved' : 'unchanged'}&v=${saved.version}`, 303);
    } catch (error) {
      return rethrowInvalid(error, request, reply, 'edit', form, view.status !== 'draft');
    }
  });

  app.post('/admin/procedures/:code/publish', { schema: { ...hidden, params: CodeParams } }, async (request, reply) => {
    const published = await service.publishProcedure(request.actor, request.params.code);
    return reply.redirect(`${adminProcedurePath(request.params.code)}?notice=published&v=${published.version}`, 303);
  });

  app.post('/admin/procedures/:code/withdraw', { schema: { ...hidden, params: CodeParams } }, async (request, reply) => {
    await service.withdrawProcedure(request.actor, request.params.code);
    return reply.redirect(`${adminProcedurePath(request.params.code)}?notice=withdrawn`, 303);
  });

  /** Every problem of the form at once (numbers that cannot be read, then the document's rules), or undefined. */
  async function check(request: FastifyRequest, form: ProcedureForm): Promise<FormErrors | undefined> {
    const { raw, issues } = documentFromForm(form);
    // A number the form could not read is reported once, by the form, not again as a wrong type.
    const unread = new Set(issues.map((i) => i.path));
    const rules = (await service.validate(raw)).filter((i) => !unread.has(i.path));
    const all = [...issues, ...rules];
    return all.length > 0 ? toFormErrors(request, all) : undefined;
  }

  /** A row added or removed: the same form again, changed, nothing saved (works without JavaScript). */
  function changeRows(request: FastifyRequest, reply: FastifyReply, mode: 'new' | 'edit', form: ProcedureForm, action: string, published = false) {
    const changed = applyRowAction(form, action);
    if (!changed) throw CatalogErrors.rowActionInvalid();
    return sendPage(reply, <ProcedureFormPage ctx={pageContext(request, reply)} mode={mode} form={changed} errors={{}} published={published} rowsChanged />, 200);
  }

  function renderForm(request: FastifyRequest, reply: FastifyReply, mode: 'new' | 'edit', form: ProcedureForm, errors: FormErrors, status = 400, published = false) {
    return sendPage(reply, <ProcedureFormPage ctx={pageContext(request, reply)} mode={mode} form={form} errors={errors} published={published} />, status);
  }

  function rethrowInvalid(error: unknown, request: FastifyRequest, reply: FastifyReply, mode: 'new' | 'edit', form: ProcedureForm, published = false) {
    if (isDomainError(error) && error.code === 'catalog.procedure_invalid') {
      const issues = (error.details.issues as ValidationIssue[] | undefined) ?? [];
      return renderForm(request, reply, mode, form, toFormErrors(request, issues), 400, published);
    }
    throw error;
  }

  async function sendExport(request: FastifyRequest, reply: FastifyReply, format: 'json' | 'xlsx') {
    const file = await deps.exportProcedures(request.actor, { format });
    const date = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="thu-tuc-hanh-chinh-${date}.${file.extension}"`)
      .header('cache-control', 'no-store')
      .send(file.content);
  }
}
