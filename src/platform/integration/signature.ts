import { createHash, createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../crypto/index.ts';
import { IntegrationErrors } from './errors.ts';

/**
 * The signature scheme of integration APIs (agencies' IT systems calling us, and later
 * us calling them). A request carries
 *
 *   X-Egov-Client:    the client (system) id
 *   X-Egov-Timestamp: Unix time in whole seconds, decimal digits
 *   X-Egov-Nonce:     optional: 16–64 characters of [A-Za-z0-9_-], new for every request
 *   X-Egov-Signature: hex HMAC-SHA256, keyed with the client secret (its UTF-8 bytes), of
 *                     "<timestamp>\n<METHOD>\n<path>\n<hex SHA-256 of the raw body>", or with
 *                     a nonce "<timestamp>\n<nonce>\n<METHOD>\n<path>\n<hex SHA-256 of the raw body>"
 *
 * `path` is the request target exactly as sent on the wire: path plus query string, with
 * the client's own percent-encoding, e.g. `/api/v1/status?since=2026-01-01T00%3A00Z`
 * (no scheme or host: those change behind proxies). The body hash covers the exact bytes
 * sent (an empty body hashes to SHA-256 of nothing), so nothing parsed or re-serialised
 * takes part and JSON and XML are treated alike.
 *
 * Why a nonce: without one, two identical requests signed in the same second are the same
 * text, so the replay rule (each signature once) refuses an immediate retry or a second
 * identical poll. With one, the replay rule keys on the client's nonce instead. Requests
 * without it keep the first rule, so existing clients keep working. docs/integration.md
 * is the integrators' guide, with a worked example that a test checks.
 */
export const SIGNATURE_HEADERS = {
  client: 'x-egov-client',
  timestamp: 'x-egov-timestamp',
  signature: 'x-egov-signature',
  nonce: 'x-egov-nonce',
} as const;

export const DEFAULT_MAX_SKEW_SECONDS = 300;

export type Body = string | Uint8Array | undefined;

export function sha256Hex(body: Body): string {
  return createHash('sha256').update(body ?? '').digest('hex');
}

/** The text that is signed. `timestamp` is the header's text, not a re-formatted number. */
export function canonicalRequest(input: { timestamp: string; nonce?: string | undefined; method: string; path: string; body: Body }): string {
  const nonce = input.nonce === undefined ? '' : `${input.nonce}\n`;
  return `${input.timestamp}\n${nonce}${input.method.toUpperCase()}\n${input.path}\n${sha256Hex(input.body)}`;
}

const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

/** A new random nonce (22 characters, 128 bits). */
export function createNonce(): string {
  return randomBytes(16).toString('base64url');
}

function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}

export interface SignRequestInput {
  clientId: string;
  secret: string;
  method: string;
  /** Path and query string exactly as they will be sent. */
  path: string;
  /** The exact bytes that will be sent; a string is sent (and hashed) as UTF-8. */
  body?: Body;
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** X-Egov-Nonce (see createNonce); without it the request is signed as before nonces existed. */
  nonce?: string;
}

/** The headers that authenticate a request (for clients, tests, benchmarks and our own outgoing calls). */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const { nonce } = input;
  if (nonce !== undefined && !NONCE.test(nonce)) throw new Error('X-Egov-Nonce must be 16 to 64 characters of A-Z, a-z, 0-9, "_" and "-"');
  return {
    'X-Egov-Client': input.clientId,
    'X-Egov-Timestamp': timestamp,
    ...(nonce === undefined ? {} : { 'X-Egov-Nonce': nonce }),
    'X-Egov-Signature': hmacHex(input.secret, canonicalRequest({ timestamp, nonce, method: input.method, path: input.path, body: input.body })),
  };
}

export interface SignatureHeaders {
  clientId: string;
  /** As sent (it is part of the signed text). */
  timestamp: string;
  /** Lower-case hex; the replay key of a request without a nonce. */
  signature: string;
  /** X-Egov-Nonce when sent: part of the signed text, and the replay key with the client id. */
  nonce?: string | undefined;
}

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;

type HeaderBag = Record<string, string | string[] | undefined>;

function single(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  // A repeated header is ambiguous: which one was signed? Treat it as absent.
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Reads the headers (names lower-case, as Node gives them). Throws
 * `integration.signature_missing` when one of the three required is absent or repeated; a
 * malformed value is refused with the code of the check it would fail. A nonce header that
 * is present must be well-formed and sent once (`integration.nonce_invalid`).
 */
export function parseSignatureHeaders(headers: HeaderBag): SignatureHeaders {
  const clientId = single(headers, SIGNATURE_HEADERS.client);
  const timestamp = single(headers, SIGNATURE_HEADERS.timestamp);
  const signature = single(headers, SIGNATURE_HEADERS.signature);
  if (clientId === undefined || timestamp === undefined || signature === undefined) throw IntegrationErrors.signatureMissing();
  if (!CLIENT_ID.test(clientId)) throw IntegrationErrors.clientUnknown();
  if (!SIGNATURE.test(signature)) throw IntegrationErrors.signatureInvalid();
  const nonce = nonceOf(headers);
  return { clientId, timestamp, signature: signature.toLowerCase(), ...(nonce === undefined ? {} : { nonce }) };
}

function nonceOf(headers: HeaderBag): string | undefined {
  const value = headers[SIGNATURE_HEADERS.nonce];
  if (value === undefined) return undefined;
  // Present but empty, repeated or malformed: refused rather than read as "no nonce", which
  // would silently fall back to the other replay rule.
  const nonce = typeof value === 'string' ? value.trim() : undefined;
  if (nonce === undefined || !NONCE.test(nonce)) throw IntegrationErrors.nonceInvalid();
  return nonce;
}

/** Refuses a timestamp more than `maxSkewSeconds` away from `nowSeconds`, in either direction. */
export function assertFreshTimestamp(timestamp: string, nowSeconds: number, maxSkewSeconds = DEFAULT_MAX_SKEW_SECONDS): void {
  if (!TIMESTAMP.test(timestamp) || Math.abs(Number(timestamp) - nowSeconds) > maxSkewSeconds) {
    throw IntegrationErrors.timestampSkew(maxSkewSeconds);
  }
}

export interface VerifyInput {
  timestamp: string;
  nonce?: string | undefined;
  method: string;
  path: string;
  body: Body;
  /** Lower-case hex, as returned by parseSignatureHeaders. */
  signature: string;
  /** Every secret that may sign now (two during a rotation overlap). */
  secrets: readonly string[];
}

/** True when the signature was made with one of the secrets. Pure: no clock, no I/O. */
export function verifySignedRequest(input: VerifyInput): boolean {
  const text = canonicalRequest(input);
  let ok = false;
  // Every secret is tried, without stopping early, so the time taken does not tell
  // which secret matched or how many there are.
  for (const secret of input.secrets) ok = constantTimeEqual(hmacHex(secret, text), input.signature) || ok;
  return ok;
}
