import type { Selectable } from 'kysely';
import { sql, type Executor } from '../../platform/db/index.ts';
import type { ApplicantType, OnlineLevel } from './catalog.schemas.ts';
import type { ProceduresTable } from './catalog.tables.ts';
import type { Listing } from './procedure-index.ts';

/**
 * Search SQL over the published catalogue. A query arrives as terms (search-words.ts): each
 * typed syllable with the catalogue syllables it may stand for. They become tsqueries over the
 * folded name and text (`search_vector`, GIN-indexed): a procedure matches when it has an
 * alternative of every term, or of most terms in the relaxed pass. Ranking prefers matches in
 * the name, the syllables as typed or as corrected, neighbouring query words that are
 * neighbours in the name, and names equal to, starting with or containing the corrected phrase.
 */

export interface SearchFilters {
  agency?: string | undefined;
  province?: string | undefined;
  field?: string | undefined;
  applicant?: ApplicantType | undefined;
  level?: OnlineLevel | undefined;
}

export interface SearchHit {
  code: string;
  name: string;
  fieldCode: string;
  fieldName: string;
  competentAgency: string;
  competentAgencyName: string;
  applicantTypes: ApplicantType[];
  onlineLevel: OnlineLevel | null;
  listing: Listing;
}

type HitRow = Pick<
  Selectable<ProceduresTable>,
  'code' | 'name' | 'field_code' | 'field_name' | 'competent_agency' | 'competent_agency_name' | 'applicant_types' | 'online_level' | 'listing'
> & { total: number };

export interface SearchTerm {
  typed: string;
  best: string;
  alternatives: string[];
}

export interface SearchParams {
  /** The query's terms; undefined lists everything in name order. */
  terms?: SearchTerm[] | undefined;
  /** How many terms a procedure must match (all of them, or one fewer in the relaxed pass). */
  minMatched?: number | undefined;
  /** The corrected query (each term's best syllable), for the phrase bonuses. */
  phrase?: string | undefined;
  /** A procedure code or its beginning (`1.0011`): matched on the code instead of the text. */
  codePrefix?: string | undefined;
  filters: SearchFilters;
  limit: number;
  offset: number;
}

/** Alternatives per word in the phrase (neighbouring words) test. */
const PAIR_ALTERNATIVES = 8;

/**
 * tsquery text. The syllables are folded (only a-z and 0-9), so they need no quoting; the
 * query is cast once per statement, not parsed per row.
 */
const anyOf = (words: readonly string[], weight = '') => `(${words.map((w) => `${w}${weight}`).join(' | ')})`;
const tsq = (text: string) => sql`${text}::tsquery`;

/** How well a procedure matches the terms: higher is better. */
function rankOf(terms: SearchTerm[], phrase: string) {
  const parts = terms.map(
    (t) => sql`(search_vector @@ ${tsq(anyOf(t.alternatives, ':A'))})::int * 2 + (search_vector @@ ${tsq(t.best)})::int + (search_vector @@ ${tsq(`${t.typed}:A`)})::int * 0.5`,
  );
  // Neighbouring query words that are neighbours in the name too ("thuong chu" → "thường trú", not "chủ trương").
  for (let i = 0; i + 1 < terms.length; i++) {
    const a = (terms[i] as SearchTerm).alternatives.slice(0, PAIR_ALTERNATIVES);
    const b = (terms[i + 1] as SearchTerm).alternatives.slice(0, PAIR_ALTERNATIVES);
    parts.push(sql`(search_vector @@ ${tsq(`${anyOf(a, ':A')} <-> ${anyOf(b, ':A')}`)})::int * 1.5`);
  }
  // Folded text holds only letters, digits and single spaces: no LIKE escaping needed.
  return sql`(${sql.join(parts, sql` + `)}
      + CASE WHEN search_name = ${phrase} THEN 4
             WHEN search_name LIKE ${`${phrase} %`} THEN 2.5
             WHEN search_name LIKE ${`% ${phrase} %`} OR search_name LIKE ${`% ${phrase}`} THEN 2
             ELSE 0 END)`;
}

export async function searchPublished(ex: Executor, params: SearchParams): Promise<{ hits: SearchHit[]; total: number }> {
  const conditions = [sql`status = 'published'`];
  const { filters } = params;
  if (filters.agency) conditions.push(sql`agency_codes @> ARRAY[${filters.agency}]::text[]`);
  if (filters.province) conditions.push(sql`province_codes @> ARRAY[${filters.province}]::text[]`);
  if (filters.field) conditions.push(sql`field_code = ${filters.field}`);
  if (filters.applicant) conditions.push(sql`applicant_types @> ARRAY[${filters.applicant}]::text[]`);
  if (filters.level) conditions.push(sql`online_level = ${filters.level}`);

  let rank = sql`0`;
  let order = sql`search_name, code`;
  let pageOrder = sql`p.search_name, p.code`;
  if (params.codePrefix) {
    conditions.push(sql`code LIKE ${`${params.codePrefix.replace(/[\\%_]/g, '\\$&')}%`}`);
    order = sql`code`;
    pageOrder = sql`p.code`;
  } else if (params.terms && params.terms.length > 0) {
    const terms = params.terms;
    if ((params.minMatched ?? terms.length) >= terms.length) {
      conditions.push(sql`search_vector @@ ${tsq(terms.map((t) => anyOf(t.alternatives)).join(' & '))}`);
    } else {
      const matched = terms.map((t) => sql`(search_vector @@ ${tsq(anyOf(t.alternatives))})::int`);
      conditions.push(sql`search_vector @@ ${tsq(anyOf([...new Set(terms.flatMap((t) => t.alternatives))]))}`);
      conditions.push(sql`(${sql.join(matched, sql` + `)}) >= ${params.minMatched ?? 1}`);
    }
    rank = rankOf(terms, params.phrase ?? '');
    order = sql`score DESC, length(search_name), code`;
    pageOrder = sql`page.score DESC, length(p.search_name), p.code`;
  }
  // Rank on the narrow columns, then read what a result shows for the page's rows only.
  const result = await sql<HitRow>`
    WITH page AS (
      SELECT code, ${rank} AS score, count(*) OVER () AS total
      FROM procedures
      WHERE ${sql.join(conditions, sql` AND `)}
      ORDER BY ${order}
      LIMIT ${params.limit} OFFSET ${params.offset}
    )
    SELECT p.code, p.name, p.field_code, p.field_name, p.competent_agency, p.competent_agency_name, p.applicant_types,
           p.online_level, p.listing, page.total
    FROM page JOIN procedures p ON p.code = page.code
    ORDER BY ${pageOrder}
  `.execute(ex);
  return {
    total: Number(result.rows[0]?.total ?? 0),
    hits: result.rows.map((r) => ({
      code: r.code,
      name: r.name,
      fieldCode: r.field_code,
      fieldName: r.field_name,
      competentAgency: r.competent_agency,
      competentAgencyName: r.competent_agency_name,
      applicantTypes: r.applicant_types,
      onlineLevel: r.online_level,
      listing: r.listing,
    })),
  };
}

/** Every syllable of the published catalogue with the number of procedures using it (ts_stat over the vectors). */
export async function readVocabulary(ex: Executor): Promise<[string, number][]> {
  const result = await sql<{ word: string; ndoc: number }>`
    SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM procedures WHERE status = ''published''')
  `.execute(ex);
  return result.rows.map((r) => [r.word, Number(r.ndoc)]);
}

export interface Facets {
  fields: { code: string; name: string; count: number }[];
  /** Competent and receiving agencies (names come from the directory). */
  agencies: { code: string; count: number }[];
  provinceCodes: string[];
}

/** The choices of the search filters: only values some published procedure has. */
export async function readFacets(ex: Executor): Promise<Facets> {
  const [fields, agencies, provinces] = await Promise.all([
    sql<{ code: string; name: string; count: number }>`
      SELECT field_code AS code, min(field_name) AS name, count(*) AS count
      FROM procedures WHERE status = 'published' GROUP BY field_code ORDER BY min(field_name), field_code
    `.execute(ex),
    sql<{ code: string; count: number }>`
      SELECT a.code, count(*) AS count
      FROM procedures p CROSS JOIN LATERAL unnest(p.agency_codes) AS a (code)
      WHERE p.status = 'published' GROUP BY a.code ORDER BY a.code
    `.execute(ex),
    sql<{ code: string }>`
      SELECT DISTINCT unnest(province_codes) AS code FROM procedures WHERE status = 'published' ORDER BY 1
    `.execute(ex),
  ]);
  return {
    fields: fields.rows.map((r) => ({ ...r, count: Number(r.count) })),
    agencies: agencies.rows.map((r) => ({ ...r, count: Number(r.count) })),
    provinceCodes: provinces.rows.map((r) => r.code),
  };
}
