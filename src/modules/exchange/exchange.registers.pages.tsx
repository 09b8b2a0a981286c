import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { formatDate, formatDateTime, type Locale } from '../../platform/i18n/index.ts';
import { contentDisposition, type HttpApp } from '../../platform/http/index.ts';
import { Layout, pageContext, ResponsiveTable, sendPage, type PageContext } from '../../platform/ui/index.ts';
import { STATUS_CODES } from './edxml/index.ts';
import type { DeskService } from './exchange.desk.ts';
import { exchangeMessages } from './exchange.messages.ts';
import type { AgencyNamer, AgencyNames } from './exchange.names.ts';
import { registerPdf, registerWorkbook, type RegisterSheet } from './exchange.registers.export.ts';
import type { ExchangeCaller } from './exchange.types.ts';
import { AgencyName, Header, packagePath, priorityLabel, statusName, type T } from './exchange.ui.tsx';
import { registerYear, type RegisterEntry } from './registers.repository.ts';

const hidden = { hide: true };
const Params = Type.Object({ direction: Type.Union([Type.Literal('in'), Type.Literal('out')]), format: Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('pdf')])) });
const day = Type.String({ maxLength: 10, pattern: '^(\\d{4}-\\d{2}-\\d{2})?$' });
const RegisterQuery = Type.Object({
  year: Type.Optional(Type.String({ maxLength: 4, pattern: '^(\\d{4})?$' })),
  number: Type.Optional(Type.String({ maxLength: 9, pattern: '^\\d*$' })),
  notation: Type.Optional(Type.String({ maxLength: 100 })),
  subject: Type.Optional(Type.String({ maxLength: 200 })),
  counterpart: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(day),
  to: Type.Optional(day),
  priority: Type.Optional(Type.String({ maxLength: 1, pattern: '^[0-4]?$' })),
  status: Type.Optional(Type.String({ maxLength: 2, pattern: '^(\\d{2})?$' })),
});
type RegisterQuery = Static<typeof RegisterQuery>;

const opt = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
const optNumber = (v: string | undefined) => (opt(v) === undefined ? undefined : Number(v));

/** The registers (sổ văn bản đến / đi): searched on the page, exported for print as clerks keep them. */
export function registerRegisterPages(
  app: HttpApp,
  deps: { desk: DeskService; names: AgencyNamer; agencyOf: (request: FastifyRequest) => Promise<{ code: string; name: string }>; officialOf: (request: FastifyRequest) => ExchangeCaller },
): void {
  async function search(request: FastifyRequest, direction: 'in' | 'out', query: RegisterQuery) {
    const year = optNumber(query.year) ?? registerYear(new Date());
    const entries = await deps.desk.searchRegister(deps.officialOf(request), direction, {
      year,
      number: optNumber(query.number),
      notation: opt(query.notation),
      subject: opt(query.subject),
      counterpart: opt(query.counterpart),
      from: opt(query.from),
      to: opt(query.to),
      priority: optNumber(query.priority),
      status: opt(query.status),
      limit: 500,
      offset: 0,
    });
    const names = await deps.names(entries.flatMap((e) => e.counterparts), request.locale);
    return { year, entries, names };
  }

  const handler = async (request: FastifyRequest<{ Params: Static<typeof Params>; Querystring: RegisterQuery }>, reply: FastifyReply) => {
    const { direction, format } = request.params;
    const { year, entries, names } = await search(request, direction, request.query);
    const t = exchangeMessages.for(request.locale);
    const agency = await deps.agencyOf(request);
    const title = direction === 'in' ? t('registerInTitle') : t('registerOutTitle');
    if (format) {
      const sheet: RegisterSheet = { title: `${title} — ${agency.name}`, year, headers: headers(direction, t), rows: entries.map((e) => row(e, names, request.locale, t)) };
      const file = `so-van-ban-${direction === 'in' ? 'den' : 'di'}-${year}.${format}`;
      const bytes = format === 'xlsx' ? await registerWorkbook(sheet) : await registerPdf(sheet);
      return reply
        .type(format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf')
        .header('content-disposition', contentDisposition('attachment', file, file))
        .send(bytes);
    }
    const ctx = pageContext(request, reply);
    return sendPage(reply, <RegisterPage ctx={ctx} direction={direction} title={title} agency={agency} year={year} query={request.query} entries={entries} names={names} />);
  };
  app.get('/exchange/registers/:direction', { schema: { ...hidden, params: Params, querystring: RegisterQuery } }, handler);
  app.get('/exchange/registers/:direction/export.:format', { schema: { ...hidden, params: Params, querystring: RegisterQuery } }, handler);
}

function headers(direction: 'in' | 'out', t: T): string[] {
  return [t('regNumber'), t('regDate'), t('colNumber'), direction === 'in' ? t('regCounterpartIn') : t('regCounterpartOut'), t('colSubject'), t('colPriority'), t('colDue'), t('regStatus')];
}

function row(e: RegisterEntry, names: AgencyNames, locale: Locale, t: T): string[] {
  return [
    String(e.number),
    formatDateTime(e.registeredAt),
    e.codeNotation ?? '',
    e.counterparts.map((c) => (names.has(c) ? `${names.get(c)} (${c})` : c)).join('; '),
    e.subject ?? '',
    priorityLabel(e.priority, t),
    e.dueDate ? formatDate(e.dueDate) : '',
    e.lastStatus ? statusName(e.lastStatus, locale) : '',
  ];
}

function RegisterPage(props: { ctx: PageContext; direction: 'in' | 'out'; title: string; agency: { code: string; name: string }; year: number; query: RegisterQuery; entries: RegisterEntry[]; names: AgencyNames }) {
  const { ctx, direction, query } = props;
  const t = exchangeMessages.for(ctx.locale);
  const base = `/exchange/registers/${direction}`;
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')).toString();
  const exportHref = (format: string) => `${base}/export.${format}${params ? `?${params}` : ''}`;
  const h = headers(direction, t);
  const field = (name: keyof RegisterQuery, label: string, type: 'text' | 'date' = 'text') => (
    <div class="field">
      <label for={`reg-${name}`}>{label}</label>
      {type === 'date' ? <input id={`reg-${name}`} name={name} type="date" value={query[name] ?? ''} /> : <input id={`reg-${name}`} name={name} type="text" value={query[name] ?? ''} />}
    </div>
  );
  return (
    <Layout ctx={ctx} title={props.title}>
      <Header ctx={ctx} t={t} title={props.title} agency={props.agency} />
      <form method="get" action={base} class="register-search" aria-label={t('regSearch')}>
        <div class="field-row">
          {field('year', t('regYear'))}
          {field('number', t('regNumber'))}
          {field('notation', t('colNumber'))}
          {field('subject', t('colSubject'))}
          {field('counterpart', direction === 'in' ? t('regCounterpartIn') : t('regCounterpartOut'))}
          {field('from', t('regFrom'), 'date')}
          {field('to', t('regTo'), 'date')}
          <div class="field">
            <label for="reg-priority">{t('colPriority')}</label>
            <select id="reg-priority" name="priority">
              <option value="">{t('regAny')}</option>
              {[0, 1, 2, 3, 4].map((p) => (
                <option key={p} value={String(p)} selected={query.priority === String(p)}>
                  {priorityLabel(p, t)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="reg-status">{t('regStatus')}</label>
            <select id="reg-status" name="status">
              <option value="">{t('regAny')}</option>
              {(['02', '03', '04', '05', '06'] as const).map((code) => (
                <option key={code} value={code} selected={query.status === code}>
                  {statusName(code, ctx.locale)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" class="button">
          {t('regSearchButton')}
        </button>
      </form>
      <p class="inline-list">
        <a href={exportHref('xlsx')}>{t('regExportExcel')}</a> <a href={exportHref('pdf')}>{t('regExportPdf')}</a>
      </p>
      {props.entries.length === 0 ? (
        <p>{t('regEmpty')}</p>
      ) : (
        <ResponsiveTable head={h} caption={t('regCaption', { title: props.title, year: props.year })}>
            {props.entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <a href={packagePath(e.packageId)}>{e.number}</a>
                </td>
                <td>{formatDateTime(e.registeredAt)}</td>
                <td>{e.codeNotation ?? '—'}</td>
                <td>
                  {e.counterparts.map((c) => (
                    <span key={c} class="stacked">
                      <AgencyName code={c} names={props.names} t={t} />
                    </span>
                  ))}
                </td>
                <td>{e.subject ?? '—'}</td>
                <td>{priorityLabel(e.priority, t)}</td>
                <td>{e.dueDate ? formatDate(e.dueDate) : '—'}</td>
                <td>{e.lastStatus && e.lastStatus in STATUS_CODES ? statusName(e.lastStatus, ctx.locale) : '—'}</td>
              </tr>
            ))}
        </ResponsiveTable>
      )}
    </Layout>
  );
}
