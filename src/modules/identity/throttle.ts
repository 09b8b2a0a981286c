import { createHmac } from 'node:crypto';
import { deriveKey } from '../../platform/crypto/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { identityErrors, type ThrottleScope } from './identity.errors.ts';
import { deleteStaleCounters, lockedForSeconds, recordFailure, type ThrottleRule } from './throttle.repository.ts';

const MINUTES_15 = 15 * 60;
const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/**
 * Limits per counted key; the use that reaches the limit closes the key for lockSeconds.
 * Sources are IPv4 addresses or IPv6 /64s (sourceOf). Failed logins: 30 per source per
 * 15 minutes across all accounts (credential stuffing; per account and source see
 * login-throttle.ts). Registrations: 20 per source per hour. Reset and confirmation mails
 * asked for: 3 an hour per address (the inbox is what we protect), 20 per 15 minutes per
 * source. E-mail changes: 5 a day per account. Mails telling an owner that someone used
 * their identifiers: 3 a day per account, then silently none. Help requests sent without an
 * account (the helpdesk's web form, through the door's takeSourceBudget): 10 per source an hour.
 */
export const THROTTLE_RULES: Record<ThrottleScope, ThrottleRule> = {
  login_source: { windowSeconds: MINUTES_15, limit: 30, lockSeconds: MINUTES_15 },
  register_source: { windowSeconds: HOUR, limit: 20, lockSeconds: HOUR },
  reset_email: { windowSeconds: HOUR, limit: 3, lockSeconds: HOUR },
  reset_source: { windowSeconds: MINUTES_15, limit: 20, lockSeconds: MINUTES_15 },
  confirm_email: { windowSeconds: HOUR, limit: 3, lockSeconds: HOUR },
  confirm_source: { windowSeconds: MINUTES_15, limit: 20, lockSeconds: MINUTES_15 },
  email_change: { windowSeconds: DAY, limit: 5, lockSeconds: DAY },
  owner_notice: { windowSeconds: DAY, limit: 3, lockSeconds: DAY },
  help_request_source: { windowSeconds: HOUR, limit: 10, lockSeconds: HOUR },
};

export type ThrottleKey = readonly [ThrottleScope, string];

export interface Throttle {
  /** Throws `throttled` for the first locked key. */
  assertOpen(db: Executor, keys: readonly ThrottleKey[]): Promise<void>;
  /** Counts a use (a failure, a registration, a mail) on each key; returns the first key that is now closed, with its seconds. */
  count(db: Executor, keys: readonly ThrottleKey[]): Promise<{ scope: ThrottleScope; seconds: number } | undefined>;
  /** Counts one use when the key is open; false (nothing counted) when it is closed. */
  take(db: Executor, key: ThrottleKey): Promise<boolean>;
  /** Counts one use when the key is open (0); else the seconds until it opens, counting nothing. */
  takeOrWait(db: Executor, key: ThrottleKey): Promise<number>;
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
    async count(db, keys) {
      let locked: { scope: ThrottleScope; seconds: number } | undefined;
      for (const key of keys) {
        const seconds = await recordFailure(db, key[0], hashOf(key), THROTTLE_RULES[key[0]]);
        if (seconds > 0 && !locked) locked = { scope: key[0], seconds };
      }
      return locked;
    },
    async take(db, key) {
      if ((await lockedForSeconds(db, key[0], hashOf(key))) > 0) return false;
      await recordFailure(db, key[0], hashOf(key), THROTTLE_RULES[key[0]]);
      return true;
    },
    async takeOrWait(db, key) {
      const seconds = await lockedForSeconds(db, key[0], hashOf(key));
      if (seconds > 0) return seconds;
      await recordFailure(db, key[0], hashOf(key), THROTTLE_RULES[key[0]]);
      return 0;
    },
    async prune(db) {
      const longest = Math.max(...Object.values(THROTTLE_RULES).map((r) => r.windowSeconds));
      return deleteStaleCounters(db, longest);
    },
  };
}
