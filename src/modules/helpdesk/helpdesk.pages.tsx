import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError, type DomainError } from '../../platform/errors/index.ts';
import { redirectToSignIn, type HttpApp } from '../../platform/http/index.ts';
import { formatDate, formatDateTime, type Locale } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, QueueTabs, SelectField, sendPage, TextAreaField as TextArea, TextField, type FieldErrors, type PageContext } from '../../platform/ui/index.ts';
import { helpdeskMessages, type HelpdeskMessageKey } from './helpdesk.messages.ts';
import type { Ticket } from './helpdesk.repository.ts';
import { ARTICLE_CATEGORIES, ARTICLE_MAX, BODY_MAX, SUBJECT_MAX, TICKET_BUCKETS, TICKET_CATEGORIES, type HelpdeskService, type TicketBucket, type TicketInput } from './helpdesk.service.ts';

type Body = Record<string, string | undefined>;
const signIn = (request: FastifyRequest, reply: FastifyReply) => redirectToSignIn(request, reply);
const idOf = (request: FastifyRequest) => {
  const id = Number((request.params as { id: string }).id);
  return Number.isSafeInteger(id) && id > 0 ? id : 0;
};
const dueText = (dueAt: Date) => formatDate(new Date(dueAt.getTime() - 1));

function errorsOf(error: DomainError, locale: Locale): FieldErrors {
  const t = helpdeskMessages.for(locale);
  const out: FieldErrors = {};
  for (const f of error.fields) if (!(f.field in out)) out[f.field] = f.message in helpdeskMessages.vi ? t(f.message as HelpdeskMessageKey) : f.message;
  return out;
}


function TicketSummary({ ctx, ticket }: { ctx: PageContext; ticket: Ticket }) {
  const t = helpdeskMessages.for(ctx.locale);
  return (
    <dl class="summary-list">
      <dt>{t('channel')}</dt>
      <dd>{t(`channel_${ticket.channel}`)}</dd>
      <dt>{t('category')}</dt>
      <dd>{t(`category_${ticket.category}` as HelpdeskMessageKey)}</dd>
      <dt>{t('status')}</dt>
      <dd>{t(`status_${ticket.status}`)}</dd>
      <dt>{t('due')}</dt>
      <dd>{dueText(ticket.dueAt)}</dd>
      <dt>{t('assignee')}</dt>
      <dd>{ticket.assigneeName ?? t('unassigned')}</dd>
    </dl>
  );
}

/** The public Help page, the web form and the knowledge base; the agents' console. */
export function registerHelpdeskPages(app: HttpApp, service: HelpdeskService, answerWorkingDays: number): void {
  // ---- public ---------------------------------------------------------------------------

  app.get('/support', { schema: { hide: true } }, async (request, reply) => {
    const q = (request.query as { q?: string }).q;
    const [articles, mine] = await Promise.all([service.searchArticles(request.actor, q), request.actor ? service.myTickets(request.actor) : Promise.resolve([])]);
    const ctx = pageContext(request, reply);
    const t = helpdeskMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('title')}>
        <h1>{t('title')}</h1>
        <p>{t('lead', { days: answerWorkingDays })}</p>
        <form method="get" action="/support" class="search-form" role="search">
          <TextField ctx={ctx} name="q" type="search" label={t('searchLabel')} value={q ?? ''} maxLength={200} />
          <Button>{t('searchButton')}</Button>
        </form>
        <h2>{t('articles')}</h2>
        {articles.length === 0 ? <p>{t('noArticles')}</p> : null}
        <ul class="plain-list">
          {articles.map((a) => (
            <li key={a.id}>
              <a href={`/support/articles/${a.id}`}>{a.title}</a>
            </li>
          ))}
        </ul>
        <p>
          <a class="button" href="/support/new">{t('newTicket')}</a>
        </p>
        {request.actor ? (
          <>
            <h2>{t('myTickets')}</h2>
            {mine.length === 0 ? <p>{t('noTickets')}</p> : null}
            <ul class="plain-list">
              {mine.map((ticket) => (
                <li key={ticket.id}>
                  <a href={`/support/tickets/${ticket.id}`}>{ticket.subject}</a> — {t(`status_${ticket.status}`)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Layout>,
    );
  });

  app.get('/support/articles/:id', { schema: { hide: true } }, async (request, reply) => {
    const article = await service.getArticle(request.actor, idOf(request));
    const ctx = pageContext(request, reply);
    const t = helpdeskMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={article.title} narrow>
        <h1>{article.title}</h1>
        <p class="preserve-lines">{article.body}</p>
        <p>{t('updated', { date: formatDate(article.updatedAt) })}</p>
        <p>
          <a href="/support">{t('back')}</a>
        </p>
      </Layout>,
    );
  });

  function renderWebForm(request: FastifyRequest, reply: FastifyReply, values: TicketInput, errors: FieldErrors, status = 200) {
    const ctx = pageContext(request, reply);
    const t = helpdeskMessages.for(ctx.locale);
    const anonymous = !request.actor || (request.actor.kind !== 'citizen' && request.actor.kind !== 'business');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('newTicket')} narrow>
        <h1>{t('newTicket')}</h1>
        <ErrorSummary ctx={ctx} errors={errors} />
        <Form ctx={ctx} action="/support/tickets">
          <SelectField ctx={ctx} name="category" label={t('category')} required value={values.category ?? 'account'} error={errors.category} options={TICKET_CATEGORIES.map((c) => ({ value: c, label: t(`category_${c}`) }))} />
          <TextField ctx={ctx} name="subject" label={t('subject')} required maxLength={SUBJECT_MAX} value={values.subject} error={errors.subject} />
          <TextArea ctx={ctx} name="body" label={t('body')} required maxLength={BODY_MAX} value={values.body} error={errors.body} />
          {anonymous ? (
            <>
              <TextField ctx={ctx} name="requesterName" label={t('requesterName')} required maxLength={100} autocomplete="name" value={values.requesterName} error={errors.requesterName} />
              <TextField ctx={ctx} name="requesterContact" label={t('requesterContact')} required maxLength={200} value={values.requesterContact} error={errors.requesterContact} />
            </>
          ) : null}
          <Button>{t('send')}</Button>
        </Form>
      </Layout>,
      status,
    );
  }

  /** 429: how long to wait, and that an account is not limited this way. */
  function renderTooMany(request: FastifyRequest, reply: FastifyReply, error: DomainError) {
    const seconds = Number(error.details.retryAfterSeconds) || 3600;
    const ctx = pageContext(request, reply);
    const t = helpdeskMessages.for(ctx.locale);
    reply.header('retry-after', String(seconds));
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('tooManyTitle')} narrow>
        <h1>{t('tooManyTitle')}</h1>
        <p>{t('tooManyBody', { minutes: Math.ceil(seconds / 60) })}</p>
        <p>
          <a href="/support">{t('back')}</a>
        </p>
      </Layout>,
      429,
    );
  }

  app.get('/support/new', { schema: { hide: true } }, async (request, reply) => renderWebForm(request, reply, {}, {}));

  app.post('/support/tickets', { schema: { hide: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const input: TicketInput = { category: body.category, subject: body.subject, body: body.body, requesterName: body.requesterName, requesterContact: body.requesterContact };
    try {
      const ticket = await service.openWebTicket(request.actor, input, { ip: request.ip });
      if (ticket.requesterAccountId) return reply.redirect(`/support/tickets/${ticket.id}?sent=1`, 303);
      const ctx = pageContext(request, reply);
      const t = helpdeskMessages.for(ctx.locale);
      return sendPage(
        reply,
        <Layout ctx={ctx} title={t('ticketTitle', { id: ticket.id })} narrow>
          <h1>{t('ticketTitle', { id: ticket.id })}</h1>
          <Notice kind="success">{t('sent', { id: ticket.id, due: dueText(ticket.dueAt) })}</Notice>
          <p>
            <a href="/support">{t('back')}</a>
          </p>
        </Layout>,
      );
    } catch (error) {
      if (isDomainError(error) && error.kind === 'throttled') return renderTooMany(request, reply, error);
      if (!isDomainError(error) || error.kind !== 'invalid') throw error;
      return renderWebForm(request, reply, input, errorsOf(error, request.locale), 400);
    }
  });

  app.get('/support/tickets/:id', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const ticket = await service.myTicket(request.actor, idOf(request));
    const ctx = pageContext(request, reply);
    const t = helpdeskMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('ticketTitle', { id: ticket.id })} narrow>
        <h1>{t('ticketTitle', { id: ticket.id })}</h1>
        {(request.query as { sent?: string }).sent ? <Notice kind="success">{t('sent', { id: ticket.id, due: dueText(ticket.dueAt) })}</Notice> : null}
        <TicketSummary ctx={ctx} ticket={ticket} />
        <h2>{ticket.subject}</h2>
        <p class="preserve-lines">{ticket.body}</p>
        {ticket.answer ? (
          <>
            <h2>{t('answer')}</h2>
            <p class="preserve-lines">{ticket.answer}</p>
          </>
        ) : null}
        <p>
          <a href="/support">{t('back')}</a>
        </p>
      </Layout>,
    );
  });

  // ---- agents' console ----------------------------------------------------------------------

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

  // ---- canned answers -------------------------------------------------------------------

  async function renderCanned(request: FastifyRequest, reply: FastifyReply, values: Body, errors: FieldErrors, message?: string, status = 200) {
    const canned = await service.cannedAnswers(request.actor);
    const ctx = pageContext(request, reply);
    const t = helpdeskMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('cannedTitle')}>
        <h1>{t('cannedTitle')}</h1>
        {canned.length === 0 ? <p>{t('cannedEmpty')}</p> : null}
        <ul class="card-grid">
          {canned.map((c) => (
            <li class="card" key={c.id}>
              <h2>{c.title}</h2>
              <p class="preserve-lines">{c.body}</p>
              <Form ctx={ctx} action={`/console/helpdesk/canned/${c.id}/delete`}>
                <button type="submit" class="button button-secondary" aria-label={`${t('remove')}: ${c.title}`}>
                  {t('remove')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <h2>{t('addCanned')}</h2>
        <ErrorSummary ctx={ctx} errors={errors} message={message} />
        <Form ctx={ctx} action="/console/helpdesk/canned">
          <TextField ctx={ctx} name="title" label={t('titleLabel')} required maxLength={SUBJECT_MAX} value={values.title} error={errors.title} />
          <TextArea ctx={ctx} name="body" label={t('answer')} required maxLength={BODY_MAX} value={values.body} error={errors.body} />
          <Button>{t('add')}</Button>
        </Form>
        <p>
          <a href="/console/helpdesk">{t('back')}</a>
        </p>
      </Layout>,
      status,
    );
  }

  app.get('/console/helpdesk/canned', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    return renderCanned(request, reply, {}, {});
  });

  app.post('/console/helpdesk/canned', { schema: { hide: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    try {
      await service.addCannedAnswer(request.actor, { title: body.title, body: body.body });
      return reply.redirect('/console/helpdesk/canned', 303);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.kind === 'invalid') return renderCanned(request, reply, body, errorsOf(error, request.locale), undefined, 400);
      if (error.code === 'helpdesk.title_taken') return renderCanned(request, reply, body, {}, helpdeskMessages.t(request.locale, 'titleTaken'), 409);
      throw error;
    }
  });

  app.post('/console/helpdesk/canned/:id/delete', { schema: { hide: true } }, async (request, reply) => {
    await service.removeCannedAnswer(request.actor, idOf(request));
    return reply.redirect('/console/helpdesk/canned', 303);
  });

  // ---- knowledge base ---------------------------------------------------------------------

  app.get('/console/helpdesk/articles', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const articles = await service.searchArticles(request.actor, undefined, { all: true });
    const ctx = pageContext(request, reply);
    const t = helpdeskMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('articlesTitle')}>
        <h1>{t('articlesTitle')}</h1>
        <p>
          <a class="button" href="/console/helpdesk/articles/new">{t('newArticle')}</a>
        </p>
        <ul class="plain-list">
          {articles.map((a) => (
            <li key={a.id}>
              <a href={`/console/helpdesk/articles/${a.id}`}>{a.title}</a> — {a.published ? t('published') : t('draft')}
            </li>
          ))}
        </ul>
        <p>
          <a href="/console/helpdesk">{t('back')}</a>
        </p>
      </Layout>,
    );
  });

  function renderArticleForm(request: FastifyRequest, reply: FastifyReply, id: number | undefined, values: { title?: string | undefined; body?: string | undefined; category?: string | undefined; published?: boolean }, errors: FieldErrors, message?: string, status = 200) {
    const ctx = pageContext(request, reply);
    const t = helpdeskMessages.for(ctx.locale);
    const heading = id === undefined ? t('newArticle') : t('editArticle');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={heading} narrow>
        <h1>{heading}</h1>
        <ErrorSummary ctx={ctx} errors={errors} message={message} />
        <Form ctx={ctx} action={id === undefined ? '/console/helpdesk/articles' : `/console/helpdesk/articles/${id}`}>
          <TextField ctx={ctx} name="title" label={t('titleLabel')} required maxLength={SUBJECT_MAX} value={values.title} error={errors.title} />
          <SelectField ctx={ctx} name="category" label={t('category')} required value={values.category ?? 'account'} error={errors.category} options={ARTICLE_CATEGORIES.map((c) => ({ value: c, label: t(`category_${c}`) }))} />
          <TextArea ctx={ctx} name="body" label={t('body')} required maxLength={ARTICLE_MAX} rows={12} value={values.body} error={errors.body} />
          <div class="field choice">
            <input type="checkbox" id="f-published" name="published" value="yes" checked={values.published === true} />
            <label for="f-published">{t('publishLabel')}</label>
          </div>
          <Button>{t('save')}</Button>
        </Form>
        <p>
          <a href="/console/helpdesk/articles">{t('back')}</a>
        </p>
      </Layout>,
      status,
    );
  }

  app.get('/console/helpdesk/articles/new', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    await service.cannedAnswers(request.actor); // agents only
    return renderArticleForm(request, reply, undefined, {}, {});
  });

  app.get('/console/helpdesk/articles/:id', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    await service.cannedAnswers(request.actor); // agents only
    const article = await service.getArticle(request.actor, idOf(request));
    return renderArticleForm(request, reply, article.id, article, {});
  });

  for (const path of ['/console/helpdesk/articles', '/console/helpdesk/articles/:id']) {
    app.post(path, { schema: { hide: true } }, async (request, reply) => {
      const id = path.endsWith(':id') ? idOf(request) : undefined;
      const body = (request.body ?? {}) as Body;
      const values = { title: body.title, body: body.body, category: body.category, published: body.published === 'yes' };
      try {
        await service.saveArticle(request.actor, id, values);
        return reply.redirect('/console/helpdesk/articles', 303);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        if (error.kind === 'invalid') return renderArticleForm(request, reply, id, values, errorsOf(error, request.locale), undefined, 400);
        if (error.code === 'helpdesk.title_taken') return renderArticleForm(request, reply, id, values, {}, helpdeskMessages.t(request.locale, 'titleTaken'), 409);
        throw error;
      }
    });
  }
}
