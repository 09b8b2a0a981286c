import { SCORED_TERMS_MAX, type ProcedureIndex } from './search-index.ts';

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
 * query order; kept per term too (scratch.classTerm) for the documents scored one by one.
 * The classes touched go to scratch.classTouched (marked 1 in scratch.live); returns how many.
 */
export function scoreClasses(index: ProcedureIndex, terms: readonly ScoringTerm[]): number {
  const { classScore, classBest, classTouched, classTerm, live, touched } = index.scratch;
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
export const SCORED = 4;

/**
 * The most a class's other text may add (scratch.classLift, with a generous margin for
 * float32 rounding): for each term its name lacks, what the term's alternatives found in the
 * other text of some document of the class would add. A term the name has counts at least
 * NEAR_WEIGHT of its weight, more than the other text's EXTRA_WEIGHT: the other text changes
 * only the terms a name lacks, and by at most a third of their weight.
 */
export function computeLifts(index: ProcedureIndex, terms: readonly ScoringTerm[], nc: number): void {
  const { classTouched, classTerm, classLift, live } = index.scratch;
  // Per class and term, the best share the other text may give (kept in classLift's place: one class at a time is summed below).
  const { liftTerm } = index.scratch;
  for (let ti = 0; ti < terms.length; ti++) {
    const t = terms[ti] as ScoringTerm;
    for (let k = 0; k < t.alternatives.length; k++) {
      const alt = t.alternatives[k] as string;
      const postings = index.inExtraByClass.get(alt);
      if (postings === undefined) continue;
      const v = t.weight * (alt === t.typed || k === 0 ? 1 : NEAR_WEIGHT) * EXTRA_WEIGHT;
      const withIt = postings.classes;
      for (let i = 0; i < withIt.length; i++) {
        const c = withIt[i] as number;
        const at = c * SCORED_TERMS_MAX + ti;
        if (live[c] !== 0 && classTerm[at] === 0 && v > (liftTerm[at] as number)) liftTerm[at] = v;
      }
    }
  }
  for (let i = 0; i < nc; i++) {
    const c = classTouched[i] as number;
    let lift = 0;
    for (let ti = 0; ti < terms.length; ti++) {
      const at = c * SCORED_TERMS_MAX + ti;
      lift += liftTerm[at] as number;
      liftTerm[at] = 0;
    }
    classLift[c] = lift * 1.001 + 1e-4;
  }
}

/**
 * Scores one by one the documents whose other text matches a term their name lacks, in the
 * classes marked SCORE_ALL (every such document) or SCORE_GROUPED (those of a group only),
 * into scratch.score, listed in scratch.extraDocs after the `ne` already there; marks those
 * classes SCORED. Returns how many are listed.
 */
export function scoreExtras(index: ProcedureIndex, terms: readonly ScoringTerm[], nc: number, ne: number): number {
  const { score, classTouched, classTerm, live, termExtra, extraMark, extraDocs, classSoloExtra } = index.scratch;
  const { nameClass, solo } = index;
  const first = ne;
  for (let ti = 0; ti < terms.length; ti++) {
    const t = terms[ti] as ScoringTerm;
    for (let k = 0; k < t.alternatives.length; k++) {
      const alt = t.alternatives[k] as string;
      const postings = index.inExtraByClass.get(alt);
      if (postings === undefined) continue;
      const v = t.weight * (alt === t.typed || k === 0 ? 1 : NEAR_WEIGHT) * EXTRA_WEIGHT;
      const { classes: withIt, start, docs } = postings;
      for (let i = 0; i < withIt.length; i++) {
        const c = withIt[i] as number;
        const mode = live[c];
        if ((mode !== SCORE_ALL && mode !== SCORE_GROUPED) || classTerm[c * SCORED_TERMS_MAX + ti] !== 0) continue;
        for (let j = start[i] as number; j < (start[i + 1] as number); j++) {
          const d = docs[j] as number;
          if (mode === SCORE_GROUPED && solo[d] === 1) continue;
          if (extraMark[d] === 0) {
            extraMark[d] = 1;
            extraDocs[ne++] = d;
            if (solo[d] === 1) classSoloExtra[c] = (classSoloExtra[c] as number) + 1;
          }
          if (v > (termExtra[d * SCORED_TERMS_MAX + ti] as number)) termExtra[d * SCORED_TERMS_MAX + ti] = v;
        }
      }
    }
  }
  for (let i = first; i < ne; i++) {
    const d = extraDocs[i] as number;
    const c = nameClass[d] as number;
    let s = 0;
    for (let ti = 0; ti < terms.length; ti++) {
      const a = classTerm[c * SCORED_TERMS_MAX + ti] as number;
      const b = termExtra[d * SCORED_TERMS_MAX + ti] as number;
      s = Math.fround(s + (a > b ? a : b));
    }
    score[d] = s;
  }
  for (let i = 0; i < nc; i++) {
    const c = classTouched[i] as number;
    if (live[c] === SCORE_ALL || live[c] === SCORE_GROUPED) live[c] = SCORED;
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
 * A score the `depth`-th best result reaches at least, without filters: the classes at or above
 * the floor, best first, until their documents alone in their group (each a result, scoring at
 * least its class's score) are `depth`. -Infinity when they are fewer, or with filters.
 * Without filters, those classes are left in scratch.classOrder best first (`ranked` of them).
 */
export function headBound(index: ProcedureIndex, nc: number, floor: number, depth: number, filtered: boolean): { bound: number; ranked: number } {
  if (filtered) return { bound: Number.NEGATIVE_INFINITY, ranked: -1 };
  const { classScore, classTouched, classOrder } = index.scratch;
  let m = 0;
  for (let i = 0; i < nc; i++) {
    const c = classTouched[i] as number;
    if ((classScore[c] as number) >= floor) classOrder[m++] = c;
  }
  const order = classOrder.subarray(0, m).sort((a, b) => (classScore[b] as number) - (classScore[a] as number));
  let seen = 0;
  for (const c of order) {
    seen += (index.classGrouped[c] as number) - (index.classStart[c] as number);
    if (seen >= depth) return { bound: classScore[c] as number, ranked: m };
  }
  return { bound: Number.NEGATIVE_INFINITY, ranked: m };
}
