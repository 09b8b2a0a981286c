import { matchHelpArticles, readHelpArticles, type HelpArticle, type HelpArticleHit } from './help-articles.ts';
import type { Province } from '../agencies/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { readGeneration } from './catalog.repository.ts';
import { SEARCH_PAGE_MAX, SEARCH_PAGE_SIZE_MAX, type ApplicantType, type OnlineLevel } from './catalog.schemas.ts';
import type { AgencyLookup } from './catalog.validation.ts';
import { parseProcedureCode } from './procedure-code.ts';
import type { ApplicantType as Applicant, ImplementingLevel } from './catalog.schemas.ts';
import type { Listing } from './procedure-index.ts';
import { readFacets, readIndexRows, readSynonyms, readUses, type SearchFilters } from './search.repository.ts';
import { runQuery, suggest } from './search-engine.ts';
import { buildIndexYielding } from './search-index.ts';
import type { IndexedProcedure, ProcedureIndex, Variant } from './search-index.types.ts';
import { variantsOf } from './search-groups.ts';
import { createIndexKeeper } from './search-index-keeper.ts';
import { foldQuery } from './search-text.ts';

export interface SearchQuery extends SearchFilters {
  q?: string | undefined;
  /** The citizen's province (from the account, or asked): its variant of a procedure is the one shown. */
  home?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface SearchHit {
  code: string;
  name: string;
  fieldCode: string;
  fieldName: string;
  competentAgency: string;
  competentAgencyName: string;
  receivingAgencies: string[];
  /** Their names in the directory (the code when an agency has left it). */
  receivingAgencyNames: string[];
  implementingLevel: ImplementingLevel | null;
  provinceCodes: string[];
  applicantTypes: Applicant[];
  onlineLevel: OnlineLevel | null;
  listing: Listing;
  /** The same procedure in every province that publishes it (this one included); empty when there is one. */
  variants: Variant[];
}

export interface SearchResult {
  items: SearchHit[];
  /** Help articles answering the words of the query (first page only; none without words). */
  articles: HelpArticleHit[];
  /** A query that finds something, when this one found nothing. */
  suggestion?: string;
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

export interface FacetsView {
  fields: { code: string; name: string; count: number }[];
  agencies: { code: string; name: string; count: number }[];
  provinces: { code: string; name: string }[];
}

export interface SearchOptions {
  /** How long a process may serve cached results before checking the catalogue generation. */
  cacheCheckMs?: number;
  /** Cached result pages per process; 0 turns the cache off. */
  cacheSize?: number;
}

export const DEFAULT_PAGE_SIZE = 20;

/** Results as shown kept per index (with their rendered cards, a few kB each). */
const HITS_KEPT = 20_000;

const CODE_LIKE = /^\d\.\d{0,6}(\.[A-Za-z0-9.]*)?$/;

/**
 * Folding a query (Unicode decomposition and two regular expressions over it) was the largest
 * cost of a cached search left in the search service; people repeat the same few queries.
 * Bounded: emptied when full.
 */
const foldedQueries = new Map<string, string>();
const FOLDED_QUERIES_KEPT = 1000;

function foldQueryRemembered(raw: string): string {
  let folded = foldedQueries.get(raw);
  if (folded === undefined) {
    folded = foldQuery(raw);
    if (foldedQueries.size >= FOLDED_QUERIES_KEPT) foldedQueries.clear();
    foldedQueries.set(raw, folded);
  }
  return folded;
}

/** What a query means once parsed: also the cache key. */
function normalise(query: SearchQuery) {
  const raw = (query.q ?? '').trim();
  let text: string | undefined;
  let codePrefix: string | undefined;
  if (CODE_LIKE.test(raw)) {
    const upper = raw.toUpperCase();
    codePrefix = parseProcedureCode(upper)?.code ?? upper;
  } else {
    text = foldQueryRemembered(raw) || undefined;
  }
  const pageSize = Math.min(Math.max(Math.trunc(query.pageSize ?? DEFAULT_PAGE_SIZE), 1), SEARCH_PAGE_SIZE_MAX);
  const page = Math.min(Math.max(Math.trunc(query.page ?? 1), 1), SEARCH_PAGE_MAX);
  const filters: SearchFilters = {
    agency: query.agency?.trim().toUpperCase() || undefined,
    province: query.province?.trim() || undefined,
    field: query.field?.trim().toUpperCase() || undefined,
    applicant: (query.applicant || undefined) as ApplicantType | undefined,
    level: (query.level || undefined) as OnlineLevel | undefined,
  };
  const home = query.home?.trim() || undefined;
  return { text, codePrefix, filters, home, page, pageSize };
}

/**
 * A process-local cache of search pages, dropped whenever the catalogue changes: at once in
 * the process that made the change, and within `checkMs` in the others (they compare the
 * generation row that every change bumps in its transaction). Loads in flight are shared.
 */
export function createGenerationCache(read: () => Promise<number>, options: { checkMs: number; maxEntries: number }) {
  let entries = new Map<string, Promise<unknown>>();
  let generation: number | undefined;
  let checkedAt = 0;
  let checking: Promise<void> | undefined;

  async function fresh(): Promise<void> {
    if (Date.now() - checkedAt < options.checkMs && generation !== undefined) return;
    checking ??= read()
      .then((current) => {
        if (current !== generation) entries = new Map();
        generation = current;
        checkedAt = Date.now();
      })
      .finally(() => {
        checking = undefined;
      });
    await checking;
  }

  return {
    async get<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (options.maxEntries <= 0) return load();
      await fresh();
      const map = entries;
      const hit = map.get(key) as Promise<T> | undefined;
      if (hit) {
        // Least recently used goes first: re-inserting moves the key to the end.
        map.delete(key);
        map.set(key, hit);
        return hit;
      }
      const loading = load();
      map.set(key, loading);
      loading.catch(() => map.delete(key));
      if (map.size > options.maxEntries) {
        const oldest = map.keys().next().value;
        if (oldest !== undefined) map.delete(oldest);
      }
      return loading;
    },
    /** After a change committed in this process. */
    invalidate(): void {
      entries = new Map();
      generation = undefined;
    },
  };
}

export function createSearchService(db: Db, deps: { findAgency: AgencyLookup; listProvinces: () => Promise<Province[]> }, options: SearchOptions = {}) {
  const checkMs = options.cacheCheckMs ?? 1000;
  const cacheSize = options.cacheSize ?? 2000;
  // The filter choices and help articles: read again when the generation changes.
  const shared = createGenerationCache(() => readGeneration(db), { checkMs, maxEntries: 4 });
  const keeper = createIndexKeeper({
    readGeneration: () => readGeneration(db),
    load: async () => {
      const [rows, synonyms, uses] = await Promise.all([readIndexRows(db), readSynonyms(db), readUses(db)]);
      return buildIndexYielding(rows, synonyms, uses);
    },
    checkMs,
  });
  const helpArticles = (): Promise<HelpArticle[]> => shared.get('articles', () => readHelpArticles(db));

  /**
   * What is kept with one index: result pages (least recently used first out), receiving
   * bodies' names, and each result as shown (the same object for the same procedure and
   * province filter, so that the page keeps its rendered card with it).
   */
  interface Kept {
    results: Map<string, Promise<SearchResult>>;
    agencyNames: Map<string, Promise<string>>;
    hits: Map<string, Promise<SearchHit>>;
  }
  const kept = new WeakMap<ProcedureIndex, Kept>();
  const keptFor = (idx: ProcedureIndex): Kept => {
    let k = kept.get(idx);
    if (!k) kept.set(idx, (k = { results: new Map(), agencyNames: new Map(), hits: new Map() }));
    return k;
  };

  function agencyName(k: Kept, code: string): Promise<string> {
    let name = k.agencyNames.get(code);
    if (!name) {
      name = deps.findAgency(code).then((a) => a?.name ?? code);
      k.agencyNames.set(code, name);
    }
    return name;
  }

  async function hitOf(idx: ProcedureIndex, k: Kept, d: number, province: string | undefined): Promise<SearchHit> {
    const doc = idx.docs[d] as IndexedProcedure;
    const receivingAgencyNames = await Promise.all(doc.receivingAgencies.map((code) => agencyName(k, code)));
    return {
      code: doc.code,
      name: doc.name,
      fieldCode: doc.fieldCode,
      fieldName: doc.fieldName,
      competentAgency: doc.competentAgency,
      competentAgencyName: doc.competentAgencyName,
      receivingAgencies: doc.receivingAgencies,
      receivingAgencyNames,
      implementingLevel: doc.implementingLevel,
      provinceCodes: doc.provinceCodes,
      applicantTypes: doc.applicantTypes,
      onlineLevel: doc.onlineLevel,
      listing: doc.listing,
      // With a province filter, only that province's.
      variants: variantsOf(idx, d).filter((v) => !province || v.provinceCodes.includes(province)),
    };
  }

  function hit(idx: ProcedureIndex, k: Kept, d: number, province: string | undefined): Promise<SearchHit> {
    const key = province ? `${d} ${province}` : String(d);
    let found = k.hits.get(key);
    if (found === undefined) {
      if (k.hits.size >= HITS_KEPT) k.hits.clear();
      found = hitOf(idx, k, d, province);
      k.hits.set(key, found);
      found.catch(() => k.hits.delete(key));
    }
    return found;
  }

  async function runSearch(idx: ProcedureIndex, k: Kept, params: ReturnType<typeof normalise>): Promise<SearchResult> {
    const found = runQuery(idx, { text: params.text, codePrefix: params.codePrefix, filters: params.filters, home: params.home, offset: (params.page - 1) * params.pageSize, limit: params.pageSize });
    const suggestion = found.total === 0 && params.text ? suggest(idx, params.text, params.filters) : undefined;
    const articles = params.text && params.page === 1 ? matchHelpArticles(await helpArticles(), params.text) : [];
    return {
      items: await Promise.all(found.docs.map((d) => hit(idx, k, d, params.filters.province))),
      articles,
      total: found.total,
      page: params.page,
      pageSize: params.pageSize,
      pages: Math.min(Math.ceil(found.total / params.pageSize), SEARCH_PAGE_MAX),
      ...(suggestion ? { suggestion } : {}),
    };
  }

  async function search(query: SearchQuery): Promise<SearchResult> {
    const params = normalise(query);
    const idx = await keeper.get();
    const k = keptFor(idx);
    if (cacheSize <= 0) return runSearch(idx, k, params);
    const key = JSON.stringify(params);
    const hitResult = k.results.get(key);
    if (hitResult) {
      // Least recently used goes first: re-inserting moves the key to the end.
      k.results.delete(key);
      k.results.set(key, hitResult);
      return hitResult;
    }
    const loading = runSearch(idx, k, params);
    k.results.set(key, loading);
    loading.catch(() => k.results.delete(key));
    if (k.results.size > cacheSize) {
      const oldest = k.results.keys().next().value;
      if (oldest !== undefined) k.results.delete(oldest);
    }
    return loading;
  }

  async function loadFacets(): Promise<FacetsView> {
    const [facets, provinces] = await Promise.all([readFacets(db), deps.listProvinces()]);
    const agencies = await Promise.all(facets.agencies.map(async (a) => ({ ...a, name: (await deps.findAgency(a.code))?.name ?? a.code })));
    agencies.sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.code.localeCompare(b.code));
    const names = new Map(provinces.map((p) => [p.code, p.name]));
    return {
      fields: facets.fields,
      agencies,
      provinces: facets.provinceCodes.map((code) => ({ code, name: names.get(code) ?? code })),
    };
  }

  return {
    /** Published procedures matching the query, best first (name order without words). */
    search,
    /** Choices for the filters of the search page. */
    facets(): Promise<FacetsView> {
      return shared.get('facets', loadFacets);
    },
    invalidate(): void {
      keeper.invalidate();
      shared.invalidate();
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
