import type { Executor } from '../../platform/db/index.ts';
import { countLookupFailures, purgeLookupFailures, recordLookupFailure } from './dossiers.repository.ts';

/**
 * Budget of public lookups per client IP (fixed window, in memory). Enough to stop a
 * script walking through dossier codes from one address; several processes each keep their
 * own budget, which only makes the limit a little looser.
 */
export function createLookupThrottle(options: { limit?: number; windowMs?: number; now?: () => number } = {}) {
  const limit = options.limit ?? 20;
  const windowMs = options.windowMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** False when the IP has used up its budget in the current window. */
    take(ip: string): boolean {
      const t = now();
      if (windows.size > 100_000) for (const [k, w] of windows) if (t - w.start >= windowMs) windows.delete(k);
      const w = windows.get(ip);
      if (!w || t - w.start >= windowMs) {
        windows.set(ip, { start: t, count: 1 });
        return true;
      }
      w.count += 1;
      return w.count <= limit;
    },
  };
}

/** Wrong second factors one dossier code may take per hour before its public lookup pauses. */
const CODE_FAILURE_LIMIT = 10;
const CODE_FAILURE_WINDOW_S = 3600;

/**
 * Budget of wrong second factors per dossier code, kept in the database: every `serve`
 * process counts against it, and many addresses together cannot walk the 10,000 phone
 * endings of one code.
 */
export function createCodeFailureBudget(db: Executor) {
  return {
    async isExhausted(code: string): Promise<boolean> {
      return (await countLookupFailures(db, code, CODE_FAILURE_WINDOW_S)) >= CODE_FAILURE_LIMIT;
    },
    async recordFailure(code: string): Promise<void> {
      await recordLookupFailure(db, code, CODE_FAILURE_WINDOW_S);
      // Old windows go as lookups happen; no scheduled job needed.
      if (Math.random() < 0.01) await purgeLookupFailures(db, CODE_FAILURE_WINDOW_S);
    },
  };
}
