import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { formatDateTime } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, QueueTabs, SelectField, sendPage, TextAreaField as TextArea, TextField, type FieldErrors } from '../../platform/ui/index.ts';
import { helpdeskMessages } from './helpdesk.messages.ts';
import { BODY_MAX, SUBJECT_MAX, TICKET_BUCKETS, TICKET_CATEGORIES, type HelpdeskService, type TicketBucket, type TicketInput } from './helpdesk.service.ts';
import { errorsOf, idOf, signIn, TicketSummary, type Body } from './helpdesk.page-parts.tsx';

/** The agents' console: queues, tickets entered by phone or e-mail, a ticket with its assignment, answer and closing. */
export function registerTicketConsolePages(app: HttpApp, service: HelpdeskService): void {
  app.get('/console/helpdesk', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const wanted = (request.query as { bucket?: string }).bucket;
    const bucket: TicketBucket = TICKET_BUCKETS.find((b) => b === wanted) ?? 'unassigned';
    const q = await service.queue(request.actor, bucket);
    const ctx = pageContext(request, reply);
    const t = helpdeskMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('queueTitle')}>
        <h1>{t('queueTitle')}</h1>
        <p>
          <a href="/console/helpdesk/new">{t('recordLink')}</a> · <a href="/console/helpdesk/canned">{t('cannedLink')}</a> · <a href="/console/helpdesk/articles">{t('articlesLink')}</a>
        </p>
        <QueueTabs label={t('queues')} tabs={TICKET_BUCKETS.map((b) => ({ href: `/console/helpdesk?bucket=${b}`, label: t(`bucket_${b}`), current: b === bucket }))} />
        <h2>{t(`bucket_${bucket}`)}</h2>
        {q.items.length === 0 ? <p>{t('empty')}</p> : null}
        <ul class="card-grid">
          {q.items.map(({ ticket, flag }) => (
            <li class="card" key={ticket.id}>
              <h3>
                <a href={`/console/helpdesk/${ticket.id}`}>{ticket.subject}</a>
              </h3>
              {flag ? (
                <p>
                  <strong>{t(`flag_${flag}`)}</strong>
                </p>
              ) : null}
              <TicketSummary ctx={ctx} ticket={ticket} />
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  function renderRecord(request: FastifyRequest, reply: FastifyReply, values: TicketInput, errors: FieldErrors, status = 200) {
    const ctx = pageContext(request, reply);
    const t = helpdeskMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('recordTitle')} narrow>
        <h1>{t('recordTitle')}</h1>
        <ErrorSummary ctx={ctx} errors={errors} />
        <Form ctx={ctx} action="/console/helpdesk/new">
          <SelectField ctx={ctx} name="channel" label={t('channel')} required value={values.channel ?? 'phone'} error={errors.channel} options={(['phone', 'email'] as const).map((c) => ({ value: c, label: t(`channel_${c}`) }))} />
          <SelectField ctx={ctx} name="category" label={t('category')} required value={values.category ?? 'account'} error={errors.category} options={TICKET_CATEGORIES.map((c) => ({ value: c, label: t(`category_${c}`) }))} />
          <TextField ctx={ctx} name="requesterName" label={t('requesterName')} required maxLength={100} value={values.requesterName} error={errors.requesterName} />
          <TextField ctx={ctx} name="requesterContact" label={t('requesterContact')} required maxLength={200} value={values.requesterContact} error={errors.requesterContact} />
          <TextField ctx={ctx} name="subject" label={t('subject')} required maxLength={SUBJECT_MAX} value={values.subject} error={errors.subject} />
          <TextArea ctx={ctx} name="body" label={t('body')} required maxLength={BODY_MAX} value={values.body} error={errors.body} />
          <Button>{t('send')}</Button>
        </Form>
      </Layout>,
      status,
    );
  }

  app.get('/console/helpdesk/new', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    await service.cannedAnswers(request.actor); // agents only
    return renderRecord(request, reply, {}, {});
  });

  app.post('/console/helpdesk/new', { schema: { hide: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const input: TicketInput = { channel: body.channel, category: body.category, subject: body.subject, body: body.body, requesterName: body.requesterName, requesterContact: body.requesterContact };
    try {
      const ticket = await service.recordTicket(request.actor, input);
      return reply.redirect(`/console/helpdesk/${ticket.id}?saved=1`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'invalid') throw error;
      return renderRecord(request, reply, input, errorsOf(error, request.locale), 400);
    }
  });

  async function renderTicket(request: FastifyRequest, reply: FastifyReply, id: number, problem?: { errors?: FieldErrors; message?: string; answer?: string }, status = 200) {
    const ticket = await service.getTicket(request.actor, id);
    const [canned, agents] = await Promise.all([service.cannedAnswers(request.actor), service.agents(request.actor)]);
    const ctx = pageContext(request, reply);
    const t = helpdeskMessages.for(ctx.locale);
    const query = request.query as { saved?: string; canned?: string };
    const chosen = canned.find((c) => String(c.id) === query.canned);
    const errors = problem?.errors ?? {};
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('ticketTitle', { id: ticket.id })}>
        <h1>{t('ticketTitle', { id: ticket.id })}</h1>
        {query.saved ? <Notice kind="success">{t('saved')}</Notice> : null}
        <ErrorSummary ctx={ctx} errors={errors} message={problem?.message} />
        <TicketSummary ctx={ctx} ticket={ticket} />
        <dl class="summary-list">
          <dt>{t('requester')}</dt>
          <dd>
            {ticket.requesterName} ({ticket.requesterContact})
          </dd>
          <dt>{t('receivedAt')}</dt>
          <dd>{formatDateTime(ticket.createdAt)}</dd>
        </dl>
        <h2>{ticket.subject}</h2>
        <p class="preserve-lines">{ticket.body}</p>
        {ticket.answer ? (
          <section>
            <h2>{t('answer')}</h2>
            <p class="preserve-lines">{ticket.answer}</p>
            <p>
              {t('answeredBy')}: {ticket.answeredByName ?? ''}
            </p>
          </section>
        ) : null}
        {ticket.status === 'open' ? (
          <>
            <Form ctx={ctx} action={`/console/helpdesk/${ticket.id}/assign`}>
              <SelectField ctx={ctx} name="assigneeId" label={t('assignTo')} value={ticket.assigneeAccountId ?? ''} error={errors.assigneeId} options={[{ value: '', label: t('takeIt') }, ...agents.map((a) => ({ value: a.id, label: a.name }))]} />
              <Button variant="secondary">{t('assign')}</Button>
            </Form>
            {canned.length > 0 ? (
              <form method="get" action={`/console/helpdesk/${ticket.id}`} class="search-form">
                <SelectField ctx={ctx} name="canned" label={t('useCanned')} value={query.canned ?? ''} options={canned.map((c) => ({ value: String(c.id), label: c.title }))} />
                <Button variant="secondary">{t('insert')}</Button>
              </form>
            ) : null}
            <Form ctx={ctx} action={`/console/helpdesk/${ticket.id}/answer`}>
              <TextArea ctx={ctx} name="answer" label={t('answer')} required maxLength={BODY_MAX} value={problem?.answer ?? chosen?.body} error={errors.answer} />
              <Button>{t('sendAnswer')}</Button>
            </Form>
          </>
        ) : null}
        {ticket.status !== 'closed' ? (
          <Form ctx={ctx} action={`/console/helpdesk/${ticket.id}/close`}>
            <Button variant="secondary">{t('close')}</Button>
          </Form>
        ) : null}
        <p>
          <a href="/console/helpdesk">{t('back')}</a>
        </p>
      </Layout>,
      status,
    );
  }

  app.get('/console/helpdesk/:id', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    return renderTicket(request, reply, idOf(request));
  });

  const actions = {
    assign: (request: FastifyRequest, id: number, body: Body) => service.assign(request.actor, id, body.assigneeId),
    answer: (request: FastifyRequest, id: number, body: Body) => service.answer(request.actor, id, { answer: body.answer }),
    close: (request: FastifyRequest, id: number) => service.close(request.actor, id),
  } as const;
  for (const [name, run] of Object.entries(actions)) {
    app.post(`/console/helpdesk/:id/${name}`, { schema: { hide: true } }, async (request, reply) => {
      const id = idOf(request);
      const body = (request.body ?? {}) as Body;
      try {
        await run(request, id, body);
        return reply.redirect(`/console/helpdesk/${id}?saved=1`, 303);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        if (error.kind === 'invalid') return renderTicket(request, reply, id, { errors: errorsOf(error, request.locale), answer: body.answer }, 400);
        if (error.kind === 'conflict') return renderTicket(request, reply, id, { message: helpdeskMessages.t(request.locale, 'wrongState') }, 409);
        throw error;
      }
    });
  }
}
