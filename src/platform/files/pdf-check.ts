import { inflateSync } from 'node:zlib';

/** What is wrong with a file that claims to be a PDF, if anything. */
export type PdfFinding = { refusal: 'file_structure' | 'file_active_content'; reason: string };

/**
 * Names of PDF features that run code, open other programs or carry other files. A
 * citizen's scanned or printed document needs none of them, and each has carried malware.
 * Compared without case: a viewer forgiving `/javascript` is not worth the doubt.
 * The long ones are looked for in every byte of the file, stream contents included (an
 * object hidden inside a stream can still be reached through the cross-reference table);
 * the short ones (`/JS`, `/XFA`) only where objects are, or random bytes would match them.
 */
const ACTIVE_LONG = new Set(['javascript', 'launch', 'embeddedfile', 'embeddedfiles', 'richmedia', 'importdata', 'submitform']);
const ACTIVE_SHORT = new Set(['js', 'xfa']);

/** Object streams inflated per file, at most: a small PDF inflating to gigabytes is a bomb. */
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

const NAME = /\/([^\s/<>[\](){}%]+)/g;
const isWhite = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelimiter = (c: number) => c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;

/**
 * Checks a PDF's structure and refuses active content:
 * - the header `%PDF-1.x` or `%PDF-2.0` at offset 0;
 * - at the end, `startxref` with an offset that points at a cross-reference table or stream,
 *   then `%%EOF` and nothing but white space (bytes appended after it are how polyglots hide);
 * - none of the active names above, also spelled with `#xx` escapes or hidden in compressed
 *   object streams (which are inflated and read too).
 */
export function checkPdf(bytes: Buffer): PdfFinding | undefined {
  const text = bytes.toString('latin1');
  if (!/^%PDF-(?:1\.[0-7]|2\.0)/.test(text)) return { refusal: 'file_structure', reason: 'no PDF header at offset 0' };
  const tail = /startxref\s+(\d{1,10})\s+%%EOF[\s\0]*$/.exec(text.slice(-1024));
  if (!tail) return { refusal: 'file_structure', reason: 'no startxref and %%EOF at the end' };
  const xrefAt = Number(tail[1]);
  if (xrefAt >= bytes.length || !/^[\s\0]*(?:xref\b|\d+\s+\d+\s+obj\b)/.test(text.slice(xrefAt, xrefAt + 64))) {
    return { refusal: 'file_structure', reason: 'startxref does not point at a cross-reference section' };
  }
  for (const m of text.matchAll(NAME)) {
    if (ACTIVE_LONG.has(decodeName(m[1]!).toLowerCase())) return active(m[1]!);
  }
  return walkObjects(bytes, { inflated: 0 }, true);
}

const active = (name: string): PdfFinding => ({ refusal: 'file_active_content', reason: `active content /${name}` });

/**
 * Walks PDF syntax: names are read outside strings, comments and stream contents; object
 * streams are inflated and walked as well.
 */
function walkObjects(bytes: Buffer, budget: { inflated: number }, top: boolean): PdfFinding | undefined {
  const end = bytes.length;
  let objectStart = 0;
  let i = 0;
  while (i < end) {
    const c = bytes[i]!;
    if (c === 0x25 /* % */) {
      while (i < end && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
    } else if (c === 0x28 /* ( */) {
      i = skipLiteralString(bytes, i);
      // A string left open would swallow, for this walk, objects a reader finds by offset.
      if (i < 0) return { refusal: 'file_structure', reason: 'a string without its end' };
    } else if (c === 0x3c /* < */) {
      const close = bytes[i + 1] === 0x3c ? i + 1 : bytes.indexOf(0x3e, i);
      if (close < 0) return { refusal: 'file_structure', reason: 'a string without its end' };
      i = close + 1;
    } else if (c === 0x2f /* / */) {
      let j = i + 1;
      while (j < end && !isWhite(bytes[j]!) && !isDelimiter(bytes[j]!)) j++;
      const name = bytes.toString('latin1', i + 1, j);
      const decoded = decodeName(name).toLowerCase();
      if (ACTIVE_SHORT.has(decoded) || ACTIVE_LONG.has(decoded)) return active(name);
      i = j;
    } else if (c === 0x6f /* o */ && keywordAt(bytes, i, 'obj')) {
      i += 3;
      objectStart = i;
    } else if (c === 0x73 /* s */ && keywordAt(bytes, i, 'stream')) {
      // Object streams hold objects, never streams: one here would hide what follows it.
      if (!top) return { refusal: 'file_structure', reason: 'a stream inside an object stream' };
      let body = i + 6;
      if (bytes[body] === 0x0d) body++;
      if (bytes[body] === 0x0a) body++;
      const close = bytes.indexOf('endstream', body, 'latin1');
      if (close < 0) return { refusal: 'file_structure', reason: 'a stream without endstream' };
      const finding = walkObjectStream(bytes.toString('latin1', objectStart, i), bytes.subarray(body, close), budget);
      if (finding) return finding;
      i = close + 9;
      objectStart = i;
    } else {
      i++;
    }
  }
  return undefined;
}

/**
 * A stream whose dictionary makes it an object stream (PDF 1.5: `/Type /ObjStm`, or the
 * `/N` and `/First` a reader needs to use it as one) is inflated and walked.
 */
function walkObjectStream(dictionary: string, body: Buffer, budget: { inflated: number }): PdfFinding | undefined {
  const names = [...dictionary.matchAll(NAME)].map((m) => decodeName(m[1]!));
  if (!names.includes('ObjStm') && !(names.includes('N') && names.includes('First'))) return undefined;
  const filterAt = names.indexOf('Filter');
  const filters = filterAt < 0 ? [] : names.slice(filterAt + 1).filter((n) => /Decode$|^(?:Fl|AHx|A85|LZW|RL|CCF|DCT)$/.test(n));
  const plain = filters.length === 0;
  const flate = filters.length === 1 && (filters[0] === 'FlateDecode' || filters[0] === 'Fl');
  if ((!plain && !flate) || names.includes('DecodeParms') || names.includes('DP')) {
    return { refusal: 'file_structure', reason: 'an object stream that cannot be checked' };
  }
  let objects: Buffer;
  try {
    objects = plain ? body : inflateSync(body, { maxOutputLength: MAX_INFLATED_BYTES - budget.inflated + 1 });
  } catch {
    // Encrypted, damaged or a bomb: what it holds cannot be checked.
    return { refusal: 'file_structure', reason: 'an object stream that cannot be inflated' };
  }
  budget.inflated += objects.length;
  if (budget.inflated > MAX_INFLATED_BYTES) return { refusal: 'file_structure', reason: 'object streams inflate too much' };
  for (const m of objects.toString('latin1').matchAll(NAME)) {
    if (ACTIVE_LONG.has(decodeName(m[1]!).toLowerCase())) return active(m[1]!);
  }
  return walkObjects(objects, budget, false);
}

/** A keyword, delimited on both sides. */
function keywordAt(bytes: Buffer, i: number, keyword: string): boolean {
  if (bytes.toString('latin1', i, i + keyword.length) !== keyword) return false;
  const before = i === 0 ? 0x20 : bytes[i - 1]!;
  const after = i + keyword.length >= bytes.length ? 0x20 : bytes[i + keyword.length]!;
  return (isWhite(before) || isDelimiter(before)) && (isWhite(after) || isDelimiter(after));
}

/** `( … )` with nested parentheses and backslash escapes; returns the index after it, -1 if it never ends. */
function skipLiteralString(bytes: Buffer, i: number): number {
  let depth = 0;
  for (; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  return -1;
}

/** `/Java#53cript` is `/JavaScript`. */
function decodeName(raw: string): string {
  return raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
