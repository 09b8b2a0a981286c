import type { ApplicantType, ImplementingLevel, OnlineLevel } from './catalog.schemas.ts';
import type { Listing } from './procedure-index.ts';
import type { SynonymDictionary } from './search-synonyms.ts';
import type { Vocabulary } from './search-words.ts';

/**
 * The shape of the in-process search index (search-index.ts builds it): the documents, their
 * postings by syllable and by name class, and the scratch arrays a query works in.
 */

export interface IndexedProcedure {
  code: string;
  baseCode: string;
  /** The agency publishing a local variant; null for a procedure without variants. */
  variantAgency: string | null;
  name: string;
  fieldCode: string;
  fieldName: string;
  competentAgency: string;
  competentAgencyName: string;
  receivingAgencies: string[];
  implementingLevel: ImplementingLevel | null;
  agencyCodes: string[];
  provinceCodes: string[];
  applicantTypes: ApplicantType[];
  onlineLevel: OnlineLevel | null;
  listing: Listing;
  searchName: string;
  nameWords: string[];
  uses: number;
}

export interface ClassPostings {
  classes: Int32Array;
  start: Int32Array;
  /** Where classes[i]'s documents in a group begin: docs[start[i]] … docs[grouped[i] - 1] are alone in theirs (as in classDocs). */
  grouped: Int32Array;
  docs: Int32Array;
}

/** The same procedure published by another province (same base code). */
export interface Variant {
  code: string;
  provinceCodes: string[];
}

export interface ProcedureIndex {
  docs: IndexedProcedure[];
  /** Document → its group (documents sharing a base code). */
  group: Int32Array;
  /** Group → its documents, in code order. */
  groups: number[][];
  /** Documents in name order, for a search without words. */
  nameOrder: Int32Array;
  /** Document → its place when shorter names come first: the tie-break between equal scores, as one number. */
  shortFirst: Int32Array;
  /** shortFirst in classDocs' order (read in order by the head instead of at random). */
  classTie: Int32Array;
  /** Syllable → documents with it in the name (the plain form of search reads these). */
  inName: Map<string, Int32Array>;
  /**
   * Documents sharing a folded name are one name class: a national catalogue publishes the
   * same procedure for many agencies under one name. The fast path scores name classes, not
   * documents (search-scoring.ts). Document → its class; class c's documents are
   * classDocs[classStart[c]] … classDocs[classStart[c + 1] - 1]: those alone in their group
   * first, up to classGrouped[c], then the others, each part in document order.
   */
  nameClass: Int32Array;
  classStart: Int32Array;
  classGrouped: Int32Array;
  classDocs: Int32Array;
  /** Syllable → name classes with it in the name. */
  inNameClass: Map<string, Int32Array>;
  /** Syllable → documents with it in the other text only, by name class: classes[i]'s are docs[start[i]] … docs[start[i + 1] - 1]. */
  inExtraByClass: Map<string, ClassPostings>;
  /** Syllable → documents with it elsewhere (field, agency, case names) and not in the name. */
  inExtra: Map<string, Int32Array>;
  vocabulary: Vocabulary;
  synonyms: SynonymDictionary;
  /** Folded syllable → its spelling with accents in some name, for "did you mean". */
  spelling: Map<string, string>;
  maxUses: number;
  /** Syllable of some name → its id. */
  wordIds: Map<string, number>;
  /** The ids of every name class's words, in order: class c's are nameIds[nameStart[c]] … nameIds[nameStart[c + 1] - 1]. */
  nameIds: Int32Array;
  nameStart: Int32Array;
  /** Document → its folded name (docs[d].searchName, in an array of strings only). */
  searchNames: string[];
  /** Document → log(1 + uses) / log(1 + maxUses), 0 when unused. */
  usedShare: Float64Array;
  /** Document → 1 when it is alone in its group. */
  solo: Uint8Array;
  /** Filter combination → document → 1 when it passes (search-scoring.ts). */
  filterMasks: Map<string, Uint8Array>;
  /**
   * Scratch arrays, one per index: searches run synchronously, one at a time per process, and
   * leave them as they found them (zeros, winners -1).
   */
  scratch: {
    score: Float32Array;
    /** Scratch lists: postings touched, then the results. */
    touched: Int32Array;
    winner: Int32Array;
    groupsSeen: Int32Array;
    /** Name word id → one bit per query term that may stand for it. */
    words: Uint16Array;
    /** By name class: score, best alternative of a term, classes touched, each term's share (term t of class c at c * SCORED_TERMS_MAX + t), live, bonus from the name. */
    classScore: Float32Array;
    classBest: Float32Array;
    classTouched: Int32Array;
    classTerm: Float32Array;
    live: Uint8Array;
    /** By name class: its documents alone in their group that were scored one by one. */
    classSoloExtra: Int32Array;
    /** Classes whose plain documents alone in their group are results (counted, not listed). */
    classOrder: Int32Array;
    /** By name class: the most its other text may add to a document's score. */
    classLift: Float64Array;
    /** classScore's bits (non-negative float32s order as their bits do), and sort keys made of them (search-classes.ts). */
    classScoreBits: Uint32Array;
    classKey: Float64Array;
    classBonus: Float64Array;
    /** By name class: the terms its name has, one bit each; its first entry of other text matching a term it lacks, plus one (search-classes.ts). */
    nameMask: Uint16Array;
    classEntry: Int32Array;
    /** By document: which terms its other text matches and how (search-classes.ts), and whether it is scored one by one. */
    docMask: Uint32Array;
    extraMark: Uint8Array;
    extraDocs: Int32Array;
  };
}

/** The most words of a query that are scored (search-engine.ts reads no more). */
export const SCORED_TERMS_MAX = 12;
