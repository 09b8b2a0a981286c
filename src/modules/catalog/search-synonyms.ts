import { foldText } from './search-text.ts';

/**
 * The synonym dictionary: what citizens type ("sổ đỏ", "cccd", "visa") and the catalogue's
 * words for it. A query is rewritten before its words are matched: the longest phrase of the
 * dictionary starting at each word is replaced by its meaning.
 */

export interface Synonym {
  phrase: string;
  meaning: string;
}

export interface SynonymDictionary {
  /** Folded phrase → folded meaning. */
  readonly entries: ReadonlyMap<string, string>;
  /** Longest phrase, in words. */
  readonly longest: number;
}

export const MAX_PHRASE_WORDS = 5;
export const MAX_MEANING_WORDS = 12;

export function buildSynonyms(entries: Iterable<Synonym>): SynonymDictionary {
  const map = new Map<string, string>();
  let longest = 0;
  for (const e of entries) {
    const key = foldText(e.phrase);
    const meaning = foldText(e.meaning);
    if (key === '' || meaning === '') continue;
    map.set(key, meaning);
    longest = Math.max(longest, key.split(' ').length);
  }
  return { entries: map, longest };
}

/** The folded query with every dictionary phrase replaced by its meaning; `replaced` tells whether any was. */
export function applySynonyms(dictionary: SynonymDictionary, folded: string): { text: string; replaced: boolean } {
  const words = folded.split(' ').filter((w) => w !== '');
  const out: string[] = [];
  let replaced = false;
  for (let i = 0; i < words.length; ) {
    let matched = 0;
    for (let n = Math.min(dictionary.longest, words.length - i); n >= 1; n--) {
      const meaning = dictionary.entries.get(words.slice(i, i + n).join(' '));
      if (meaning !== undefined) {
        out.push(meaning);
        matched = n;
        replaced = true;
        break;
      }
    }
    if (matched === 0) {
      out.push(words[i] as string);
      matched = 1;
    }
    i += matched;
  }
  return { text: out.join(' '), replaced };
}

/** A dictionary entry as an administrator typed it: problems by field, in the message catalogue's keys. */
export function checkSynonym(input: { phrase: string; meaning: string }): { phrase?: 'synonymPhraseInvalid'; meaning?: 'synonymMeaningInvalid' } {
  const problems: { phrase?: 'synonymPhraseInvalid'; meaning?: 'synonymMeaningInvalid' } = {};
  const phraseWords = foldText(input.phrase).split(' ').filter((w) => w !== '');
  const meaningWords = foldText(input.meaning).split(' ').filter((w) => w !== '');
  if (phraseWords.length === 0 || phraseWords.length > MAX_PHRASE_WORDS || input.phrase.trim().length > 60) problems.phrase = 'synonymPhraseInvalid';
  if (meaningWords.length === 0 || meaningWords.length > MAX_MEANING_WORDS || input.meaning.trim().length > 200) problems.meaning = 'synonymMeaningInvalid';
  return problems;
}
