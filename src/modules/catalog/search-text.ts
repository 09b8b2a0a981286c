/**
 * Folds Vietnamese text for search: no tone or vowel marks, `đ`/`Đ` → `d`, lower case,
 * anything that is not a letter or a digit becomes one space. The same function folds the
 * stored text and the query, so they always agree; a test checks it against PostgreSQL's
 * `unaccent(lower(…))` on both drivers.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A query as typed, folded and cut to a length the trigram search handles quickly. */
export function foldQuery(text: string, maxLength = 100): string {
  return foldText(text.slice(0, maxLength * 2)).slice(0, maxLength).trim();
}

