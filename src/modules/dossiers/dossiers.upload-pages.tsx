import { Readable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../platform/errors/index.ts';
import { csrfCheckedParts, type HttpApp } from '../../platform/http/index.ts';
import { Button, ErrorSummary, Form, pageContext, sendPage, type FieldErrors } from '../../platform/ui/index.ts';
import type { PagesDeps } from './dossiers.deps.ts';
import { UPLOAD_FILES_PER_COMPONENT, UPLOAD_MAX_FILE_PARTS } from './dossiers.limits.ts';
import { dossierMessages } from './dossiers.messages.ts';
import { DraftParams, draftPath, requireSignIn, StepLayout } from './dossiers.page-parts.tsx';
import { pageMessages } from './dossiers.page-messages.ts';
import type { DraftRow, UploadRow } from './dossiers.repository.ts';
import type { ApplicationTarget } from './dossiers.service.ts';
import { megabytes } from './dossiers.uploads.ts';

/** Step 3 of the online application: one file per dossier component, read as it streams in. */
export async function registerUploadPages(app: HttpApp, deps: PagesDeps, loadDraft: (request: FastifyRequest, id: string) => Promise<{ draft: DraftRow; target: ApplicationTarget }>): Promise<void> {
  const { service } = deps;
  const limits = service.uploadLimits;
  const MB = limits.fileBytes / 1024 / 1024;

  async function renderUploads(request: FastifyRequest, reply: FastifyReply, draft: DraftRow, target: ApplicationTarget, uploads: UploadRow[], errors: FieldErrors, status = 200) {
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    return sendPage(
      reply,
      <StepLayout ctx={ctx} title={t('uploadsTitle')} step={3} procedureName={draft.procedureName} back={draftPath(draft.id, 'form')}>
        <ErrorSummary ctx={ctx} errors={errors} />
        <p>{t('uploadsLead', { max: MB })}</p>
        <Form ctx={ctx} action={draftPath(draft.id, 'uploads')} enctype="multipart/form-data">
          {target.components.map(({ index, component }) => {
            const name = `components[${index}]`;
            const id = `f-components-${index}`;
            const existing = uploads.find((u) => u.componentIndex === index);
            const error = errors[name];
            return (
              <div key={index} class={error ? 'field field-error' : 'field'}>
                <label for={id}>
                  {component.name}
                  <span class="required"> ({component.requirement === 'required' ? t('requiredComponent') : t('conditionalComponent', { condition: component.condition ?? '' })})</span>
                </label>
                {existing ? (
                  <p class="hint" id={`${id}-hint`}>
                    {t('uploaded', { name: existing.originalName, size: `${Math.max(1, Math.round(existing.size / 1024))} KB` })}
                  </p>
                ) : null}
                {error ? (
                  <p class="error-message" id={`${id}-error`}>
                    {error}
                  </p>
                ) : null}
                <input id={id} name={`c${index}`} type="file" accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" aria-describedby={[existing ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined} />
              </div>
            );
          })}
          <Button>{t('continue')}</Button>
        </Form>
      </StepLayout>,
      status,
    );
  }

  app.get('/applications/:id/uploads', { schema: { hide: true, params: DraftParams } }, async (request, reply) => {
    if (!requireSignIn(request, reply)) return reply;
    const { draft, target } = await loadDraft(request, request.params.id);
    return renderUploads(request, reply, draft, target, await service.listDraftUploads(request.actor, draft.id), {});
  });

  // Multipart bodies are parsed inside the handler, after the platform's CSRF hook has run:
  // this one route checks the token itself, from the form's first field (see verifyCsrf).
  await app.register(async (scope) => {
    // Busboy's own bounds. The components, names, sizes and bytes are checked while reading
    // (service.acceptDraftUpload): a file past a limit is cut there, not here.
    await scope.register(fastifyMultipart, { limits: { fileSize: limits.fileBytes + 1, files: UPLOAD_MAX_FILE_PARTS, parts: UPLOAD_MAX_FILE_PARTS + 10, fields: 10, fieldSize: 1024 }, throwFileSizeLimit: false });
    scope.post('/applications/:id/uploads', { schema: { hide: true, params: DraftParams }, config: { csrf: false } }, async (request, reply) => {
      // The scope is a plain Fastify instance (no TypeBox typing): the schema above still validates.
      const { id } = request.params as { id: string };
      const m = dossierMessages.for(request.locale);
      const errors: FieldErrors = {};
      let components: number[] = [];
      let signedIn = true;
      const sent = new Set<number>();
      const read = { bytes: 0, max: limits.requestBytes };
      /** Reading stopped before the end of the request: the connection closes after the answer instead of reading the rest. */
      let stopped = false;
      const afterToken = async () => {
        signedIn = requireSignIn(request, reply);
        if (signedIn) components = (await loadDraft(request, id)).target.components.map((c) => c.index);
      };
      for await (const part of csrfCheckedParts(scope, request, reply, afterToken)) {
        if (!signedIn) return reply;
        if (part.type !== 'file') continue;
        const digits = /^c(\d{1,3})$/.exec(part.fieldname)?.[1];
        const index = digits === undefined ? -1 : Number(digits);
        const field = `components[${index}]`;
        const tooMuch = () => m('errorRequestBytes', { file: (part.filename || part.fieldname).slice(0, 100), max: megabytes(limits.requestBytes) });
        // A file field left empty: browsers send it without a name (and, but for a forged form, without bytes).
        if (!part.filename && components.includes(index)) {
          if (await drain(part.file, read)) continue;
          errors[field] = tooMuch();
          stopped = true;
          break;
        }
        // What the form cannot send (another component, a second file for one): the request
        // is refused there, without reading on.
        if (!components.includes(index) || sent.has(index)) {
          errors[components.includes(index) ? field : 'components'] = components.includes(index) ? m('errorComponentFiles', { max: UPLOAD_FILES_PER_COMPONENT }) : m('errorComponentUnknown', { index: digits ?? part.fieldname.slice(0, 20) });
          stopped = true;
          part.file.destroy();
          break;
        }
        sent.add(index);
        try {
          await service.acceptDraftUpload(request.actor, id, Readable.from(metered(part.file, read)), { componentIndex: index, originalName: part.filename, locale: request.locale, field });
        } catch (error) {
          if (error instanceof RequestTooLarge) {
            errors[field] = tooMuch();
            stopped = true;
            break;
          }
          if (!isDomainError(error) || error.kind !== 'invalid') throw error;
          errors[field] = error.fields[0]?.message ?? error.message;
          // Past a limit of the draft or the account, or cut while reading: nothing more is read.
          // A file refused for what it is was read to its end, or is skipped (its name refused).
          const cut = part.file.destroyed && !part.file.readableEnded;
          if (error.code !== 'dossiers.upload_invalid' || cut || (!part.file.readableEnded && !(await drain(part.file, read)))) {
            if (!part.file.destroyed) part.file.destroy();
            stopped = true;
            break;
          }
        }
      }
      if (!signedIn) return reply;
      if (stopped) void reply.header('connection', 'close');
      const { draft, target } = await loadDraft(request, id);
      const uploads = await service.listDraftUploads(request.actor, draft.id);
      for (const { index, component } of target.components) {
        const field = `components[${index}]`;
        if (component.requirement === 'required' && !uploads.some((u) => u.componentIndex === index) && !errors[field]) errors[field] = m('errorComponentMissing', { name: component.name });
      }
      if (Object.keys(errors).length > 0) return renderUploads(request, reply, draft, target, uploads, errors, 400);
      await service.saveDraft(request.actor, { draftId: draft.id, procedureCode: draft.procedureCode, caseCode: draft.caseCode, step: 'review' });
      return reply.redirect(draftPath(draft.id, 'review'), 303);
    });
  });
}

/** The bytes of one upload request passed `requestBytes`. */
class RequestTooLarge extends Error {}

/** A part's bytes, counted against the request's budget: past it, reading stops with RequestTooLarge. */
async function* metered(file: Readable, read: { bytes: number; max: number }): AsyncGenerator<Buffer> {
  for await (const chunk of file as AsyncIterable<Buffer>) {
    read.bytes += chunk.length;
    if (read.bytes > read.max) throw new RequestTooLarge();
    yield chunk;
  }
}

/** Reads a part to its end without keeping it; false when that would pass the request's budget. */
async function drain(file: Readable, read: { bytes: number; max: number }): Promise<boolean> {
  try {
    for await (const chunk of metered(file, read)) void chunk;
    return true;
  } catch (error) {
    if (error instanceof RequestTooLarge) return false;
    throw error;
  }
}
