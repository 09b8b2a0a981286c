import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import { type HttpApp } from '../../platform/http/index.ts';
import { formatDateTime } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, sendPage, TextField, toFieldErrors, type FieldErrors } from '../../platform/ui/index.ts';
import { cabinetMessages } from './cabinet.messages.ts';
import { formatDeadline } from './cabinet.rules.ts';
import type { CabinetService } from './cabinet.service.ts';
import { hide, bodyOf, fieldMessage } from './cabinet.pages-shared.tsx';

/** The member's day (mobile first), the test clock, members and their delegates. */
export function registerHomePages(app: HttpApp, cabinet: CabinetService, config: Config): void {
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
}
