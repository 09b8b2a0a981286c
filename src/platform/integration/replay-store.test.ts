import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../db/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { createDbReplayStore, INTEGRATION_MIGRATIONS_DIR } from './index.ts';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase([
    { module: 'platform', dir: path.join(import.meta.dirname, '..', 'db', 'migrations') },
    { module: 'platform.integration', dir: INTEGRATION_MIGRATIONS_DIR },
  ]);
});
afterAll(async () => {
  await testDb?.close();
});

const signature = (n: number) => createHash('sha256').update(`request ${n}`).digest('hex');

describe('createDbReplayStore', () => {
  it('accepts each signature once, also when copies arrive together in one batch', async () => {
    const store = createDbReplayStore(testDb.database.db, { purgeProbability: 0 });
    expect(await store.remember(signature(0), 'client-a', 600)).toBe(true);
    // 30 concurrent requests: 10 signatures, each sent three times, plus a replay of signature 0.
    const calls = [...Array.from({ length: 30 }, (_, i) => signature(1 + (i % 10))), signature(0)];
    const answers = await Promise.all(calls.map((s) => store.remember(s, 'client-a', 600)));
    const accepted = calls.filter((_, i) => answers[i]);
    expect(accepted.sort()).toEqual(Array.from({ length: 10 }, (_, i) => signature(1 + i)).sort());
    expect(answers.at(-1)).toBe(false);
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM integration_request_nonces`.execute(testDb.database.db);
    expect(stored.rows[0]?.n).toBe(11);
  });
});
