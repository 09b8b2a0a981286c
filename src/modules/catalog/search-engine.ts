import { SCORED_TERMS_MAX, type IndexedProcedure, type ProcedureIndex } from './search-index.types.ts';
import { matchesFilters, preferred } from './search-groups.ts';
import type { SearchFilters } from './search.repository.ts';
import { applySynonyms } from './search-synonyms.ts';
import { expandQuery, withinOneEdit, type QueryTerm } from './search-words.ts';
import { scoreQuery, type ScoringTerm } from './search-scoring.ts';

/**
 * Answers a query from the in-process index (search-index.ts).
 *
 * Every word counts for what it tells apart (inverse document frequency); words people add
 * around what they want ("làm", "cho", "xin", "ở đâu") count a tenth, and a word matching
 * nothing only lowers a procedure's share of the query, so a sentence still finds what its
 * meaningful words name. A word in the name counts fully, in the field, agency or case names
 * a third. A procedure is a result when it has at least MIN_SHARE of the best procedure's
 * score. The best ones are then ranked again with what needs the name's word order: query
 * words that are neighbours in the name, names equal to or starting with the query, the share
 * of the name the query covers, the citizen's province and how much the procedure is used.
 * Procedures published per province (one base code) are one result, shown in the citizen's
 * province when it has one.
 */

export interface EngineQuery {
  /** Folded query text; undefined lists everything in name order. */
  text?: string | undefined;
  /** A procedure code or its beginning. */
  codePrefix?: string | undefined;
  filters: SearchFilters;
  /** The citizen's province: its variant is shown, and its procedures rank a little higher. */
  home?: string | undefined;
  offset: number;
  limit: number;
}

export interface EngineResult {
  docs: number[];
  total: number;
}

/** Words of a request that rarely name a procedure; they count a tenth. */
const FILLER = new Set(
  'lam cho con xin o dau the nao gi toi em minh anh chi muon can phai nhu va cua voi tai thu tuc hanh chinh o dau nhieu lau nhe a oi vay ho giup duoc khong de ve nop'.split(' '),
);
const FILLER_WEIGHT = 0.1;
/** How many of the best are ranked again with the order-aware bonuses (more when paging deeper). */
const RERANK = 200;

export type WeightedTerm = QueryTerm & ScoringTerm;

export function termsOf(index: ProcedureIndex, folded: string): WeightedTerm[] {
  const { text } = applySynonyms(index.synonyms, folded);
  const n = index.docs.length;
  return expandQuery(index.vocabulary, text, SCORED_TERMS_MAX).map((t) => {
    const df = t.best ? (index.vocabulary.frequency.get(t.best) ?? 1) : 1;
    const idf = Math.log(1 + n / df);
    if (!FILLER.has(t.typed)) return { ...t, weight: idf, filler: false };
    // Typed as meant: "cho" is not a typo of "cha".
    const known = index.vocabulary.frequency.has(t.typed);
    return { typed: t.typed, best: known ? t.typed : null, alternatives: known ? [t.typed] : [], weight: Math.log(1 + n / (index.vocabulary.frequency.get(t.typed) ?? 1)) * FILLER_WEIGHT, filler: true };
  });
}

/** One result per group, the preferred document of each, in the order given. */
function collapse(index: ProcedureIndex, ordered: Iterable<number>, home: string | undefined): number[] {
  const { winner } = index.scratch;
  const groupsSeen: number[] = [];
  for (const d of ordered) {
    const g = index.group[d] as number;
    const w = winner[g] as number;
    if (w === -1) {
      winner[g] = d;
      groupsSeen.push(g);
    } else winner[g] = preferred(index, w, d, home);
  }
  const result = groupsSeen.map((g) => winner[g] as number);
  for (const g of groupsSeen) winner[g] = -1;
  return result;
}

function listAll(index: ProcedureIndex, q: EngineQuery): EngineResult {
  let docs: number[];
  if (q.codePrefix) {
    const prefix = q.codePrefix;
    docs = index.docs.flatMap((d, i) => (d.code.startsWith(prefix) && matchesFilters(d, q.filters) ? [i] : []));
  } else {
    docs = collapse(index, [...index.nameOrder].filter((i) => matchesFilters(index.docs[i] as IndexedProcedure, q.filters)), q.home);
  }
  return { docs: docs.slice(q.offset, q.offset + q.limit), total: docs.length };
}

export function runQuery(index: ProcedureIndex, q: EngineQuery): EngineResult {
  if (!q.text) return listAll(index, q);
  const terms = termsOf(index, q.text).filter((t) => t.alternatives.length > 0);
  if (terms.length === 0) return { docs: [], total: 0 };
  // Results beyond the first RERANK (or the page asked for) are never shown: only those are ordered.
  const { head, total } = scoreQuery(index, terms, q.filters, q.home, Math.max(RERANK, q.offset + q.limit));
  return { docs: head.slice(q.offset, q.offset + q.limit), total };
}

/** Edit distance up to 2 (Levenshtein with neighbour swaps), or 3 for anything further. */
function distance(a: string, b: string): number {
  if (withinOneEdit(a, b)) return a === b ? 0 : 1;
  if (Math.abs(a.length - b.length) > 2) return 3;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return Math.min(prev[b.length] as number, 3);
}

/**
 * "Did you mean": each word the catalogue does not know replaced by its most used syllable
 * two edits away (one edit away is already searched), when that query finds something.
 * Spelt with accents as in the catalogue's names. Runs only when a query found nothing.
 */
export function suggest(index: ProcedureIndex, folded: string, filters: SearchFilters): string | undefined {
  const words = folded.split(' ').filter((w) => w !== '');
  let changed = false;
  const out = words.map((w) => {
    if (index.vocabulary.frequency.has(w) || index.synonyms.entries.has(w) || w.length < 3) return w;
    let best: string | undefined;
    let bestFrequency = 0;
    for (const [candidate, frequency] of index.vocabulary.frequency) {
      if (frequency > bestFrequency && distance(w, candidate) <= 2) {
        best = candidate;
        bestFrequency = frequency;
      }
    }
    if (best === undefined) return w;
    changed = true;
    return best;
  });
  if (!changed) return undefined;
  const text = out.join(' ');
  if (runQuery(index, { text, filters, offset: 0, limit: 1 }).total === 0) return undefined;
  return out.map((w) => index.spelling.get(w) ?? w).join(' ');
}
