import { sql, type Db } from '../db/index.ts';

/** pg_advisory lock key of the sequencer ('egov' and 1), apart from the platform's other advisory locks. */
const SEQUENCER_LOCK = 0x65676f76_0001;

/**
 * Gives committed facts their place in the log (event_facts.seq), oldest id first. One
 * sequencer at a time, in any number of processes: the transaction-scoped advisory lock is
 * held until the numbers commit, and the next sequencer, taking it after, reads them with a
 * fresh snapshot. So `seq` values become visible in increasing order, and a reader that has
 * seen seq s has seen every smaller one: a position never skips a fact. An uncommitted fact
 * is not seen here; it is numbered by a later run. Looks at facts from id `from` on (every
 * fact by default). Returns whether it ran (not while another process is sequencing), how
 * many facts it numbered and the largest fact id it could see.
 */
async function sequenceFrom(db: Db, limit: number, from: number): Promise<{ ran: boolean; numbered: number; maxId: number }> {
  return db.transaction().execute(async (tx) => {
    const lock = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${SEQUENCER_LOCK}::bigint) AS got`.execute(tx);
    if (lock.rows[0]?.got !== true) return { ran: false, numbered: 0, maxId: 0 };
    // A separate statement after the lock: its snapshot includes the previous sequencer's commit.
    const result = await sql<{ numbered: string; max_id: string | null }>`
      WITH head AS (SELECT coalesce(max(seq), 0) AS s FROM event_facts),
      todo AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM event_facts WHERE seq IS NULL AND id >= ${from}::bigint ORDER BY id LIMIT ${limit}),
      numbered AS (UPDATE event_facts AS f SET seq = head.s + todo.n FROM todo, head WHERE f.id = todo.id RETURNING 1)
      SELECT (SELECT count(*) FROM numbered) AS numbered, (SELECT max(id) FROM event_facts) AS max_id
    `.execute(tx);
    const row = result.rows[0];
    return { ran: true, numbered: Number(row?.numbered ?? 0), maxId: Number(row?.max_id ?? 0) };
  });
}

/** Numbers committed facts, looking at every one not numbered yet (see sequenceFrom). */
export async function sequenceFacts(db: Db, limit = 10_000): Promise<number> {
  return (await sequenceFrom(db, limit, 0)).numbered;
}

export interface FactSequencerOptions {
  /** A fact whose transaction commits this long after it took its id waits for a full look. */
  lagMs?: number;
  /** How often a run looks at every fact not numbered yet. */
  fullLookEveryMs?: number;
  /** Monotonic clock in ms (tests). */
  now?: () => number;
}

export interface FactSequencer {
  /** One run: how many facts it numbered. */
  run(limit: number): Promise<number>;
}

/**
 * The sequencer of a worker's loop. Numbered facts leave their old row versions in the index
 * of facts not yet numbered until a vacuum (on a large log, autovacuum waits for a fifth of
 * the table to be dead): a run that looks at every fact walks all of them, about 60 ns each
 * (12 ms a run with 200,000 facts numbered since, `bench/fact-cost.ts`), which would outgrow
 * the poll interval at national volume. So a run starts from a floor: the largest fact id
 * seen by a run at least `lagMs` ago that numbered everything it saw. Ids are taken in
 * increasing order, so a fact below that floor took its id before that run and was still
 * uncommitted when it ran: its transaction lasted more than `lagMs` (an import). Those are
 * numbered by a full look every `fullLookEveryMs`, a little late and never skipped — a late
 * fact gets a later place in the log, as any fact that commits late does.
 */
export function createFactSequencer(db: Db, options: FactSequencerOptions = {}): FactSequencer {
  const lagMs = options.lagMs ?? 10_000;
  const fullLookEveryMs = options.fullLookEveryMs ?? 60_000;
  const now = options.now ?? (() => performance.now());
  let floor = 0;
  let lastFullLook = Number.NEGATIVE_INFINITY;
  /** Runs that numbered everything they saw from the floor: when, and the largest id they saw. */
  let marks: { at: number; maxId: number }[] = [];
  return {
    async run(limit) {
      const at = now();
      const full = at - lastFullLook >= fullLookEveryMs;
      const { ran, numbered, maxId } = await sequenceFrom(db, limit, full ? 0 : floor);
      // Another process was sequencing: nothing was looked at.
      if (!ran) return 0;
      if (full) lastFullLook = at;
      if (numbered < limit && maxId > 0) marks.push({ at, maxId });
      const settled = marks.filter((m) => m.at <= at - lagMs);
      const last = settled.at(-1);
      if (last) {
        floor = Math.max(floor, last.maxId + 1);
        marks = marks.filter((m) => m.at > last.at);
      }
      return numbered;
    },
  };
}
