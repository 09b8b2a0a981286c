import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError, type DomainError } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, SelectField, sendPage, TextAreaField as TextArea, TextField, type FieldErrors } from '../../platform/ui/index.ts';
import { helpdeskMessages } from './helpdesk.messages.ts';
import { BODY_MAX, SUBJECT_MAX, TICKET_CATEGORIES, type HelpdeskService, type TicketInput } from './helpdesk.service.ts';
import { dueText, errorsOf, idOf, signIn, TicketSummary, type Body } from './helpdesk.page-parts.tsx';

/** The public Help page, the knowledge base's articles, the web form (limited per source without an account) and the requester's ticket. */
export function registerPublicHelpPages(app: HttpApp, service: HelpdeskService, answerWorkingDays: number): void {
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
}
