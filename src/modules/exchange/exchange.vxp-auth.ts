import {
  cachedResolver,
  DEFAULT_MAX_SKEW_SECONDS,
  replayRetentionSeconds,
  sha256Hex,
  type ClientSecretResolver,
  type ReplayStore,
  type ResolvedClient,
} from '../../platform/integration/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import { parseVxpTimestamp, readVxpHeaders, verifyVxpSignature } from './exchange.vxp-signature.ts';

/** A client as the VXP transport needs it: its secrets and the time zone its clock reads in. */
export interface VxpClient extends ResolvedClient {
  timeZone: string;
}

/**
 * The clients of the agencies module, remembered 5 s like the signed API's (a revocation or
 * rotation applies within 5 s in every process).
 */
export function vxpClientResolver(agencies: Pick<AgenciesApi, 'findClient' | 'resolveClientSecrets'>): ClientSecretResolver<VxpClient> {
  return cachedResolver<VxpClient>({
    async resolve(clientId) {
      const client = await agencies.findClient(clientId);
      if (!client) return undefined;
      const secrets = client.revoked ? [] : await agencies.resolveClientSecrets(clientId);
      return { clientId: client.clientId, agencyCode: client.agencyCode, secrets, revoked: client.revoked, timeZone: client.timeZone };
    },
  });
}

export interface VxpAuthOptions {
  clients: ClientSecretResolver<VxpClient>;
  /** The platform's store of accepted signatures (integration_request_nonces), shared by every process. */
  replayStore: ReplayStore;
  /** Allowed difference between XroadVnpt-timestamp and the server clock, either way (default 300 s, as the signed API). */
  maxSkewSeconds?: number;
  /** Milliseconds since the epoch (tests set it to a capture's time). */
  now?: () => number;
}

/** Who called, and what the signature vouches for. */
export interface VxpAuthenticated {
  caller: { kind: 'system'; clientId: string; agencyCode: string };
  /** The signed parameters by name in lower case without the prefix (`docid`, `from`, `level` …). */
  params: ReadonlyMap<string, string>;
  /** XroadVnpt-hash-file when it is signed: the body is checked against it once read. */
  hashFile: string | undefined;
}

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Authenticates a VXP call from its headers alone, so that it runs before the body is read.
 * Cheapest first: the headers and their JSON, the client (cached), the clock in the client's
 * time zone, the HMAC with each active secret, and last the replay record, so that only
 * genuine signatures are stored. A `hash-header` is accepted once per client.
 */
export async function authenticateVxp(headers: Record<string, string | string[] | undefined>, options: VxpAuthOptions): Promise<VxpAuthenticated> {
  const maxSkewSeconds = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  const signed = readVxpHeaders(headers);
  if (!CLIENT_ID.test(signed.systemId)) throw ExchangeErrors.vxpClientUnknown();
  const client = await options.clients.resolve(signed.systemId);
  if (!client) throw ExchangeErrors.vxpClientUnknown();
  if (client.revoked === true || client.secrets.length === 0) throw ExchangeErrors.vxpClientRevoked();

  const at = parseVxpTimestamp(signed.timestamp, client.timeZone);
  if (at === undefined || Math.abs(at - (options.now ?? Date.now)()) > maxSkewSeconds * 1000) throw ExchangeErrors.vxpTimestampSkew(maxSkewSeconds, client.timeZone);
  if (!verifyVxpSignature(signed, client.secrets)) throw ExchangeErrors.vxpSignatureInvalid();

  // Keyed per client: the same 64 hex characters from two clients are two requests. The text
  // hashed differs from the signed API's keys (a signature, or "egov-nonce\n…"), so they never meet.
  const key = sha256Hex(`vxp-hash-header\n${client.clientId}\n${signed.hashHeader}`);
  if (!(await options.replayStore.remember(key, client.clientId, replayRetentionSeconds(maxSkewSeconds)))) throw ExchangeErrors.vxpReplay();

  return { caller: { kind: 'system', clientId: client.clientId, agencyCode: client.agencyCode }, params: signed.signed, hashFile: signed.signed.get('hash-file') };
}
