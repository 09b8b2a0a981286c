import { createHash, createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../platform/crypto/index.ts';
import { ExchangeErrors } from './exchange.errors.ts';

/**
 * How the Government Office's SDK for the document-exchange axis (SDKVXP 2.0.1) signs a
 * request, as captured on the wire and checked by recomputation (../shared/fixtures/vxp):
 *
 *   XroadVnpt-<name>            every parameter, one header each (systemid, timestamp, docId …)
 *   XroadVnpt-sign-header-key   the names signed, `;`-separated (`systemid;docId;timestamp;…`)
 *   XroadVnpt-sign-header       a JSON object {"XroadVnpt-<name>": "<value>", …} of those headers
 *   XroadVnpt-hash-header       hex HMAC-SHA256 of that JSON text, keyed with the client's secret
 *   XroadVnpt-timestamp         ddMMyyyy'T'HHmmss'+'SSSS: the sender's local time, and after the
 *                               `+` its milliseconds (not a UTC offset)
 *   XroadVnpt-hash-file         sendEdoc: SHA-256 of the file, each byte in hex without its
 *                               leading zero (0x06 → `6`); the body is the file and a CRLF
 *
 * The secret is never sent. The HMAC covers the JSON text only, so the checks here make the
 * JSON mean the request: its keys are exactly the names listed, and each value is the header
 * actually sent; a signature is then never reusable with other headers. Header names are
 * case-insensitive on HTTP (Node gives them in lower case), so names are compared so.
 */

export const VXP_PREFIX = 'xroadvnpt-';

const HEADER = {
  systemId: 'xroadvnpt-systemid',
  timestamp: 'xroadvnpt-timestamp',
  signHeaderKey: 'xroadvnpt-sign-header-key',
  signHeader: 'xroadvnpt-sign-header',
  hashHeader: 'xroadvnpt-hash-header',
} as const;

/** Names that describe the signature itself: never part of what is signed. */
const SIGNATURE_NAMES = new Set(['sign-header-key', 'sign-header', 'hash-header']);
/** The SDK always signs these: without them a signature would not say who, or when. */
const ALWAYS_SIGNED = ['systemid', 'timestamp'];
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_SIGNED_NAMES = 32;
const HASH = /^[0-9a-fA-F]{64}$/;

type HeaderBag = Record<string, string | string[] | undefined>;

/** A request's VXP headers, read and checked against each other (no secret, no clock, no I/O yet). */
export interface VxpSignedHeaders {
  systemId: string;
  /** As sent; read with the client's time zone by parseVxpTimestamp. */
  timestamp: string;
  /** Lower-case hex. */
  hashHeader: string;
  /** The exact bytes the HMAC was computed over. */
  signedText: Buffer;
  /** Every signed header by its name in lower case without the prefix (`docid`, `hash-file` …), value as sent (UTF-8). */
  signed: ReadonlyMap<string, string>;
}

function single(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads the signature headers. Throws `exchange.vxp_credentials_missing` when one of them is
 * absent, and `exchange.vxp_signed_headers_invalid` when the signed JSON does not describe
 * this request (keys other than the names listed, or a value that is not the header sent).
 */
export function readVxpHeaders(headers: HeaderBag): VxpSignedHeaders {
  const systemId = single(headers, HEADER.systemId);
  const timestamp = single(headers, HEADER.timestamp);
  const keyList = single(headers, HEADER.signHeaderKey);
  const signHeader = single(headers, HEADER.signHeader);
  const hashHeader = single(headers, HEADER.hashHeader);
  if (!systemId || !timestamp || !keyList || !signHeader || !hashHeader) throw ExchangeErrors.vxpCredentialsMissing();
  if (!HASH.test(hashHeader)) throw ExchangeErrors.vxpSignatureInvalid();

  const names = keyList.split(';').map((n) => n.trim());
  const lower = names.map((n) => n.toLowerCase());
  const invalid = (why: string) => ExchangeErrors.vxpSignedHeadersInvalid(why);
  if (names.length > MAX_SIGNED_NAMES) throw invalid(`at most ${MAX_SIGNED_NAMES} names may be signed`);
  if (names.some((n) => !NAME.test(n))) throw invalid('XroadVnpt-sign-header-key lists a name that is empty or not made of A-Z, a-z, 0-9, "_", "." and "-"');
  if (new Set(lower).size !== lower.length) throw invalid('XroadVnpt-sign-header-key lists a name twice');
  if (lower.some((n) => SIGNATURE_NAMES.has(n))) throw invalid('XroadVnpt-sign-header-key lists a header of the signature itself');
  const missing = ALWAYS_SIGNED.find((n) => !lower.includes(n));
  if (missing) throw invalid(`XroadVnpt-${missing} must be signed`);

  const entries = parseFlatJsonObject(signHeader);
  if (!entries) throw invalid('XroadVnpt-sign-header is not a JSON object of text values');
  if (entries.length !== names.length) throw invalid('XroadVnpt-sign-header must hold exactly the headers XroadVnpt-sign-header-key names');
  const signed = new Map<string, string>();
  for (const [key, value] of entries) {
    const name = key.toLowerCase();
    const bare = name.startsWith(VXP_PREFIX) ? name.slice(VXP_PREFIX.length) : undefined;
    if (bare === undefined || !lower.includes(bare) || signed.has(bare)) {
      throw invalid('XroadVnpt-sign-header must hold exactly the headers XroadVnpt-sign-header-key names');
    }
    if (headers[name] !== value) throw invalid(`${key} is not the value signed`);
    signed.set(bare, textOf(value));
  }
  return { systemId, timestamp, hashHeader: hashHeader.toLowerCase(), signedText: bytesOf(signHeader), signed };
}

/**
 * The bytes of a header as they came. Node reads each byte of a header as one latin1
 * character, so latin1 gives them back; a string with wider characters did not come from
 * the wire that way (an in-process request) and is taken as UTF-8.
 */
function bytesOf(header: string): Buffer {
  return /[\u0100-\uffff]/.test(header) ? Buffer.from(header, 'utf8') : Buffer.from(header, 'latin1');
}

/** A header's value as text: its bytes read as UTF-8. */
function textOf(header: string): string {
  return bytesOf(header).toString('utf8');
}

/** True when `hashHeader` is the HMAC of the signed text under one of the secrets (every secret is tried, without stopping early). */
export function verifyVxpSignature(headers: Pick<VxpSignedHeaders, 'signedText' | 'hashHeader'>, secrets: readonly string[]): boolean {
  let ok = false;
  for (const secret of secrets) ok = constantTimeEqual(createHmac('sha256', secret).update(headers.signedText).digest('hex'), headers.hashHeader) || ok;
  return ok;
}

const TIMESTAMP = /^(\d{2})(\d{2})(\d{4})T(\d{2})(\d{2})(\d{2})\+(\d{1,4})$/;

/**
 * The instant (milliseconds since the epoch) of a timestamp `ddMMyyyyTHHmmss+SSSS` read as a
 * wall-clock time in `timeZone`; undefined when it is not such a timestamp or not a real time.
 */
export function parseVxpTimestamp(text: string, timeZone: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [day, month, year, hour, minute, second, millisecond] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
  if (millisecond > 999 || hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0–99 to 19xx
  if (wall.getUTCFullYear() !== year || wall.getUTCMonth() !== month - 1 || wall.getUTCDate() !== day) return undefined;
  wall.setUTCHours(hour, minute, second, millisecond);
  // The wall time read as UTC, less the zone's offset at that instant; the offset is looked up
  // again at the result, which differs only across a daylight-saving change.
  const asUtc = wall.getTime();
  const first = asUtc - offsetOf(timeZone, asUtc);
  return asUtc - offsetOf(timeZone, first);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetOf(timeZone: string, instant: number): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1);
  wall.setUTCHours(parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, 0);
  return wall.getTime() - Math.floor(instant / 1000) * 1000;
}

/** SHA-256 written as the SDK writes it: each byte in hex without its leading zero. */
export function unpaddedHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16);
  return text;
}

/**
 * The file a sendEdoc body carries, when `hashFile` (XroadVnpt-hash-file) is its hash: the SDK
 * sends the file followed by one CRLF, so the body without that CRLF is tried first, then the
 * body as it is (a client that adds nothing). Compared in the SDK's unpadded form; a hash
 * written with every byte's two digits is accepted too. Undefined when neither matches.
 */
export function vxpFileOf(body: Buffer, hashFile: string): Buffer | undefined {
  const given = hashFile.toLowerCase();
  const candidates = body.length >= 2 && body[body.length - 2] === 0x0d && body[body.length - 1] === 0x0a ? [body.subarray(0, body.length - 2), body] : [body];
  for (const file of candidates) {
    const digest = createHash('sha256').update(file).digest();
    if (given === unpaddedHex(digest) || given === digest.toString('hex')) return file;
  }
  return undefined;
}

// eslint-disable-next-line no-control-regex -- JSON strings exclude control characters (RFC 8259 §7)
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const BLANK = /[ \t\n\r]*/y;

/**
 * A JSON object whose values are all strings, as its [key, value] pairs in order; undefined
 * for anything else. Written out rather than JSON.parse so that a key given twice (which
 * JSON.parse would silently collapse to its last value) is seen and refused by the caller.
 */
export function parseFlatJsonObject(text: string): [string, string][] | undefined {
  let at = 0;
  const skip = () => {
    BLANK.lastIndex = at;
    BLANK.exec(text);
    at = BLANK.lastIndex;
  };
  const string = (): string | undefined => {
    STRING.lastIndex = at;
    const m = STRING.exec(text);
    if (!m) return undefined;
    at = STRING.lastIndex;
    return JSON.parse(m[0]) as string;
  };
  const entries: [string, string][] = [];
  skip();
  if (text[at] !== '{') return undefined;
  at++;
  skip();
  if (text[at] === '}') at++;
  else {
    for (;;) {
      const key = string();
      if (key === undefined) return undefined;
      skip();
      if (text[at] !== ':') return undefined;
      at++;
      skip();
      const value = string();
      if (value === undefined) return undefined;
      entries.push([key, value]);
      skip();
      if (text[at] === ',') {
        at++;
        skip();
        continue;
      }
      if (text[at] !== '}') return undefined;
      at++;
      break;
    }
  }
  skip();
  return at === text.length ? entries : undefined;
}
