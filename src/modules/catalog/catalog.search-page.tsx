import type { Locale } from '../../platform/i18n/index.ts';
import { Button, Layout, PrerenderedHtml, PrerenderedPage, TextField, type PageContext } from '../../platform/ui/index.ts';
import { catalogMessages } from './catalog.messages.ts';
import { APPLICANT_TYPES, ONLINE_LEVELS } from './catalog.schemas.ts';
import type { FacetsView, SearchHit, SearchResult } from './catalog.search.ts';
import { formatFeeRange, formatTime, procedurePath } from './catalog.views.tsx';
import { searchMessages } from './search-words.messages.ts';

/**
 * The search results page. With the result cache off every request is a distinct search, so
 * what does not depend on the query is not rendered per request: each result card is rendered
 * once per language and kept with its hit (the search service gives the same hit object for a
 * procedure while the index lasts), the filters' option lists once per selected value and
 * kept with the filter choices; both as UTF-8 bytes placed into the page (PrerenderedPage).
 * Only the form, headings and paging are rendered per request.
 */

export type PageQuery = { q: string; agency: string; province: string; field: string; applicant: string; level: string; home: string; page: number };

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

/** Option lists by filter choices, then by language, filter and selected value. */
const optionLists = new WeakMap<FacetsView, Map<string, PrerenderedHtml>>();
const OPTION_SETS_KEPT = 500;

function FilterSelect(props: { page: PrerenderedPage; facets: FacetsView; id: string; name: string; label: string; value: string; allLabel: string; options: () => { value: string; label: string }[] }) {
  let kept = optionLists.get(props.facets);
  if (!kept) optionLists.set(props.facets, (kept = new Map()));
  const key = `${props.name} ${props.allLabel} ${props.value}`;
  let options = kept.get(key);
  if (options === undefined) {
    options = PrerenderedHtml.render(
      <>
        <option value="">{props.allLabel}</option>
        {props.options().map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value || undefined}>
            {o.label}
          </option>
        ))}
      </>,
    );
    if (kept.size < OPTION_SETS_KEPT) kept.set(key, options);
  }
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.page.slot(options)}
      </select>
    </div>
  );
}

/** A result card by hit, per language; the filter choices it was rendered with (province names) come along. */
const cards = new WeakMap<SearchHit, { facets: FacetsView; vi?: PrerenderedHtml; en?: PrerenderedHtml }>();

function cardOf(locale: Locale, item: SearchHit, facets: FacetsView, provinceNames: () => ReadonlyMap<string, string>): PrerenderedHtml {
  let kept = cards.get(item);
  if (kept === undefined || kept.facets !== facets) cards.set(item, (kept = { facets }));
  let card = kept[locale];
  if (card === undefined) kept[locale] = card = PrerenderedHtml.render(<ResultCard locale={locale} item={item} provinceNames={provinceNames()} />);
  return card;
}

/** Whole pages for visitors, kept with a cached result (by language and URL as requested: the language switch links back to it). */
const visitorPages = new WeakMap<SearchResult, WeakMap<FacetsView, Map<string, Buffer>>>();
/** Spellings of one search (query order, empty parameters …) whose pages are kept; more are rendered per request. */
const SPELLINGS_KEPT = 16;

export function searchPage(ctx: PageContext, query: PageQuery, result: SearchResult, facets: FacetsView): Buffer {
  // A signed-in viewer's shell has their name and a CSRF token: never kept.
  const visitor = ctx.viewer === undefined;
  let kept: Map<string, Buffer> | undefined;
  const key = `${ctx.locale} ${ctx.path}`;
  if (visitor) {
    let byFacets = visitorPages.get(result);
    if (!byFacets) visitorPages.set(result, (byFacets = new WeakMap()));
    kept = byFacets.get(facets);
    if (!kept) byFacets.set(facets, (kept = new Map()));
    const page = kept.get(key);
    if (page) return page;
  }
  const t = catalogMessages.for(ctx.locale);
  const title = query.q ? t('resultsCountFor', { count: result.total, q: query.q }) : t('searchTitle');
  const page = new PrerenderedPage();
  const html = page.render(
    <Layout ctx={ctx} title={title}>
      <div class="procedure-search">
        <SearchContent ctx={ctx} page={page} query={query} result={result} facets={facets} />
      </div>
    </Layout>,
  );
  if (kept && kept.size < SPELLINGS_KEPT) kept.set(key, html);
  return html;
}

function SearchContent({ ctx, page, query, result, facets }: { ctx: PageContext; page: PrerenderedPage; query: PageQuery; result: SearchResult; facets: FacetsView }) {
  const t = catalogMessages.for(ctx.locale);
  const s = searchMessages.for(ctx.locale);
  const filtered = Boolean(query.agency || query.province || query.field || query.applicant || query.level);
  let names: Map<string, string> | undefined;
  const provinceNames = () => (names ??= new Map(facets.provinces.map((p) => [p.code, p.name])));
  const homeName = query.home ? facets.provinces.find((p) => p.code === query.home)?.name : undefined;
  const select = (props: { id: string; name: string; label: string; value: string; allLabel: string; options: () => { value: string; label: string }[] }) => <FilterSelect page={page} facets={facets} {...props} />;
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
          {select({ id: 'filter-home', name: 'home', label: s('homeLabel'), value: query.home, allLabel: s('homeAny'), options: () => facets.provinces.map((p) => ({ value: p.code, label: p.name })) })}
          <p class="hint">{s('homeHint')}</p>
          <fieldset>
            <legend>{t('filtersTitle')}</legend>
            <div class="card-grid">
              {select({ id: 'filter-field', name: 'field', label: t('filterField'), value: query.field, allLabel: t('filterAll'), options: () => facets.fields.map((f) => ({ value: f.code, label: `${f.name} (${f.count})` })) })}
              {select({ id: 'filter-agency', name: 'agency', label: t('filterAgency'), value: query.agency, allLabel: t('filterAll'), options: () => facets.agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.count})` })) })}
              {select({ id: 'filter-province', name: 'province', label: t('filterProvince'), value: query.province, allLabel: t('filterAll'), options: () => facets.provinces.map((p) => ({ value: p.code, label: p.name })) })}
              {select({ id: 'filter-applicant', name: 'applicant', label: t('filterApplicant'), value: query.applicant, allLabel: t('filterAll'), options: () => APPLICANT_TYPES.map((a) => ({ value: a, label: t(`applicant_${a}`) })) })}
              {select({ id: 'filter-level', name: 'level', label: t('filterLevel'), value: query.level, allLabel: t('filterAll'), options: () => ONLINE_LEVELS.map((l) => ({ value: l, label: t(`level_${l}`) })) })}
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
        {homeName !== undefined ? <p class="hint">{s('shownFor', { province: homeName })}</p> : null}
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
            {result.items.map((item) => page.slot(cardOf(ctx.locale, item, facets, provinceNames)))}
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

function ResultCard({ locale, item, provinceNames }: { locale: Locale; item: SearchHit; provinceNames: ReadonlyMap<string, string> }) {
  const t = catalogMessages.for(locale);
  const s = searchMessages.for(locale);
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
        <dd>{formatTime(locale, item.listing.processingTime)}</dd>
        <dt>{t('labelFees')}</dt>
        <dd>{formatFeeRange(locale, item.listing.feeVnd)}</dd>
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
                <a href={procedurePath(v.code)}>{v.provinceCodes.map((p) => provinceNames.get(p) ?? p).join(', ')}</a>
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
