/**
 * What one package may ask of the parser, enforced while it is read (tree.ts, content.ts):
 * the moment a package crosses one of these, it is refused with `limit_exceeded` and the
 * rest is not read. Each value leaves a wide margin over real packages: the SDK's thirteen
 * (../shared/fixtures/edxml) nest 9 deep, hold at most 124 elements, one attribute per
 * element of at most 53 characters, 1,912 characters of names in all, and no text longer
 * than 344 characters outside attachment content.
 */
export const PARSE_LIMITS = {
  /** Elements nested inside each other, the root counting as 1. */
  maxDepth: 100,
  /** Elements in the whole package (a document to 5,000 recipients holds about 45,000). */
  maxElements: 50_000,
  /** Attributes on one element. */
  maxAttributes: 64,
  /** Characters of one attribute value. */
  maxAttributeChars: 16 * 1024,
  /** Characters of one element or attribute name. */
  maxNameChars: 512,
  /** Characters of all element and attribute names together. */
  maxTotalNameChars: 2 * 1024 * 1024,
  /**
   * Characters of the text of one element other than attachment content, and of any one
   * comment, processing instruction or DOCTYPE, as written.
   */
  maxTextChars: 1024 * 1024,
  /** Characters of the header's Signature element, kept verbatim for verification. */
  maxSignatureChars: 1024 * 1024,
} as const;

/**
 * Bytes read between two turns of the event loop: a 50 MB package is read in about 200
 * turns, so other requests (and `/health/live`) are served while it is parsed. A package
 * smaller than this is read in one turn.
 */
export const PARSE_CHUNK_BYTES = 256 * 1024;
