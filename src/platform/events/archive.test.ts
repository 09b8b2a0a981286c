import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Db, type Tx } from '../db/index.ts';
import { createLogger } from '../logging/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { archiveMonth, createFactConsumers, monthBounds, purgeExpiredFacts, recordFactsInTx, restoreFacts, sequenceFacts, type FactConsumer } from './index.ts';

const platformDir = path.join(import.meta.dirname, '..');
let testDb: TestDatabase;
let db: Db;
let dir: string;

beforeAll(async () => {
  testDb = await createTestDatabase([
    { module: 'platform', dir: path.join(platformDir, 'db', 'migrations') },
    { module: 'platform.events', dir: path.join(platformDir, 'events', 'migrations') },
  ]);
  db = testDb.database.db;
  await sql`CREATE TABLE seen (consumer text, code text)`.execute(db);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-facts-'));
});
afterAll(async () => {
  await testDb?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const schemas = new Map([['dossier.submitted', Type.Object({ code: Type.String() })]]);
const recorder = (name: string): FactConsumer => ({
  name,
  facts: ['dossier.submitted'],
  startFrom: 'beginning',
  async handle(fact, tx: Tx) {
    await sql`INSERT INTO seen VALUES (${name}, ${(fact.payload as { code: string }).code})`.execute(tx);
  },
  async reset(tx: Tx) {
    await sql`DELETE FROM seen WHERE consumer = ${name}`.execute(tx);
  },
});
const runner = (consumers: FactConsumer[]) => createFactConsumers({ database: testDb.database, consumers, schemas, logger: createLogger('silent') });
const seen = async (name: string) => (await sql<{ code: string }>`SELECT code FROM seen WHERE consumer = ${name} ORDER BY code`.execute(db)).rows.map((r) => r.code);

async function recordAt(at: string, ...codes: string[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await recordFactsInTx(tx, codes.map((code) => ({ type: 'dossier.submitted', payload: { code } })));
    await sql`UPDATE event_facts SET recorded_at = ${at}::timestamptz WHERE payload->>'code' = ANY(${codes}::text[])`.execute(tx);
  });
}

describe('the fact log by month', () => {
  it('reads a month in Vietnam’s time', () => {
    expect(monthBounds('2026-01')).toEqual({ from: new Date('2025-12-31T17:00:00Z'), to: new Date('2026-01-31T17:00:00Z') });
    expect(monthBounds('2026-12').to).toEqual(new Date('2026-12-31T17:00:00Z'));
    expect(() => monthBounds('2026-13')).toThrow(/YYYY-MM/);
  });

  it('archives a month only once consumers passed it, and a replay after a restore rebuilds the same read model', async () => {
    // 31/01 23:30 in Hà Nội is still January; 01/02 00:30 is February.
    await recordAt('2026-01-05T03:00:00Z', 'JAN-1', 'JAN-2');
    await recordAt('2026-01-31T16:30:00Z', 'JAN-3');
    await recordAt('2026-01-31T17:30:00Z', 'FEB-1');
    const consumers = runner([recorder('insights.all')]);
    // Numbered but not yet handled: the consumer still needs January.
    await consumers.drain().then(() => sql`UPDATE event_consumers SET position = 0`.execute(db));
    await expect(archiveMonth(db, '2026-01', dir)).rejects.toThrow(/consumers still need facts of 2026-01: insights.all/);
    await sql`DELETE FROM seen`.execute(db);
    await consumers.drain();
    const result = await archiveMonth(db, '2026-01', dir);
    expect(result).toEqual({ file: path.join(dir, 'event-facts-2026-01.jsonl.gz'), facts: 3 });
    const lines = gunzipSync(fs.readFileSync(result.file)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { payload: { code: string } });
    expect(lines.map((l) => l.payload.code)).toEqual(['JAN-1', 'JAN-2', 'JAN-3']);
    expect((await sql<{ code: string }>`SELECT payload->>'code' AS code FROM event_facts`.execute(db)).rows).toEqual([{ code: 'FEB-1' }]);
    await expect(archiveMonth(db, '2026-01', dir)).resolves.toEqual({ file: result.file, facts: 0 });

    // A consumer added later sees only what the database holds, until the archive is restored.
    const late = runner([recorder('insights.all'), recorder('reporting.late')]);
    await late.drain();
    expect(await seen('reporting.late')).toEqual(['FEB-1']);
    expect(await restoreFacts(db, result.file)).toBe(3);
    expect(await restoreFacts(db, result.file)).toBe(0);
    await late.replay('reporting.late');
    await late.drain();
    expect(await seen('reporting.late')).toEqual(await seen('insights.all'));
    expect(await seen('reporting.late')).toEqual(['FEB-1', 'JAN-1', 'JAN-2', 'JAN-3']);
  });

  it('deletes facts past the retention period only once every consumer passed them', async () => {
    await sql`TRUNCATE event_facts, event_consumers CASCADE`.execute(db);
    await recordAt('2020-01-01T00:00:00Z', 'OLD-1', 'OLD-2');
    await recordAt(new Date().toISOString(), 'NEW-1');
    const consumers = runner([recorder('a.one')]);
    expect(await purgeExpiredFacts(db, 30)).toBe(0); // not numbered yet
    await sequenceFacts(db);
    expect(await purgeExpiredFacts(db, 30)).toBe(2); // no consumer yet: nobody to wait for
    await recordAt('2020-01-01T00:00:00Z', 'OLD-3');
    await sql`INSERT INTO event_consumers (name) VALUES ('a.one')`.execute(db);
    await consumers.drain().then(() => sql`UPDATE event_consumers SET position = 0`.execute(db));
    expect(await purgeExpiredFacts(db, 30)).toBe(0);
    await consumers.drain();
    expect(await purgeExpiredFacts(db, 30)).toBe(1);
    expect((await sql<{ code: string }>`SELECT payload->>'code' AS code FROM event_facts`.execute(db)).rows).toEqual([{ code: 'NEW-1' }]);
  });
});
