import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, ResponsiveTable, SelectField, sendPage, TextField, toFieldErrors, type FieldErrors } from '../../platform/ui/index.ts';
import { OverrideProblem } from './calendar.errors.ts';
import { calendarMessages } from './calendar.messages.ts';
import { listOverrides, loadCalendar } from './calendar.repository.ts';
import { assertCalendarReader, deleteCalendarOverride, saveCalendarOverride } from './calendar.service.ts';
import { addDays } from '../../platform/calendar/index.ts';

const ERROR_KEYS = {
  [OverrideProblem.dayInvalid]: 'dayInvalid',
  [OverrideProblem.kindInvalid]: 'kindInvalid',
  [OverrideProblem.reasonRequired]: 'reasonRequired',
  [OverrideProblem.reasonTooLong]: 'reasonTooLong',
} as const;

interface FormState {
  values: { day?: string; kind?: string; reason?: string };
  errors: FieldErrors;
  notice?: string;
}

/** `/admin/calendar`: system administrators record the swapped days of each year. */
export function registerCalendarAdminRoutes(app: HttpApp, db: Db): void {
  app.get('/admin/calendar', { schema: { hide: true } }, async (request, reply) => {
    assertCalendarReader(request.actor);
    const query = request.query as { year?: string; saved?: string; removed?: string };
    const t = calendarMessages.for(request.locale);
    const notice = query.saved ? t('saved', { day: query.saved }) : query.removed ? t('removed', { day: query.removed }) : undefined;
    return renderCalendar(request, reply, db, yearFrom(query.year), { values: {}, errors: {}, ...(notice ? { notice } : {}) });
  });

  app.post('/admin/calendar/overrides', { schema: { hide: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const values = { day: body.day?.trim() ?? '', kind: body.kind ?? '', reason: body.reason ?? '' };
    try {
      const saved = await saveCalendarOverride(db, request.actor, values);
      return reply.redirect(`/admin/calendar?year=${saved.day.slice(0, 4)}&saved=${saved.day}`, 303);
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'invalid') throw error;
      const t = calendarMessages.for(request.locale);
      const errors = toFieldErrors(
        error.fields.map((f) => ({ field: f.field, message: t(ERROR_KEYS[f.message as keyof typeof ERROR_KEYS] ?? 'dayInvalid') })),
      );
      return renderCalendar(request, reply, db, yearFrom(values.day.slice(0, 4)), { values, errors }, 400);
    }
  });

  app.post('/admin/calendar/overrides/:day/delete', { schema: { hide: true } }, async (request, reply) => {
    const { day } = request.params as { day: string };
    await deleteCalendarOverride(db, request.actor, day);
    return reply.redirect(`/admin/calendar?year=${day.slice(0, 4)}&removed=${day}`, 303);
  });
}

function yearFrom(text: string | undefined): number {
  const year = Number(text);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : new Date().getUTCFullYear();
}

async function renderCalendar(request: FastifyRequest, reply: FastifyReply, db: Db, year: number, form: FormState, status = 200) {
  const ctx = pageContext(request, reply);
  const t = calendarMessages.for(ctx.locale);
  const calendar = await loadCalendar(db, [year]);
  const overrides = await listOverrides(db, year);
  let workingDays = 0;
  for (let day = `${year}-01-01`; day <= `${year}-12-31`; day = addDays(day, 1)) if (calendar.isWorkingDay(day)) workingDays++;
  const kindLabel = (kind: string) => (kind === 'working_day' ? t('kindWorkingDay') : t('kindDayOff'));
  return sendPage(
    reply,
    <Layout ctx={ctx} title={t('title', { year })}>
      <h1>{t('title', { year })}</h1>
      {form.notice ? <Notice kind="success">{form.notice}</Notice> : null}
      <p>{t('intro')}</p>
      <nav aria-label={t('yearNav')}>
        <p>
          <a href={`/admin/calendar?year=${year - 1}`}>← {year - 1}</a> · <a href={`/admin/calendar?year=${year + 1}`}>{year + 1} →</a>
        </p>
      </nav>
      <p>{t('workingDays', { count: workingDays })}</p>
      <h2>{t('holidays')}</h2>
      <ResponsiveTable head={[t('date'), t('name')]}>
        {calendar.holidays(year).map((h) => (
          <tr key={h.date}>
            <td>{formatDate(h.date)}</td>
            <td>{h.name}</td>
          </tr>
        ))}
      </ResponsiveTable>
      <h2>{t('overrides')}</h2>
      {overrides.length === 0 ? (
        <p>{t('noOverrides')}</p>
      ) : (
        <ResponsiveTable head={[t('date'), t('kind'), t('reason'), t('updatedBy'), t('actions')]}>
          {overrides.map((o) => (
            <tr key={o.day}>
              <td>{formatDate(o.day)}</td>
              <td>{kindLabel(o.kind)}</td>
              <td>{o.reason}</td>
              <td>{o.updatedBy ?? ''}</td>
              <td>
                <Form ctx={ctx} action={`/admin/calendar/overrides/${o.day}/delete`}>
                  <button type="submit" class="button button-secondary" aria-label={`${t('remove')} ${formatDate(o.day)}`}>
                    {t('remove')}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </ResponsiveTable>
      )}
      <h2 id="add">{t('addTitle')}</h2>
      <ErrorSummary ctx={ctx} errors={form.errors} />
      <Form ctx={ctx} action="/admin/calendar/overrides">
        <TextField ctx={ctx} name="day" label={t('date')} hint={t('dayHint')} value={form.values.day} error={form.errors.day} required type="date" />
        <SelectField
          ctx={ctx}
          name="kind"
          label={t('kind')}
          value={form.values.kind ?? 'working_day'}
          error={form.errors.kind}
          required
          options={[
            { value: 'working_day', label: t('kindWorkingDay') },
            { value: 'day_off', label: t('kindDayOff') },
          ]}
        />
        <TextField ctx={ctx} name="reason" label={t('reason')} hint={t('reasonHint')} value={form.values.reason} error={form.errors.reason} required maxLength={500} />
        <Button>{t('save')}</Button>
      </Form>
    </Layout>,
    status,
  );
}
