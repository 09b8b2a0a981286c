import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { statusLabel, UPLOAD_LIMITS } from '../dossiers/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import { csrfCheckedParts, type HttpApp } from '../../platform/http/index.ts';
import { formatDateTime } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, sendPage, TextField } from '../../platform/ui/index.ts';
import { pageMessages } from './backoffice.page-messages.ts';
import { sendDocument, sendFile, signIn, type PagesDeps } from './backoffice.page-parts.tsx';
import { DocumentList, dueText, FileList, History } from './backoffice.views.tsx';
import { paymentMessages } from './backoffice.payment.messages.ts';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 70 }) });
const FileParams = Type.Object({ code: Type.String({ maxLength: 70 }), id: Type.Integer({ minimum: 1 }) });
const progressPath = (code: string) => `/dossiers/${encodeURIComponent(code)}/progress`;

/** The applicant's side: progress, the documents asked for (form 02), completion, withdrawal, results; and the public verification page. */
export function registerApplicantPages(app: HttpApp, deps: PagesDeps): void {
  const { service } = deps;

  async function renderProgress(request: FastifyRequest, reply: FastifyReply, code: string, error?: string, status = 200) {
    const v = await service.applicantView(request.actor, code);
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    const d = v.dossier;
    const result = v.documents.find((doc) => doc.kind === 'result');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('progressTitle', { code: d.code })}>
        <h1>{t('progressTitle', { code: d.code })}</h1>
        <ErrorSummary ctx={ctx} errors={{}} message={error} />
        <dl class="summary-list">
          <dt>{t('procedure')}</dt>
          <dd>{d.procedureName}</dd>
          <dt>{t('unit')}</dt>
          <dd>{v.agencyName}</dd>
          <dt>{t('status')}</dt>
          <dd>
            <strong>{statusLabel(ctx.locale, d.status)}</strong>
          </dd>
          <dt>{t('dueAt')}</dt>
          <dd>{dueText(d.dueAt)}</dd>
        </dl>
        {d.status === 1 ? <p>{t('nextSteps')}</p> : null}
        {d.status === 6 ? (
          <Notice kind="info">
            <p>
              {paymentMessages.for(ctx.locale)('applicantWaiting')} <a href="/payments">{paymentMessages.for(ctx.locale)('applicantPay')}</a>
            </p>
          </Notice>
        ) : null}
        {result ? (
          <Notice kind="success">
            <p>
              {t('result')}: <a href={`${progressPath(d.code)}/documents/${result.id}`}>{t('download')} ({formatDateTime(result.issuedAt)})</a>
            </p>
          </Notice>
        ) : null}
        {d.status === 5 ? (
          <section aria-labelledby="supplement">
            <h2 id="supplement">{t('supplementHeading')}</h2>
            <ul>
              {v.gaps.map((g, i) => (
                <li key={i}>{g}</li>
              ))}
            </ul>
            <p>{t('supplementLead')}</p>
            <Form ctx={ctx} action={`${progressPath(d.code)}/upload`} enctype="multipart/form-data">
              {v.componentNames.map((name, i) => (
                <div class="field" key={i}>
                  <label for={`f-c${i}`}>{name}</label>
                  <input id={`f-c${i}`} name={`c${i}`} type="file" accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" />
                </div>
              ))}
              <Button variant="secondary">{t('upload')}</Button>
            </Form>
            <Form ctx={ctx} action={`${progressPath(d.code)}/complete`}>
              <Button>{t('complete')}</Button>
            </Form>
          </section>
        ) : null}
        <FileList ctx={ctx} files={v.files} names={v.componentNames} href={(id) => `${progressPath(d.code)}/files/${id}`} />
        <DocumentList ctx={ctx} documents={v.documents} href={(id) => `${progressPath(d.code)}/documents/${id}`} />
        <History ctx={ctx} entries={v.progress} />
        {[1, 2, 4, 5, 6].includes(d.status) ? (
          <Form ctx={ctx} action={`${progressPath(d.code)}/withdraw`}>
            <TextField ctx={ctx} name="reason" label={t('withdrawReason')} maxLength={1000} />
            <Button variant="secondary">{t('withdraw')}</Button>
          </Form>
        ) : null}
      </Layout>,
      status,
    );
  }

  app.get('/dossiers/:code/progress', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    return renderProgress(request, reply, request.params.code);
  });

  app.post('/dossiers/:code/progress/complete', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    await service.completeSupplement(request.actor, request.params.code);
    return reply.redirect(progressPath(request.params.code), 303);
  });

  app.post('/dossiers/:code/progress/withdraw', { schema: { hide: true, params: CodeParams, body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) }) } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    await service.withdraw(request.actor, request.params.code, { reason: request.body.reason });
    return reply.redirect(progressPath(request.params.code), 303);
  });

  app.get('/dossiers/:code/progress/files/:id', { schema: { hide: true, params: FileParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const { file, content } = await service.openFile(request.actor, request.params.code, request.params.id);
    return sendFile(reply, file.contentType, file.originalName, content);
  });

  app.get('/dossiers/:code/progress/documents/:id', { schema: { hide: true, params: FileParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    return sendDocument(service, request, reply);
  });

  // Files are read inside the handler, after the form's CSRF token (csrfCheckedParts).
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: UPLOAD_LIMITS.fileBytes + 1, files: 20, parts: 30, fields: 5, fieldSize: 1024 }, throwFileSizeLimit: false });
    scope.post('/dossiers/:code/progress/upload', { schema: { hide: true, params: CodeParams }, config: { csrf: false } }, async (request, reply) => {
      const { code } = request.params as { code: string };
      if (!request.actor) return signIn(request, reply);
      let error: string | undefined;
      for await (const part of csrfCheckedParts(scope, request, reply)) {
        if (part.type !== 'file') continue;
        const index = Number(/^c(\d{1,3})$/.exec(part.fieldname)?.[1] ?? -1);
        if (!part.filename) {
          part.file.resume();
          continue;
        }
        try {
          await deps.dossiers.acceptSupplementUpload(request.actor, code, part.file, { componentIndex: index, originalName: part.filename, locale: request.locale, field: part.fieldname });
        } catch (e) {
          if (!isDomainError(e) || e.kind !== 'invalid') throw e;
          error = e.fields[0]?.message ?? e.message;
          if (!part.file.destroyed) part.file.destroy();
          void reply.header('connection', 'close');
          break;
        }
      }
      if (error) return renderProgress(request, reply, code, error, 400);
      return reply.redirect(progressPath(code), 303);
    });
  });

  app.get('/verify/:token', { schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 80 }) }) } }, async (request, reply) => {
    const found = await service.verify(request.params.token);
    const ctx = pageContext(request, reply);
    const t = pageMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('verifyTitle')} narrow>
        <h1>{t('verifyTitle')}</h1>
        {found ? (
          <>
            <Notice kind="success">
              <p>{t('verifyOk')}</p>
            </Notice>
            <dl class="summary-list">
              <dt>{t('documentName')}</dt>
              <dd>{found.name}</dd>
              <dt>{t('issuer')}</dt>
              <dd>{found.issuer} ({found.issuerCode})</dd>
              <dt>{t('issuedAt')}</dt>
              <dd>{formatDateTime(found.issuedAt)}</dd>
              <dt>{t('hash')}</dt>
              <dd>
                <code>{(found.sha256.match(/.{1,16}/g) ?? []).join(' ')}</code>
              </dd>
            </dl>
          </>
        ) : (
          <p>{t('verifyMissing')}</p>
        )}
      </Layout>,
      found ? 200 : 404,
    );
  });
}
