import type { IndexedProcedure, ProcedureIndex } from './search-index.types.ts';
import { matchesFilters, preferred } from './search-groups.ts';
import { EXTRA_WEIGHT, MIN_COVERAGE, MIN_SHARE, NEAR_WEIGHT } from './search-scoring.ts';
import { termsOf, type EngineQuery, type EngineResult, type WeightedTerm } from './search-engine.ts';

/**
 * The straightforward form of runQuery (search-engine.ts) for queries with words: every
 * matching document scored, every result sorted. Kept only so that tests can check that the
 * fast path (search-scoring.ts) answers exactly as this does; nothing else uses it.
 */

const RERANK = 200;

const byName = (index: ProcedureIndex, a: number, b: number): number => (index.shortFirst[a] as number) - (index.shortFirst[b] as number);

function collapse(index: ProcedureIndex, ordered: Iterable<number>, home: string | undefined): number[] {
  const winner = new Map<number, number>();
  for (const d of ordered) {
    const g = index.group[d] as number;
    const w = winner.get(g);
    winner.set(g, w === undefined ? d : preferred(index, w, d, home));
  }
  return [...winner.values()];
}

function score(index: ProcedureIndex, terms: WeightedTerm[], scores: Float32Array): number[] {
  const best = new Float32Array(index.docs.length);
  const seen = new Set<number>();
  for (const t of terms) {
    const touched: number[] = [];
    t.alternatives.forEach((alt, k) => {
      const near = alt === t.typed || k === 0 ? 1 : NEAR_WEIGHT;
      for (const [postings, field] of [
        [index.inName.get(alt), 1],
        [index.inExtra.get(alt), EXTRA_WEIGHT],
      ] as const) {
        if (!postings) continue;
        const v = t.weight * near * field;
        for (const d of postings) {
          const b = best[d] as number;
          if (b === 0) touched.push(d);
          if (v > b) best[d] = v;
        }
      }
    });
    for (const d of touched) {
      scores[d] = (scores[d] as number) + (best[d] as number);
      best[d] = 0;
      seen.add(d);
    }
  }
  return [...seen];
}

function bonus(index: ProcedureIndex, doc: IndexedProcedure, terms: WeightedTerm[], total: number, phrase: string, home: string | undefined): number {
  let b = 0;
  const words = doc.nameWords;
  const alternatives = terms.map((t) => new Set(t.filler ? [] : t.alternatives));
  for (let i = 0; i + 1 < terms.length; i++) {
    const a = alternatives[i] as Set<string>;
    const c = alternatives[i + 1] as Set<string>;
    for (let j = 0; j + 1 < words.length; j++) {
      if (a.has(words[j] as string) && c.has(words[j + 1] as string)) {
        b += 0.5 * Math.min((terms[i] as WeightedTerm).weight, (terms[i + 1] as WeightedTerm).weight);
        break;
      }
    }
  }
  if (doc.searchName === phrase) b += 0.3 * total;
  else if (doc.searchName.startsWith(`${phrase} `)) b += 0.15 * total;
  let covered = 0;
  for (const w of words) if (alternatives.some((s) => s.has(w))) covered++;
  b += 0.25 * total * (words.length > 0 ? covered / words.length : 0);
  if (home && doc.provinceCodes.includes(home)) b += 0.05 * total;
  if (index.maxUses > 0 && doc.uses > 0) b += 0.1 * total * (Math.log(1 + doc.uses) / Math.log(1 + index.maxUses));
  return b;
}

export function runQueryReference(index: ProcedureIndex, q: EngineQuery & { text: string }): EngineResult {
  const terms = termsOf(index, q.text).filter((t) => t.alternatives.length > 0);
  if (terms.length === 0) return { docs: [], total: 0 };
  const total = terms.reduce((s, t) => s + t.weight, 0);
  const scores = new Float32Array(index.docs.length);
  const candidates = score(index, terms, scores);
  let top = 0;
  const kept: number[] = [];
  for (const d of candidates) {
    if (!matchesFilters(index.docs[d] as IndexedProcedure, q.filters)) continue;
    kept.push(d);
    top = Math.max(top, scores[d] as number);
  }
  const floor = Math.max(top * MIN_SHARE, total * MIN_COVERAGE);
  const results = collapse(
    index,
    kept.filter((d) => (scores[d] as number) >= floor),
    q.home,
  );
  results.sort((a, b) => (scores[b] as number) - (scores[a] as number) || byName(index, a, b));
  const depth = Math.max(RERANK, q.offset + q.limit);
  const head = results.slice(0, depth);
  const phrase = terms.map((t) => t.best).join(' ');
  const final = new Map(head.map((d) => [d, (scores[d] as number) + bonus(index, index.docs[d] as IndexedProcedure, terms, total, phrase, q.home)]));
  head.sort((a, b) => (final.get(b) as number) - (final.get(a) as number) || byName(index, a, b));
  const ordered = head.length < results.length ? [...head, ...results.slice(depth)] : head;
  return { docs: ordered.slice(q.offset, q.offset + q.limit), total: results.length };
}
