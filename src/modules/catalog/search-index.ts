import type { IndexSourceRow } from './search.repository.ts';
import { buildSynonyms, type Synonym } from './search-synonyms.ts';
import { SCORED_TERMS_MAX, type ClassPostings, type IndexedProcedure, type ProcedureIndex } from './search-index.types.ts';
import { foldText } from './search-text.ts';
import { buildVocabulary } from './search-words.ts';

/**
 * The published catalogue held in each server process: an inverted index from folded
 * syllables to procedures (the name and the other searchable text apart), the vocabulary for
 * typo tolerance, the synonym dictionary and usage counts. Built from PostgreSQL when the
 * catalogue generation changes (catalog.search.ts); a query then costs no database round trip.
 * Measured on PostgreSQL 15 with 10,000 procedures: the previous tsvector/GIN search took
 * ~3 ms a query at best and >600 ms at p99 under load; this index answers in well under a ms.
 */

function pushTo(map: Map<string, number[]>, key: string, doc: number) {
  const list = map.get(key);
  if (list === undefined) map.set(key, [doc]);
  else if (list[list.length - 1] !== doc) list.push(doc);
}

const frozen = (map: Map<string, number[]>) => new Map([...map].map(([k, v]) => [k, Int32Array.from(v)]));

/** Documents handled between two pauses of a rebuild (a few ms of work). */
const ROWS_PER_STEP = 500;

/** The index, built at once (tests, small catalogues). */
export function buildIndex(rows: readonly IndexSourceRow[], synonyms: Iterable<Synonym>, uses: ReadonlyMap<string, number>): ProcedureIndex {
  const steps = indexSteps(rows, synonyms, uses);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The index, built in steps with the event loop free between them: at 100,000 procedures a
 * build takes seconds, which in one piece would stall every request of the process.
 */
export async function buildIndexYielding(rows: readonly IndexSourceRow[], synonyms: Iterable<Synonym>, uses: ReadonlyMap<string, number>): Promise<ProcedureIndex> {
  const steps = indexSteps(rows, synonyms, uses);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function* indexSteps(rows: readonly IndexSourceRow[], synonyms: Iterable<Synonym>, uses: ReadonlyMap<string, number>): Generator<void, ProcedureIndex> {
  const docs: IndexedProcedure[] = [];
  const inName = new Map<string, number[]>();
  const inExtra = new Map<string, number[]>();
  const extraWords: string[][] = new Array<string[]>(rows.length);
  const frequency = new Map<string, number>();
  const spelling = new Map<string, string>();
  const foldedTokens = new Map<string, string>();
  const groupOf = new Map<string, number>();
  const groups: number[][] = [];
  const group = new Int32Array(rows.length);
  const classOfName = new Map<string, number>();
  const nameClass = new Int32Array(rows.length);
  const inNameClass = new Map<string, number[]>();
  let maxUses = 0;
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % ROWS_PER_STEP === 0) yield;
    const r = rows[i] as IndexSourceRow;
    const nameWords = r.search_name.split(' ').filter((w) => w !== '');
    const u = uses.get(r.base_code) ?? 0;
    maxUses = Math.max(maxUses, u);
    docs.push({
      code: r.code,
      baseCode: r.base_code,
      variantAgency: r.variant_agency,
      name: r.name,
      fieldCode: r.field_code,
      fieldName: r.field_name,
      competentAgency: r.competent_agency,
      competentAgencyName: r.competent_agency_name,
      receivingAgencies: r.receiving_agencies ?? [],
      implementingLevel: r.implementing_level,
      agencyCodes: r.agency_codes,
      provinceCodes: r.province_codes,
      applicantTypes: r.applicant_types,
      onlineLevel: r.online_level,
      listing: r.listing,
      searchName: r.search_name,
      nameWords,
      uses: u,
    });
    const nameSet = new Set(nameWords);
    for (const w of nameSet) pushTo(inName, w, i);
    let c = classOfName.get(r.search_name);
    if (c === undefined) {
      c = classOfName.size;
      classOfName.set(r.search_name, c);
      for (const w of nameSet) pushTo(inNameClass, w, c);
    }
    nameClass[i] = c;
    const extra = new Set(r.search_extra.split(' ').filter((w) => w !== '' && !nameSet.has(w)));
    for (const w of extra) pushTo(inExtra, w, i);
    extraWords[i] = [...extra];
    for (const w of new Set([...nameSet, ...extra])) frequency.set(w, (frequency.get(w) ?? 0) + 1);
    for (const token of r.name.split(/[^\p{L}\p{N}]+/u)) {
      // Names repeat their words: each spelling is folded once.
      let folded = foldedTokens.get(token);
      if (folded === undefined) foldedTokens.set(token, (folded = foldText(token)));
      if (folded !== '' && !spelling.has(folded)) spelling.set(folded, token.toLowerCase());
    }
    let g = groupOf.get(r.base_code);
    if (g === undefined) {
      g = groups.length;
      groupOf.set(r.base_code, g);
      groups.push([]);
    }
    groups[g]?.push(i);
    group[i] = g;
  }
  yield;
  const n = docs.length;
  const classes = classOfName.size;
  const classStart = new Int32Array(classes + 1);
  for (let i = 0; i < n; i++) classStart[(nameClass[i] as number) + 1] = (classStart[(nameClass[i] as number) + 1] as number) + 1;
  for (let c = 0; c < classes; c++) classStart[c + 1] = (classStart[c + 1] as number) + (classStart[c] as number);
  const classDocs = new Int32Array(n);
  const filled = classStart.slice(0, classes);
  const alone = (i: number) => (groups[group[i] as number] as number[]).length === 1;
  const place = (solo: boolean) => {
    for (let i = 0; i < n; i++) {
      if (alone(i) !== solo) continue;
      const c = nameClass[i] as number;
      classDocs[filled[c] as number] = i;
      filled[c] = (filled[c] as number) + 1;
    }
  };
  place(true);
  const classGrouped = filled.slice();
  place(false);
  yield;
  // Documents in class order, so that each syllable's list comes grouped by class.
  const byClass = new Map<string, { classes: number[]; start: number[]; grouped: number[]; docs: number[] }>();
  for (let c = 0; c < classes; c++) {
    if (c > 0 && (classStart[c] as number) % ROWS_PER_STEP < (classStart[c] as number) - (classStart[c - 1] as number)) yield;
    for (let j = classStart[c] as number; j < (classStart[c + 1] as number); j++) {
      const d = classDocs[j] as number;
      for (const w of extraWords[d] as string[]) {
        let list = byClass.get(w);
        if (list === undefined) byClass.set(w, (list = { classes: [], start: [], grouped: [], docs: [] }));
        if (list.classes[list.classes.length - 1] !== c) {
          list.classes.push(c);
          list.start.push(list.docs.length);
          list.grouped.push(-1);
        }
        if (j >= (classGrouped[c] as number) && list.grouped[list.grouped.length - 1] === -1) list.grouped[list.grouped.length - 1] = list.docs.length;
        list.docs.push(d);
      }
    }
  }
  yield;
  // Name order: the names sorted once each, then each name's documents by code.
  const nameOrder = new Int32Array(n);
  let placed = 0;
  const names = [...classOfName.keys()].sort();
  for (const name of names) {
    const c = classOfName.get(name) as number;
    const members = Array.from(classDocs.subarray(classStart[c], classStart[c + 1])).sort((a, b) => {
      const x = (docs[a] as IndexedProcedure).code;
      const y = (docs[b] as IndexedProcedure).code;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    for (const d of members) nameOrder[placed++] = d;
  }
  yield;
  const inExtraByClass = new Map<string, ClassPostings>();
  let converted = 0;
  for (const [w, list] of byClass) {
    const start = Int32Array.from([...list.start, list.docs.length]);
    const grouped = Int32Array.from(list.grouped, (g, i) => (g === -1 ? (start[i + 1] as number) : g));
    inExtraByClass.set(w, { classes: Int32Array.from(list.classes), start, grouped, docs: Int32Array.from(list.docs) });
    converted += list.docs.length;
    if (converted > ROWS_PER_STEP * 20) {
      converted = 0;
      yield;
    }
  }
  yield;
  const wordIds = new Map<string, number>();
  const nameStart = new Int32Array(classes + 1);
  const nameIds = new Int32Array(names.reduce((sum, name) => sum + name.split(' ').filter((w) => w !== '').length, 0));
  let at = 0;
  for (const c of classOfName.values()) {
    nameStart[c] = at;
    for (const w of (docs[classDocs[classStart[c] as number] as number] as IndexedProcedure).nameWords) {
      let id = wordIds.get(w);
      if (id === undefined) wordIds.set(w, (id = wordIds.size));
      nameIds[at++] = id;
    }
  }
  nameStart[classes] = at;
  yield;
  // Shorter names first, then document order: placed by name length (a counting sort).
  const shortFirst = new Int32Array(n);
  let longest = 0;
  for (const d of docs) longest = Math.max(longest, d.searchName.length);
  const byLength = new Int32Array(longest + 2);
  for (const d of docs) byLength[d.searchName.length + 1] = (byLength[d.searchName.length + 1] as number) + 1;
  for (let l = 0; l <= longest; l++) byLength[l + 1] = (byLength[l + 1] as number) + (byLength[l] as number);
  docs.forEach((d, i) => {
    const l = d.searchName.length;
    shortFirst[i] = byLength[l] as number;
    byLength[l] = (byLength[l] as number) + 1;
  });
  yield;
  const nameIndex = frozen(inName);
  yield;
  const extraIndex = frozen(inExtra);
  yield;
  const vocabulary = buildVocabulary(frequency);
  yield;
  const searchNames = docs.map((d) => d.searchName);
  const usedShare = Float64Array.from(docs, (d) => (maxUses > 0 && d.uses > 0 ? Math.log(1 + d.uses) / Math.log(1 + maxUses) : 0));
  const solo = Uint8Array.from(group, (g) => ((groups[g] as number[]).length === 1 ? 1 : 0));
  const nameClasses = frozen(inNameClass);
  const classScore = new Float32Array(classes);
  yield;
  return {
    docs,
    group,
    groups,
    nameOrder,
    shortFirst,
    classTie: Int32Array.from(classDocs, (d) => shortFirst[d] as number),
    inName: nameIndex,
    inExtra: extraIndex,
    nameClass,
    classStart,
    classGrouped,
    classDocs,
    inNameClass: nameClasses,
    inExtraByClass,
    vocabulary,
    synonyms: buildSynonyms(synonyms),
    spelling,
    maxUses,
    wordIds,
    nameIds,
    nameStart,
    searchNames,
    usedShare,
    solo,
    filterMasks: new Map(),
    scratch: {
      score: new Float32Array(n),
      touched: new Int32Array(n),
      winner: new Int32Array(groups.length).fill(-1),
      groupsSeen: new Int32Array(groups.length),
      words: new Uint16Array(wordIds.size),
      classScore,
      classBest: new Float32Array(classes),
      classTouched: new Int32Array(classes),
      classTerm: new Float32Array(classes * SCORED_TERMS_MAX),
      live: new Uint8Array(classes),
      classSoloExtra: new Int32Array(classes),
      classOrder: new Int32Array(classes),
      classLift: new Float64Array(classes),
      classScoreBits: new Uint32Array(classScore.buffer),
      classKey: new Float64Array(classes),
      classBonus: new Float64Array(classes).fill(Number.NaN),
      nameMask: new Uint16Array(classes),
      classEntry: new Int32Array(classes),
      docMask: new Uint32Array(n),
      extraMark: new Uint8Array(n),
      extraDocs: new Int32Array(n),
    },
  };
}
