import { Type } from 'typebox';
import { sendHtml, type HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { formatDate, type Locale } from '../../platform/i18n/index.ts';
import { Button, Layout, pageContext, PrerenderedHtml, PrerenderedSlot, renderDocumentAround, sendPage, TextField, type PageContext } from '../../platform/ui/index.ts';
import { catalogMessages } from './catalog.messages.ts';
import { APPLICANT_TYPES, ONLINE_LEVELS, SEARCH_PAGE_MAX, type ApplicantType, type OnlineLevel } from './catalog.schemas.ts';
import type { FacetsView, SearchHit, SearchQuery, SearchResult, SearchService } from './catalog.search.ts';
import { searchMessages } from './search-words.messages.ts';
import type { CatalogService, PublishedProcedure } from './catalog.service.ts';
import { formatFeeRange, formatTime, ProcedureBody, procedurePath } from './catalog.views.tsx';
import { CatalogErrors } from './catalog.errors.ts';
import { parseProcedureCode } from './procedure-code.ts';

// Lenient on purpose: a hand-edited or outdated shared URL still shows a page (unknown values are ignored).
const SearchPageQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  agency: Type.Optional(Type.String({ maxLength: 35 })),
  province: Type.Optional(Type.String({ maxLength: 10 })),
  field: Type.Optional(Type.String({ maxLength: 20 })),
  applicant: Type.Optional(Type.String({ maxLength: 20 })),
  level: Type.Optional(Type.String({ maxLength: 20 })),
  home: Type.Optional(Type.String({ maxLength: 10 })),
  page: Type.Optional(Type.String({ maxLength: 6 })),
});
const CodeParams = Type.Object({ code: Type.String({ maxLength: 70 }) });

type PageQuery = { q: string; agency: string; province: string; field: string; applicant: string; level: string; home: string; page: number };

export type AgencyNames = (codes: readonly string[], locale?: Locale) => Promise<Map<string, string>>;

/** The public catalogue: search results and one page per procedure. GET forms only: pages work without JavaScript and every search is a shareable URL. */
/** The province of the signed-in official's agency: the account's province for search. */
export type HomeOf = (actor: Actor | undefined) => Promise<string | undefined>;

export function registerCatalogPublicPages(app: HttpApp, deps: { service: CatalogService; search: SearchService; agencyNames: AgencyNames; homeOf: HomeOf; templateNames: (code: string) => Promise<ReadonlySet<string>> }): void {
  app.get('/procedures', { schema: { hide: true, querystring: SearchPageQuery } }, async (request, reply) => {
    const raw = request.query;
    const page = /^\d+$/.test(raw.page ?? '') ? Math.min(Math.max(Number(raw.page), 1), SEARCH_PAGE_MAX) : 1;
    const query: PageQuery = {
      q: (raw.q ?? '').trim(),
      agency: (raw.agency ?? '').trim(),
      province: (raw.province ?? '').trim(),
      field: (raw.field ?? '').trim(),
      applicant: APPLICANT_TYPES.includes(raw.applicant as ApplicantType) ? (raw.applicant as string) : '',
      level: ONLINE_LEVELS.includes(raw.level as OnlineLevel) ? (raw.level as string) : '',
      // Asked on the page; until then, the account's.
      home: /^\d{2}$/.test(raw.home ?? '') ? (raw.home as string) : raw.home === undefined ? ((await deps.homeOf(request.actor)) ?? '') : '',
      page,
    };
    const searchQuery: SearchQuery = {
      q: query.q,
      agency: query.agency || undefined,
      province: query.province || undefined,
      field: query.field || undefined,
      applicant: (query.applicant || undefined) as ApplicantType | undefined,
      level: (query.level || undefined) as OnlineLevel | undefined,
      home: query.home || undefined,
      page,
    };
    const [result, facets] = await Promise.all([deps.search.search(searchQuery), deps.search.facets()]);
    const ctx = pageContext(request, reply);
    return sendHtml(reply, searchPage(ctx, query, result, facets));
  });

  app.get('/procedures/:code', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const { code } = request.params;
    const parsed = parseProcedureCode(code);
    // A case code (1.001193.02) is the procedure's page, at that case.
    if (parsed?.caseSuffix) return reply.redirect(`${procedurePath(parsed.code)}#case-${parsed.caseSuffix}`, 301);
    const procedure = await deps.service.findPublished(code);
    if (!procedure) throw CatalogErrors.procedureNotFound(code);
    const [names, templates] = await Promise.all([deps.agencyNames([procedure.document.competentAgency, ...procedure.document.receivingAgencies], request.locale), deps.templateNames(procedure.code)]);
    return sendPage(reply, <ProcedurePage ctx={pageContext(request, reply)} procedure={procedure} agencyNames={names} templates={templates} />);
  });
}

/** The URL of a search with the same filters on another page (or with one filter changed). */
export function searchHref(query: PageQuery, changes: Partial<PageQuery> = {}): string {
  const merged = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const key of ['q', 'home', 'agency', 'province', 'field', 'applicant', 'level'] as const) {
    if (merged[key]) params.set(key, merged[key]);
  }
  if (merged.page > 1) params.set('page', String(merged.page));
  const search = params.toString();
  return search ? `/procedures?${search}` : '/procedures';
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The options of the filters, as HTML, kept with the filter choices they were made from (by
 * language and selected value): with the result cache off, rendering hundreds of agencies per
 * request cost more than the search itself.
 */
const optionsHtml = new WeakMap<FacetsView, Map<string, string>>();
const OPTION_SETS_KEPT = 500;

function FilterSelect(props: { facets: FacetsView; id: string; name: string; label: string; value: string; allLabel: string; options: () => { value: string; label: string }[] }) {
  let kept = optionsHtml.get(props.facets);
  if (!kept) optionsHtml.set(props.facets, (kept = new Map()));
  const key = `${props.name} ${props.allLabel} ${props.value}`;
  let html = kept.get(key);
  if (html === undefined) {
    html = `<option value="">${escapeHtml(props.allLabel)}</option>${props
      .options()
      .map((o) => `<option value="${escapeHtml(o.value)}"${o.value === props.value ? ' selected' : ''}>${escapeHtml(o.label)}</option>`)
      .join('')}`;
    if (kept.size < OPTION_SETS_KEPT) kept.set(key, html);
  }
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  );
}

/**
 * The results page's content is the same for everyone who asks the same thing in the same
 * language, so it is rendered and encoded once and kept, as UTF-8 bytes, with the cached
 * result and filter choices it was made from (weakly: it goes when they go). The shell around
 * it is rendered per request for a signed-in viewer (name, logout form with its CSRF token);
 * a visitor's depends only on the language and the URL, so the whole page is kept too.
 */
interface RenderedSearch {
  content: PrerenderedHtml;
  /** Whole pages for visitors, by language and URL as requested (the language switch links back to it). */
  visitorPages: Map<string, Buffer>;
}

const rendered = new WeakMap<SearchResult, WeakMap<FacetsView, Map<string, RenderedSearch>>>();

/** Spellings of one search (query order, empty parameters …) whose pages are kept; more are rendered per request. */
const SPELLINGS_KEPT = 16;

function searchPage(ctx: PageContext, query: PageQuery, result: SearchResult, facets: FacetsView): Buffer {
  let byFacets = rendered.get(result);
  if (!byFacets) rendered.set(result, (byFacets = new WeakMap()));
  let byQuery = byFacets.get(facets);
  if (!byQuery) byFacets.set(facets, (byQuery = new Map()));
  const key = `${ctx.locale} ${searchHref(query)}`;
  let entry = byQuery.get(key);
  if (entry === undefined) {
    const content = PrerenderedHtml.render(
      <div class="procedure-search">
        <SearchContent ctx={ctx} query={query} result={result} facets={facets} />
      </div>,
    );
    entry = { content, visitorPages: new Map() };
    if (byQuery.size < SPELLINGS_KEPT) byQuery.set(key, entry);
  }
  const visitor = ctx.viewer === undefined;
  if (visitor) {
    const page = entry.visitorPages.get(ctx.path);
    if (page) return page;
  }
  const title = query.q ? catalogMessages.t(ctx.locale, 'resultsCountFor', { count: result.total, q: query.q }) : catalogMessages.t(ctx.locale, 'searchTitle');
  const page = renderDocumentAround(
    <Layout ctx={ctx} title={title}>
      <PrerenderedSlot />
    </Layout>,
    entry.content,
  );
  if (visitor && entry.visitorPages.size < SPELLINGS_KEPT) entry.visitorPages.set(ctx.path, page);
  return page;
}

function SearchContent({ ctx, query, result, facets }: { ctx: PageContext; query: PageQuery; result: SearchResult; facets: FacetsView }) {
  const t = catalogMessages.for(ctx.locale);
  const s = searchMessages.for(ctx.locale);
  const filtered = Boolean(query.agency || query.province || query.field || query.applicant || query.level);
  const provinceNames = new Map(facets.provinces.map((p) => [p.code, p.name]));
  return (
    <>
      <h1>{t('searchTitle')}</h1>
      <form method="get" action="/procedures" role="search" id="procedure-search">
        <div class="search-form">
          <TextField ctx={ctx} name="q" type="search" label={t('searchLabel')} hint={t('searchHint')} value={query.q} maxLength={200} />
          <Button>{t('searchButton')}</Button>
        </div>
        {/* Collapsed: on a phone the first result stays near the top of the page. */}
        <details class="filters" open={filtered || undefined}>
          <summary>{s('filtersShow')}</summary>
          <FilterSelect facets={facets} id="filter-home" name="home" label={s('homeLabel')} value={query.home} allLabel={s('homeAny')} options={() => facets.provinces.map((p) => ({ value: p.code, label: p.name }))} />
          <p class="hint">{s('homeHint')}</p>
          <fieldset>
            <legend>{t('filtersTitle')}</legend>
            <div class="card-grid">
              <FilterSelect facets={facets} id="filter-field" name="field" label={t('filterField')} value={query.field} allLabel={t('filterAll')} options={() => facets.fields.map((f) => ({ value: f.code, label: `${f.name} (${f.count})` }))} />
              <FilterSelect facets={facets} id="filter-agency" name="agency" label={t('filterAgency')} value={query.agency} allLabel={t('filterAll')} options={() => facets.agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.count})` }))} />
              <FilterSelect facets={facets} id="filter-province" name="province" label={t('filterProvince')} value={query.province} allLabel={t('filterAll')} options={() => facets.provinces.map((p) => ({ value: p.code, label: p.name }))} />
              <FilterSelect facets={facets} id="filter-applicant" name="applicant" label={t('filterApplicant')} value={query.applicant} allLabel={t('filterAll')} options={() => APPLICANT_TYPES.map((a) => ({ value: a, label: t(`applicant_${a}`) }))} />
              <FilterSelect facets={facets} id="filter-level" name="level" label={t('filterLevel')} value={query.level} allLabel={t('filterAll')} options={() => ONLINE_LEVELS.map((l) => ({ value: l, label: t(`level_${l}`) }))} />
            </div>
          </fieldset>
          <Button variant="secondary">{t('applyFilters')}</Button>
          {filtered ? (
            <p>
              <a href={searchHref({ ...query, agency: '', province: '', field: '', applicant: '', level: '', page: 1 })}>{t('clearFilters')}</a>
            </p>
          ) : null}
        </details>
      </form>

      <section aria-labelledby="results-heading">
        <h2 id="results-heading" aria-live="polite">
          {query.q ? t('resultsCountFor', { count: result.total, q: query.q }) : t('resultsCount', { count: result.total })}
        </h2>
        {query.home && provinceNames.has(query.home) ? <p class="hint">{s('shownFor', { province: provinceNames.get(query.home) ?? query.home })}</p> : null}
        {result.items.length === 0 ? (
          <>
            {result.suggestion ? (
              <p>
                {s('didYouMean')} <a href={searchHref({ ...query, q: result.suggestion, page: 1 })}>{result.suggestion}</a>
              </p>
            ) : null}
            <p>{t('noResults')}</p>
            <p class="hint">{t('noResultsHint')}</p>
          </>
        ) : (
          <ol class="card-grid procedure-results" start={(result.page - 1) * result.pageSize + 1}>
            {result.items.map((item) => (
              <ResultCard key={item.code} ctx={ctx} item={item} provinceNames={provinceNames} />
            ))}
          </ol>
        )}
        <Pagination ctx={ctx} query={query} result={result} />
      </section>
      {result.articles.length > 0 ? (
        <section aria-labelledby="articles-heading" class="help-articles">
          <h2 id="articles-heading">{s('articlesTitle')}</h2>
          <ul>
            {result.articles.map((a) => (
              <li key={a.url}>
                <a href={a.url}>{a.title}</a>
                <p class="hint">{a.summary}</p>
              </li>
            ))}
          </ul>
          <p>
            <a href="/support">{s('articlesMore')}</a>
          </p>
        </section>
      ) : null}
    </>
  );
}

function ResultCard({ ctx, item, provinceNames }: { ctx: PageContext; item: SearchHit; provinceNames: ReadonlyMap<string, string> }) {
  const t = catalogMessages.for(ctx.locale);
  const s = searchMessages.for(ctx.locale);
  const local = item.variants.filter((v) => v.provinceCodes.length > 0);
  return (
    <li class="card">
      <h3>
        <a href={procedurePath(item.code)}>{item.name}</a>
      </h3>
      <dl class="summary-list">
        {item.implementingLevel ? (
          <>
            <dt>{s('labelLevel')}</dt>
            <dd>{t(`implementing_${item.implementingLevel}`)}</dd>
          </>
        ) : null}
        <dt>{t('labelCompetent')}</dt>
        <dd>{item.competentAgencyName}</dd>
        {item.receivingAgencyNames.length > 0 ? (
          <>
            <dt>{s('labelReceiving')}</dt>
            <dd>{item.receivingAgencyNames.join('; ')}</dd>
          </>
        ) : null}
        <dt>{t('labelTime')}</dt>
        <dd>{formatTime(ctx.locale, item.listing.processingTime)}</dd>
        <dt>{t('labelFees')}</dt>
        <dd>{formatFeeRange(ctx.locale, item.listing.feeVnd)}</dd>
        <dt>{t('labelOnline')}</dt>
        <dd>{item.onlineLevel ? t(`level_${item.onlineLevel}`) : t('level_none')}</dd>
        <dt>{t('labelCode')}</dt>
        <dd>
          <code>{item.code}</code>
        </dd>
      </dl>
      {local.length > 1 ? (
        <nav aria-label={`${s('alsoIn')} ${item.name}`}>
          <p>{s('alsoIn')}</p>
          <ul class="footer-links province-choice">
            {local.map((v) => (
              <li key={v.code}>
                <a href={procedurePath(v.code)}>
                  {v.provinceCodes.map((p) => provinceNames.get(p) ?? p).join(', ')}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </li>
  );
}

function Pagination({ ctx, query, result }: { ctx: PageContext; query: PageQuery; result: SearchResult }) {
  if (result.pages <= 1) return null;
  const t = catalogMessages.for(ctx.locale);
  return (
    <nav aria-label={t('paginationLabel')} class="pagination">
      <p>{t('pageOf', { page: result.page, pages: result.pages })}</p>
      <ul class="footer-links">
        {result.page > 1 ? (
          <li>
            <a href={searchHref(query, { page: result.page - 1 })} rel="prev">
              {t('previousPage')}
            </a>
          </li>
        ) : null}
        {result.page < result.pages ? (
          <li>
            <a href={searchHref(query, { page: result.page + 1 })} rel="next">
              {t('nextPage')}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

function ProcedurePage({ ctx, procedure, agencyNames, templates }: { ctx: PageContext; procedure: PublishedProcedure; agencyNames: ReadonlyMap<string, string>; templates: ReadonlySet<string> }) {
  const t = catalogMessages.for(ctx.locale);
  const d = procedure.document;
  return (
    <Layout ctx={ctx} title={d.name}>
      <nav aria-label={t('breadcrumbLabel')}>
        <a href="/procedures">{t('backToSearch')}</a>
      </nav>
      <h1>{d.name}</h1>
      <p class="hint">{t('versionInfo', { version: procedure.version, date: formatDate(procedure.publishedAt) })}</p>
      {d.onlineLevel ? (
        <p>
          <a class="button" href={`/procedures/${encodeURIComponent(d.code)}/apply`}>
            {t('applyOnline')}
          </a>
        </p>
      ) : null}
      <ProcedureBody document={d} locale={ctx.locale} agencyNames={agencyNames} templates={templates} />
      <p>
        <a href={`/api/v1/procedures/${encodeURIComponent(d.code)}`} type="application/json">
          {t('jsonLink')}
        </a>
      </p>
    </Layout>
  );
}
