import type { FileStore } from './file-store.ts';

/**
 * One owner of records that name stored files (a module, through its registration). The
 * store is shared and content-addressed: the same bytes may be named by several modules,
 * so a file goes only when no owner names it.
 */
export interface FileReferences {
  owner: string;
  /** Which of these files the owner's records still name. */
  referenced(sha256s: readonly string[]): Promise<Iterable<string>>;
}

/** A file younger than this is never swept: its record may not be committed yet (an upload in progress). */
export const SWEEP_GRACE_MS = 24 * 3600_000;

/** Files judged per round of questions to the owners. */
const BATCH = 1000;

export interface SweepReport {
  dryRun: boolean;
  /** Files in the store. */
  examined: number;
  /** Files younger than the grace period, not judged. */
  young: number;
  /** Files some owner names. */
  referenced: number;
  /** Files no owner names: removed, or that would be in a dry run. */
  unreferenced: number;
  unreferencedBytes: number;
  /** Staging and temporary files older than the grace period, removed (left alone in a dry run). */
  temporaryRemoved: number;
}

/**
 * Removes the files no owner names and that are older than the grace period, and leftover
 * temporary files. A file stored again during the sweep is renewed and kept (remove()
 * checks its time again just before). With no owner at all, nothing can be judged: refused.
 */
export async function sweepFiles(
  store: FileStore,
  owners: readonly FileReferences[],
  options: { dryRun?: boolean; graceMs?: number; now?: Date; onUnreferenced?: (sha256: string, size: number) => void } = {},
): Promise<SweepReport> {
  if (owners.length === 0) throw new Error('no module declares the files it names: refusing to sweep the file store');
  const dryRun = options.dryRun ?? false;
  const cutoff = new Date((options.now ?? new Date()).getTime() - (options.graceMs ?? SWEEP_GRACE_MS));
  const report: SweepReport = { dryRun, examined: 0, young: 0, referenced: 0, unreferenced: 0, unreferencedBytes: 0, temporaryRemoved: 0 };

  async function judge(batch: Map<string, number>): Promise<void> {
    const candidates = new Map(batch);
    for (const owner of owners) {
      if (candidates.size === 0) break;
      for (const sha256 of await owner.referenced([...candidates.keys()])) candidates.delete(sha256);
    }
    report.referenced += batch.size - candidates.size;
    for (const [sha256, size] of candidates) {
      if (!dryRun && !(await store.remove(sha256, { unlessModifiedAfter: cutoff }))) continue;
      report.unreferenced++;
      report.unreferencedBytes += size;
      options.onUnreferenced?.(sha256, size);
    }
  }

  let batch = new Map<string, number>();
  for await (const entry of store.list()) {
    report.examined++;
    if (entry.modifiedAt > cutoff) {
      report.young++;
      continue;
    }
    batch.set(entry.sha256, entry.size);
    if (batch.size >= BATCH) {
      await judge(batch);
      batch = new Map();
    }
  }
  if (batch.size > 0) await judge(batch);
  if (!dryRun) report.temporaryRemoved = await store.removeTemporary(cutoff);
  return report;
}
