import type { ProcedureIndex } from './search-index.ts';

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
  const classes = index.classStart.length - 1;
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
    const row = ti * classes;
    for (let i = 0; i < nt; i++) {
      const c = touched[i] as number;
      const b = classBest[c] as number;
      classScore[c] = (classScore[c] as number) + b;
      classTerm[row + c] = b;
      classBest[c] = 0;
      if (live[c] === 0) {
        live[c] = 1;
        classTouched[nc++] = c;
      }
    }
  }
  return nc;
}

/**
 * Marks live (2) the classes that could reach `least` with their other text, and scores one by
 * one the documents of live classes whose other text matches a term their name lacks (into
 * scratch.score, listed in scratch.extraDocs); returns how many. A term the name has counts at
 * least NEAR_WEIGHT of its weight, more than the other text's EXTRA_WEIGHT: the other text
 * changes only the terms a name lacks, and by at most a third of their weight.
 */
export function scoreExtras(index: ProcedureIndex, terms: readonly ScoringTerm[], nc: number, least: number): number {
  const { score, classScore, classTouched, classTerm, live, termExtra, extraMark, extraDocs, classSoloExtra } = index.scratch;
  const { nameClass } = index;
  const n = index.docs.length;
  const classes = index.classStart.length - 1;
  for (let i = 0; i < nc; i++) {
    const c = classTouched[i] as number;
    let lift = 0;
    for (let ti = 0; ti < terms.length; ti++) if (classTerm[ti * classes + c] === 0) lift += (terms[ti] as ScoringTerm).weight * EXTRA_WEIGHT;
    // A generous margin for float32 rounding: a class kept for nothing costs only time.
    if ((classScore[c] as number) + lift * 1.001 + 1e-6 >= least) live[c] = 2;
  }
  let ne = 0;
  for (let ti = 0; ti < terms.length; ti++) {
    const t = terms[ti] as ScoringTerm;
    const row = ti * n;
    const classRow = ti * classes;
    for (let k = 0; k < t.alternatives.length; k++) {
      const alt = t.alternatives[k] as string;
      const postings = index.inExtraByClass.get(alt);
      if (postings === undefined) continue;
      const v = t.weight * (alt === t.typed || k === 0 ? 1 : NEAR_WEIGHT) * EXTRA_WEIGHT;
      const { classes: withIt, start, docs } = postings;
      for (let i = 0; i < withIt.length; i++) {
        const c = withIt[i] as number;
        if (live[c] !== 2 || classTerm[classRow + c] !== 0) continue;
        for (let j = start[i] as number; j < (start[i + 1] as number); j++) {
          const d = docs[j] as number;
          if (extraMark[d] === 0) {
            extraMark[d] = 1;
            extraDocs[ne++] = d;
            if (index.solo[d] === 1) classSoloExtra[c] = (classSoloExtra[c] as number) + 1;
          }
          if (v > (termExtra[row + d] as number)) termExtra[row + d] = v;
        }
      }
    }
  }
  for (let i = 0; i < ne; i++) {
    const d = extraDocs[i] as number;
    const c = nameClass[d] as number;
    let s = 0;
    for (let ti = 0; ti < terms.length; ti++) {
      const a = classTerm[ti * classes + c] as number;
      const b = termExtra[ti * n + d] as number;
      s = Math.fround(s + (a > b ? a : b));
    }
    score[d] = s;
  }
  return ne;
}

/** True when some document of class c without a share from its other text passes the filters. */
export function plainMember(index: ProcedureIndex, c: number, allowed: Uint8Array | undefined): boolean {
  const { extraMark } = index.scratch;
  for (let i = index.classStart[c] as number; i < (index.classStart[c + 1] as number); i++) {
    const d = index.classDocs[i] as number;
    if (extraMark[d] === 0 && (allowed === undefined || allowed[d] === 1)) return true;
  }
  return false;
}


/**
 * The floor is at least what the best name class alone gives (a document scores at least its
 * class's score: float32 sums grow with their terms), so classes that cannot reach that even
 * with their other text are left out before any document is scored.
 */
export function leastFloor(index: ProcedureIndex, nc: number, allowed: Uint8Array | undefined, total: number): number {
  const { classScore, classTouched } = index.scratch;
  let top = 0;
  for (let i = 0; i < nc; i++) {
    const c = classTouched[i] as number;
    const s = classScore[c] as number;
    if (s > top && anyMember(index, c, allowed)) top = s;
  }
  return Math.max(top * MIN_SHARE, total * MIN_COVERAGE);
}

function anyMember(index: ProcedureIndex, c: number, allowed: Uint8Array | undefined): boolean {
  if (allowed === undefined) return true;
  for (let i = index.classStart[c] as number; i < (index.classStart[c + 1] as number); i++) if (allowed[index.classDocs[i] as number] === 1) return true;
  return false;
}
