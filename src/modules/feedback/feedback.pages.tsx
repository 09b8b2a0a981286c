import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError, type DomainError } from '../../platform/errors/index.ts';
import { redirectToSignIn, type HttpApp } from '../../platform/http/index.ts';
import { agencyName } from '../agencies/index.ts';
import { formatDate, type Locale } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, SelectField, sendPage, TextField, type FieldErrors } from '../../platform/ui/index.ts';
import type { FeedbackContext } from './feedback.context.ts';
import { feedbackMessages, type FeedbackMessageKey } from './feedback.messages.ts';
import { COMMENT_MAX, RATING_QUESTIONS, type RatingsService } from './feedback.ratings.ts';
import { CONTENT_MAX, FEEDBACK_CATEGORIES, FEEDBACK_KINDS, TITLE_MAX, type FeedbackService, type SubmitInput } from './feedback.service.ts';
import { CheckBox, dueText, History, ItemContent, ItemSummary, RadioGroup, TextArea } from './feedback.views.tsx';

export interface FeedbackPagesDeps {
  ctx: FeedbackContext;
  service: FeedbackService;
  ratings: RatingsService;
}

export const signIn = (request: FastifyRequest, reply: FastifyReply) => redirectToSignIn(request, reply);
type Body = Record<string, string | string[] | undefined>;
const field = (body: Body, name: string) => {
  const v = body[name];
  return Array.isArray(v) ? v[0] : v;
};
export const idParam = (request: FastifyRequest) => {
  const id = Number((request.params as { id: string }).id);
  return Number.isSafeInteger(id) && id > 0 ? id : 0;
};

/** Field errors as the page shows them: each code translated. */
export function fieldErrors(error: DomainError, locale: 'vi' | 'en'): FieldErrors {
  const t = feedbackMessages.for(locale);
  const out: FieldErrors = {};
  for (const f of error.fields) if (!(f.field in out)) out[f.field] = f.message in feedbackMessages.vi ? t(f.message as FeedbackMessageKey) : f.message;
  return out;
}

export async function agencyNamer(ctx: FeedbackContext, codes: Iterable<string>, locale: Locale = 'vi'): Promise<(code: string) => string> {
  const names = new Map<string, string>();
  for (const code of new Set(codes)) {
    const agency = await ctx.agencies.findAgency(code);
    names.set(code, agency ? agencyName(agency, locale) : code);
  }
  return (code) => names.get(code) ?? code;
}

const REFUSALS: Record<string, FeedbackMessageKey> = {
  'feedback.already_rated': 'refusedAlreadyRated',
  'feedback.dossier_not_finished': 'refusedNotFinished',
  'feedback.dossier_not_found': 'refusedNotFound',
  'feedback.applicants_only': 'refusedApplicantsOnly',
};

/** Citizens' and businesses' pages, and the public page of published answers. */
export function registerFeedbackPages(app: HttpApp, deps: FeedbackPagesDeps): void {
  const { ctx, service, ratings } = deps;

  app.get('/feedback', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const [items, ratable] = await Promise.all([service.listMine(request.actor), ratings.ratable(request.actor)]);
    const page = pageContext(request, reply);
    const t = feedbackMessages.for(page.locale);
    const name = await agencyNamer(ctx, items.map((i) => i.agencyCode), request.locale);
    const notice = (request.query as { rated?: string }).rated;
    return sendPage(
      reply,
      <Layout ctx={page} title={t('title')}>
        <h1>{t('title')}</h1>
        {notice ? <Notice kind="success">{t('rateThanks', { code: notice })}</Notice> : null}
        <p>{t('lead')}</p>
        <p>
          <a class="button" href="/feedback/new">{t('newLink')}</a>
        </p>
        <p>
          <a href="/feedback/published">{t('publishedLink')}</a>
        </p>
        <h2>{t('mine')}</h2>
        {items.length === 0 ? <p>{t('noneMine')}</p> : null}
        <ul class="card-grid">
          {items.map((i) => (
            <li class="card" key={i.id}>
              <h3>
                <a href={`/feedback/${i.id}`}>{i.title}</a>
              </h3>
              <dl class="summary-list">
                <dt>{t('number')}</dt>
                <dd>{i.id}</dd>
                <dt>{t('status')}</dt>
                <dd>{t(`status_${i.status}` as FeedbackMessageKey)}</dd>
                <dt>{t('agency')}</dt>
                <dd>{name(i.agencyCode)}</dd>
                <dt>{t('answerDue')}</dt>
                <dd>{dueText(i.answerDueAt)}</dd>
              </dl>
            </li>
          ))}
        </ul>
        <h2 id="ratings">{t('ratingsTitle')}</h2>
        <p>{t('ratingsLead')}</p>
        {ratable.length === 0 ? <p>{t('noRatable')}</p> : null}
        <ul class="plain-list">
          {ratable.map((d) => (
            <li key={d.code}>
              {d.procedureName} ({d.code}): {d.rated ? <strong>{t('rated')}</strong> : <a href={`/feedback/ratings/${encodeURIComponent(d.code)}`}>{t('rateLink', { code: d.code })}</a>}
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  async function renderNew(request: FastifyRequest, reply: FastifyReply, actor: Actor, values: SubmitInput, errors: FieldErrors, status = 200) {
    const page = pageContext(request, reply);
    const t = feedbackMessages.for(page.locale);
    const [mine, agencies] = await Promise.all([ctx.dossiers.listMine(actor), service.forwardTargets()]);
    return sendPage(
      reply,
      <Layout ctx={page} title={t('newTitle')} narrow>
        <h1>{t('newTitle')}</h1>
        <ErrorSummary ctx={page} errors={errors} />
        <Form ctx={page} action="/feedback">
          <SelectField ctx={page} name="kind" label={t('kind')} required value={values.kind ?? 'feedback'} error={errors.kind} options={FEEDBACK_KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))} />
          <SelectField ctx={page} name="category" label={t('category')} required value={values.category ?? 'procedure'} error={errors.category} options={FEEDBACK_CATEGORIES.map((c) => ({ value: c, label: t(`category_${c}`) }))} />
          <TextField ctx={page} name="title" label={t('titleLabel')} required maxLength={TITLE_MAX} value={values.title} error={errors.title} />
          <TextArea ctx={page} name="content" label={t('contentLabel')} hint={t('contentHint')} required maxLength={CONTENT_MAX} value={values.content} error={errors.content} />
          <SelectField
            ctx={page}
            name="dossierCode"
            label={t('dossierLabel')}
            value={values.dossierCode ?? ''}
            error={errors.dossierCode}
            options={[{ value: '', label: t('noDossier') }, ...mine.dossiers.map((d) => ({ value: d.code, label: `${d.code} — ${d.procedureName}`.slice(0, 120) }))]}
          />
          <TextField ctx={page} name="procedureCode" label={t('procedureLabel')} hint={t('procedureHint')} maxLength={60} value={values.procedureCode} error={errors.procedureCode} />
          <SelectField ctx={page} name="agencyCode" label={t('agencyLabel')} value={values.agencyCode ?? ''} error={errors.agencyCode} options={[{ value: '', label: t('agencyUnknown') }, ...agencies.map((a) => ({ value: a.code, label: a.name }))]} />
          <p class="hint">{t('agencyHint')}</p>
          <CheckBox name="consent" label={t('consentLabel')} checked={values.consentToPublish === true} />
          <Button>{t('send')}</Button>
        </Form>
      </Layout>,
      status,
    );
  }

  app.get('/feedback/new', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    if (request.actor.kind !== 'citizen' && request.actor.kind !== 'business') await service.listMine(request.actor); // throws the module's "applicants only"
    const q = request.query as { dossier?: string; procedure?: string };
    return renderNew(request, reply, request.actor, { dossierCode: q.dossier, procedureCode: q.procedure }, {});
  });

  app.post('/feedback', { schema: { hide: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const input: SubmitInput = {
      kind: field(body, 'kind'), category: field(body, 'category'), title: field(body, 'title'), content: field(body, 'content'),
      dossierCode: field(body, 'dossierCode'), procedureCode: field(body, 'procedureCode'), agencyCode: field(body, 'agencyCode'), consentToPublish: field(body, 'consent') === 'yes',
    };
    try {
      const item = await service.submit(request.actor, input);
      return reply.redirect(`/feedback/${item.id}?sent=1`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'invalid' || !request.actor) throw error;
      return renderNew(request, reply, request.actor, input, fieldErrors(error, request.locale), 400);
    }
  });

  app.get('/feedback/:id', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const { item, events } = await service.getMine(request.actor, idParam(request));
    const page = pageContext(request, reply);
    const t = feedbackMessages.for(page.locale);
    const name = await agencyNamer(ctx, [item.agencyCode, ...events.flatMap((e) => (e.toAgencyCode ? [e.toAgencyCode] : []))], request.locale);
    const q = request.query as { sent?: string; consent?: string };
    return sendPage(
      reply,
      <Layout ctx={page} title={t('itemTitle', { id: item.id })}>
        <h1>{t('itemTitle', { id: item.id })}</h1>
        {q.sent ? <Notice kind="success">{t('submitted', { id: item.id, due: dueText(item.answerDueAt) })}</Notice> : null}
        {q.consent ? <Notice kind="success">{t('consentSaved')}</Notice> : null}
        <ItemSummary ctx={page} item={item} agencyName={name(item.agencyCode)} />
        <ItemContent ctx={page} item={item} />
        {item.publishedAt === null ? (
          <Form ctx={page} action={`/feedback/${item.id}/consent`}>
            <input type="hidden" name="consent" value={item.consentToPublish ? 'no' : 'yes'} />
            <Button variant="secondary">{item.consentToPublish ? t('consentWithdraw') : t('consentGive')}</Button>
          </Form>
        ) : null}
        <History ctx={page} events={events} agencyName={name} />
        <p>
          <a href="/feedback">{t('back')}</a>
        </p>
      </Layout>,
    );
  });

  app.post('/feedback/:id/consent', { schema: { hide: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const item = await service.setConsent(request.actor, idParam(request), field(body, 'consent') === 'yes');
    return reply.redirect(`/feedback/${item.id}?consent=1`, 303);
  });

  // ---- public: published answers --------------------------------------------------------

  app.get('/feedback/published', { schema: { hide: true } }, async (request, reply) => {
    const q = request.query as { q?: string; page?: string };
    const result = await service.searchPublished(q.q, Number(q.page ?? 1));
    const page = pageContext(request, reply);
    const t = feedbackMessages.for(page.locale);
    const name = await agencyNamer(ctx, result.items.map((i) => i.agencyCode), request.locale);
    const link = (p: number) => `/feedback/published?${new URLSearchParams({ ...(q.q ? { q: q.q } : {}), page: String(p) }).toString()}`;
    return sendPage(
      reply,
      <Layout ctx={page} title={t('publishedTitle')}>
        <h1>{t('publishedTitle')}</h1>
        <p>{t('publishedLead')}</p>
        <form method="get" action="/feedback/published" class="search-form" role="search">
          <TextField ctx={page} name="q" type="search" label={t('searchLabel')} value={q.q ?? ''} maxLength={200} />
          <Button>{t('searchButton')}</Button>
        </form>
        {result.items.length === 0 ? <p>{t('noPublished')}</p> : null}
        <ul class="card-grid">
          {result.items.map((i) => (
            <li class="card" key={i.id}>
              <h2>
                <a href={`/feedback/published/${i.id}`}>{i.title}</a>
              </h2>
              <p>{name(i.agencyCode)}</p>
              <p>{t('answeredOn', { date: formatDate(i.answeredAt) })}</p>
            </li>
          ))}
        </ul>
        <nav aria-label={t('queues')}>
          {result.page > 1 ? <a href={link(result.page - 1)}>{t('previous')}</a> : null} {result.hasMore ? <a href={link(result.page + 1)}>{t('next')}</a> : null}
        </nav>
      </Layout>,
    );
  });

  app.get('/feedback/published/:id', { schema: { hide: true } }, async (request, reply) => {
    const item = await service.getPublished(idParam(request));
    const page = pageContext(request, reply);
    const t = feedbackMessages.for(page.locale);
    const name = await agencyNamer(ctx, [item.agencyCode], request.locale);
    return sendPage(
      reply,
      <Layout ctx={page} title={item.title}>
        <h1>{item.title}</h1>
        <dl class="summary-list">
          <dt>{t('kind')}</dt>
          <dd>{t(`kind_${item.kind}` as FeedbackMessageKey)}</dd>
          <dt>{t('category')}</dt>
          <dd>{t(`category_${item.category}` as FeedbackMessageKey)}</dd>
          <dt>{t('agency')}</dt>
          <dd>{name(item.agencyCode)}</dd>
        </dl>
        <p class="preserve-lines">{item.content}</p>
        <h2>{t('answer')}</h2>
        <p class="preserve-lines">{item.answer}</p>
        <p>{t('answeredOn', { date: formatDate(item.answeredAt) })}</p>
        <p>
          <a href="/feedback/published">{t('back')}</a>
        </p>
      </Layout>,
    );
  });

  // ---- satisfaction ratings ------------------------------------------------------------------

  async function renderRating(request: FastifyRequest, reply: FastifyReply, code: string, values: { scores: (string | undefined)[]; comment?: string | undefined }, errors: FieldErrors, status = 200) {
    const target = await ratings.ratingTarget(request.actor, code);
    const page = pageContext(request, reply);
    const t = feedbackMessages.for(page.locale);
    return sendPage(
      reply,
      <Layout ctx={page} title={t('rateTitle')} narrow>
        <h1>{t('rateTitle')}</h1>
        <p>{t('rateLead', { code: target.code, procedure: target.procedureName, agency: target.agencyName })}</p>
        <ErrorSummary ctx={page} errors={errors} />
        <Form ctx={page} action={`/feedback/ratings/${encodeURIComponent(target.code)}`}>
          {RATING_QUESTIONS.map((q, i) => (
            <RadioGroup
              key={q}
              name={q}
              legend={`${i + 1}. ${t(`q_${q}`)}`}
              value={values.scores[i]}
              error={errors[q]}
              options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t(`score${n}` as FeedbackMessageKey) }))}
            />
          ))}
          <TextArea ctx={page} name="comment" label={t('commentLabel')} maxLength={COMMENT_MAX} rows={3} value={values.comment} error={errors.comment} />
          <Button>{t('rateSend')}</Button>
        </Form>
      </Layout>,
      status,
    );
  }

  /** A refusal the applicant must understand (not theirs, not finished, already rated): said plainly, on the page. */
  function renderRefusal(request: FastifyRequest, reply: FastifyReply, error: DomainError) {
    const page = pageContext(request, reply);
    const t = feedbackMessages.for(page.locale);
    const status = error.kind === 'not_found' ? 404 : error.kind === 'forbidden' ? 403 : 409;
    const key = REFUSALS[error.code];
    const message = key ? t(key) : error.message;
    return sendPage(
      reply,
      <Layout ctx={page} title={t('rateTitle')} narrow>
        <h1>{t('rateTitle')}</h1>
        <div class="error-summary" role="alert">
          <p>{message}</p>
        </div>
        <p>
          <a href="/feedback#ratings">{t('back')}</a>
        </p>
      </Layout>,
      status,
    );
  }

  app.get('/feedback/ratings/:code', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const { code } = request.params as { code: string };
    try {
      return await renderRating(request, reply, code, { scores: [] }, {});
    } catch (error) {
      if (isDomainError(error) && error.code.startsWith('feedback.') && error.kind !== 'unauthenticated') return renderRefusal(request, reply, error);
      throw error;
    }
  });

  app.post('/feedback/ratings/:code', { schema: { hide: true } }, async (request, reply) => {
    const { code } = request.params as { code: string };
    const body = (request.body ?? {}) as Body;
    const values = { scores: RATING_QUESTIONS.map((q) => field(body, q)), comment: field(body, 'comment') };
    try {
      const rated = await ratings.rate(request.actor, code, values);
      return reply.redirect(`/feedback?rated=${encodeURIComponent(rated.dossierCode)}#ratings`, 303);
    } catch (error) {
      if (!isDomainError(error) || !error.code.startsWith('feedback.') || error.kind === 'unauthenticated') throw error;
      if (error.kind === 'invalid') return renderRating(request, reply, code, values, fieldErrors(error, request.locale), 400);
      return renderRefusal(request, reply, error);
    }
  });
}
