import type { ProcedureIndex } from './search-index.types.ts';

/**
 * The search index of one server process, kept at the catalogue's generation (the row every
 * change bumps in its transaction). A change in this process (`invalidate`) or a new
 * generation seen in the row (read at most every `checkMs`) asks for a rebuild; the rebuild
 * reads the generation, then the rows, and builds in steps that leave the event loop free
 * (buildIndexYielding), so every other request of the process is answered meanwhile.
 *
 * A search takes one index for its whole run: the old one or the new one, never a mix. A
 * search asked after a rebuild was asked for waits for it (a publication is found at once in
 * the process that made it, and within `checkMs` plus the rebuild in the others); searches
 * that took the old index finish on it. Requests that come while a rebuild runs are served by
 * that same rebuild, or by one more after it: never one rebuild each.
 */
export function createIndexKeeper(deps: { readGeneration: () => Promise<number>; load: () => Promise<ProcedureIndex>; checkMs: number }) {
  let current: ProcedureIndex | undefined;
  /** The generation `current` was built at (read before its rows). */
  let currentGeneration: number | undefined;
  /** The generation the running rebuild read, once it has. */
  let buildingGeneration: number | undefined;
  /** Rebuilds asked for, and the last of them that `current` answers. */
  let asked = 0;
  let answered = 0;
  let running = false;
  let waiters: { upTo: number; resolve: () => void; reject: (err: unknown) => void }[] = [];
  let checkedAt = Number.NEGATIVE_INFINITY;
  let checking: Promise<void> | undefined;
  let builds = 0;

  async function rebuild(): Promise<void> {
    running = true;
    try {
      while (answered < asked) {
        const upTo = asked;
        buildingGeneration = undefined;
        const generation = await deps.readGeneration();
        buildingGeneration = generation;
        const index = await deps.load();
        current = index;
        currentGeneration = generation;
        answered = upTo;
        builds++;
        const ready = waiters.filter((w) => w.upTo <= answered);
        waiters = waiters.filter((w) => w.upTo > answered);
        for (const w of ready) w.resolve();
      }
    } catch (err) {
      // Those waiting get the error; the next search asks again.
      const failed = waiters;
      waiters = [];
      for (const w of failed) w.reject(err);
    } finally {
      running = false;
      buildingGeneration = undefined;
    }
  }

  function ask(): number {
    asked++;
    if (!running) void rebuild();
    return asked;
  }

  function until(upTo: number): Promise<void> {
    if (answered >= upTo) return Promise.resolve();
    const waiting = new Promise<void>((resolve, reject) => waiters.push({ upTo, resolve, reject }));
    if (!running) void rebuild();
    return waiting;
  }

  async function check(): Promise<void> {
    if (current !== undefined && performance.now() - checkedAt < deps.checkMs) return;
    checking ??= deps
      .readGeneration()
      .then((generation) => {
        checkedAt = performance.now();
        // Already built, being built (the running rebuild has read it, or reads it next), or
        // asked for and started by the next search.
        const covered = generation === currentGeneration || (running ? buildingGeneration === undefined || buildingGeneration === generation : asked > answered);
        if (!covered) ask();
      })
      .finally(() => {
        checking = undefined;
      });
    await checking;
  }

  return {
    /** The index to answer one search with. */
    async get(): Promise<ProcedureIndex> {
      await check();
      if (current === undefined || answered < asked) await until(asked);
      return current as ProcedureIndex;
    },
    /** After a change committed in this process: rebuilt now, in the background, if an index is in use. */
    invalidate(): void {
      if (current === undefined) asked++;
      else ask();
    },
    /** How many indexes were built (tests). */
    get builds(): number {
      return builds;
    },
  };
}
