import { matchesFilters, preferred, type IndexedProcedure, type ProcedureIndex } from './search-index.ts';
import type { SearchFilters } from './search.repository.ts';

/**
 * The hot path of a search with words (search-engine.ts explains the scoring): everything in
 * the index's typed scratch arrays, nothing allocated per matching document. A term typed as
 * the catalogue spells it, with no alternatives, adds its weight in one pass over its
 * postings (its name and other-text postings never share a document); a term with
 * alternatives takes each document's best alternative first. Only the best `depth` results
 * are ordered (a heap), never all of them, and the order-aware bonuses use word ids and one
 * bit per query term instead of strings and sets. search-engine.reference.ts is the plain
 * form; a test checks that both answer alike.
 */

export interface ScoringTerm {
  typed: string;
  best: string | null;
  alternatives: string[];
  weight: number;
  filler: boolean;
}

export const EXTRA_WEIGHT = 0.33;
export const NEAR_WEIGHT = 0.8;
export const MIN_SHARE = 0.55;
export const MIN_COVERAGE = 0.4;

/** Adds every term's weight to the documents it matches; returns how many documents it touched (in scratch.candidates). */
function accumulate(index: ProcedureIndex, terms: readonly ScoringTerm[]): number {
  const { score, best, mark, candidates, touched } = index.scratch;
  let nc = 0;
  for (const t of terms) {
    if (t.alternatives.length === 1) {
      const alt = t.alternatives[0] as string;
      for (const [postings, field] of [
        [index.inName.get(alt), 1],
        [index.inExtra.get(alt), EXTRA_WEIGHT],
      ] as const) {
        if (!postings) continue;
        const v = Math.fround(t.weight * field);
        for (let i = 0; i < postings.length; i++) {
          const d = postings[i] as number;
          if (mark[d] === 0) {
            mark[d] = 1;
            candidates[nc++] = d;
          }
          score[d] = (score[d] as number) + v;
        }
      }
      continue;
    }
    let nt = 0;
    t.alternatives.forEach((alt, k) => {
      const near = alt === t.typed || k === 0 ? 1 : NEAR_WEIGHT;
      for (const [postings, field] of [
        [index.inName.get(alt), 1],
        [index.inExtra.get(alt), EXTRA_WEIGHT],
      ] as const) {
        if (!postings) continue;
        const v = t.weight * near * field;
        for (let i = 0; i < postings.length; i++) {
          const d = postings[i] as number;
          const b = best[d] as number;
          if (b === 0) touched[nt++] = d;
          if (v > b) best[d] = v;
        }
      }
    });
    for (let i = 0; i < nt; i++) {
      const d = touched[i] as number;
      score[d] = (score[d] as number) + (best[d] as number);
      best[d] = 0;
      if (mark[d] === 0) {
        mark[d] = 1;
        candidates[nc++] = d;
      }
    }
  }
  return nc;
}

const hasFilters = (f: SearchFilters) => Boolean(f.agency || f.province || f.field || f.applicant || f.level);

/** True when document a ranks after document b on the base score (equal scores: the shorter name first). */
function after(score: Float32Array, shortFirst: Int32Array, a: number, b: number): boolean {
  const sa = score[a] as number;
  const sb = score[b] as number;
  return sa < sb || (sa === sb && (shortFirst[a] as number) > (shortFirst[b] as number));
}

/** The best `k` of `list[0..n)` on the base score, best first. */
function best(index: ProcedureIndex, list: Int32Array, n: number, k: number): number[] {
  const { score } = index.scratch;
  const { shortFirst } = index;
  const byScore = (a: number, b: number) => (score[b] as number) - (score[a] as number) || (shortFirst[a] as number) - (shortFirst[b] as number);
  if (n <= k) return Array.from(list.subarray(0, n)).sort(byScore);
  // A heap of the best k seen, the worst of them at the root.
  const heap = Int32Array.from(list.subarray(0, k));
  const sift = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) return;
      const r = l + 1;
      const worse = r < k && after(score, shortFirst, heap[r] as number, heap[l] as number) ? r : l;
      if (!after(score, shortFirst, heap[worse] as number, heap[i] as number)) return;
      const x = heap[i] as number;
      heap[i] = heap[worse] as number;
      heap[worse] = x;
      i = worse;
    }
  };
  for (let i = (k >> 1) - 1; i >= 0; i--) sift(i);
  for (let j = k; j < n; j++) {
    const d = list[j] as number;
    if (after(score, shortFirst, heap[0] as number, d)) {
      heap[0] = d;
      sift(0);
    }
  }
  return Array.from(heap).sort(byScore);
}

/** Marks each name word that some (non-filler) term may stand for with that term's bit. */
function markWords(index: ProcedureIndex, terms: readonly ScoringTerm[]): number[] {
  const { words } = index.scratch;
  const marked: number[] = [];
  terms.forEach((t, i) => {
    if (t.filler) return;
    for (const alt of t.alternatives) {
      const id = index.wordIds.get(alt);
      if (id === undefined) continue;
      if (words[id] === 0) marked.push(id);
      words[id] = (words[id] as number) | (1 << i);
    }
  });
  return marked;
}

/** What needs the name's word order: neighbours, the name equal to or starting with the query, coverage, province, usage. */
function bonus(index: ProcedureIndex, d: number, terms: readonly ScoringTerm[], total: number, phrase: string, home: string | undefined): number {
  const { words } = index.scratch;
  const doc = index.docs[d] as IndexedProcedure;
  const start = index.nameStart[d] as number;
  const end = index.nameStart[d + 1] as number;
  const ids = index.nameIds;
  let b = 0;
  for (let i = 0; i + 1 < terms.length; i++) {
    const a = 1 << i;
    const c = 1 << (i + 1);
    for (let j = start; j + 1 < end; j++) {
      if (((words[ids[j] as number] as number) & a) !== 0 && ((words[ids[j + 1] as number] as number) & c) !== 0) {
        b += 0.5 * Math.min((terms[i] as ScoringTerm).weight, (terms[i + 1] as ScoringTerm).weight);
        break;
      }
    }
  }
  if (doc.searchName === phrase) b += 0.3 * total;
  else if (doc.searchName.startsWith(`${phrase} `)) b += 0.15 * total;
  let covered = 0;
  for (let j = start; j < end; j++) if (words[ids[j] as number] !== 0) covered++;
  const length = end - start;
  b += 0.25 * total * (length > 0 ? covered / length : 0);
  if (home && doc.provinceCodes.includes(home)) b += 0.05 * total;
  if (index.maxUses > 0 && doc.uses > 0) b += 0.1 * total * (Math.log(1 + doc.uses) / Math.log(1 + index.maxUses));
  return b;
}

export interface Scored {
  /** The best `depth` results in their final order. */
  head: number[];
  /** Results in all (one per group). */
  total: number;
}

/** Scores, filters, keeps one document per group, and orders the best `depth`. */
export function scoreQuery(index: ProcedureIndex, terms: readonly ScoringTerm[], filters: SearchFilters, home: string | undefined, depth: number): Scored {
  const { score, mark, candidates, touched: kept, winner, groupsSeen, words } = index.scratch;
  const total = terms.reduce((s, t) => s + t.weight, 0);
  const nc = accumulate(index, terms);
  let nk = 0;
  let marked: number[] = [];
  try {
    let top = 0;
    const filtering = hasFilters(filters);
    for (let i = 0; i < nc; i++) {
      const d = candidates[i] as number;
      if (filtering && !matchesFilters(index.docs[d] as IndexedProcedure, filters)) continue;
      kept[nk++] = d;
      const s = score[d] as number;
      if (s > top) top = s;
    }
    const floor = Math.max(top * MIN_SHARE, total * MIN_COVERAGE);
    let ng = 0;
    for (let i = 0; i < nk; i++) {
      const d = kept[i] as number;
      if ((score[d] as number) < floor) continue;
      const g = index.group[d] as number;
      const w = winner[g] as number;
      if (w === -1) {
        winner[g] = d;
        groupsSeen[ng++] = g;
      } else winner[g] = preferred(index, w, d, home);
    }
    // The winners, in the array the kept documents were in (no longer needed).
    for (let j = 0; j < ng; j++) {
      const g = groupsSeen[j] as number;
      kept[j] = winner[g] as number;
      winner[g] = -1;
    }
    const head = best(index, kept, ng, depth);
    marked = markWords(index, terms);
    const phrase = terms.map((t) => t.best).join(' ');
    const final = new Float64Array(index.docs.length === 0 ? 0 : head.length);
    const place = new Map<number, number>();
    head.forEach((d, i) => {
      place.set(d, i);
      final[i] = (score[d] as number) + bonus(index, d, terms, total, phrase, home);
    });
    const { shortFirst } = index;
    head.sort((a, b) => (final[place.get(b) as number] as number) - (final[place.get(a) as number] as number) || (shortFirst[a] as number) - (shortFirst[b] as number));
    return { head, total: ng };
  } finally {
    for (let i = 0; i < nc; i++) {
      const d = candidates[i] as number;
      score[d] = 0;
      mark[d] = 0;
    }
    for (const id of marked) words[id] = 0;
  }
}
