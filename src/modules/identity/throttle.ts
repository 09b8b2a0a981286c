import { createHmac } from 'node:crypto';
import { deriveKey } from '../../platform/crypto/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { identityErrors, type ThrottleScope } from './identity.errors.ts';
import { clearFailures, deleteStaleCounters, lockedForSeconds, recordFailure, type ThrottleRule } from './throttle.repository.ts';

const MINUTES_15 = 15 * 60;

/**
 * Limits per counted key. Logins: 5 wrong passwords for one identifier or 30 from one IP
 * within 15 minutes lock it for 15 minutes. Reset mails: 3 an hour per address (the
 * address owner's inbox is what we protect), 20 per 15 minutes per IP.
 */
export const THROTTLE_RULES: Record<ThrottleScope, ThrottleRule> = {
  login_account: { windowSeconds: MINUTES_15, limit: 5, lockSeconds: MINUTES_15 },
  login_ip: { windowSeconds: MINUTES_15, limit: 30, lockSeconds: MINUTES_15 },
  reset_email: { windowSeconds: 60 * 60, limit: 3, lockSeconds: 60 * 60 },
  reset_ip: { windowSeconds: MINUTES_15, limit: 20, lockSeconds: MINUTES_15 },
};

export type ThrottleKey = readonly [ThrottleScope, string];

export interface Throttle {
  /** Throws `throttled` for the first locked key. */
  assertOpen(db: Executor, keys: readonly ThrottleKey[]): Promise<void>;
  /** Counts a failure on each key; returns the first key that is now locked, with its seconds. */
  fail(db: Executor, keys: readonly ThrottleKey[]): Promise<{ scope: ThrottleScope; seconds: number } | undefined>;
  clear(db: Executor, key: ThrottleKey): Promise<void>;
  /** Deletes counters that no longer count; returns how many. */
  prune(db: Executor): Promise<number>;
}

export function createThrottle(secretKey: string): Throttle {
  const hmacKey = deriveKey(secretKey, 'identity-throttle');
  const hashOf = ([scope, value]: ThrottleKey) => createHmac('sha256', hmacKey).update(`${scope}\0${value}`).digest('hex');
  return {
    async assertOpen(db, keys) {
      for (const key of keys) {
        const seconds = await lockedForSeconds(db, key[0], hashOf(key));
        if (seconds > 0) throw identityErrors.throttled(key[0], seconds);
      }
    },
    async fail(db, keys) {
      let locked: { scope: ThrottleScope; seconds: number } | undefined;
      for (const key of keys) {
        const seconds = await recordFailure(db, key[0], hashOf(key), THROTTLE_RULES[key[0]]);
        if (seconds > 0 && !locked) locked = { scope: key[0], seconds };
      }
      return locked;
    },
    async clear(db, key) {
      await clearFailures(db, key[0], hashOf(key));
    },
    async prune(db) {
      const longest = Math.max(...Object.values(THROTTLE_RULES).map((r) => r.windowSeconds));
      return deleteStaleCounters(db, longest);
    },
  };
}
