import path from 'node:path';

/** Signed requests of integration APIs (agencies' IT systems). See signature.ts for the scheme. */
export {
  assertFreshTimestamp,
  canonicalRequest,
  createNonce,
  DEFAULT_MAX_SKEW_SECONDS,
  parseSignatureHeaders,
  sha256Hex,
  SIGNATURE_HEADERS,
  signRequest,
  verifySignedRequest,
  type SignatureHeaders,
  type SignRequestInput,
  type VerifyInput,
} from './signature.ts';
export {
  authenticateSignedRequest,
  replayRetentionSeconds,
  type ClientSecretResolver,
  type IntegrationCaller,
  type ResolvedClient,
  type SignedRequestInput,
  type SignedRequestOptions,
} from './authenticate.ts';
export { cachedResolver, type CachedResolverOptions } from './cached-resolver.ts';
export { createDbReplayStore, purgeSeenSignatures, type DbReplayStoreOptions, type ReplayStore } from './replay-store.ts';
export { integrationClientOf, registerSignedRequests, requireSignedRequest, XML_CONTENT_TYPES } from './signed-routes.ts';
export { acceptVouchedCallers, vouchForCaller } from './vouched.ts';
export { IntegrationErrors } from './errors.ts';

/** Migrations of `integration_request_nonces`; register as `platform.integration`. */
export const INTEGRATION_MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');
