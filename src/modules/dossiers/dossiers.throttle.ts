import { isIPv4, isIPv6 } from 'node:net';
import type { Executor } from '../../platform/db/index.ts';
import { LOOKUP_PER_ADDRESS_LIMIT, LOOKUP_PER_ADDRESS_WINDOW_S, LOOKUP_PER_CODE_FAILURE_LIMIT, LOOKUP_PER_CODE_WINDOW_S } from './dossiers.limits.ts';
import { purgeLookupBudgets, returnLookupAttempt, takeLookupAttempt } from './lookup-budgets.repository.ts';

/**
 * The budget key of a client address. An IPv6 subscriber usually gets a whole /64, so an
 * IPv6 address counts by its first 64 bits; an IPv4 address written as IPv6 (`::ffff:a.b.c.d`)
 * is the IPv4 address.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::') as [string, string?];
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = groups(tail);
  // An embedded IPv4 tail (a.b.c.d) is two groups, always in the last 64 bits.
  const missing = 8 - left.length - right.length - right.filter((g) => g.includes('.')).length;
  const full = ip.includes('::') ? [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right] : left;
  return `${full
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The public lookup's two budgets, kept in the database so that every `serve` process
 * counts against the same numbers:
 * - per client address: every lookup takes an attempt;
 * - per dossier code: every answer checked takes an attempt before it is checked, and a
 *   right answer gives it back. Many addresses together thus cannot walk the 10,000 phone
 *   endings of a code, and parallel guesses cannot get more answers checked than the budget.
 */
export function createLookupBudgets(db: Executor) {
  return {
    /** False when the address has used up its budget in the current window. */
    async takeAddress(ip: string): Promise<boolean> {
      // Old windows go as lookups happen; no scheduled job needed.
      if (Math.random() < 0.01) await purgeLookupBudgets(db, Math.max(LOOKUP_PER_ADDRESS_WINDOW_S, LOOKUP_PER_CODE_WINDOW_S));
      return (await takeLookupAttempt(db, 'address', addressKey(ip), LOOKUP_PER_ADDRESS_LIMIT, LOOKUP_PER_ADDRESS_WINDOW_S)) !== undefined;
    },
    /**
     * Reserves the check of one answer for a code: undefined when the code's budget is spent
     * (a right answer is then refused too). Call `answeredRight` when the answer was right.
     */
    async reserveCheck(code: string): Promise<{ answeredRight(): Promise<void> } | undefined> {
      const taken = await takeLookupAttempt(db, 'code', code, LOOKUP_PER_CODE_FAILURE_LIMIT, LOOKUP_PER_CODE_WINDOW_S);
      if (!taken) return undefined;
      return { answeredRight: () => returnLookupAttempt(db, 'code', code, taken.windowStart) };
    },
  };
}
