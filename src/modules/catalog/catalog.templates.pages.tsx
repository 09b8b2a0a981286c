import fastifyMultipart from '@fastify/multipart';
import { Type } from 'typebox';
import { isDomainError } from '../../platform/errors/index.ts';
import { contentDisposition, csrfCheckedParts, type FastifyReply, type FastifyRequest, type HttpApp } from '../../platform/http/index.ts';
import { formatDateTime } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, sendPage, type PageContext } from '../../platform/ui/index.ts';
import { CatalogErrors } from './catalog.errors.ts';
import { catalogMessages, type CatalogMessageKey } from './catalog.messages.ts';
import type { CatalogService } from './catalog.service.ts';
import { TEMPLATE_MAX_BYTES, type TemplateFile, type TemplateService } from './catalog.templates.ts';
import { adminProcedurePath, procedurePath } from './catalog.views.tsx';

const hidden = { hide: true };
const CodeParams = Type.Object({ code: Type.String({ maxLength: 70 }) });
const FileParams = Type.Object({ code: Type.String({ maxLength: 70 }), file: Type.String({ maxLength: 200 }) });
const DoneQuery = Type.Object({ uploaded: Type.Optional(Type.String({ maxLength: 200 })) });

/**
 * Form templates as files: the public download, and the officials' page that uploads the file
 * behind each template name the procedure's documents give.
 */
export async function registerTemplatePages(app: HttpApp, deps: { service: CatalogService; templates: TemplateService }): Promise<void> {
  app.get('/procedures/:code/templates/:file', { schema: { ...hidden, params: FileParams } }, async (request, reply) => {
    const { template, bytes } = await deps.templates.download(request.params.code, request.params.file);
    return reply
      .header('content-type', template.contentType)
      .header('content-disposition', contentDisposition('attachment', template.fileName))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=300')
      .send(bytes);
  });

  app.get('/admin/procedures/:code/templates', { schema: { ...hidden, params: CodeParams, querystring: DoneQuery } }, async (request, reply) => {
    const t = catalogMessages.for(request.locale);
    const uploaded = request.query.uploaded;
    return render(request, reply, request.params.code, { notice: uploaded ? t('templateUploaded', { file: uploaded }) : undefined });
  });

  async function render(request: FastifyRequest, reply: FastifyReply, code: string, options: { notice?: string | undefined; error?: { file: string; message: string } | undefined; status?: number }) {
    const view = await deps.service.getForAdmin(request.actor, code);
    const latest = view.draft ?? view.current ?? view.versions[0];
    const names = [...new Set((latest?.document.components ?? []).flatMap((c) => (c.templateFile ? [c.templateFile] : [])))];
    const stored = new Map((await deps.templates.listOf(code)).map((tpl) => [tpl.fileName, tpl]));
    return sendPage(
      reply,
      <TemplatesPage ctx={pageContext(request, reply)} code={code} title={latest?.document.name ?? code} names={names} stored={stored} notice={options.notice} error={options.error} published={view.current !== undefined} />,
      options.status ?? 200,
    );
  }

  // Multipart: the session and the procedure are checked before the file is read.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: TEMPLATE_MAX_BYTES, files: 1, fields: 3, fieldSize: 1000 } });
    scope.post('/admin/procedures/:code/templates', { schema: { ...hidden, params: CodeParams }, config: { csrf: false }, onRequest: async (request) => void deps.service.managementScope(request.actor) }, async (request, reply) => {
      const { code } = request.params as { code: string };
      let fileName = '';
      try {
        let bytes: Buffer = Buffer.alloc(0);
        for await (const part of csrfCheckedParts(scope as unknown as HttpApp, request, reply, async () => void (await deps.service.getForAdmin(request.actor, code)))) {
          if (part.type === 'file') bytes = await part.toBuffer();
          else if (part.fieldname === 'fileName' && typeof part.value === 'string') fileName = part.value;
        }
        await deps.templates.upload(request.actor, code, fileName, bytes);
      } catch (caught) {
        // A file over the limit stops being read at the limit: the form says so, as for any refusal.
        const error = (caught as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE' ? CatalogErrors.templateTooLarge(TEMPLATE_MAX_BYTES) : caught;
        if (!isDomainError(error) || error.kind !== 'invalid') throw caught;
        const t = catalogMessages.for(request.locale);
        const key = `error_${error.code.replace('catalog.', '')}` as CatalogMessageKey;
        return render(request, reply, code, { error: { file: fileName, message: t(key) }, status: 400 });
      }
      return reply.redirect(`${adminProcedurePath(code)}/templates?uploaded=${encodeURIComponent(fileName)}`, 303);
    });
  });
}

function TemplatesPage(props: {
  ctx: PageContext;
  code: string;
  title: string;
  names: string[];
  stored: ReadonlyMap<string, TemplateFile>;
  notice: string | undefined;
  error: { file: string; message: string } | undefined;
  published: boolean;
}) {
  const { ctx } = props;
  const t = catalogMessages.for(ctx.locale);
  const inputId = (i: number) => `f-template-${i}`;
  const errorIndex = props.error ? props.names.indexOf(props.error.file) : -1;
  return (
    <Layout ctx={ctx} title={t('templatesTitle')}>
      <nav aria-label={t('breadcrumbLabel')}>
        <a href="/admin/procedures">{t('adminTitle')}</a> › <a href={adminProcedurePath(props.code)}>{props.title}</a>
      </nav>
      <h1>{t('templatesTitle')}</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <ErrorSummary ctx={ctx} errors={props.error && errorIndex >= 0 ? { [`template-${errorIndex}`]: `${props.error.file}: ${props.error.message}` } : {}} message={props.error && errorIndex < 0 ? props.error.message : undefined} />
      <p>{t('templatesIntro')}</p>
      {props.names.length === 0 ? <p>{t('templateNoneNamed')}</p> : null}
      <ul class="card-grid">
        {props.names.map((name, i) => {
          const file = props.stored.get(name);
          const error = i === errorIndex ? props.error?.message : undefined;
          return (
            <li key={name} class="card">
              <h2>{name}</h2>
              <p>
                {file ? t('templateStored', { size: Math.max(1, Math.round(file.size / 1024)), date: formatDateTime(file.uploadedAt) }) : t('templateNone')}
                {file && props.published ? (
                  <>
                    {' · '}
                    <a href={`${procedurePath(props.code)}/templates/${encodeURIComponent(name)}`}>{t('templateDownload', { file: name })}</a>
                  </>
                ) : null}
              </p>
              <Form ctx={ctx} action={`${adminProcedurePath(props.code)}/templates`} enctype="multipart/form-data">
                <input type="hidden" name="fileName" value={name} />
                <div class={error ? 'field field-error' : 'field'}>
                  <label for={inputId(i)}>{t('templateFileLabel', { file: name })}</label>
                  {error ? (
                    <p class="error-message" id={`${inputId(i)}-error`}>
                      {error}
                    </p>
                  ) : null}
                  <input type="file" id={inputId(i)} name="template" accept=".docx,.doc,.odt,.xlsx,.xls,.pdf" aria-describedby={error ? `${inputId(i)}-error` : undefined} />
                </div>
                <Button variant="secondary">{t('templateUpload', { file: name })}</Button>
              </Form>
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}
