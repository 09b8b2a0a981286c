import { DomainError } from '../errors/index.ts';

// All 401: the caller failed to prove who it is. Distinct codes let an agency's IT team
// fix their client without our logs; none of them echoes a secret or a signature.
const unauthenticated = (code: string, message: string) => new DomainError(code, 'unauthenticated', message);

/** Every error code of signed integration requests, in one place. */
export const IntegrationErrors = {
  signatureMissing: () =>
    unauthenticated('integration.signature_missing', 'Signed request required: send X-Egov-Client, X-Egov-Timestamp and X-Egov-Signature'),
  clientUnknown: () => unauthenticated('integration.client_unknown', 'Unknown integration client'),
  clientRevoked: () => unauthenticated('integration.client_revoked', 'This integration client is revoked'),
  timestampSkew: (maxSkewSeconds: number) =>
    unauthenticated('integration.timestamp_skew', `X-Egov-Timestamp must be Unix seconds within ${maxSkewSeconds} s of the server clock`),
  signatureInvalid: () => unauthenticated('integration.signature_invalid', 'The signature does not match the request'),
  nonceInvalid: () => unauthenticated('integration.nonce_invalid', 'X-Egov-Nonce must be sent once, 16 to 64 characters of A-Z, a-z, 0-9, "_" and "-"'),
  replay: () =>
    unauthenticated('integration.replay', 'This signed request was already received (the same signature, or the same X-Egov-Nonce of this client); sign every request anew'),
} as const;
