import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, sql, type Db } from '../db/index.ts';
import { createTestDatabase, isPostgres, type TestDatabase } from '../testing/index.ts';
import { recordFactsInTx } from './facts.ts';
import { createFactSequencer } from './sequence.ts';

const platformDir = path.join(import.meta.dirname, '..');
let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase([
    { module: 'platform', dir: path.join(platformDir, 'db', 'migrations') },
    { module: 'platform.events', dir: path.join(platformDir, 'events', 'migrations') },
  ]);
  db = testDb.database.db;
});
afterAll(async () => {
  await testDb?.close();
});
beforeEach(async () => {
  await sql`TRUNCATE event_facts, event_consumers CASCADE`.execute(db);
});

const record = (...codes: string[]) => db.transaction().execute((tx) => recordFactsInTx(tx, codes.map((code) => ({ type: 'dossier.submitted', payload: { code } }))));

async function seqOf(code: string): Promise<number | null> {
  const row = (await sql<{ seq: string | null }>`SELECT seq FROM event_facts WHERE payload->>'code' = ${code}`.execute(db)).rows[0];
  return row?.seq === undefined || row.seq === null ? null : Number(row.seq);
}

const lowestId = async () => Number((await sql<{ id: string }>`SELECT min(id) AS id FROM event_facts`.execute(db)).rows[0]?.id);

/** A fact whose transaction took id `id` earlier and commits only now. */
const commitLate = (id: number, code: string) =>
  sql`INSERT INTO event_facts (id, type, payload) OVERRIDING SYSTEM VALUE VALUES (${id}, 'dossier.submitted', ${JSON.stringify({ code })}::jsonb)`.execute(db);

describe('the worker loop sequencer', () => {
  it('looks from a floor once a run has seen the log settle, and numbers a fact that committed later than that at its next full look, after the others', async () => {
    let clock = 0;
    const sequencer = createFactSequencer(db, { lagMs: 1000, fullLookEveryMs: 10_000, now: () => clock });
    await record('A1', 'A2');
    expect(await sequencer.run(100)).toBe(2);
    const lowId = await lowestId();
    clock = 1500;
    await record('B1');
    expect(await sequencer.run(100)).toBe(1);
    clock = 3000;
    await record('C1');
    expect(await sequencer.run(100)).toBe(1);
    // A fact whose transaction took its id before the runs above and commits only now (a long
    // import): below the floor, so the next runs from the floor do not see it…
    await commitLate(lowId - 1, 'LATE');
    await record('D1');
    clock = 4000;
    expect(await sequencer.run(100)).toBe(1);
    expect(await seqOf('D1')).toBe(5);
    expect(await seqOf('LATE')).toBeNull();
    // …and the full look numbers it, after every fact numbered before: no position skips it.
    clock = 10_000;
    expect(await sequencer.run(100)).toBe(1);
    expect(await seqOf('LATE')).toBe(6);
  });

  it('looks at every fact until a run has numbered all it saw for lagMs, so a fact committing a moment late is numbered at once', async () => {
    let clock = 0;
    const sequencer = createFactSequencer(db, { lagMs: 1000, fullLookEveryMs: 10_000, now: () => clock });
    await record('A1');
    expect(await sequencer.run(100)).toBe(1);
    const lowId = await lowestId();
    await record('B1', 'B2');
    // A batch larger than a run: the run that stops at its limit sets no floor.
    clock = 500;
    expect(await sequencer.run(1)).toBe(1);
    // A fact that took its id before A1 and commits now, within lagMs: still seen by the next run.
    await commitLate(lowId - 1, 'SOON');
    clock = 900;
    expect(await sequencer.run(100)).toBe(2);
    expect(await seqOf('SOON')).not.toBeNull();
  });

  it.skipIf(!isPostgres())('does not count a run that found another process sequencing as its full look (PostgreSQL only: two connections)', async () => {
    let clock = 0;
    const sequencer = createFactSequencer(db, { lagMs: 1000, fullLookEveryMs: 10_000, now: () => clock });
    await record('A1');
    expect(await sequencer.run(100)).toBe(1);
    const lowId = await lowestId();
    clock = 1500;
    await record('B1');
    expect(await sequencer.run(100)).toBe(1);
    clock = 3000;
    expect(await sequencer.run(100)).toBe(0);
    await commitLate(lowId - 1, 'LATE');
    const other = await openDatabase({ databaseUrl: testDb.url as string, dataDir: 'memory://', poolSize: 1 });
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (held = resolve));
    try {
      // Another worker's sequencer holds the lock when the full look is due.
      const otherRun = other.db.transaction().execute(async (tx) => {
        await sql`SELECT pg_advisory_xact_lock(${0x65676f76_0001}::bigint)`.execute(tx);
        held();
        await released;
      });
      await holding;
      clock = 10_000;
      expect(await sequencer.run(100)).toBe(0);
      release();
      await otherRun;
      // The full look is still due: the fact below the floor is numbered now.
      clock = 10_001;
      expect(await sequencer.run(100)).toBe(1);
      expect(await seqOf('LATE')).not.toBeNull();
    } finally {
      release();
      await other.close();
    }
  });
});
