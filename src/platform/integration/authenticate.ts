import { IntegrationErrors } from './errors.ts';
import type { ReplayStore } from './replay-store.ts';
import { assertFreshTimestamp, DEFAULT_MAX_SKEW_SECONDS, parseSignatureHeaders, sha256Hex, verifySignedRequest, type Body, type SignatureHeaders } from './signature.ts';

/** What the platform needs to know about a client; supplied by the module that owns clients (agencies). */
export interface ResolvedClient {
  clientId: string;
  agencyCode: string;
  /** Plaintext secrets that may sign now: two during a rotation overlap, any one verifies. */
  secrets: string[];
  revoked?: boolean;
}

/** Injected so that the platform knows no module. A transport may resolve more about a client (`C`). */
export interface ClientSecretResolver<C extends ResolvedClient = ResolvedClient> {
  resolve(clientId: string): Promise<C | undefined>;
}

/** Who made an authenticated integration request. */
export interface IntegrationCaller {
  clientId: string;
  agencyCode: string;
}

export interface SignedRequestOptions {
  resolver: ClientSecretResolver;
  replayStore: ReplayStore;
  /** Allowed difference between X-Egov-Timestamp and our clock, either way (default 300). */
  maxSkewSeconds?: number;
  /** Milliseconds since the epoch (tests). */
  now?: () => number;
}

/** Servers' clocks differ a little from each other and from the database's. */
const CLOCK_MARGIN_SECONDS = 60;

/**
 * How long a seen signature must be remembered. A signature is accepted only while
 * |timestamp − now| ≤ skew, a window 2 × skew long; anything older can no longer pass
 * the timestamp check, so it need not be remembered.
 */
export function replayRetentionSeconds(maxSkewSeconds: number): number {
  return 2 * maxSkewSeconds + CLOCK_MARGIN_SECONDS;
}

export interface SignedRequestInput {
  headers: Record<string, string | string[] | undefined>;
  method: string;
  /** Path and query string exactly as received (the raw request target). */
  path: string;
  /** Called only once the cheap checks passed, so a refused request's body is never buffered. */
  readBody: () => Promise<Body>;
}

/**
 * Authenticates a signed request or throws an `integration.*` DomainError (401). The
 * checks run cheapest first: headers and clock before any I/O, the client before the
 * body is read, and the replay record last so that only genuine signatures are stored.
 */
export async function authenticateSignedRequest(input: SignedRequestInput, options: SignedRequestOptions): Promise<IntegrationCaller> {
  const maxSkewSeconds = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  const headers = parseSignatureHeaders(input.headers);
  assertFreshTimestamp(headers.timestamp, Math.floor((options.now ?? Date.now)() / 1000), maxSkewSeconds);

  const client = await options.resolver.resolve(headers.clientId);
  if (!client) throw IntegrationErrors.clientUnknown();
  // No active secret is what revocation looks like from here, whatever the resolver's flag.
  if (client.revoked === true || client.secrets.length === 0) throw IntegrationErrors.clientRevoked();

  const body = await input.readBody();
  const valid = verifySignedRequest({ ...headers, method: input.method, path: input.path, body, secrets: client.secrets });
  if (!valid) throw IntegrationErrors.signatureInvalid();

  const firstTime = await options.replayStore.remember(replayKey(client.clientId, headers), client.clientId, replayRetentionSeconds(maxSkewSeconds));
  if (!firstTime) throw IntegrationErrors.replay();
  return { clientId: client.clientId, agencyCode: client.agencyCode };
}

/**
 * What the replay store remembers of an accepted request: its signature, or with a nonce,
 * the client and the nonce (a nonce is used once per client, whatever else the request
 * says; two clients may choose the same one). Both are 64 hex characters; the nonce's key
 * is a hash of a text no signature is computed over, so the two never meet.
 */
function replayKey(clientId: string, headers: SignatureHeaders): string {
  return headers.nonce === undefined ? headers.signature : sha256Hex(`egov-nonce\n${clientId}\n${headers.nonce}`);
}
