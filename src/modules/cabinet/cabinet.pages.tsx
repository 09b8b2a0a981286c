import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import { contentDisposition, csrfCheckedParts, type HttpApp } from '../../platform/http/index.ts';
import { formatDateTime } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, ResponsiveTable, SelectField, sendPage, TextField, toFieldErrors, type FieldErrors, type PageContext } from '../../platform/ui/index.ts';
import { isStepUpRequired, stepUpUrl } from '../identity/index.ts';
import { cabinetMessages } from './cabinet.messages.ts';
import { answerText, renderMinutesPdf, renderPollResultPdf } from './cabinet.pdf.ts';
import { formatDeadline } from './cabinet.rules.ts';
import type { CabinetService, ItemView, PollView, SessionView } from './cabinet.service.ts';

type T = ReturnType<typeof cabinetMessages.for>;
const hide = { hide: true };
const MAX_UPLOAD = 20 * 1024 * 1024;

const idOf = (request: FastifyRequest) => Number((request.params as { id: string }).id);
const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, string | undefined>;

/** A refusal the page can show (invalid input, a state conflict, a cut-off passed); others go to the error page. */
function shownError(error: unknown): { message: string; errors: FieldErrors } | undefined {
  if (!isDomainError(error) || (error.kind !== 'invalid' && error.kind !== 'conflict')) return undefined;
  return { message: error.message, errors: {} };
}

function Textarea(props: { ctx: PageContext; name: string; label: string; value?: string; required?: boolean; rows?: number; idSuffix?: string }) {
  const id = `f-${props.name.replace(/[^a-zA-Z0-9_-]/g, '-')}${props.idSuffix ? `-${props.idSuffix}` : ''}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} required={props.required}>
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

/** A labelled input of one item's form: its id carries the item's, so that the cards of a page never share ids. */
function ItemField(props: { item: number; name: string; label: string; value?: string; type?: 'text' | 'date'; maxLength?: number; required?: boolean }) {
  const id = `f-${props.name}-${props.item}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input id={id} name={props.name} type={(props.type ?? 'text') as 'text'} value={props.value} maxLength={props.maxLength} required={props.required} />
    </div>
  );
}

function Checkbox(props: { name: string; label: string; checked?: boolean }) {
  const id = `f-${props.name}`;
  return (
    <div class="field">
      <input type="checkbox" id={id} name={props.name} value="true" checked={props.checked} /> <label for={id}>{props.label}</label>
    </div>
  );
}

export async function registerCabinetPages(app: HttpApp, cabinet: CabinetService, config: Config): Promise<void> {
  const testClock = config.nodeEnv !== 'production';

  // ——— the member's day (mobile first) ———
  app.get('/cabinet', { schema: hide }, async (request, reply) => {
    const day = await cabinet.today(request.actor);
    const ctx = pageContext(request, reply);
    const t = cabinetMessages.for(ctx.locale);
    const session = day.session;
    const now = testClock && day.secretariat ? await cabinet.now() : undefined;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('title')}>
        <h1>{t('title')}</h1>
        <p>{t('intro')}</p>
        <section aria-labelledby="today-h">
          <h2 id="today-h">{t('todaySession')}</h2>
          {session ? (
            <div class="card">
              <h3>
                <a href={`/cabinet/sessions/${session.id}`}>{session.title}</a>
              </h3>
              <p>
                {t(`kind_${session.kind}`)} · {t(`status_${session.status}`)}
              </p>
              <p>{t('startsLabel', { at: formatDateTime(session.startsAt) })}</p>
              {day.currentItem ? (
                <p>
                  <strong>{t('inProgress')}:</strong> {day.currentItem.ordinal}. {day.currentItem.title}
                </p>
              ) : null}
            </div>
          ) : (
            <p>{t('noSession')}</p>
          )}
        </section>
        {day.openVotes.length > 0 && session ? (
          <section aria-labelledby="votes-h">
            <h2 id="votes-h">{t('openVotes')}</h2>
            <ul class="plain-list">
              {day.openVotes.map((v) => (
                <li key={v.voteId}>
                  <a href={`/cabinet/sessions/${session.id}#vote-${v.voteId}`}>
                    {v.itemTitle}: {v.question}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {day.member ? (
          <section aria-labelledby="polls-h">
            <h2 id="polls-h">{t('pendingPolls')}</h2>
            {day.pendingPolls.length === 0 ? (
              <p>{t('noPendingPolls')}</p>
            ) : (
              day.pendingPolls.map((p) => (
                <div class="card" key={p.id}>
                  <h3>
                    <a href={`/cabinet/polls/${p.id}`}>{p.title}</a>
                  </h3>
                  <p>{t('deadlineAt', { at: formatDeadline(p.deadline) })}</p>
                </div>
              ))
            )}
          </section>
        ) : null}
        <ul class="plain-list">
          <li>
            <a href="/cabinet/sessions">{t('allSessions')}</a>
          </li>
          <li>
            <a href="/cabinet/polls">{t('allPolls')}</a>
          </li>
          {day.secretariat ? (
            <>
              <li>
                <a href="/cabinet/sessions/new">{t('newSession')}</a>
              </li>
              <li>
                <a href="/cabinet/polls/new">{t('newPoll')}</a>
              </li>
              <li>
                <a href="/cabinet/members">{t('membersTitle')}</a>
              </li>
            </>
          ) : null}
        </ul>
        {now ? (
          <section aria-labelledby="clock-h">
            <h2 id="clock-h">{t('clock')}</h2>
            <p>{t('clockNow', { at: formatDateTime(now) })}</p>
            <Form ctx={ctx} action="/cabinet/clock">
              <TextField ctx={ctx} name="hours" label={t('clockHours')} type="number" inputmode="numeric" value="24" />
              <Button variant="secondary">{t('clockMove')}</Button>
            </Form>
          </section>
        ) : null}
      </Layout>,
    );
  });

  app.post('/cabinet/clock', { schema: hide }, async (request, reply) => {
    await cabinet.moveClock(request.actor, Number(bodyOf(request).hours));
    return reply.redirect('/cabinet', 303);
  });

  // ——— members and their delegates (the secretariat) ———
  const membersPage = async (request: FastifyRequest, reply: FastifyReply, errors: FieldErrors = {}, status = 200) => {
    const members = await cabinet.membersWithDelegates(request.actor);
    const ctx = pageContext(request, reply);
    const t = cabinetMessages.for(ctx.locale);
    const done = Boolean((request.query as { done?: string }).done);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('membersTitle')}>
        <h1>{t('membersTitle')}</h1>
        {done ? <Notice kind="success">{t('done')}</Notice> : null}
        <ErrorSummary ctx={ctx} errors={errors} />
        <p>{t('membersIntro')}</p>
        {members.map((m) => (
          <section class="card" key={m.accountId} aria-labelledby={`m-${m.seat}`}>
            <h2 id={`m-${m.seat}`}>{m.fullName}</h2>
            <p>
              {m.title} · {m.email}
            </p>
            <p>{m.delegate ? t('delegateIs', { name: m.delegate }) : t('noDelegate')}</p>
            <Form ctx={ctx} action="/cabinet/members/delegate">
              <input type="hidden" name="member" value={m.accountId} />
              <div class={errors[`delegate.${m.accountId}`] ? 'field field-error' : 'field'}>
                <label for={`f-delegate-${m.seat}`}>{t('delegateEmail')}</label>
                {errors[`delegate.${m.accountId}`] ? (
                  <p class="error-message" id={`f-delegate-${m.seat}-error`}>
                    {errors[`delegate.${m.accountId}`]}
                  </p>
                ) : null}
                <input id={`f-delegate-${m.seat}`} name="email" type="email" autocomplete="off" aria-describedby={errors[`delegate.${m.accountId}`] ? `f-delegate-${m.seat}-error` : undefined} />
              </div>
              <Button variant="secondary">{t('saveDelegate')}</Button>
            </Form>
          </section>
        ))}
      </Layout>,
      status,
    );
  };
  app.get('/cabinet/members', { schema: hide }, async (request, reply) => membersPage(request, reply));
  app.post('/cabinet/members/delegate', { schema: hide }, async (request, reply) => {
    const b = bodyOf(request);
    try {
      await cabinet.setDelegateByEmail(request.actor, b.member ?? '', b.email ?? '');
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'invalid') throw error;
      return membersPage(request, reply, toFieldErrors(error.fields.map((f) => ({ field: f.field, message: fieldMessage(request, f.message) }))), 400);
    }
    return reply.redirect('/cabinet/members?done=1', 303);
  });

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
      const { id } = await cabinet.createSession(request.actor, { kind: body.kind ?? '', title: body.title ?? '', startsAt: body.startsAt ?? '', positionsCutoff: body.positionsCutoff ?? '', location: body.location ?? '', quorumPercent: body.quorumPercent ? Number(body.quorumPercent) : undefined });
      return reply.redirect(`/cabinet/sessions/${id}?done=1`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'invalid') throw error;
      return newSessionPage(request, reply, body, toFieldErrors(error.fields.map((f) => ({ field: f.field, message: fieldMessage(request, f.message) }))), error.message, 400);
    }
  });

  const sessionPage = async (request: FastifyRequest, reply: FastifyReply, id: number, failure?: { message: string }, status = 200) => {
    const view = await cabinet.getSession(request.actor, id);
    const invitees = view.viewer.secretariat ? await cabinet.invitees(request.actor, id) : [];
    const ctx = pageContext(request, reply);
    const t = cabinetMessages.for(ctx.locale);
    const done = (request.query as { done?: string }).done;
    return sendPage(reply, <SessionPage ctx={ctx} t={t} view={view} invitees={invitees} done={Boolean(done)} failure={failure} />, status);
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
  sessionAction('/cabinet/votes/:id/ballot', async (request, id) => (await cabinet.castBallot(request.actor, id, { choice: bodyOf(request).choice ?? '' }), sessionOf(request)));
  sessionAction('/cabinet/votes/:id/close', async (request, id) => (await cabinet.closeVote(request.actor, id), sessionOf(request)));
  sessionAction('/cabinet/items/:id/conclusion', async (request, id) => {
    const b = bodyOf(request);
    const tasks = b.taskContent?.trim() ? [{ content: b.taskContent, leadAgencyCode: (b.taskAgency ?? '').toUpperCase(), deadline: b.taskDeadline ?? '' }] : [];
    await cabinet.recordConclusion(request.actor, id, { text: b.conclusion ?? '', tasks });
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

    scope.post('/cabinet/polls', { schema: hide, config: { csrf: false } }, async (request, reply) => {
      const fields: Record<string, string> = {};
      let file: { name: string; bytes: Buffer } | undefined;
      for await (const part of csrfCheckedParts(scope as unknown as HttpApp, request, reply)) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.filename && bytes.length > 0) file = { name: part.filename, bytes };
        } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
      try {
        const reminderHours = (fields.reminderHours ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
        const { id } = await cabinet.issuePoll(request.actor, {
          title: fields.title ?? '',
          question: fields.question ?? '',
          workingDays: Number(fields.workingDays),
          silenceIsConsent: fields.silenceIsConsent === 'true',
          allowDelegation: fields.allowDelegation === 'true',
          reminderHours,
          secret: fields.secret === 'true',
          document: file ? { fileName: file.name, content: file.bytes } : undefined,
        });
        return reply.redirect(`/cabinet/polls/${id}?done=1`, 303);
      } catch (error) {
        if (!isDomainError(error) || error.kind !== 'invalid') throw error;
        return newPollPage(request, reply, fields, toFieldErrors(error.fields.map((f) => ({ field: f.field, message: fieldMessage(request, f.message) }))), error.message, 400);
      }
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

  // ——— opinion polls ———
  app.get('/cabinet/polls', { schema: hide }, async (request, reply) => {
    const polls = await cabinet.listPolls(request.actor);
    const ctx = pageContext(request, reply);
    const t = cabinetMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('pollsTitle')}>
        <h1>{t('pollsTitle')}</h1>
        {polls.map((p) => (
          <div class="card" key={p.id}>
            <h2>
              <a href={`/cabinet/polls/${p.id}`}>{p.title}</a>
            </h2>
            <p>
              {t('deadlineAt', { at: formatDeadline(p.deadline) })} · {p.closed ? t('closed') : p.answered ? t('answered') : t('waiting')}
            </p>
          </div>
        ))}
      </Layout>,
    );
  });

  const newPollPage = (request: FastifyRequest, reply: FastifyReply, values: Record<string, string | undefined> = {}, errors: FieldErrors = {}, message?: string, status = 200) => {
    const ctx = pageContext(request, reply);
    const t = cabinetMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('newPoll')} narrow>
        <h1>{t('newPoll')}</h1>
        <ErrorSummary ctx={ctx} errors={errors} message={message} />
        <Form ctx={ctx} action="/cabinet/polls" enctype="multipart/form-data">
          <TextField ctx={ctx} name="title" label={t('pollTitle')} value={values.title} error={errors.title} required maxLength={300} />
          <Textarea ctx={ctx} name="question" label={t('pollQuestion')} value={values.question ?? ''} required />
          <TextField ctx={ctx} name="workingDays" label={t('workingDays')} type="number" inputmode="numeric" value={values.workingDays ?? '3'} error={errors.workingDays} required />
          <Checkbox name="silenceIsConsent" label={t('silenceIsConsent')} checked={values.silenceIsConsent !== 'false'} />
          <TextField ctx={ctx} name="reminderHours" label={t('reminders')} value={values.reminderHours ?? '24, 4'} error={errors.reminderHours} />
          <Checkbox name="allowDelegation" label={t('allowDelegation')} checked={values.allowDelegation === 'true'} />
          <Checkbox name="secret" label={t('secret')} checked={values.secret === 'true'} />
          <div class="field">
            <label for="f-draft">{t('draft')}</label>
            <input id="f-draft" type="file" name="draft" />
          </div>
          <Button>{t('issue')}</Button>
        </Form>
      </Layout>,
      status,
    );
  };

  app.get('/cabinet/polls/new', { schema: hide }, async (request, reply) => {
    cabinet.assertSecretariat(request.actor);
    return newPollPage(request, reply);
  });

  const pollPage = async (request: FastifyRequest, reply: FastifyReply, id: number, failure?: { message: string }, status = 200) => {
    const poll = await cabinet.getPoll(request.actor, id);
    const ctx = pageContext(request, reply);
    const t = cabinetMessages.for(ctx.locale);
    const done = Boolean((request.query as { done?: string }).done);
    return sendPage(reply, <PollPage ctx={ctx} t={t} poll={poll} done={done} failure={failure} />, status);
  };

  app.get('/cabinet/polls/:id', { schema: hide }, async (request, reply) => pollPage(request, reply, idOf(request)));

  app.post('/cabinet/polls/:id/answer', { schema: hide }, async (request, reply) => {
    const id = idOf(request);
    try {
      await cabinet.answerPoll(request.actor, id, { answer: bodyOf(request).answer ?? '', comment: bodyOf(request).comment ?? '', onBehalfOf: bodyOf(request).onBehalfOf });
    } catch (error) {
      if (isStepUpRequired(error)) return reply.redirect(stepUpUrl(`/cabinet/polls/${id}`), 303);
      const shown = shownError(error);
      if (!shown) throw error;
      return pollPage(request, reply, id, shown, 409);
    }
    return reply.redirect(`/cabinet/polls/${id}?done=1`, 303);
  });

  app.get('/cabinet/polls/:id/result.pdf', { schema: hide }, async (request, reply) => {
    const poll = await cabinet.getPoll(request.actor, idOf(request));
    if (!poll.closed) {
      return pollPage(request, reply, poll.id, { message: cabinetMessages.for(request.locale)('waiting') }, 409);
    }
    const pdf = await renderPollResultPdf(poll, request.actor?.displayName ?? '', new Date());
    return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition('attachment', `ket-qua-lay-y-kien-${poll.id}.pdf`)).header('cache-control', 'no-store').send(pdf);
  });

  app.get('/cabinet/polls/:id/document', { schema: hide }, async (request, reply) => {
    const doc = await cabinet.pollDocument(request.actor, idOf(request));
    return reply.header('content-type', 'application/octet-stream').header('content-disposition', contentDisposition('attachment', doc.fileName)).header('cache-control', 'no-store').send(doc.content);
  });
}

const FIELD_TEXT: Record<string, { vi: string; en: string }> = {
  'cabinet.required': { vi: 'Không được để trống.', en: 'Required.' },
  'cabinet.too_long': { vi: 'Quá dài.', en: 'Too long.' },
  'cabinet.invalid_time': { vi: 'Ngày giờ không hợp lệ (ví dụ 2026-12-10T08:00).', en: 'Not a valid date and time (e.g. 2026-12-10T08:00).' },
  'cabinet.cutoff_after_start': { vi: 'Hạn ghi ý kiến phải trước giờ họp.', en: 'Positions must be due before the session starts.' },
  'cabinet.invalid_quorum': { vi: 'Từ 1 đến 100.', en: 'From 1 to 100.' },
  'cabinet.invalid_working_days': { vi: 'Từ 2 đến 5 ngày làm việc.', en: 'From 2 to 5 working days.' },
  'cabinet.invalid_reminders': { vi: 'Số giờ, cách nhau bởi dấu phẩy.', en: 'Hours, comma-separated.' },
  'cabinet.delegate_not_found': { vi: 'Không có cán bộ đang hoạt động với địa chỉ này tại cơ quan của thành viên.', en: 'No active official of the member’s agency has this address.' },
  'cabinet.invalid_agency': { vi: 'Mã cơ quan không hợp lệ (ví dụ 000.00.00.G15).', en: 'Not an agency code (e.g. 000.00.00.G15).' },
  'cabinet.not_a_member': { vi: 'Không phải thành viên Chính phủ.', en: 'Not a Government member.' },
};

function fieldMessage(request: FastifyRequest, code: string): string {
  return FIELD_TEXT[code]?.[request.locale] ?? code;
}

function SessionPage({ ctx, t, view, invitees, done, failure }: { ctx: PageContext; t: T; view: SessionView; invitees: { accountId: string; fullName: string }[]; done: boolean; failure?: { message: string } | undefined }) {
  const editable = view.viewer.secretariat && view.status !== 'closed';
  return (
    <Layout ctx={ctx} title={view.title}>
      <h1>{view.title}</h1>
      {done ? <Notice kind="success">{t('done')}</Notice> : null}
      {failure ? <ErrorSummary ctx={ctx} errors={{}} message={failure.message} /> : null}
      <p>
        {t(`kind_${view.kind}`)} · <strong>{t(`status_${view.status}`)}</strong>
      </p>
      <p>{t('startsLabel', { at: formatDateTime(view.startsAt) })}</p>
      <p>{t('cutoffLabel', { at: formatDeadline(view.positionsCutoff) })}</p>
      {view.location ? <p>{view.location}</p> : null}
      <h2>{t('agenda')}</h2>
      {view.items.length === 0 ? <p>{t('noItems')}</p> : null}
      {view.items.map((item) => (
        <ItemCard key={item.id} ctx={ctx} t={t} view={view} item={item} />
      ))}
      {editable ? (
        <section aria-labelledby="add-item-h" class="card">
          <h2 id="add-item-h">{t('addItem')}</h2>
          <Form ctx={ctx} action={`/cabinet/sessions/${view.id}/items`}>
            <input type="hidden" name="session" value={String(view.id)} />
            <TextField ctx={ctx} name="title" label={t('itemTitle')} required maxLength={500} />
            <TextField ctx={ctx} name="presenter" label={t('presenter')} maxLength={200} />
            <TextField ctx={ctx} name="slotMinutes" label={t('slot')} type="number" inputmode="numeric" value="30" />
            <Checkbox name="secret" label={t('secret')} />
            <Button variant="secondary">{t('addItem')}</Button>
          </Form>
        </section>
      ) : null}
      {editable ? (
        <section aria-labelledby="invitees-h" class="card">
          <h2 id="invitees-h">{t('invitees')}</h2>
          {invitees.length > 0 ? <p>{invitees.map((i) => i.fullName).join(', ')}</p> : null}
          <Form ctx={ctx} action={`/cabinet/sessions/${view.id}/invitees`}>
            <input type="hidden" name="session" value={String(view.id)} />
            <TextField ctx={ctx} name="inviteEmail" label={t('inviteEmail')} type="email" maxLength={200} />
            <TextField ctx={ctx} name="inviteAgency" label={t('inviteAgency')} hint={t('inviteHint')} maxLength={40} />
            <Button variant="secondary">{t('invite')}</Button>
          </Form>
        </section>
      ) : null}
      {view.viewer.secretariat && view.status === 'draft' ? (
        <Form ctx={ctx} action={`/cabinet/sessions/${view.id}/publish`}>
          <input type="hidden" name="session" value={String(view.id)} />
          <Button>{t('publish')}</Button>
        </Form>
      ) : null}
      {view.viewer.secretariat && view.status !== 'draft' ? (
        <section aria-labelledby="attendance-h">
          <h2 id="attendance-h">{t('attendance')}</h2>
          <Form ctx={ctx} action={`/cabinet/sessions/${view.id}/attendance`}>
            <input type="hidden" name="session" value={String(view.id)} />
            {view.attendance.map((a) => (
              <div class="field-row" key={a.accountId}>
                <SelectField ctx={ctx} name={`mode.${a.accountId}`} label={a.fullName} value={a.mode ?? ''} options={[{ value: '', label: t('modeNone') }, ...(['room', 'remote', 'absent'] as const).map((m) => ({ value: m, label: t(`mode_${m}`) }))]} />
                <TextField ctx={ctx} name={`reason.${a.accountId}`} label={t('reason')} value={a.reason} maxLength={500} />
              </div>
            ))}
            <Button variant="secondary">{t('saveAttendance')}</Button>
          </Form>
        </section>
      ) : null}
      {view.status !== 'draft' ? (
        <p>
          <a href={`/cabinet/sessions/${view.id}/minutes.pdf`}>{t('minutesPdf')}</a>
          {view.minutesSigned ? <> — {t('minutesSigned', { by: view.minutesSigned.by, at: formatDateTime(view.minutesSigned.at) })}</> : null}
        </p>
      ) : null}
      {view.viewer.secretariat && view.status === 'closed' && !view.minutesSigned ? (
        <Form ctx={ctx} action={`/cabinet/sessions/${view.id}/minutes/sign`}>
          <input type="hidden" name="session" value={String(view.id)} />
          <Button>{t('signMinutes')}</Button>
        </Form>
      ) : null}
      {view.viewer.secretariat && (view.status === 'published' || view.status === 'in_progress') ? (
        <Form ctx={ctx} action={`/cabinet/sessions/${view.id}/close`}>
          <input type="hidden" name="session" value={String(view.id)} />
          <Button variant="secondary">{t('closeSession')}</Button>
        </Form>
      ) : null}
      <p>
        <a href="/cabinet">{t('title')}</a>
      </p>
    </Layout>
  );
}

function ItemCard({ ctx, t, view, item }: { ctx: PageContext; t: T; view: SessionView; item: ItemView }) {
  const session = <input type="hidden" name="session" value={String(view.id)} />;
  const secretariat = view.viewer.secretariat;
  const open = view.status === 'published' || view.status === 'in_progress';
  const beforeCutoff = view.status === 'published' && view.now.getTime() < view.positionsCutoff.getTime();
  const vote = item.vote;
  return (
    <section class="card" id={`item-${item.id}`} aria-labelledby={`item-${item.id}-h`}>
      <h3 id={`item-${item.id}-h`}>
        {item.ordinal}. {item.title} {item.secret ? <strong>({t('secretBadge')})</strong> : null}
      </h3>
      {item.presenter ? <p>{item.presenter}</p> : null}
      <p>
        <strong>{t(`state_${item.state}`)}</strong>
        {view.currentItemId === item.id ? <> · {t('inProgress')}</> : null}
      </p>
      <h4>{t('documents')}</h4>
      {item.documents.length === 0 ? (
        <p>{t('noDocuments')}</p>
      ) : (
        <ul class="plain-list">
          {item.documents.map((d) => (
            <li key={d.id}>
              <a href={`/cabinet/documents/${d.id}`}>{d.fileName}</a> ({t('pages', { n: d.pages })})
            </li>
          ))}
        </ul>
      )}
      {secretariat && view.status !== 'closed' ? (
        <Form ctx={ctx} action={`/cabinet/items/${item.id}/documents`} enctype="multipart/form-data">
          {session}
          <div class="field">
            <label for={`f-file-${item.id}`}>{t('file')}</label>
            <input id={`f-file-${item.id}`} type="file" name="file" required />
          </div>
          <Button variant="secondary">{t('upload')}</Button>
        </Form>
      ) : null}
      {secretariat && view.status !== 'closed' ? (
        <Form ctx={ctx} action={`/cabinet/items/${item.id}/exchange`}>
          {session}
          <p class="hint">{t('fromExchange')}</p>
          <ItemField item={item.id} name="packageId" label={t('packageId')} maxLength={100} />
          <Button variant="secondary">{t('pull')}</Button>
        </Form>
      ) : null}
      {view.status !== 'draft' ? <p>{t('positions', { agree: item.positions.agree, objection: item.positions.objection, speak: item.positions.wishToSpeak })}</p> : null}
      {item.positions.mine ? <p>{t('myPosition', { stance: t(`stance_${item.positions.mine}`) })}</p> : null}
      {view.viewer.member && beforeCutoff && item.state === 'pending' ? (
        <Form ctx={ctx} action={`/cabinet/items/${item.id}/position`}>
          {session}
          <ItemField item={item.id} name="note" label={t('note')} maxLength={2000} />
          <div class="inline-form">
            {(['agree', 'objection', 'wish_to_speak'] as const).map((s) => (
              <button key={s} type="submit" name="stance" value={s} class={s === 'agree' ? 'button' : 'button button-secondary'}>
                {t(`stance_${s}`)}
              </button>
            ))}
          </div>
        </Form>
      ) : null}
      {item.comments.length > 0 || open ? <h4>{t('comments')}</h4> : null}
      {item.comments.length > 0 ? (
        <ul class="plain-list">
          {item.comments.map((c, i) => (
            <li key={i}>
              <strong>{c.author}</strong> ({formatDateTime(c.at)}): {c.body}
            </li>
          ))}
        </ul>
      ) : null}
      {open ? (
        <Form ctx={ctx} action={`/cabinet/items/${item.id}/comments`}>
          {session}
          <Textarea ctx={ctx} name="comment" label={t('comment')} required idSuffix={String(item.id)} />
          <Button variant="secondary">{t('addComment')}</Button>
        </Form>
      ) : null}
      {item.proposedWithoutDebate ? <p>{t('proposed')}</p> : null}
      {secretariat && item.proposedWithoutDebate && open ? (
        <Form ctx={ctx} action={`/cabinet/items/${item.id}/adopt`}>
          {session}
          <Button>{t('confirmAdoption')}</Button>
        </Form>
      ) : null}
      {item.conclusion ? (
        <p>
          <strong>{t('conclusion')}:</strong> {item.conclusion}
        </p>
      ) : null}
      {vote ? (
        <div id={`vote-${vote.id}`}>
          {vote.open ? <p>{t('voteOpen', { question: vote.question, cast: vote.cast, total: vote.membersTotal })}</p> : null}
          {vote.myChoice ? <p>{t('voteYourChoice', { choice: t(`choice_${vote.myChoice}`) })}</p> : null}
          {vote.open && view.viewer.member && !vote.myChoice ? (
            <Form ctx={ctx} action={`/cabinet/votes/${vote.id}/ballot`}>
              {session}
              <p class="hint">{t('voteStepUp')}</p>
              <div class="inline-form">
                {(['for', 'against', 'abstain'] as const).map((c) => (
                  <button key={c} type="submit" name="choice" value={c} class={c === 'for' ? 'button' : 'button button-secondary'}>
                    {t(`choice_${c}`)}
                  </button>
                ))}
              </div>
            </Form>
          ) : null}
          {vote.open && secretariat ? (
            <Form ctx={ctx} action={`/cabinet/votes/${vote.id}/close`}>
              {session}
              <Button>{t('closeVote')}</Button>
            </Form>
          ) : null}
          {vote.tally ? (
            <>
              <p class="vote-result">
                <strong>{vote.question}</strong> — {t('voteResult', { result: t(`result_${vote.tally.result}`), for: vote.tally.for, against: vote.tally.against, abstain: vote.tally.abstain, absent: vote.tally.notVoting, total: vote.membersTotal })}
              </p>
              {vote.tally.tieBrokenByPm ? <p>{t('tieBroken')}</p> : null}
              <ResponsiveTable head={[t('member'), t('choice')]}>
                    {vote.ballots.map((b) => (
                      <tr key={b.fullName}>
                        <th scope="row">
                          {b.fullName} <span class="hint">{b.title}</span>
                        </th>
                        <td>{b.choice ? t(`choice_${b.choice}`) : t('notVoted')}</td>
                      </tr>
                    ))}
              </ResponsiveTable>
            </>
          ) : null}
        </div>
      ) : null}
      {secretariat && open && item.state === 'pending' ? (
        <>
          {view.currentItemId !== item.id ? (
            <Form ctx={ctx} action={`/cabinet/items/${item.id}/start`}>
              {session}
              <Button variant="secondary">{t('startItem')}</Button>
            </Form>
          ) : null}
          {!vote?.open ? (
            <Form ctx={ctx} action={`/cabinet/items/${item.id}/vote`}>
              {session}
              <ItemField item={item.id} name="question" label={t('question')} value={item.title} required maxLength={1000} />
              <Button variant="secondary">{t('openVote')}</Button>
            </Form>
          ) : null}
          {!vote?.open ? (
            <Form ctx={ctx} action={`/cabinet/items/${item.id}/conclusion`}>
              {session}
              <Textarea ctx={ctx} name="conclusion" label={t('conclusion')} required idSuffix={String(item.id)} />
              <ItemField item={item.id} name="taskContent" label={t('taskContent')} maxLength={1000} />
              <ItemField item={item.id} name="taskAgency" label={t('taskAgency')} maxLength={40} />
              <ItemField item={item.id} name="taskDeadline" label={t('taskDeadline')} type="date" />
              <Button variant="secondary">{t('recordConclusion')}</Button>
            </Form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function PollPage({ ctx, t, poll, done, failure }: { ctx: PageContext; t: T; poll: PollView; done: boolean; failure?: { message: string } | undefined }) {
  return (
    <Layout ctx={ctx} title={poll.title}>
      <h1>
        {poll.title} {poll.secret ? <strong>({t('secretBadge')})</strong> : null}
      </h1>
      {done ? <Notice kind="success">{t('done')}</Notice> : null}
      {failure ? <ErrorSummary ctx={ctx} errors={{}} message={failure.message} /> : null}
      <p>{poll.question}</p>
      <p>
        <strong>{t('deadlineAt', { at: formatDeadline(poll.deadline) })}</strong> ({poll.workingDays}) · {poll.closed ? t('closed') : t('waiting')}
      </p>
      {poll.silenceIsConsent ? <p>{t('silenceIsConsent')}.</p> : null}
      {poll.documentName ? (
        <p>
          <a href={`/cabinet/polls/${poll.id}/document`}>{t('downloadDraft')}</a> ({poll.documentName})
        </p>
      ) : null}
      <p>{t('replies', { n: poll.replies, total: poll.membersTotal })}</p>
      {poll.myAnswer ? <p>{t('yourAnswer', { answer: t(`answer_${poll.myAnswer.answer}`) })}</p> : null}
      {poll.viewer.member && !poll.myAnswer && !poll.closed ? (
        <Form ctx={ctx} action={`/cabinet/polls/${poll.id}/answer`}>
          <SelectField ctx={ctx} name="answer" label={t('answer')} options={(['agree', 'disagree', 'other'] as const).map((a) => ({ value: a, label: t(`answer_${a}`) }))} />
          <Textarea ctx={ctx} name="comment" label={t('comment')} />
          <Button>{t('send')}</Button>
        </Form>
      ) : null}
      {!poll.closed
        ? poll.representing
            .filter((r) => !r.answered)
            .map((r) => (
              <section class="card" key={r.accountId} aria-labelledby={`for-${r.accountId}`}>
                <h2 id={`for-${r.accountId}`}>{t('onBehalfOf', { name: r.fullName })}</h2>
                <Form ctx={ctx} action={`/cabinet/polls/${poll.id}/answer`}>
                  <input type="hidden" name="onBehalfOf" value={r.accountId} />
                  <div class="field">
                    <label for={`f-answer-${r.accountId}`}>{t('answer')}</label>
                    <select id={`f-answer-${r.accountId}`} name="answer">
                      {(['agree', 'disagree', 'other'] as const).map((a) => (
                        <option key={a} value={a}>
                          {t(`answer_${a}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <Textarea ctx={ctx} name="comment" label={t('comment')} idSuffix={r.accountId} />
                  <Button>{t('send')}</Button>
                </Form>
              </section>
            ))
        : null}
      {poll.tally ? (
        <p class="poll-result">
          <strong>{t('pollResult', { result: t(`result_${poll.tally.result}`), agree: poll.tally.agree, deemed: poll.tally.deemedAgree, disagree: poll.tally.disagree, other: poll.tally.other, noReply: poll.tally.noReply })}</strong>
          {poll.tally.tieBrokenByPm ? <> {t('tieBroken')}</> : null}
        </p>
      ) : null}
      {poll.answers.length > 0 ? (
        <ResponsiveTable head={[t('member'), t('answer')]}>
              {poll.answers.map((a) => (
                <tr key={a.fullName}>
                  <th scope="row">
                    {a.fullName} <span class="hint">{a.title}</span>
                  </th>
                  <td>
                    {ctx.locale === 'vi' ? answerText(a) : a.answer === null ? t('answer_none') : a.deemed && a.answer === 'agree' ? t('deemedAgree') : t(`answer_${a.answer}`)}
                    {a.answeredBy ? ` (${t('answeredBy', { name: a.answeredBy })})` : ''}
                    {a.comment ? `: ${a.comment}` : ''}
                  </td>
                </tr>
              ))}
        </ResponsiveTable>
      ) : null}
      {poll.closed ? (
        <p>
          <a class="button" href={`/cabinet/polls/${poll.id}/result.pdf`}>
            {t('resultPdf')}
          </a>
        </p>
      ) : null}
      <p>
        <a href="/cabinet">{t('title')}</a>
      </p>
    </Layout>
  );
}
