import { sql, type Db } from '../db/index.ts';

/** pg_advisory lock key of the sequencer ('egov' and 1), apart from the platform's other advisory locks. */
const SEQUENCER_LOCK = 0x65676f76_0001;

/**
 * Gives committed facts their place in the log (event_facts.seq), oldest id first. One
 * sequencer at a time, in any number of processes: the transaction-scoped advisory lock is
 * held until the numbers commit, and the next sequencer, taking it after, reads them with a
 * fresh snapshot. So `seq` values become visible in increasing order, and a reader that has
 * seen seq s has seen every smaller one: a position never skips a fact. An uncommitted fact
 * is not seen here; it is numbered by a later run. Returns how many facts were numbered
 * (0 also when another process is sequencing).
 */
export async function sequenceFacts(db: Db, limit = 10_000): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const lock = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${SEQUENCER_LOCK}::bigint) AS got`.execute(tx);
    if (lock.rows[0]?.got !== true) return 0;
    // A separate statement after the lock: its snapshot includes the previous sequencer's commit.
    const result = await sql`
      WITH head AS (SELECT coalesce(max(seq), 0) AS s FROM event_facts),
      todo AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM event_facts WHERE seq IS NULL ORDER BY id LIMIT ${limit})
      UPDATE event_facts AS f SET seq = head.s + todo.n FROM todo, head WHERE f.id = todo.id
    `.execute(tx);
    return Number(result.numAffectedRows ?? 0);
  });
}
