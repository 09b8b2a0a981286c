import { SCORED_TERMS_MAX, type ClassPostings, type ProcedureIndex } from './search-index.types.ts';

/**
 * Scoring by name class (search-scoring.ts explains why): the name's share of each term once
 * per class, the documents whose other text adds something one by one.
 */

/** A term of a query as scored (search-engine.ts weighs them). */
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
 * Each term's best alternative in the name, per name class, added to the class's score in
 * query order; kept per term too (scratch.classTerm, valid where scratch.nameMask has the
 * term's bit: clearing it cost more than the rest) for the documents scored one by one.
 * The classes touched go to scratch.classTouched (marked 1 in scratch.live); returns how many.
 */
export function scoreClasses(index: ProcedureIndex, terms: readonly ScoringTerm[]): number {
  const { classScore, classBest, classTouched, classTerm, live, touched, nameMask } = index.scratch;
  let nc = 0;
  for (let ti = 0; ti < terms.length; ti++) {
    const t = terms[ti] as ScoringTerm;
    let nt = 0;
    for (let k = 0; k < t.alternatives.length; k++) {
      const alt = t.alternatives[k] as string;
      const postings = index.inNameClass.get(alt);
      if (postings === undefined) continue;
      const v = t.weight * (alt === t.typed || k === 0 ? 1 : NEAR_WEIGHT);
      for (let i = 0; i < postings.length; i++) {
        const c = postings[i] as number;
        const b = classBest[c] as number;
        if (b === 0) touched[nt++] = c;
        if (v > b) classBest[c] = v;
      }
    }
    for (let i = 0; i < nt; i++) {
      const c = touched[i] as number;
      const b = classBest[c] as number;
      classScore[c] = (classScore[c] as number) + b;
      classTerm[c * SCORED_TERMS_MAX + ti] = b;
      nameMask[c] = (nameMask[c] as number) | (1 << ti);
      classBest[c] = 0;
      if (live[c] === 0) {
        live[c] = 1;
        classTouched[nc++] = c;
      }
    }
  }
  return nc;
}

/** Class modes in scratch.live: touched by the query; other text to score for all its documents, for those of a group only; scored. */
export const TOUCHED = 1;
export const SCORE_ALL = 2;
export const SCORE_GROUPED = 3;
const SCORED = 4;

/**
 * Where a touched class's other text matches a term its name lacks: one entry per (term,
 * alternative, class), linked per class (scratch.classEntry holds each class's first entry,
 * plus one; 0 for none). computeLifts reads the postings once and lists these; scoreExtras
 * then reads only the entries of the classes it scores, instead of every posting again on
 * each of its two calls (the postings of a common word cover most classes).
 */
const entries = {
  next: new Int32Array(4096),
  /** Index in `postings` of the alternative's postings, and the class's place in them. */
  post: new Int32Array(4096),
  at: new Int32Array(4096),
  /** The bit a document with this alternative gets in scratch.docMask (extraBit). */
  bit: new Int32Array(4096),
  size: 0,
};
const postings: ClassPostings[] = [];

/**
 * A document's other text, for the query, is one bitmask (scratch.docMask): per term, bit 2t
 * when an alternative near the typed word matches, 2t + 1 when the word itself (or the best
 * alternative) does. Those are the only two values a term's other text may add
 * (EXTRA_WEIGHT of the weight, or NEAR_WEIGHT of that), so the mask alone gives the score.
 */
function extraBit(ti: number, full: boolean): number {
  return 1 << (2 * ti + (full ? 1 : 0));
}

function grow(need: number): void {
  if (need <= entries.next.length) return;
  let length = entries.next.length;
  while (length < need) length *= 2;
  for (const key of ['next', 'post', 'at', 'bit'] as const) {
    const bigger = new Int32Array(length);
    bigger.set(entries[key]);
    entries[key] = bigger;
  }
}

/**
 * The most a class's other text may add (scratch.classLift, with a generous margin for
 * float32 rounding): for each term its name lacks, what the term's alternatives found in the
 * other text of some document of the class would add. A term the name has counts at least
 * NEAR_WEIGHT of its weight, more than the other text's EXTRA_WEIGHT: the other text changes
 * only the terms a name lacks, and by at most a third of their weight. Lists the entries
 * scoreExtras reads (above).
 */
export function computeLifts(index: ProcedureIndex, terms: readonly ScoringTerm[], nc: number): void {
  const { classTouched, classLift, classEntry, nameMask } = index.scratch;
  entries.size = 0;
  postings.length = 0;
  // By class, the terms a touched class's name lacks (one read per posting instead of two).
  if (open.length < classLift.length) open = new Uint16Array(classLift.length);
  const all = (1 << terms.length) - 1;
  for (let i = 0; i < nc; i++) {
    const c = classTouched[i] as number;
    open[c] = all & ~(nameMask[c] as number);
  }
  for (let ti = 0; ti < terms.length; ti++) {
    const t = terms[ti] as ScoringTerm;
    const termBit = 1 << ti;
    for (let k = 0; k < t.alternatives.length; k++) {
      const alt = t.alternatives[k] as string;
      const p = index.inExtraByClass.get(alt);
      if (p === undefined) continue;
      const full = alt === t.typed || k === 0;
      const bit = extraBit(ti, full);
      liftValue[31 - Math.clz32(bit)] = t.weight * (full ? 1 : NEAR_WEIGHT) * EXTRA_WEIGHT;
      const post = postings.length;
      postings.push(p);
      const withIt = p.classes;
      grow(entries.size + withIt.length);
      const { next, at: place, post: posts, bit: bits } = entries;
      let size = entries.size;
      for (let i = 0; i < withIt.length; i++) {
        const c = withIt[i] as number;
        if (((open[c] as number) & termBit) === 0) continue;
        next[size] = (classEntry[c] as number) - 1;
        posts[size] = post;
        place[size] = i;
        bits[size] = bit;
        classEntry[c] = ++size;
      }
      entries.size = size;
    }
  }
  // Per class, each term's best share from the class's entries, summed in query order.
  const { bit: bits } = entries;
  const { next } = entries;
  for (let i = 0; i < nc; i++) {
    const c = classTouched[i] as number;
    open[c] = 0;
    let e = (classEntry[c] as number) - 1;
    if (e < 0) {
      classLift[c] = 1e-4;
      continue;
    }
    for (; e >= 0; e = next[e] as number) {
      const b = 31 - Math.clz32(bits[e] as number);
      const v = liftValue[b] as number;
      const ti = b >> 1;
      if (v > (liftTerm[ti] as number)) liftTerm[ti] = v;
    }
    let lift = 0;
    for (let ti = 0; ti < terms.length; ti++) {
      lift += liftTerm[ti] as number;
      liftTerm[ti] = 0;
    }
    classLift[c] = lift * 1.001 + 1e-4;
  }
}

/** By extra bit, what an alternative adds (float64, as the lift is summed); by term, the best of them in one class. */
const liftValue = new Float64Array(2 * SCORED_TERMS_MAX);
const liftTerm = new Float64Array(SCORED_TERMS_MAX);
let open = new Uint16Array(0);

/** This module's scratch as a query finds it, whatever a query that failed left. */
export function resetClassScratch(): void {
  liftTerm.fill(0);
  open.fill(0);
  entries.size = 0;
  postings.length = 0;
}

/** What each extra bit adds (float32, as the plain form's sums read it), by bit: filled per query. */
const bitValue = new Float32Array(2 * SCORED_TERMS_MAX);

/**
 * Scores one by one the documents whose other text matches a term their name lacks, in the
 * classes marked SCORE_ALL (every such document) or SCORE_GROUPED (those of a group only),
 * into scratch.score, listed in scratch.extraDocs after the `ne` already there; marks those
 * classes SCORED. Returns how many are listed. Documents of a class with the same mask score
 * the same: most of a class's documents share their agency's words, so the sum is redone
 * only when the mask changes.
 */
export function scoreExtras(index: ProcedureIndex, terms: readonly ScoringTerm[], nc: number, ne: number): number {
  const { score, classTouched, classTerm, live, extraMark, extraDocs, classSoloExtra, classEntry, docMask, nameMask } = index.scratch;
  const { next, post, at, bit } = entries;
  const nt = terms.length;
  for (let ti = 0; ti < nt; ti++) {
    const w = (terms[ti] as ScoringTerm).weight;
    bitValue[2 * ti] = w * NEAR_WEIGHT * EXTRA_WEIGHT;
    bitValue[2 * ti + 1] = w * EXTRA_WEIGHT;
  }
  for (let i = 0; i < nc; i++) {
    const c = classTouched[i] as number;
    const mode = live[c];
    if (mode !== SCORE_ALL && mode !== SCORE_GROUPED) continue;
    live[c] = SCORED;
    const first = ne;
    let soloExtra = 0;
    for (let e = (classEntry[c] as number) - 1; e >= 0; e = next[e] as number) {
      const p = postings[post[e] as number] as ClassPostings;
      const m = bit[e] as number;
      const i = at[e] as number;
      const g = p.grouped[i] as number;
      const j1 = p.start[i + 1] as number;
      const docs = p.docs;
      // The documents alone in their group come first in each class's postings.
      if (mode === SCORE_ALL) {
        for (let j = p.start[i] as number; j < g; j++) {
          const d = docs[j] as number;
          const had = docMask[d] as number;
          if (had === 0) {
            extraMark[d] = 1;
            extraDocs[ne++] = d;
            soloExtra++;
          }
          docMask[d] = had | m;
        }
      }
      for (let j = g; j < j1; j++) {
        const d = docs[j] as number;
        const had = docMask[d] as number;
        if (had === 0) {
          extraMark[d] = 1;
          extraDocs[ne++] = d;
        }
        docMask[d] = had | m;
      }
    }
    classSoloExtra[c] = soloExtra;
    let lastMask = -1;
    let lastScore = 0;
    const base = c * SCORED_TERMS_MAX;
    // classTerm holds what earlier queries left where the name lacks the term (never cleared).
    const has = nameMask[c] as number;
    for (let k = first; k < ne; k++) {
      const d = extraDocs[k] as number;
      const mask = docMask[d] as number;
      if (mask !== lastMask) {
        // Term by term in query order, as the plain form adds them (float32).
        let s = 0;
        for (let ti = 0; ti < nt; ti++) {
          const a = ((has >>> ti) & 1) === 0 ? 0 : (classTerm[base + ti] as number);
          const level = (mask >>> (2 * ti)) & 3;
          const b = level === 0 ? 0 : (bitValue[level >= 2 ? 2 * ti + 1 : 2 * ti] as number);
          s = Math.fround(s + (a > b ? a : b));
        }
        lastMask = mask;
        lastScore = s;
      }
      score[d] = lastScore;
    }
  }
  return ne;
}

/** The best class score among classes with a document passing the filters: every document scores at least its class's score (float32 sums grow with their terms). */
export function bestClassScore(index: ProcedureIndex, nc: number, allowed: Uint8Array | undefined): number {
  const { classScore, classTouched } = index.scratch;
  let top = 0;
  for (let i = 0; i < nc; i++) {
    const c = classTouched[i] as number;
    const s = classScore[c] as number;
    if (s > top && anyMember(index, c, allowed)) top = s;
  }
  return top;
}

function anyMember(index: ProcedureIndex, c: number, allowed: Uint8Array | undefined): boolean {
  if (allowed === undefined) return true;
  for (let i = index.classStart[c] as number; i < (index.classStart[c + 1] as number); i++) if (allowed[index.classDocs[i] as number] === 1) return true;
  return false;
}

/**
 * A score the `depth`-th best result reaches at least: the classes at or above the floor, best
 * first, until their documents alone in their group that pass the filters (each a result,
 * scoring at least its class's score) are `depth`; -Infinity when they are fewer. Those
 * classes are left in scratch.classOrder (`ranked` of them), the first `sorted` best first,
 * every later one scoring below the bound (in no order: only the head reads them, and none of
 * them can enter it).
 */
export function headBound(index: ProcedureIndex, nc: number, floor: number, depth: number, allowed: Uint8Array | undefined): { bound: number; ranked: number; sorted: number } {
  const { classScore, classScoreBits, classTouched, classOrder, classKey } = index.scratch;
  let m = 0;
  for (let i = 0; i < nc; i++) {
    const c = classTouched[i] as number;
    if ((classScore[c] as number) >= floor) classOrder[m++] = c;
  }
  if (classScore.length >= CLASS_BITS) {
    classOrder.subarray(0, m).sort((a, b) => (classScore[b] as number) - (classScore[a] as number));
    for (let i = 0, seen = 0; i < m; i++) {
      const c = classOrder[i] as number;
      seen += soloCount(index, c, allowed);
      if (seen >= depth) return { bound: classScore[c] as number, ranked: m, sorted: m };
    }
    return { bound: Number.NEGATIVE_INFINITY, ranked: m, sorted: m };
  }
  // One number per class, its score's bits reversed then the class: the smallest is the best.
  // Taken best first from a heap until the bound's classes are all out (a full sort of the
  // classes cost more than the rest of the query; usually a few dozen are taken).
  for (let i = 0; i < m; i++) {
    const c = classOrder[i] as number;
    classKey[i] = (0xffffffff - (classScoreBits[c] as number)) * CLASS_BITS + c;
  }
  for (let i = (m >> 1) - 1; i >= 0; i--) siftDownMin(classKey, i, m);
  let size = m;
  let taken = 0;
  let seen = 0;
  let bound = Number.NEGATIVE_INFINITY;
  while (size > 0) {
    const k = classKey[0] as number;
    const c = k - Math.floor(k / CLASS_BITS) * CLASS_BITS;
    const s = classScore[c] as number;
    if (seen >= depth && s < bound) break;
    classOrder[taken++] = c;
    seen += soloCount(index, c, allowed);
    if (seen >= depth && bound === Number.NEGATIVE_INFINITY) bound = s;
    classKey[0] = classKey[--size] as number;
    siftDownMin(classKey, 0, size);
  }
  for (let i = 0; i < size; i++) {
    const k = classKey[i] as number;
    classOrder[taken + i] = k - Math.floor(k / CLASS_BITS) * CLASS_BITS;
  }
  return { bound, ranked: m, sorted: taken };
}

const CLASS_BITS = 2 ** 21;

function siftDownMin(heap: Float64Array, start: number, size: number): void {
  let i = start;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) return;
    const r = l + 1;
    const w = r < size && (heap[r] as number) < (heap[l] as number) ? r : l;
    if (!((heap[w] as number) < (heap[i] as number))) return;
    const x = heap[i] as number;
    heap[i] = heap[w] as number;
    heap[w] = x;
    i = w;
  }
}

/** Documents of class c alone in their group that pass the filters. */
function soloCount(index: ProcedureIndex, c: number, allowed: Uint8Array | undefined): number {
  const start = index.classStart[c] as number;
  const end = index.classGrouped[c] as number;
  if (allowed === undefined) return end - start;
  let n = 0;
  for (let j = start; j < end; j++) n += allowed[index.classDocs[j] as number] as number;
  return n;
}
