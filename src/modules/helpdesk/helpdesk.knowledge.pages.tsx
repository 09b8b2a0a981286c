import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { Button, ErrorSummary, Form, Layout, pageContext, SelectField, sendPage, TextAreaField as TextArea, TextField, type FieldErrors } from '../../platform/ui/index.ts';
import { helpdeskMessages } from './helpdesk.messages.ts';
import { ARTICLE_CATEGORIES, ARTICLE_MAX, BODY_MAX, SUBJECT_MAX, type HelpdeskService } from './helpdesk.service.ts';
import { errorsOf, idOf, signIn, type Body } from './helpdesk.page-parts.tsx';

/** The agents' canned answers and the knowledge base's articles. */
export function registerKnowledgePages(app: HttpApp, service: HelpdeskService): void {
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
