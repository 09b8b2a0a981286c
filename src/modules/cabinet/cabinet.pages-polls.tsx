import { DraftsSection } from './cabinet.drafts-pages.tsx';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../platform/errors/index.ts';
import { contentDisposition, csrfCheckedParts, type HttpApp } from '../../platform/http/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, ResponsiveTable, SelectField, sendPage, TextField, toFieldErrors, type FieldErrors, type PageContext } from '../../platform/ui/index.ts';
import { isStepUpRequired, stepUpUrl } from '../identity/index.ts';
import { cabinetMessages } from './cabinet.messages.ts';
import { answerText, renderPollResultPdf } from './cabinet.pdf.ts';
import { formatDeadline } from './cabinet.rules.ts';
import type { CabinetService, PollView } from './cabinet.service.ts';
import { type T, hide, MAX_UPLOAD, idOf, bodyOf, shownError, Textarea, Checkbox, fieldMessage } from './cabinet.pages-shared.tsx';

/** Opinion polls: the list, the issue form (multipart), a poll's page, answers, the result PDF. */
export async function registerPollPages(app: HttpApp, cabinet: CabinetService): Promise<void> {
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

  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10 } });
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
      <DraftsSection ctx={ctx} drafts={poll.drafts} back={`/cabinet/polls/${poll.id}`} canPropose={poll.viewer.member && !poll.closed} secretariat={poll.viewer.secretariat} target={poll.viewer.secretariat && !poll.closed ? `/cabinet/polls/${poll.id}` : null} />
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
