/**
 * Typo tolerance, syllable by syllable. Vietnamese writes one syllable per word and a folded
 * syllable has at most 7 letters, so a typo is nearly always one edit away from the intended
 * syllable (`snh` → `sinh`, `ki` → `ky`, `dungg` → `dung`, `kahi` → `khai`, `chu` → `tru`).
 * The catalogue's syllables (its vocabulary) are indexed by their one-letter deletions
 * (the SymSpell idea), so the syllables one edit away from a query syllable are found with a
 * handful of map lookups instead of comparing against every syllable.
 */

export interface Vocabulary {
  /** Syllable → number of published procedures using it. */
  frequency: ReadonlyMap<string, number>;
  /** A syllable with one letter deleted → the syllables it came from. */
  deletions: ReadonlyMap<string, readonly string[]>;
}

function deletionsOf(word: string): string[] {
  const result = new Set<string>();
  for (let i = 0; i < word.length; i++) result.add(word.slice(0, i) + word.slice(i + 1));
  return [...result];
}

export function buildVocabulary(entries: Iterable<readonly [word: string, count: number]>): Vocabulary {
  const frequency = new Map<string, number>();
  const deletions = new Map<string, string[]>();
  for (const [word, count] of entries) {
    frequency.set(word, count);
    for (const d of deletionsOf(word)) {
      const list = deletions.get(d);
      if (list) list.push(word);
      else deletions.set(d, [word]);
    }
  }
  return { frequency, deletions };
}

/** True when a and b are at most one insertion, deletion, substitution or swap of neighbours apart. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la === lb) {
    const diff: number[] = [];
    for (let i = 0; i < la; i++) {
      if (a[i] !== b[i]) {
        diff.push(i);
        if (diff.length > 2) return false;
      }
    }
    if (diff.length === 1) return true;
    const [i, j] = diff as [number, number];
    return j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [shorter, longer] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i++;
  return shorter.slice(i) === longer.slice(i + 1);
}

/**
 * Spellings that regional pronunciation confuses, which are two edits apart and so escape the
 * one-edit rule: initial ch/tr, s/x, d/gi/r, l/n (`thuong chu` → `thường trú`, `sa` → `xã`,
 * `giay` ↔ `day`), final n/ng and c/t (`ban` ↔ `bang`, `cac` ↔ `cat`).
 */
const INITIALS: [string, string][] = [
  ['ch', 'tr'],
  ['s', 'x'],
  ['d', 'gi'],
  ['d', 'r'],
  ['gi', 'r'],
  ['l', 'n'],
];

export function soundAlikes(word: string): string[] {
  const result = new Set<string>();
  for (const [a, b] of INITIALS) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      // n is not the start of ng or nh, g of gi is not d's partner, c of ch is not part of this rule…
      if (!word.startsWith(from) || (from === 'n' && /^n[gh]/.test(word)) || (from === 'd' && word.startsWith('gi'))) continue;
      result.add(to + word.slice(from.length));
    }
  }
  if (word.endsWith('ng')) result.add(word.slice(0, -1));
  else if (word.endsWith('n')) result.add(`${word}g`);
  if (word.endsWith('c') && !word.endsWith('ch')) result.add(`${word.slice(0, -1)}t`);
  else if (word.endsWith('t')) result.add(`${word.slice(0, -1)}c`);
  result.delete(word);
  return [...result].filter((w) => w.length > 0);
}

/**
 * Syllables of the vocabulary one edit away from `word`, or spelt alike (soundAlikes), not
 * the word itself. One- and two-letter words are too short for edits to mean much: nothing
 * for one letter, and for two letters only edits keeping the first letter (`ki` → `ky`, not
 * `ki` → `ai`).
 */
export function neighbours(vocabulary: Vocabulary, word: string): string[] {
  const alike = soundAlikes(word).filter((w) => vocabulary.frequency.has(w));
  if (word.length < 2) return alike;
  const found = new Set<string>();
  const consider = (candidate: string) => {
    if (candidate !== word && candidate.length >= 2 && vocabulary.frequency.has(candidate) && withinOneEdit(word, candidate)) found.add(candidate);
  };
  for (const w of vocabulary.deletions.get(word) ?? []) consider(w); // a letter was left out
  for (const d of deletionsOf(word)) {
    consider(d); // a letter too many
    for (const w of vocabulary.deletions.get(d) ?? []) consider(w); // a wrong letter, or two swapped
  }
  const result = [...found];
  return [...new Set([...(word.length === 2 ? result.filter((w) => w[0] === word[0]) : result), ...alike])];
}

/** One word of a query and the catalogue syllables it may stand for. */
export interface QueryTerm {
  typed: string;
  /** The most likely intended syllable: the word itself when the catalogue has it, else its most frequent neighbour; null when nothing is close. */
  best: string | null;
  /** Syllables a matching procedure may contain instead: the word (when the catalogue has it) and its neighbours. */
  alternatives: string[];
}

const MAX_ALTERNATIVES = 64;

const byFrequency = (vocabulary: Vocabulary) => (a: string, b: string) => (vocabulary.frequency.get(b) ?? 0) - (vocabulary.frequency.get(a) ?? 0) || (a < b ? -1 : 1);

/**
 * A word the catalogue uses was probably typed as meant: its neighbours join only when they are
 * far more common (`chu`, in 5 procedures, also stands for `tru`, in 500; `cap` does not also
 * stand for `cao` or `cay`). Each extra alternative widens the match and slows the query.
 */
const MORE_COMMON = 5;

/**
 * term() by vocabulary and word. Queries repeat their words, and finding a word's neighbours
 * (strings by the dozen) made most of a query's garbage. The terms are shared: read only.
 * Bounded, emptied when full; a new catalogue has a new vocabulary and so a new cache.
 */
const termCache = new WeakMap<Vocabulary, Map<string, QueryTerm>>();
const TERMS_CACHED = 20_000;

function term(vocabulary: Vocabulary, word: string): QueryTerm {
  let cache = termCache.get(vocabulary);
  if (cache === undefined) termCache.set(vocabulary, (cache = new Map()));
  let t = cache.get(word);
  if (t === undefined) {
    if (cache.size >= TERMS_CACHED) cache.clear();
    t = findTerm(vocabulary, word);
    cache.set(word, t);
  }
  return t;
}

function findTerm(vocabulary: Vocabulary, word: string): QueryTerm {
  const frequency = vocabulary.frequency.get(word) ?? 0;
  const near = neighbours(vocabulary, word)
    .filter((w) => frequency === 0 || (vocabulary.frequency.get(w) ?? 0) >= frequency * MORE_COMMON)
    .sort(byFrequency(vocabulary))
    .slice(0, MAX_ALTERNATIVES);
  return { typed: word, best: frequency > 0 ? word : (near[0] ?? null), alternatives: frequency > 0 ? [word, ...near] : near };
}

/** `dangky` → `dang ky` when both halves are catalogue syllables (the most frequent such split). */
function split(vocabulary: Vocabulary, word: string): [string, string] | undefined {
  let best: [string, string] | undefined;
  let score = 0;
  for (let i = 1; i < word.length; i++) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    const s = Math.min(vocabulary.frequency.get(a) ?? 0, vocabulary.frequency.get(b) ?? 0);
    if (s > score) {
      score = s;
      best = [a, b];
    }
  }
  return best;
}

export const MAX_QUERY_WORDS = 8;

/** The terms of a folded query, at most MAX_QUERY_WORDS, each with its alternatives. */
export function expandQuery(vocabulary: Vocabulary, folded: string, maxWords = MAX_QUERY_WORDS): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const word of new Set(folded.split(' ').filter((w) => w !== ''))) {
    const t = term(vocabulary, word);
    const parts = t.alternatives.length === 0 && word.length >= 4 ? split(vocabulary, word) : undefined;
    if (parts) terms.push(term(vocabulary, parts[0]), term(vocabulary, parts[1]));
    else terms.push(t);
  }
  return terms.slice(0, maxWords);
}
