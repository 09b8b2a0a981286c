import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { deriveKey } from '../../platform/crypto/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import {
  beginLoginAttempt,
  claimLockNotice,
  countRecentSources,
  deleteSpentLoginRows,
  forgetPair,
  forgetSubject,
  lockSubject,
} from './login-throttle.repository.ts';

/**
 * Login throttling. Failures are counted per (subject, source): after three, each attempt
 * from that source waits 1 s, doubling, up to 15 minutes, so guessing from one place is
 * slow while the owner elsewhere is never delayed. A subject is locked at every source only
 * on evidence (failures from 10 sources within an hour), and its owner is mailed. Each
 * source also has a budget of failures across all accounts (see THROTTLE_RULES.login_source).
 */
export const LOGIN_RULES = {
  freeFailures: 3,
  firstDelaySeconds: 1,
  maxDelaySeconds: 15 * 60,
  /** A pair's failures are forgotten this long after the last one. */
  forgetAfterSeconds: 24 * 60 * 60,
  lockSources: 10,
  lockWindowSeconds: 60 * 60,
  lockSeconds: 60 * 60,
  /** At most one mail to the owner about locks in this time. */
  noticeEverySeconds: 24 * 60 * 60,
} as const;

/** Seconds an attempt must wait after `failures` consecutive failures from one source. */
export function delayAfterFailures(failures: number): number {
  const { freeFailures, firstDelaySeconds, maxDelaySeconds } = LOGIN_RULES;
  if (failures < freeFailures) return 0;
  return Math.min(maxDelaySeconds, firstDelaySeconds * 2 ** Math.min(failures - freeFailures, 30));
}

/**
 * Who is asking, as throttling counts it: an IPv4 address, or the /64 network of an IPv6
 * address (one subscriber usually holds a whole /64, so counting addresses would give an
 * attacker 2^64 sources). IPv4-mapped IPv6 addresses are IPv4.
 */
export function sourceOf(ip: string): string {
  const address = ip.split('%')[0] ?? ip;
  if (isIPv4(address) || !isIPv6(address)) return address;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const missing = rest === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => parseInt(g, 16));
}

export type LoginSubject = { accountId: string } | { typed: string };

export type AttemptVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'delay' | 'locked'; retryAfterSeconds: number };

export interface LoginThrottle {
  /** Counts the attempt before the password is checked, or refuses it (delay or lock) without counting. */
  begin(db: Executor, subject: LoginSubject, source: string): Promise<AttemptVerdict>;
  /** The right password from this source: its failures are forgotten (other sources' are kept). */
  succeeded(db: Executor, subject: LoginSubject, source: string): Promise<void>;
  /**
   * After a failed attempt (already counted by begin): locks the subject when enough sources
   * failed on it lately. `notify` is true for the one caller that should mail the owner.
   */
  assessInTx(tx: Executor, subject: LoginSubject): Promise<{ lockedUntil: Date; sources: number; notify: boolean } | undefined>;
  /** A new password: the account starts afresh everywhere. */
  releaseInTx(tx: Executor, accountId: string): Promise<void>;
  prune(db: Executor): Promise<number>;
}

export function createLoginThrottle(secretKey: string): LoginThrottle {
  const key = deriveKey(secretKey, 'identity-throttle');
  const hmac = (text: string) => createHmac('sha256', key).update(text).digest('hex');
  const subjectHash = (subject: LoginSubject) =>
    hmac('accountId' in subject ? `login-subject\0account:${subject.accountId}` : `login-subject\0login:${subject.typed.toLowerCase()}`);
  const sourceHash = (source: string) => hmac(`login-source\0${source}`);

  return {
    async begin(db, subject, source) {
      const result = await beginLoginAttempt(db, subjectHash(subject), sourceHash(source), LOGIN_RULES);
      if (result.lockedSeconds > 0) return { allowed: false, reason: 'locked', retryAfterSeconds: result.lockedSeconds };
      if (result.counted) return { allowed: true };
      return { allowed: false, reason: 'delay', retryAfterSeconds: Math.max(1, result.waitSeconds) };
    },
    async succeeded(db, subject, source) {
      await forgetPair(db, subjectHash(subject), sourceHash(source));
    },
    async assessInTx(tx, subject) {
      const hash = subjectHash(subject);
      const sources = await countRecentSources(tx, hash, LOGIN_RULES.lockWindowSeconds);
      if (sources < LOGIN_RULES.lockSources) return undefined;
      const lockedUntil = await lockSubject(tx, hash, LOGIN_RULES.lockSeconds);
      // Nobody to tell for a login that names no account.
      const notify = 'accountId' in subject && (await claimLockNotice(tx, hash, LOGIN_RULES.noticeEverySeconds));
      return { lockedUntil, sources, notify };
    },
    async releaseInTx(tx, accountId) {
      await forgetSubject(tx, subjectHash({ accountId }));
    },
    async prune(db) {
      return deleteSpentLoginRows(db, LOGIN_RULES.forgetAfterSeconds, LOGIN_RULES.noticeEverySeconds);
    },
  };
}
