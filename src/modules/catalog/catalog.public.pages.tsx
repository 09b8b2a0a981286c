import { Type } from 'typebox';
import { sendHtml, type HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { formatDate, type Locale } from '../../platform/i18n/index.ts';
import { Layout, pageContext, sendPage, type PageContext } from '../../platform/ui/index.ts';
import { catalogMessages } from './catalog.messages.ts';
import { APPLICANT_TYPES, ONLINE_LEVELS, SEARCH_PAGE_MAX, type ApplicantType, type OnlineLevel } from './catalog.schemas.ts';
import type { SearchQuery, SearchService } from './catalog.search.ts';
import { searchPage, type PageQuery } from './catalog.search-page.tsx';
import type { CatalogService, PublishedProcedure } from './catalog.service.ts';
import { ProcedureBody, procedurePath } from './catalog.views.tsx';
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
