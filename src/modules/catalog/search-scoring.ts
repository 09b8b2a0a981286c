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

/**
 * Adds every term's weight to the documents it matches. Sparse (few postings against the
 * catalogue's size): the documents touched are listed in scratch.candidates and their number
 * returned. Dense: nothing is listed (-1 is returned), the caller scans every document.
 */
function accumulate(index: ProcedureIndex, terms: readonly ScoringTerm[], dense: boolean): number {
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
        const length = postings.length;
        if (dense) {
          for (let i = 0; i < length; i++) {
            const d = postings[i] as number;
            score[d] = (score[d] as number) + v;
          }
          continue;
        }
        for (let i = 0; i < length; i++) {
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
      if (!dense && mark[d] === 0) {
        mark[d] = 1;
        candidates[nc++] = d;
      }
    }
  }
  return dense ? -1 : nc;
}

/** How many postings a query reads. */
function postingsOf(index: ProcedureIndex, terms: readonly ScoringTerm[]): number {
  let p = 0;
  for (const t of terms) for (const alt of t.alternatives) p += (index.inName.get(alt)?.length ?? 0) + (index.inExtra.get(alt)?.length ?? 0);
  return p;
}

/** Above this share of the catalogue's size in postings, every document is scanned instead of listing those touched. */
const DENSE_SHARE = 0.25;

/**
 * Document → 1 when it passes the filters; undefined without filters. Kept on the index per
 * combination of filters (a few dozen at most are in use), so a filtered query reads one byte
 * per document instead of checking each.
 */
function filterMask(index: ProcedureIndex, f: SearchFilters): Uint8Array | undefined {
  if (!(f.agency || f.province || f.field || f.applicant || f.level)) return undefined;
  const key = `${f.agency ?? ''}|${f.province ?? ''}|${f.field ?? ''}|${f.applicant ?? ''}|${f.level ?? ''}`;
  let mask = index.filterMasks.get(key);
  if (mask === undefined) {
    mask = new Uint8Array(index.docs.length);
    index.docs.forEach((doc, d) => {
      if (matchesFilters(doc, f)) (mask as Uint8Array)[d] = 1;
    });
    if (index.filterMasks.size >= FILTER_MASKS_KEPT) index.filterMasks.clear();
    index.filterMasks.set(key, mask);
  }
  return mask;
}
const FILTER_MASKS_KEPT = 64;

/** True when a ranks after b: lower key, or equal keys and a higher tie-break. */
function after(key: Float32Array | Float64Array, tie: Int32Array, a: number, b: number): boolean {
  const ka = key[a] as number;
  const kb = key[b] as number;
  return ka < kb || (ka === kb && (tie[a] as number) > (tie[b] as number));
}

/** Restores a heap of `size` whose root is the one ranking last, from `start` down. */
function siftDown(heap: Int32Array, start: number, size: number, key: Float32Array | Float64Array, tie: Int32Array): void {
  let i = start;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) return;
    const r = l + 1;
    const worse = r < size && after(key, tie, heap[r] as number, heap[l] as number) ? r : l;
    if (!after(key, tie, heap[worse] as number, heap[i] as number)) return;
    const x = heap[i] as number;
    heap[i] = heap[worse] as number;
    heap[worse] = x;
    i = worse;
  }
}

/**
 * Orders a heap (root ranking last) best first, in place: heapsort with the comparison inlined
 * (Array#sort calling a comparator cost more than the rest of the ranking).
 */
function sortHeap(heap: Int32Array, key: Float32Array | Float64Array, tie: Int32Array): void {
  for (let end = heap.length - 1; end > 0; end--) {
    const x = heap[0] as number;
    heap[0] = heap[end] as number;
    heap[end] = x;
    siftDown(heap, 0, end, key, tie);
  }
}

/** Orders `list` best first on key (higher first), then tie (lower first). */
export function sortBest(list: Int32Array, key: Float32Array | Float64Array, tie: Int32Array): void {
  for (let i = (list.length >> 1) - 1; i >= 0; i--) siftDown(list, i, list.length, key, tie);
  sortHeap(list, key, tie);
}

/** The best `k` of `list[0..n)` on the base score (equal scores: the shorter name first), best first. */
function best(index: ProcedureIndex, list: Int32Array, n: number, k: number): Int32Array {
  const { score } = index.scratch;
  const { shortFirst } = index;
  if (n <= k) {
    const all = list.slice(0, n);
    sortBest(all, score, shortFirst);
    return all;
  }
  // A heap of the best k seen, the worst of them at the root.
  const heap = list.slice(0, k);
  for (let i = (k >> 1) - 1; i >= 0; i--) siftDown(heap, i, k, score, shortFirst);
  for (let j = k; j < n; j++) {
    const d = list[j] as number;
    if (after(score, shortFirst, heap[0] as number, d)) {
      heap[0] = d;
      siftDown(heap, 0, k, score, shortFirst);
    }
  }
  sortHeap(heap, score, shortFirst);
  return heap;
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

/**
 * What needs the name's word order: neighbours, the name equal to or starting with the query,
 * coverage, province, usage. Reads arrays only (objects of several shapes made V8 drop its
 * optimised code on every query).
 */
function bonus(index: ProcedureIndex, d: number, weights: Float64Array, total: number, phrase: string, phraseThen: string, home: string | undefined): number {
  const { words } = index.scratch;
  const start = index.nameStart[d] as number;
  const end = index.nameStart[d + 1] as number;
  const ids = index.nameIds;
  let b = 0;
  for (let i = 0; i + 1 < weights.length; i++) {
    const a = 1 << i;
    const c = 1 << (i + 1);
    for (let j = start; j + 1 < end; j++) {
      if (((words[ids[j] as number] as number) & a) !== 0 && ((words[ids[j + 1] as number] as number) & c) !== 0) {
        b += 0.5 * Math.min(weights[i] as number, weights[i + 1] as number);
        break;
      }
    }
  }
  const name = index.searchNames[d] as string;
  if (name === phrase) b += 0.3 * total;
  else if (name.startsWith(phraseThen)) b += 0.15 * total;
  let covered = 0;
  for (let j = start; j < end; j++) if (words[ids[j] as number] !== 0) covered++;
  const length = end - start;
  b += 0.25 * total * (length > 0 ? covered / length : 0);
  if (home && (index.docs[d] as IndexedProcedure).provinceCodes.includes(home)) b += 0.05 * total;
  const used = index.usedShare[d] as number;
  if (used > 0) b += 0.1 * total * used;
  return b;
}

export interface Scored {
  /** The best `depth` results in their final order. */
  head: number[];
  /** Results in all (one per group). */
  total: number;
}

/**
 * The results (one document per group) among the documents scored, into scratch.touched;
 * returns how many. `count` documents: every one when dense, else those in scratch.candidates.
 */
function collect(index: ProcedureIndex, count: number, dense: boolean, allowed: Uint8Array | undefined, total: number, home: string | undefined): number {
  const { score, candidates, touched: results, winner, groupsSeen } = index.scratch;
  const { group, solo } = index;
  let top = 0;
  for (let i = 0; i < count; i++) {
    const d = dense ? i : (candidates[i] as number);
    const s = score[d] as number;
    if (s > top && (allowed === undefined || allowed[d] === 1)) top = s;
  }
  const floor = Math.max(top * MIN_SHARE, total * MIN_COVERAGE);
  // Documents alone in their group at once, the preferred one of each other group after.
  let nr = 0;
  let ng = 0;
  for (let i = 0; i < count; i++) {
    const d = dense ? i : (candidates[i] as number);
    if ((score[d] as number) < floor || (allowed !== undefined && allowed[d] === 0)) continue;
    if (solo[d] === 1) {
      results[nr++] = d;
      continue;
    }
    const g = group[d] as number;
    const w = winner[g] as number;
    if (w === -1) {
      winner[g] = d;
      groupsSeen[ng++] = g;
    } else winner[g] = preferred(index, w, d, home);
  }
  for (let j = 0; j < ng; j++) {
    const g = groupsSeen[j] as number;
    results[nr++] = winner[g] as number;
    winner[g] = -1;
  }
  return nr;
}

/** The best results ordered again with the bonuses: the head, in its final order. */
function rerank(index: ProcedureIndex, head: Int32Array, terms: readonly ScoringTerm[], total: number, home: string | undefined): number[] {
  const { score, words } = index.scratch;
  const marked = markWords(index, terms);
  const phrase = terms.map((t) => t.best).join(' ');
  const phraseThen = `${phrase} `;
  const weights = Float64Array.from(terms, (t) => t.weight);
  // By place in the head: final score and name-length rank.
  const final = new Float64Array(head.length);
  const tie = new Int32Array(head.length);
  const order = new Int32Array(head.length);
  for (let i = 0; i < head.length; i++) {
    const d = head[i] as number;
    final[i] = (score[d] as number) + bonus(index, d, weights, total, phrase, phraseThen, home);
    tie[i] = index.shortFirst[d] as number;
    order[i] = i;
  }
  for (const id of marked) words[id] = 0;
  sortBest(order, final, tie);
  return Array.from(order, (i) => head[i] as number);
}

/** Scores, filters, keeps one document per group, and orders the best `depth`. */
export function scoreQuery(index: ProcedureIndex, terms: readonly ScoringTerm[], filters: SearchFilters, home: string | undefined, depth: number): Scored {
  const { score, mark, best: bestAlternative, candidates, winner, words } = index.scratch;
  const n = index.docs.length;
  const dense = postingsOf(index, terms) > n * DENSE_SHARE;
  try {
    const total = terms.reduce((s, t) => s + t.weight, 0);
    const nc = accumulate(index, terms, dense);
    const nr = collect(index, dense ? n : nc, dense, filterMask(index, filters), total, home);
    const head = rerank(index, best(index, index.scratch.touched, nr, depth), terms, total, home);
    if (dense) score.fill(0);
    else {
      for (let i = 0; i < nc; i++) {
        const d = candidates[i] as number;
        score[d] = 0;
        mark[d] = 0;
      }
    }
    return { head, total: nr };
  } catch (err) {
    // Scratch arrays as a query finds them, whatever failed.
    score.fill(0);
    mark.fill(0);
    bestAlternative.fill(0);
    winner.fill(-1);
    words.fill(0);
    throw err;
  }
}
