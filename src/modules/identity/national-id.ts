import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../../platform/crypto/index.ts';

/** What the national identity provider (VNeID) vouches for, in one signed assertion. */
export interface NationalIdentity {
  personalId: string;
  fullName: string;
  birthDate: string;
  /** Unique per assertion: an assertion is accepted once. */
  assertionId: string;
  expiresAt: Date;
}

/**
 * Level 3 of assurance comes from the national identity provider. egov talks to it through
 * this interface; `verify` checks the signature and expiry (not replays: identity records the
 * assertions it accepted) and throws on anything else.
 */
export interface NationalIdentityProvider {
  readonly name: string;
  verify(assertion: string, now?: Date): NationalIdentity;
}

/** Assertions live a few minutes: long enough for a redirect back, short enough to limit theft. */
export const ASSERTION_SECONDS = 5 * 60;

/**
 * A local provider that behaves like the national one (signed assertion with an id and an
 * expiry), for development, tests and installations not yet connected: it signs with a key
 * derived from SECRET_KEY (HMAC-SHA-256), so only this installation can mint them.
 */
export function createLocalNationalIdProvider(secretKey: string) {
  const key = deriveKey(secretKey, 'identity.national-id.local');
  const sign = (body: string) => createHmac('sha256', key).update(body).digest('base64url');
  return {
    name: 'local',
    issue(identity: { personalId: string; fullName: string; birthDate: string }, now = new Date()): string {
      const payload = { ...identity, jti: randomUUID(), exp: Math.floor(now.getTime() / 1000) + ASSERTION_SECONDS };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${sign(body)}`;
    },
    verify(assertion: string, now = new Date()): NationalIdentity {
      const [body = '', signature = ''] = assertion.split('.');
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('assertion signature invalid');
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { personalId: string; fullName: string; birthDate: string; jti: string; exp: number };
      if (payload.exp * 1000 <= now.getTime()) throw new Error('assertion expired');
      return { personalId: payload.personalId, fullName: payload.fullName, birthDate: payload.birthDate, assertionId: payload.jti, expiresAt: new Date(payload.exp * 1000) };
    },
  } satisfies NationalIdentityProvider & { issue: unknown };
}
