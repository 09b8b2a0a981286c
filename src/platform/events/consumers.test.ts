import path from 'node:path';
import { Type, type TSchema } from 'typebox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, sql, type Database, type Db, type Tx } from '../db/index.ts';
import { createLogger } from '../logging/index.ts';
import { createTestDatabase, isPostgres, type TestDatabase } from '../testing/index.ts';
import { createFactConsumers, listParkedFacts, PermanentEventError, recordFactsInTx, type Fact, type FactConsumer, type FactConsumersOptions } from './index.ts';
import { READ_WINDOW_PER_FACT } from './consumer-store.ts';

const logger = createLogger('silent');
const platformDir = path.join(import.meta.dirname, '..');
let testDb: TestDatabase;
let database: Database;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase([
    { module: 'platform', dir: path.join(platformDir, 'db', 'migrations') },
    { module: 'platform.events', dir: path.join(platformDir, 'events', 'migrations') },
  ]);
  database = testDb.database;
  db = database.db;
  // A read model: facts counted per key and consumer.
  await sql`CREATE TABLE tally (consumer text NOT NULL, key text NOT NULL, n int NOT NULL, PRIMARY KEY (consumer, key))`.execute(db);
});
afterAll(async () => {
  await testDb?.close();
});
beforeEach(async () => {
  await sql`TRUNCATE event_facts, event_consumers CASCADE`.execute(db);
  await sql`TRUNCATE tally`.execute(db);
});

const schemas = new Map<string, TSchema>([
  ['dossier.submitted', Type.Object({ code: Type.String(), agency: Type.String() })],
  ['exchange.sent', Type.Object({ packageId: Type.String() })],
]);

async function submit(...codes: string[]): Promise<void> {
  await db.transaction().execute((tx) => recordFactsInTx(tx, codes.map((code) => ({ type: 'dossier.submitted', payload: { code, agency: code.slice(0, 3) } }))));
}

/** A read model consumer: counts dossiers per agency in `tally`, in the consumer's transaction. */
function tallyConsumer(name: string, options: Partial<FactConsumer> & { fail?: (fact: Fact) => Error | undefined } = {}): FactConsumer {
  return {
    name,
    facts: ['dossier.submitted'],
    startFrom: 'beginning',
    async handle(fact: Fact, tx: Tx) {
      const failure = options.fail?.(fact);
      const { agency } = fact.payload as { agency: string };
      await sql`INSERT INTO tally VALUES (${name}, ${agency}, 1) ON CONFLICT (consumer, key) DO UPDATE SET n = tally.n + 1`.execute(tx);
      if (failure) throw failure; // after a write: the write must be rolled back
    },
    async reset(tx: Tx) {
      await sql`DELETE FROM tally WHERE consumer = ${name}`.execute(tx);
    },
    ...options,
  };
}

async function tally(consumer: string): Promise<Record<string, number>> {
  const rows = (await sql<{ key: string; n: number }>`SELECT key, n FROM tally WHERE consumer = ${consumer} ORDER BY key`.execute(db)).rows;
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

function runner(consumers: FactConsumer[], options: Partial<FactConsumersOptions> = {}) {
  return createFactConsumers({ database, consumers, schemas, logger, retryDelayMs: () => 0, pollIntervalMs: 20, ...options });
}

describe('fact consumers', () => {
  it('give every fact to every subscriber; one failing consumer parks its fact while the other proceeds', async () => {
    await submit('H49-1', 'H49-2', 'G15-3', 'H49-4');
    const poison = (fact: Fact) => ((fact.payload as { code: string }).code === 'G15-3' ? new Error('read model bug') : undefined);
    const healthy = tallyConsumer('insights.by_agency');
    const failing = tallyConsumer('reporting.by_agency', { fail: poison });
    const consumers = runner([healthy, failing], { maxAttempts: 3 });
    await consumers.drain();
    expect(await tally('insights.by_agency')).toEqual({ G15: 1, H49: 3 });
    // The failing consumer's write of the poison fact was rolled back; it moved on past it.
    expect(await tally('reporting.by_agency')).toEqual({ H49: 3 });
    const parked = await listParkedFacts(db);
    expect(parked).toMatchObject([{ consumer: 'reporting.by_agency', type: 'dossier.submitted', attempts: 3, error: 'read model bug' }]);
    // New facts still flow to both.
    await submit('G15-5');
    await consumers.drain();
    expect(await tally('insights.by_agency')).toEqual({ G15: 2, H49: 3 });
    expect(await tally('reporting.by_agency')).toEqual({ G15: 1, H49: 3 });
  });

  it('retry a failing fact with backoff, applying the facts before it once, and go on when it succeeds', async () => {
    await submit('H49-1', 'H49-2', 'H49-3', 'H49-4');
    let broken = true;
    const flaky = tallyConsumer('ops.flaky', {
      fail: (fact) => ((fact.payload as { code: string }).code === 'H49-3' && broken ? new Error('deadlock detected') : undefined),
    });
    const consumers = runner([flaky], { retryDelayMs: () => 60_000 });
    const state = async () =>
      (await sql<{ attempts: number; failing_fact_id: number | null; last_error: string | null; handled: number }>`SELECT attempts, failing_fact_id, last_error, handled FROM event_consumers`.execute(db)).rows[0];
    await consumers.drain();
    expect(await tally('ops.flaky')).toEqual({ H49: 2 });
    expect(await state()).toMatchObject({ attempts: 1, last_error: 'deadlock detected', handled: 2 });
    // Not before its retry time.
    await consumers.drain();
    expect(await state()).toMatchObject({ attempts: 1 });
    await sql`UPDATE event_consumers SET retry_at = now()`.execute(db);
    await consumers.drain();
    expect(await state()).toMatchObject({ attempts: 2 });
    expect(await tally('ops.flaky')).toEqual({ H49: 2 });
    broken = false;
    await sql`UPDATE event_consumers SET retry_at = now()`.execute(db);
    await consumers.drain();
    expect(await tally('ops.flaky')).toEqual({ H49: 4 });
    expect(await listParkedFacts(db)).toEqual([]);
    expect(await state()).toEqual({ attempts: 0, failing_fact_id: null, last_error: null, handled: 4 });
  });

  it('park at once a PermanentEventError and a payload that breaks the declared schema, for that consumer only', async () => {
    await submit('H49-1');
    await db.transaction().execute((tx) => recordFactsInTx(tx, [{ type: 'dossier.submitted', payload: { code: 42 } }]));
    await submit('H49-2');
    const strict = tallyConsumer('a.strict', { fail: (f) => ((f.payload as { code: string }).code === 'H49-2' ? new PermanentEventError('cannot apply') : undefined) });
    const other = tallyConsumer('b.other');
    await runner([strict, other]).drain();
    const parked = (await listParkedFacts(db)).sort((x, y) => x.consumer.localeCompare(y.consumer) || x.factId - y.factId);
    expect(parked.map((p) => [p.consumer, p.attempts, p.error.split(':')[0]])).toEqual([
      ['a.strict', 1, 'payload of dossier.submitted does not match its declared schema'],
      ['a.strict', 1, 'cannot apply'],
      ['b.other', 1, 'payload of dossier.submitted does not match its declared schema'],
    ]);
    expect(await tally('a.strict')).toEqual({ H49: 1 });
    expect(await tally('b.other')).toEqual({ H49: 2 });
  });

  it('build the same read model when added later and replayed as when there from the start', async () => {
    const first = tallyConsumer('insights.first');
    await submit('H49-1', 'G15-2');
    await runner([first]).drain();
    await submit('G15-3', 'T00-4');
    // Added later, after facts it never saw; rebuilt from the beginning, batch by batch.
    const late = tallyConsumer('insights.late');
    const both = runner([first, late], { batchSize: 2 });
    await both.drain();
    expect(await tally('insights.late')).toEqual(await tally('insights.first'));
    expect(await tally('insights.late')).toEqual({ G15: 2, H49: 1, T00: 1 });
    // A replay resets and rebuilds, and gives the same result again.
    await sql`UPDATE tally SET n = 99 WHERE consumer = 'insights.late'`.execute(db);
    await both.replay('insights.late');
    expect(await tally('insights.late')).toEqual({});
    await both.drain();
    expect(await tally('insights.late')).toEqual(await tally('insights.first'));
  });

  it('start a consumer that reacts (startFrom now) after the facts that exist when it is registered', async () => {
    await submit('H49-1');
    const reaction = tallyConsumer('notify.applicant', { startFrom: 'now' });
    const consumers = runner([reaction]);
    await consumers.drain();
    expect(await tally('notify.applicant')).toEqual({});
    await submit('H49-2');
    await consumers.drain();
    expect(await tally('notify.applicant')).toEqual({ H49: 1 });
  });

  it('hand a parked fact to its consumer again on request', async () => {
    await submit('H49-1');
    let broken = true;
    const consumer = tallyConsumer('x.retry', { fail: () => (broken ? new PermanentEventError('broken') : undefined) });
    const consumers = runner([consumer]);
    await consumers.drain();
    const [parked] = await listParkedFacts(db, 'x.retry');
    expect(parked).toBeDefined();
    broken = false;
    expect(await consumers.retryParked('x.retry', parked?.factId ?? 0)).toBe(true);
    expect(await tally('x.retry')).toEqual({ H49: 1 });
    expect(await listParkedFacts(db)).toEqual([]);
    expect(await consumers.retryParked('x.retry', parked?.factId ?? 0)).toBe(false);
  });

  it('read a batch within a window of the log, and cross the other facts window after window without waiting (rare facts, long backlog)', async () => {
    // batchSize 2: a read looks at most 2 × READ_WINDOW_PER_FACT places past the position.
    const window = 2 * READ_WINDOW_PER_FACT;
    await submit('H49-1');
    await db.transaction().execute((tx) => recordFactsInTx(tx, Array.from({ length: window * 5 }, (_, i) => ({ type: 'exchange.sent', payload: { packageId: `p${i}` } }))));
    await submit('G15-2', 'G15-3', 'G15-4');
    const consumer = tallyConsumer('insights.rare');
    // drain goes on through windows that hold none of its facts.
    const drained = runner([consumer], { batchSize: 2 });
    expect(await drained.drain()).toBe(4);
    expect(await tally('insights.rare')).toEqual({ G15: 3, H49: 1 });
    const position = async () => Number((await sql<{ position: string }>`SELECT position FROM event_consumers WHERE name = 'insights.rare'`.execute(db)).rows[0]?.position);
    const head = Number((await sql<{ head: string }>`SELECT max(seq) AS head FROM event_facts`.execute(db)).rows[0]?.head);
    expect(await position()).toBe(head);

    // The running loop does not sleep between windows: with a poll interval far longer than the
    // test, the facts behind six windows of others are read at once.
    await sql`TRUNCATE tally`.execute(db);
    await drained.replay('insights.rare');
    const running = runner([consumer], { batchSize: 2, pollIntervalMs: 60_000 });
    await running.start();
    try {
      const deadline = Date.now() + 10_000;
      while ((await position()) < head && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await running.stop();
    }
    expect(await tally('insights.rare')).toEqual({ G15: 3, H49: 1 });
  });

  it('refuse wiring mistakes at start: unknown fact types, repeated names', () => {
    expect(() => runner([{ ...tallyConsumer('a'), facts: ['nobody.declares'] }])).toThrow(/which no module declares/);
    expect(() => runner([tallyConsumer('a'), tallyConsumer('a')])).toThrow(/two fact consumers are named "a"/);
  });

  it.skipIf(!isPostgres())('never skip a fact whose transaction commits after a later one (PostgreSQL only: PGlite runs one transaction at a time)', async () => {
    const order: string[] = [];
    const consumer: FactConsumer = { ...tallyConsumer('insights.order'), handle: async (fact) => void order.push((fact.payload as { code: string }).code) };
    const consumers = runner([consumer]);
    const other = await openDatabase({ databaseUrl: testDb.url as string, dataDir: 'memory://', poolSize: 2 });
    let commitEarly: () => void = () => undefined;
    const held = new Promise<void>((r) => (commitEarly = r));
    try {
      let recorded: () => void = () => undefined;
      const written = new Promise<void>((r) => (recorded = r));
      // The early transaction takes the smaller fact id and commits last.
      const early = other.db.transaction().execute(async (tx) => {
        await recordFactsInTx(tx, [{ type: 'dossier.submitted', payload: { code: 'EAR-1', agency: 'EAR' } }]);
        recorded();
        await held;
      });
      await written;
      await submit('LAT-2');
      await consumers.drain();
      expect(order).toEqual(['LAT-2']);
      commitEarly();
      await early;
      await consumers.drain();
      // Read in the order the facts committed: the late commit is not lost behind the position.
      expect(order).toEqual(['LAT-2', 'EAR-1']);
    } finally {
      commitEarly();
      await other.close();
    }
  });

  it.skipIf(!isPostgres())('run a consumer in one worker at a time and never hold one consumer up by another (PostgreSQL only)', async () => {
    const url = testDb.url as string;
    const other = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 4 });
    const seen: string[] = [];
    const watched = (worker: string): FactConsumer => ({
      ...tallyConsumer('insights.once'),
      async handle(fact, tx) {
        seen.push(`${worker}:${fact.id}`);
        await new Promise((r) => setTimeout(r, 1));
        await sql`INSERT INTO tally VALUES ('insights.once', 'all', 1) ON CONFLICT (consumer, key) DO UPDATE SET n = tally.n + 1`.execute(tx);
      },
    });
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((r) => (release = r));
    const slow: FactConsumer = { ...tallyConsumer('slow.one'), handle: () => stuck };
    const a = runner([watched('a'), slow], { batchSize: 7 });
    const b = createFactConsumers({ database: other, consumers: [watched('b')], schemas, logger, pollIntervalMs: 20, batchSize: 7 });
    try {
      for (let i = 0; i < 10; i++) await submit(...Array.from({ length: 10 }, (_, j) => `H${i}${j}-x`));
      await Promise.all([a.start(), b.start()]);
      const deadline = Date.now() + 20_000;
      while ((await tally('insights.once')).all !== 100 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      release();
      await Promise.all([a.stop(), b.stop()]);
      await other.close();
    }
    expect((await tally('insights.once')).all).toBe(100);
    const ids = seen.map((s) => s.split(':')[1]);
    expect(new Set(ids).size).toBe(100);
    expect(ids.length).toBe(100);
  });
});
