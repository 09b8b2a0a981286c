import { createHash, createHmac } from 'node:crypto';
import { constantTimeEqual } from '../crypto/index.ts';
import { IntegrationErrors } from './errors.ts';

/**
 * The signature scheme of integration APIs (agencies' IT systems calling us, and later
 * us calling them). A request carries
 *
 *   X-Egov-Client:    the client (system) id
 *   X-Egov-Timestamp: Unix time in whole seconds, decimal digits
 *   X-Egov-Signature: hex HMAC-SHA256, keyed with the client secret (its UTF-8 bytes), of
 *                     "<timestamp>\n<METHOD>\n<path>\n<hex SHA-256 of the raw body>"
 *
 * `path` is the request target exactly as sent on the wire: path plus query string, with
 * the client's own percent-encoding, e.g. `/api/v1/status?since=2026-01-01T00%3A00Z`
 * (no scheme or host: those change behind proxies). The body hash covers the exact bytes
 * sent (an empty body hashes to SHA-256 of nothing), so nothing parsed or re-serialised
 * takes part and JSON and XML are treated alike.
 */
export const SIGNATURE_HEADERS = {
  client: 'x-egov-client',
  timestamp: 'x-egov-timestamp',
  signature: 'x-egov-signature',
} as const;

export const DEFAULT_MAX_SKEW_SECONDS = 300;

export type Body = string | Uint8Array | undefined;

export function sha256Hex(body: Body): string {
  return createHash('sha256').update(body ?? '').digest('hex');
}

/** The text that is signed. `timestamp` is the header's text, not a re-formatted number. */
export function canonicalRequest(input: { timestamp: string; method: string; path: string; body: Body }): string {
  return `${input.timestamp}\n${input.method.toUpperCase()}\n${input.path}\n${sha256Hex(input.body)}`;
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
}

/** The three headers that authenticate a request (for clients, tests, benchmarks and our own outgoing calls). */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    'X-Egov-Client': input.clientId,
    'X-Egov-Timestamp': timestamp,
    'X-Egov-Signature': hmacHex(input.secret, canonicalRequest({ timestamp, method: input.method, path: input.path, body: input.body })),
  };
}

export interface SignatureHeaders {
  clientId: string;
  /** As sent (it is part of the signed text). */
  timestamp: string;
  /** Lower-case hex; also the replay key. */
  signature: string;
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
 * Reads the three headers (names lower-case, as Node gives them). Throws
 * `integration.signature_missing` when one is absent or repeated; a malformed value is
 * refused with the code of the check it would fail.
 */
export function parseSignatureHeaders(headers: HeaderBag): SignatureHeaders {
  const clientId = single(headers, SIGNATURE_HEADERS.client);
  const timestamp = single(headers, SIGNATURE_HEADERS.timestamp);
  const signature = single(headers, SIGNATURE_HEADERS.signature);
  if (clientId === undefined || timestamp === undefined || signature === undefined) throw IntegrationErrors.signatureMissing();
  if (!CLIENT_ID.test(clientId)) throw IntegrationErrors.clientUnknown();
  if (!SIGNATURE.test(signature)) throw IntegrationErrors.signatureInvalid();
  return { clientId, timestamp, signature: signature.toLowerCase() };
}

/** Refuses a timestamp more than `maxSkewSeconds` away from `nowSeconds`, in either direction. */
export function assertFreshTimestamp(timestamp: string, nowSeconds: number, maxSkewSeconds = DEFAULT_MAX_SKEW_SECONDS): void {
  if (!TIMESTAMP.test(timestamp) || Math.abs(Number(timestamp) - nowSeconds) > maxSkewSeconds) {
    throw IntegrationErrors.timestampSkew(maxSkewSeconds);
  }
}

export interface VerifyInput {
  timestamp: string;
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
