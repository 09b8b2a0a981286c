import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError, type DomainError } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, QueueTabs, ResponsiveTable, SelectField, sendPage, type FieldErrors } from '../../platform/ui/index.ts';
import { feedbackMessages, type FeedbackMessageKey } from './feedback.messages.ts';
import { agencyNamer, fieldErrors, idParam, signIn, type FeedbackPagesDeps } from './feedback.pages.tsx';
import { RATING_QUESTIONS } from './feedback.ratings.ts';
import { ANSWER_MAX, FEEDBACK_CATEGORIES, QUEUE_BUCKETS, type QueueBucket } from './feedback.service.ts';
import { dueText, History, ItemContent, ItemSummary, TextArea } from './feedback.views.tsx';

type Body = Record<string, string | undefined>;
const CONFLICT_KEYS: Record<string, FeedbackMessageKey> = {
  'feedback.wrong_state': 'refusedWrongState',
  'feedback.forward_window_closed': 'refusedForwardClosed',
  'feedback.no_consent': 'noConsentNote',
};

/** Officials' work queue, an item's page with its actions, and the satisfaction summary. */
export function registerFeedbackConsolePages(app: HttpApp, deps: FeedbackPagesDeps): void {
  const { ctx, service, ratings } = deps;

  app.get('/console/feedback', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const wanted = (request.query as { bucket?: string }).bucket;
    const bucket: QueueBucket = QUEUE_BUCKETS.find((b) => b === wanted) ?? 'open';
    const q = await service.queue(request.actor, bucket);
    const page = pageContext(request, reply);
    const t = feedbackMessages.for(page.locale);
    const name = await agencyNamer(ctx, q.items.map((i) => i.item.agencyCode), request.locale);
    return sendPage(
      reply,
      <Layout ctx={page} title={t('queueTitle')}>
        <h1>{t('queueTitle')}</h1>
        <p>{t('queueLead')}</p>
        <QueueTabs label={t('queues')} tabs={QUEUE_BUCKETS.map((b) => ({ href: `/console/feedback?bucket=${b}`, label: t(`bucket_${b}`), count: b === 'closed' ? undefined : q.counts[b], current: b === bucket }))} />
        <h2>{t(`bucket_${bucket}`)}</h2>
        {q.items.length === 0 ? <p>{t('queueEmpty')}</p> : null}
        <ul class="card-grid">
          {q.items.map(({ item, flag }) => (
            <li class="card" key={item.id}>
              <h3>
                <a href={`/console/feedback/${item.id}`}>{item.title}</a>
              </h3>
              {flag ? (
                <p>
                  <strong>{t(`flag_${flag}`)}</strong>
                </p>
              ) : null}
              <dl class="summary-list">
                <dt>{t('number')}</dt>
                <dd>{item.id}</dd>
                <dt>{t('submitter')}</dt>
                <dd>{item.submitterName}</dd>
                <dt>{t('status')}</dt>
                <dd>{t(`status_${item.status}` as FeedbackMessageKey)}</dd>
                <dt>{t('agency')}</dt>
                <dd>{name(item.agencyCode)}</dd>
                <dt>{t('answerDue')}</dt>
                <dd>{dueText(item.answerDueAt)}</dd>
              </dl>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  async function renderItem(request: FastifyRequest, reply: FastifyReply, id: number, problem?: { errors?: FieldErrors; message?: string; values?: Body }, status = 200) {
    const v = await service.getForOfficial(request.actor, id);
    const { item } = v;
    const page = pageContext(request, reply);
    const t = feedbackMessages.for(page.locale);
    const targets = v.may.forward ? await service.forwardTargets() : [];
    const name = await agencyNamer(ctx, [item.agencyCode, ...v.events.flatMap((e) => (e.toAgencyCode ? [e.toAgencyCode] : []))], request.locale);
    const errors = problem?.errors ?? {};
    const saved = (request.query as { saved?: string }).saved;
    return sendPage(
      reply,
      <Layout ctx={page} title={t('itemTitle', { id: item.id })}>
        <h1>{t('itemTitle', { id: item.id })}</h1>
        {saved ? <Notice kind="success">{t('saved')}</Notice> : null}
        <ErrorSummary ctx={page} errors={errors} message={problem?.message} />
        {v.flag ? (
          <p>
            <strong>{t(`flag_${v.flag}`)}</strong>
          </p>
        ) : null}
        <ItemSummary ctx={page} item={item} agencyName={name(item.agencyCode)} />
        <dl class="summary-list">
          <dt>{t('submitter')}</dt>
          <dd>{item.submitterName}</dd>
          {item.status === 'received' ? (
            <>
              <dt>{t('forwardDue')}</dt>
              <dd>{dueText(item.forwardDueAt)}</dd>
            </>
          ) : null}
        </dl>
        <ItemContent ctx={page} item={item} />
        {Object.values(v.may).some(Boolean) ? <h2>{t('actions')}</h2> : null}
        {v.may.classify ? (
          <Form ctx={page} action={`/console/feedback/${item.id}/classify`}>
            <SelectField ctx={page} name="category" label={t('classifyLabel')} value={item.category} error={errors.category} options={FEEDBACK_CATEGORIES.map((c) => ({ value: c, label: t(`category_${c}`) }))} />
            <Button variant="secondary">{t('classify')}</Button>
          </Form>
        ) : null}
        {v.may.accept ? (
          <Form ctx={page} action={`/console/feedback/${item.id}/accept`}>
            <Button>{t('accept')}</Button>
          </Form>
        ) : null}
        {v.may.forward ? (
          <section>
            <h3>{t('forwardTitle')}</h3>
            <p class="hint">{t('forwardHint', { date: dueText(item.forwardDueAt) })}</p>
            <Form ctx={page} action={`/console/feedback/${item.id}/forward`}>
              <SelectField
                ctx={page}
                name="toAgencyCode"
                label={t('forwardTo')}
                required
                value={problem?.values?.toAgencyCode ?? ''}
                error={errors.toAgencyCode}
                options={[{ value: '', label: t('chooseAgency') }, ...targets.filter((a) => a.code !== item.agencyCode).map((a) => ({ value: a.code, label: a.name }))]}
              />
              <TextArea ctx={page} name="note" label={t('note')} maxLength={1000} rows={2} value={problem?.values?.note} />
              <Button variant="secondary">{t('forward')}</Button>
            </Form>
          </section>
        ) : null}
        {v.may.answer ? (
          <section>
            <h3>{t('answerTitle')}</h3>
            <Form ctx={page} action={`/console/feedback/${item.id}/answer`}>
              <TextArea ctx={page} name="answer" label={t('answer')} required maxLength={ANSWER_MAX} value={problem?.values?.answer} error={errors.answer} />
              <Button>{t('answerSend')}</Button>
            </Form>
          </section>
        ) : null}
        {v.may.reject ? (
          <section>
            <h3>{t('rejectTitle')}</h3>
            <Form ctx={page} action={`/console/feedback/${item.id}/reject`}>
              <TextArea ctx={page} name="reason" label={t('rejectReason')} required maxLength={ANSWER_MAX} rows={3} value={problem?.values?.reason} error={errors.reason} />
              <Button variant="secondary">{t('reject')}</Button>
            </Form>
          </section>
        ) : null}
        {v.may.publish ? (
          <Form ctx={page} action={`/console/feedback/${item.id}/publish`}>
            <Button>{t('publish')}</Button>
          </Form>
        ) : null}
        {item.status === 'answered' && !item.consentToPublish ? <p>{t('noConsentNote')}</p> : null}
        <History ctx={page} events={v.events} agencyName={name} />
        <p>
          <a href="/console/feedback">{t('back')}</a>
        </p>
      </Layout>,
      status,
    );
  }

  app.get('/console/feedback/:id', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    return renderItem(request, reply, idParam(request));
  });

  const actions = {
    classify: (request: FastifyRequest, id: number, body: Body) => service.classify(request.actor, id, { category: body.category }),
    accept: (request: FastifyRequest, id: number) => service.accept(request.actor, id),
    forward: (request: FastifyRequest, id: number, body: Body) => service.forward(request.actor, id, { toAgencyCode: body.toAgencyCode, note: body.note }),
    answer: (request: FastifyRequest, id: number, body: Body) => service.answer(request.actor, id, { answer: body.answer }),
    reject: (request: FastifyRequest, id: number, body: Body) => service.reject(request.actor, id, { reason: body.reason }),
    publish: (request: FastifyRequest, id: number) => service.publish(request.actor, id),
  } as const;

  for (const [name, run] of Object.entries(actions)) {
    app.post(`/console/feedback/:id/${name}`, { schema: { hide: true } }, async (request, reply) => {
      const id = idParam(request);
      const body = (request.body ?? {}) as Body;
      try {
        const item = await run(request, id, body);
        // Forwarded out of the official's reach: back to the queue.
        return reply.redirect(name === 'forward' && !(await mayStillSee(request, item.id)) ? '/console/feedback' : `/console/feedback/${item.id}?saved=1`, 303);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        if (error.kind === 'invalid') return renderItem(request, reply, id, { errors: fieldErrors(error, request.locale), values: body }, 400);
        if (error.kind === 'conflict') return renderItem(request, reply, id, { message: conflictText(request, error), values: body }, 409);
        throw error;
      }
    });
  }

  async function mayStillSee(request: FastifyRequest, id: number): Promise<boolean> {
    try {
      await service.getForOfficial(request.actor, id);
      return true;
    } catch {
      return false;
    }
  }

  function conflictText(request: FastifyRequest, error: DomainError): string {
    const key = CONFLICT_KEYS[error.code];
    return key ? feedbackMessages.t(request.locale, key) : error.message;
  }

  app.get('/console/ratings', { schema: { hide: true } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const by = (request.query as { by?: string }).by === 'procedure' ? 'procedure' : 'agency';
    const s = await ratings.summary(request.actor, by);
    const page = pageContext(request, reply);
    const t = feedbackMessages.for(page.locale);
    const number = (n: number) => n.toFixed(2).replace('.', page.locale === 'vi' ? ',' : '.');
    return sendPage(
      reply,
      <Layout ctx={page} title={t('summaryTitle')}>
        <h1>{t('summaryTitle')}</h1>
        <p>{t('summaryLead')}</p>
        <QueueTabs label={t('queues')} tabs={(['agency', 'procedure'] as const).map((b) => ({ href: `/console/ratings?by=${b}`, label: t(b === 'agency' ? 'byAgency' : 'byProcedure'), current: by === b }))} />
        <h2>{t('questionsList')}</h2>
        <ol>
          {RATING_QUESTIONS.map((q) => (
            <li key={q}>{t(`q_${q}`)}</li>
          ))}
        </ol>
        {s.rows.length === 0 ? (
          <p>{t('noRatings')}</p>
        ) : (
          <ResponsiveTable head={[t('agency'), by === 'procedure' && t('relatedProcedure'), t('count'), ...RATING_QUESTIONS.map((_, i) => t('question', { n: i + 1 })), t('satisfied')]}>
                {s.rows.map((r) => (
                  <tr key={`${r.agencyCode} ${r.procedureCode ?? ''}`}>
                    <td>{r.agencyName}</td>
                    {by === 'procedure' ? <td>{r.procedureName ?? r.procedureCode}</td> : null}
                    <td>{r.count}</td>
                    {r.averages.map((a, i) => (
                      <td key={i}>{number(a)}</td>
                    ))}
                    <td>{`${r.satisfiedPercent.toFixed(1).replace('.', page.locale === 'vi' ? ',' : '.')} %`}</td>
                  </tr>
                ))}
          </ResponsiveTable>
        )}
        <p>
          <a href={`/api/v1/feedback/ratings/summary?groupBy=${by}`}>{t('jsonLink')}</a>
        </p>
      </Layout>,
    );
  });
}
