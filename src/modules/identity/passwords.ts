import { randomInt } from 'node:crypto';
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). `Algorithm` is an ambient const
// enum, which isolatedModules forbids reading, hence the literal (2 = Argon2id).
const ARGON2ID = 2 as Algorithm;
const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash (or the unusable marker below) never matches.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same work as a real check when the login is unknown, so response time
 * does not tell which identifiers have an account.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(`dummy-${randomInt(1e9)}-not-a-password`);
  await verifyPassword(await dummyHash, password);
  return false;
}

/**
 * A stored value that no password verifies against (not a PHC string): for accounts
 * that must choose their password through an invitation link first.
 */
export const UNUSABLE_PASSWORD = '!unset';

const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

/** A random password that meets the policy: letters and digits, no look-alike characters. */
export function generatePassword(length = 20): string {
  const alphabet = LETTERS + DIGITS;
  // Rejection sampling keeps every accepted password uniformly random.
  for (;;) {
    const candidate = Array.from({ length }, () => alphabet.charAt(randomInt(alphabet.length))).join('');
    if (/\d/.test(candidate) && /[a-zA-Z]/.test(candidate)) return candidate;
  }
}
