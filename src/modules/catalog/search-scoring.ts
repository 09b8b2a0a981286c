import { SCORED_TERMS_MAX, type IndexedProcedure, type ProcedureIndex } from './search-index.types.ts';
import { matchesFilters, preferred } from './search-groups.ts';
import type { SearchFilters } from './search.repository.ts';
import { bestClassScore, computeLifts, headBound, MIN_COVERAGE, MIN_SHARE, resetClassScratch, SCORE_ALL, SCORE_GROUPED, scoreClasses, scoreExtras, TOUCHED, type ScoringTerm } from './search-classes.ts';
import { entersKeyed, keyedHeap, offerKeyed, sortBest, sortKeyed, startKeyed } from './search-heap.ts';

/**
 * The hot path of a search with words (search-engine.ts explains the scoring), exact to the
 * plain form (search-engine.reference.ts; a test checks that both answer alike).
 *
 * A national catalogue publishes the same procedure for many agencies under one name, so the
 * name's share of a score is computed once per name class (documents sharing a folded name),
 * from postings of classes rather than documents. A document scores its class's score unless
 * its other text (field, agency, case names) matches a term its name lacks, which adds at most
 * a third of that term's weight. Documents are scored one by one only where that decides
 * something: in classes that could pass the best class (the floor depends on the best score),
 * in classes below the floor that their other text may lift over it, and in classes that may
 * reach the best `depth`; elsewhere a class at or above the floor is counted whole. Results are
 * counted per class and the head read best class first. Everything lives in the index's typed scratch arrays,
 * nothing is allocated per document; only the best `depth` results are ordered (a heap); the
 * order-aware bonuses use word ids and one bit per query term, and their part that depends
 * on the name only is computed once per class.
 *
 * Float32 sums are added term by term in query order, as the plain form does, so that equal
 * inputs give equal bits: a class's score is what each of its documents would add up to.
 */


export { EXTRA_WEIGHT, MIN_COVERAGE, MIN_SHARE, NEAR_WEIGHT, type ScoringTerm } from './search-classes.ts';

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
 * coverage; the same for every document of a name class. Reads arrays only (objects of
 * several shapes made V8 drop its optimised code on every query).
 */
function nameBonus(index: ProcedureIndex, d: number, weights: Float64Array, nt: number, total: number, phrase: string, phraseThen: string): number {
  const { words } = index.scratch;
  const c = index.nameClass[d] as number;
  const start = index.nameStart[c] as number;
  const end = index.nameStart[c + 1] as number;
  const ids = index.nameIds;
  let b = 0;
  for (let i = 0; i + 1 < nt; i++) {
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
  return b;
}

export interface Scored {
  /** The best `depth` results in their final order. */
  head: number[];
  /** Results in all (one per group). */
  total: number;
}

interface Collected {
  /** Results listed in scratch.touched, their scores in scratch.score. */
  listed: number;
  /** Results in all: those listed, the plain documents alone in their group of the classes in scratch.classOrder and those scored one by one below the head's bound, which are counted, not listed. */
  total: number;
  /** Classes in scratch.classOrder whose plain documents alone in their group are counted; the first sortedClasses best first, the others below the head. */
  classes: number;
  sortedClasses: number;
}

/**
 * The results, one document per group: those scored one by one that reach the floor, and the
 * documents of live classes that reach it. Only the documents of a group are looked at one by
 * one (for the group's preferred one); with filters, those alone in their group are only
 * counted one by one (the head reads them from their class).
 */
function collect(index: ProcedureIndex, ranked: number, sorted: number, ne: number, allowed: Uint8Array | undefined, floor: number, bound: number, home: string | undefined): Collected {
  const { score, classScore, extraMark, extraDocs, classSoloExtra, classOrder, touched: results, winner, groupsSeen } = index.scratch;
  const { group, solo, classStart, classGrouped, classDocs } = index;
  let listed = 0;
  let ng = 0;
  const take = (d: number) => {
    if (solo[d] === 1) {
      results[listed++] = d;
      return;
    }
    const g = group[d] as number;
    const w = winner[g] as number;
    if (w === -1) {
      winner[g] = d;
      groupsSeen[ng++] = g;
    } else winner[g] = preferred(index, w, d, home);
  };
  let counted = 0;
  for (let i = 0; i < ne; i++) {
    const d = extraDocs[i] as number;
    const sd = score[d] as number;
    if (sd < floor || (allowed !== undefined && allowed[d] === 0)) continue;
    // Below the bound a document alone in its group is not in the head: counted only.
    if (solo[d] === 1 && sd < bound) counted++;
    else take(d);
  }
  let classes = 0;
  let sortedClasses = 0;
  // The classes at or above the floor, the first `sorted` best first (headBound); compacted
  // below to those with plain documents alone in their group (counted, the head reads them).
  for (let i = 0; i < ranked; i++) {
    if (i === sorted) sortedClasses = classes;
    const c = classOrder[i] as number;
    const grouped = classGrouped[c] as number;
    let plain = 0;
    if (allowed === undefined) plain = grouped - (classStart[c] as number) - (classSoloExtra[c] as number);
    else {
      for (let j = classStart[c] as number; j < grouped; j++) {
        const d = classDocs[j] as number;
        if (extraMark[d] === 0 && allowed[d] === 1) plain++;
      }
    }
    if (plain > 0) {
      counted += plain;
      classOrder[classes++] = c;
    }
    for (let j = grouped; j < (classStart[c + 1] as number); j++) {
      const d = classDocs[j] as number;
      if (extraMark[d] === 0 && (allowed === undefined || allowed[d] === 1)) take(d);
    }
  }
  // The heap orders results by scratch.score: a class's score for its plain documents.
  for (let j = 0; j < ng; j++) {
    const g = groupsSeen[j] as number;
    const d = winner[g] as number;
    results[listed++] = d;
    winner[g] = -1;
    if (extraMark[d] === 0) score[d] = classScore[index.nameClass[d] as number] as number;
  }
  if (ranked <= sorted) sortedClasses = classes;
  return { listed, total: listed + counted, classes, sortedClasses };
}

/**
 * The best `k` results on the base score (equal scores: the shorter name first), best first:
 * a heap of the best seen, the worst at its root (search-heap.ts). The classes whose documents
 * were counted are read best class first, each in document order (its tie-break order), and
 * a class or the rest stops at the first document that would not enter: only about k are
 * looked at. Leaves them in keyedHeap (documents and base scores), returns how many.
 */
function head(index: ProcedureIndex, collected: Collected, k: number, allowed: Uint8Array | undefined): number {
  const { score, classScore, classOrder, extraMark, classSoloExtra, touched: results } = index.scratch;
  const { shortFirst, classTie, classStart, classGrouped, classDocs } = index;
  startKeyed(k);
  for (let i = 0; i < collected.listed; i++) {
    const d = results[i] as number;
    offerKeyed(d, score[d] as number, shortFirst[d] as number);
  }
  for (let i = 0; i < collected.classes; i++) {
    const c = classOrder[i] as number;
    const s = classScore[c] as number;
    if (keyedHeap.size === k && s < (keyedHeap.keys[0] as number)) {
      if (i < collected.sortedClasses) break;
      continue;
    }
    const marked = (classSoloExtra[c] as number) > 0;
    for (let j = classStart[c] as number; j < (classGrouped[c] as number); j++) {
      const d = classDocs[j] as number;
      if ((marked && extraMark[d] === 1) || (allowed !== undefined && allowed[d] === 0)) continue;
      const tie = classTie[j] as number;
      if (!entersKeyed(s, tie)) break;
      offerKeyed(d, s, tie);
    }
  }
  return sortKeyed();
}

/**
 * Rerank's arrays, by place in the head, kept from query to query: typed arrays of more than a
 * few dozen bytes live outside V8's heap, and allocating three per query added to the
 * collections. Grown as needed.
 */
const reranking = { final: new Float64Array(256), order: new Int32Array(256), weights: new Float64Array(SCORED_TERMS_MAX) };

/** The best results ordered again with the bonuses: the head (`head` documents, their base scores in `base`, their tie-breaks in `ties`), in its final order. */
function rerank(index: ProcedureIndex, head: Int32Array, base: Float64Array, ties: Int32Array, terms: readonly ScoringTerm[], total: number, home: string | undefined): number[] {
  const { words, classBonus } = index.scratch;
  const marked = markWords(index, terms);
  const phrase = terms.map((t) => t.best).join(' ');
  const phraseThen = `${phrase} `;
  const n = head.length;
  if (reranking.final.length < n) {
    reranking.final = new Float64Array(n);
    reranking.order = new Int32Array(n);
  }
  const { weights } = reranking;
  for (let i = 0; i < terms.length; i++) weights[i] = (terms[i] as ScoringTerm).weight;
  // By place in the head: final score (the name-length rank is the heap's tie-break).
  const final = reranking.final.subarray(0, n);
  const order = reranking.order.subarray(0, n);
  const bonused: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = head[i] as number;
    const c = index.nameClass[d] as number;
    let b = classBonus[c] as number;
    if (Number.isNaN(b)) {
      b = nameBonus(index, d, weights, terms.length, total, phrase, phraseThen);
      classBonus[c] = b;
      bonused.push(c);
    }
    if (home && (index.docs[d] as IndexedProcedure).provinceCodes.includes(home)) b += 0.05 * total;
    const used = index.usedShare[d] as number;
    if (used > 0) b += 0.1 * total * used;
    final[i] = (base[i] as number) + b;
    order[i] = i;
  }
  for (const id of marked) words[id] = 0;
  for (const c of bonused) classBonus[c] = Number.NaN;
  sortBest(order, final, ties);
  const ordered = new Array<number>(n);
  for (let i = 0; i < n; i++) ordered[i] = head[order[i] as number] as number;
  return ordered;
}

/** Scratch arrays as a query finds them, after it (`nc` classes touched, `ne` documents scored one by one, `nr` results listed). */
function clean(index: ProcedureIndex, nc: number, ne: number, nr: number): void {
  const { score, classScore, classTouched, live, classSoloExtra, docMask, extraMark, extraDocs, touched, nameMask, classEntry } = index.scratch;
  for (let i = 0; i < nr; i++) score[touched[i] as number] = 0;
  for (let i = 0; i < ne; i++) {
    const d = extraDocs[i] as number;
    score[d] = 0;
    extraMark[d] = 0;
    docMask[d] = 0;
  }
  for (let i = 0; i < nc; i++) {
    const c = classTouched[i] as number;
    classScore[c] = 0;
    live[c] = 0;
    classSoloExtra[c] = 0;
    // Only the terms the name has were set.
    nameMask[c] = 0;
    classEntry[c] = 0;
  }
}

/** Scores, filters, keeps one document per group, and orders the best `depth`. */
export function scoreQuery(index: ProcedureIndex, terms: readonly ScoringTerm[], filters: SearchFilters, home: string | undefined, depth: number): Scored {
  const scratch = index.scratch;
  if (terms.length > SCORED_TERMS_MAX) throw new RangeError(`at most ${SCORED_TERMS_MAX} terms are scored`);
  try {
    const total = terms.reduce((s, t) => s + t.weight, 0);
    const allowed = filterMask(index, filters);
    const nc = scoreClasses(index, terms);
    computeLifts(index, terms, nc);
    const { classScore, classTouched, classLift, live, score, extraDocs } = scratch;
    // The best score: the best class's, unless the other text lifts a document of a class
    // that could pass it; those are scored first.
    const topClass = bestClassScore(index, nc, allowed);
    for (let i = 0; i < nc; i++) {
      const c = classTouched[i] as number;
      if ((classScore[c] as number) + (classLift[c] as number) >= topClass) live[c] = SCORE_ALL;
    }
    let ne = scoreExtras(index, terms, nc, 0);
    let top = topClass;
    for (let i = 0; i < ne; i++) {
      const d = extraDocs[i] as number;
      if ((score[d] as number) > top && (allowed === undefined || allowed[d] === 1)) top = score[d] as number;
    }
    const floor = Math.max(top * MIN_SHARE, total * MIN_COVERAGE);
    // Then the documents whose other text decides whether they are results (their class is
    // below the floor, the lift may reach it), or whether they may be in the head; of the
    // other classes at or above the floor, only documents of a group (each group's preferred
    // one is a result with its own score).
    const { bound, ranked, sorted } = headBound(index, nc, floor, depth, allowed);
    for (let i = 0; i < nc; i++) {
      const c = classTouched[i] as number;
      if (live[c] !== TOUCHED) continue;
      const s = classScore[c] as number;
      const reach = s + (classLift[c] as number);
      if (reach < floor) continue;
      live[c] = s < floor || reach >= bound ? SCORE_ALL : SCORE_GROUPED;
    }
    ne = scoreExtras(index, terms, nc, ne);
    const collected = collect(index, ranked, sorted, ne, allowed, floor, bound, home);
    const kept = head(index, collected, depth, allowed);
    const ordered = rerank(index, keyedHeap.docs.subarray(0, kept), keyedHeap.keys.subarray(0, kept), keyedHeap.ties.subarray(0, kept), terms, total, home);
    clean(index, nc, ne, collected.listed);
    return { head: ordered, total: collected.total };
  } catch (err) {
    // Scratch arrays as a query finds them, whatever failed.
    for (const a of [scratch.score, scratch.words, scratch.classScore, scratch.classBest, scratch.classTerm, scratch.live, scratch.classSoloExtra, scratch.classLift, scratch.docMask, scratch.extraMark, scratch.nameMask, scratch.classEntry]) a.fill(0);
    scratch.winner.fill(-1);
    scratch.classBonus.fill(Number.NaN);
    resetClassScratch();
    throw err;
  }
}

