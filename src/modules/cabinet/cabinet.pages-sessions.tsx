import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../platform/errors/index.ts';
import { contentDisposition, csrfCheckedParts, type HttpApp } from '../../platform/http/index.ts';
import { formatDateTime } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, pageContext, SelectField, sendPage, TextField, toFieldErrors, type FieldErrors } from '../../platform/ui/index.ts';
import { isStepUpRequired, stepUpUrl } from '../identity/index.ts';
import { cabinetMessages } from './cabinet.messages.ts';
import { renderMinutesPdf } from './cabinet.pdf.ts';
import type { CabinetService } from './cabinet.service.ts';
import { Checkbox, hide, MAX_UPLOAD, idOf, bodyOf, shownError, fieldMessage } from './cabinet.pages-shared.tsx';
import { SessionPage, TASK_ROWS, type TrackedTasks } from './cabinet.session-page.tsx';

/** Sessions: the list, the new-session form, a session's page and its actions, uploads, minutes, documents. */
export async function registerSessionPages(app: HttpApp, cabinet: CabinetService, tasks: { tasksOfCabinetItems(itemIds: number[]): Promise<TrackedTasks> }): Promise<void> {
  // ——— sessions ———
  app.get('/cabinet/sessions', { schema: hide }, async (request, reply) => {
    const sessions = await cabinet.listSessions(request.actor);
    const ctx = pageContext(request, reply);
    const t = cabinetMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('sessionsTitle')}>
        <h1>{t('sessionsTitle')}</h1>
        {sessions.map((s) => (
          <div class="card" key={s.id}>
            <h2>
              <a href={`/cabinet/sessions/${s.id}`}>{s.title}</a>
            </h2>
            <p>
              {t(`kind_${s.kind}`)} · {t(`status_${s.status}`)} · {formatDateTime(s.startsAt)}
            </p>
          </div>
        ))}
      </Layout>,
    );
  });

  const newSessionPage = (request: FastifyRequest, reply: FastifyReply, values: Record<string, string | undefined> = {}, errors: FieldErrors = {}, message?: string, status = 200) => {
    const ctx = pageContext(request, reply);
    const t = cabinetMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('newSession')} narrow>
        <h1>{t('newSession')}</h1>
        <ErrorSummary ctx={ctx} errors={errors} message={message} />
        <Form ctx={ctx} action="/cabinet/sessions">
          <SelectField ctx={ctx} name="kind" label={t('kind')} value={values.kind} options={(['regular', 'thematic', 'extraordinary'] as const).map((k) => ({ value: k, label: t(`kind_${k}`) }))} />
          <TextField ctx={ctx} name="title" label={t('sessionTitle')} value={values.title} error={errors.title} required maxLength={300} />
          <TextField ctx={ctx} name="startsAt" label={t('startsAt')} hint={t('startsAtHint')} value={values.startsAt} error={errors.startsAt} required />
          <TextField ctx={ctx} name="positionsCutoff" label={t('cutoff')} hint={t('startsAtHint')} value={values.positionsCutoff} error={errors.positionsCutoff} required />
          <TextField ctx={ctx} name="location" label={t('location')} value={values.location} maxLength={200} />
          <TextField ctx={ctx} name="quorumPercent" label={t('quorum')} type="number" inputmode="numeric" value={values.quorumPercent ?? '50'} error={errors.quorumPercent} />
          <Checkbox name="allowVoteDelegation" label={t('allowVoteDelegation')} checked={values.allowVoteDelegation === 'true'} />
          <Button>{t('create')}</Button>
        </Form>
      </Layout>,
      status,
    );
  };

  app.get('/cabinet/sessions/new', { schema: hide }, async (request, reply) => {
    cabinet.assertSecretariat(request.actor);
    return newSessionPage(request, reply);
  });

  app.post('/cabinet/sessions', { schema: hide }, async (request, reply) => {
    const body = bodyOf(request);
    try {
      const { id } = await cabinet.createSession(request.actor, { kind: body.kind ?? '', title: body.title ?? '', startsAt: body.startsAt ?? '', positionsCutoff: body.positionsCutoff ?? '', location: body.location ?? '', quorumPercent: body.quorumPercent ? Number(body.quorumPercent) : undefined, allowVoteDelegation: body.allowVoteDelegation === 'true' });
      return reply.redirect(`/cabinet/sessions/${id}?done=1`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'invalid') throw error;
      return newSessionPage(request, reply, body, toFieldErrors(error.fields.map((f) => ({ field: f.field, message: fieldMessage(request, f.message) }))), error.message, 400);
    }
  });

  const sessionPage = async (request: FastifyRequest, reply: FastifyReply, id: number, failure?: { message: string }, status = 200) => {
    const view = await cabinet.getSession(request.actor, id);
    const invitees = view.viewer.secretariat ? await cabinet.invitees(request.actor, id) : [];
    // The page authorised its reader to the session above; the tasks module says what became of the conclusions.
    const tracked = await tasks.tasksOfCabinetItems(view.items.filter((i) => i.conclusion).map((i) => i.id));
    const ctx = pageContext(request, reply);
    const t = cabinetMessages.for(ctx.locale);
    const done = (request.query as { done?: string }).done;
    return sendPage(reply, <SessionPage ctx={ctx} t={t} view={view} invitees={invitees} tracked={tracked} done={Boolean(done)} failure={failure} />, status);
  };

  app.get('/cabinet/sessions/:id', { schema: hide }, async (request, reply) => sessionPage(request, reply, idOf(request)));

  /** A POST on a session's page: run the use case, come back to the page (or show why not). */
  const sessionAction = (path: string, run: (request: FastifyRequest, id: number) => Promise<number>) => {
    app.post(path, { schema: hide }, async (request, reply) => {
      const id = idOf(request);
      let sessionId: number;
      try {
        sessionId = await run(request, id);
      } catch (error) {
        if (isStepUpRequired(error)) return reply.redirect(stepUpUrl(`/cabinet/sessions/${bodyOf(request).session ?? ''}`), 303);
        const shown = shownError(error);
        const back = Number(bodyOf(request).session);
        if (!shown || !Number.isSafeInteger(back)) throw error;
        return sessionPage(request, reply, back, shown, 409);
      }
      return reply.redirect(`/cabinet/sessions/${sessionId}?done=1`, 303);
    });
  };
  const sessionOf = (request: FastifyRequest) => Number(bodyOf(request).session);

  sessionAction('/cabinet/sessions/:id/items', async (request, id) => {
    const b = bodyOf(request);
    await cabinet.addItem(request.actor, id, { title: b.title ?? '', presenter: b.presenter ?? '', slotMinutes: b.slotMinutes ? Number(b.slotMinutes) : 30, secret: b.secret === 'true' });
    return id;
  });
  sessionAction('/cabinet/items/:id/exchange', async (request, id) => (await cabinet.addDocumentsFromExchange(request.actor, id, bodyOf(request).packageId ?? ''), sessionOf(request)));
  sessionAction('/cabinet/items/:id/exchange-document', async (request, id) => (await cabinet.addDocumentsByDocumentId(request.actor, id, bodyOf(request).documentId ?? ''), sessionOf(request)));
  sessionAction('/cabinet/sessions/:id/invitees', async (request, id) => (await cabinet.inviteAttendeeByEmail(request.actor, id, { email: bodyOf(request).inviteEmail ?? '', agencyCode: bodyOf(request).inviteAgency ?? '' }), id));
  sessionAction('/cabinet/sessions/:id/publish', async (request, id) => (await cabinet.publishSession(request.actor, id), id));
  sessionAction('/cabinet/sessions/:id/close', async (request, id) => (await cabinet.closeSession(request.actor, id), id));
  sessionAction('/cabinet/sessions/:id/attendance', async (request, id) => {
    // The secretariat's, even when the form marks nobody (then nothing is recorded).
    cabinet.assertSecretariat(request.actor);
    const b = bodyOf(request);
    for (const [name, mode] of Object.entries(b)) {
      if (!name.startsWith('mode.') || !mode) continue;
      const accountId = name.slice(5);
      await cabinet.recordAttendance(request.actor, id, { accountId, mode, reason: b[`reason.${accountId}`] ?? '' });
    }
    return id;
  });
  sessionAction('/cabinet/items/:id/position', async (request, id) => (await cabinet.recordPosition(request.actor, id, { stance: bodyOf(request).stance ?? '', note: bodyOf(request).note ?? '' }), sessionOf(request)));
  sessionAction('/cabinet/items/:id/comments', async (request, id) => (await cabinet.addComment(request.actor, id, { body: bodyOf(request).comment ?? '' }), sessionOf(request)));
  sessionAction('/cabinet/items/:id/adopt', async (request, id) => (await cabinet.confirmWithoutDebate(request.actor, id), sessionOf(request)));
  sessionAction('/cabinet/items/:id/start', async (request, id) => (await cabinet.startItem(request.actor, id), sessionOf(request)));
  sessionAction('/cabinet/items/:id/vote', async (request, id) => (await cabinet.openVote(request.actor, id, { question: bodyOf(request).question ?? '' }), sessionOf(request)));
  sessionAction('/cabinet/votes/:id/ballot', async (request, id) => (await cabinet.castBallot(request.actor, id, { choice: bodyOf(request).choice ?? '', onBehalfOf: bodyOf(request).onBehalfOf }), sessionOf(request)));
  sessionAction('/cabinet/votes/:id/close', async (request, id) => (await cabinet.closeVote(request.actor, id), sessionOf(request)));
  sessionAction('/cabinet/items/:id/conclusion', async (request, id) => {
    const b = bodyOf(request);
    const given = TASK_ROWS.filter((suffix) => b[`taskContent${suffix}`]?.trim());
    const rows = given.map((suffix) => ({ content: b[`taskContent${suffix}`] ?? '', leadAgencyCode: (b[`taskAgency${suffix}`] ?? '').toUpperCase(), deadline: b[`taskDeadline${suffix}`] ?? '' }));
    await cabinet.recordConclusion(request.actor, id, { text: b.conclusion ?? '', tasks: rows });
    return sessionOf(request);
  });

  // Uploads (multipart): the CSRF token is read from the form's first field before any file.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10 } });
    scope.post('/cabinet/items/:id/documents', { schema: hide, config: { csrf: false } }, async (request, reply) => {
      const id = idOf(request);
      const fields: Record<string, string> = {};
      let file: { name: string; type: string; bytes: Buffer } | undefined;
      for await (const part of csrfCheckedParts(scope as unknown as HttpApp, request, reply)) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.filename && bytes.length > 0) file = { name: part.filename, type: part.mimetype, bytes };
        } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
      const session = Number(fields.session);
      try {
        await cabinet.addDocument(request.actor, id, { fileName: file?.name ?? '', contentType: file?.type ?? '', content: file?.bytes ?? Buffer.alloc(0) });
      } catch (error) {
        const shown = shownError(error);
        if (!shown || !Number.isSafeInteger(session)) throw error;
        return sessionPage(request, reply, session, shown, 400);
      }
      return reply.redirect(`/cabinet/sessions/${session}?done=1`, 303);
    });

  });

  sessionAction('/cabinet/sessions/:id/minutes/sign', async (request, id) => (await cabinet.signMinutes(request.actor, id), id));
  app.get('/cabinet/sessions/:id/minutes.pdf', { schema: hide }, async (request, reply) => {
    const view = await cabinet.minutes(request.actor, idOf(request));
    const pdf = await renderMinutesPdf(view, request.actor?.displayName ?? '', new Date());
    return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition('attachment', `bien-ban-phien-hop-${view.id}.pdf`)).header('cache-control', 'no-store').send(pdf);
  });

  app.get('/cabinet/documents/:id', { schema: hide }, async (request, reply) => {
    const doc = await cabinet.openDocument(request.actor, idOf(request));
    return reply
      .header('content-type', doc.contentType)
      .header('content-disposition', contentDisposition('attachment', doc.fileName))
      .header('cache-control', 'no-store')
      .send(doc.content);
  });
}
