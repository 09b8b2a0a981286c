import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/index.ts';
import { openDatabase, sql, type Database } from '../db/index.ts';
import { createLogger } from '../logging/index.ts';
import { createTestDatabase, isPostgres, waitUntil as waitFor, withStandbyPaused, type TestDatabase } from '../testing/index.ts';
import { createHttpApp, type HttpApp } from './app.ts';
import { registerReadConsistency, WAL_COOKIE, withRequestReadFloor } from './read-consistency.ts';

// A real streaming replica of the PostgreSQL server the suite runs on: `.ci/run` starts one
// with scripts/start-replica.sh and names it here; on PGlite there is no replica to test.
const replicaServer = process.env.EGOV_TEST_REPLICA_URL;
const requiredHere = isPostgres() && process.env.CI === 'true';

interface Read {
  standby: boolean;
  notes: string[];
}

describe.skipIf(!isPostgres() || (!replicaServer && !requiredHere))('reads from a streaming replica never show a visitor an older state than their own write', () => {
  let testDb: TestDatabase;
  let database: Database;
  let app: HttpApp;
  let standbyUrl: string;

  async function read(method: 'GET' | 'POST', url: string, cookie?: string): Promise<Read> {
    const response = await app.inject({ method, url, ...(cookie ? { cookies: { [WAL_COOKIE]: cookie } } : {}), ...(method === 'POST' ? { payload: {} } : {}) });
    expect(response.statusCode).toBe(200);
    return response.json<Read>();
  }

  beforeAll(async () => {
    if (!replicaServer) throw new Error('CI runs the PostgreSQL suites with a replica: set EGOV_TEST_REPLICA_URL (scripts/start-replica.sh starts one on port 5433)');
    testDb = await createTestDatabase([]);
    const primaryUrl = testDb.url as string;
    const replicaUrl = new URL(replicaServer);
    replicaUrl.pathname = new URL(primaryUrl).pathname;
    const setup = new pg.Client({ connectionString: primaryUrl });
    await setup.connect();
    await setup.query('CREATE TABLE notes (id serial PRIMARY KEY, note text NOT NULL)');
    await setup.end();
    // The new database and its table reach the standby through the WAL like anything else.
    await waitFor('the table on the standby', async () => {
      const probe = new pg.Client({ connectionString: replicaUrl.toString() });
      await probe.connect();
      try {
        return (await probe.query("SELECT to_regclass('notes') IS NOT NULL AS here")).rows[0].here === true;
      } finally {
        await probe.end();
      }
    });
    standbyUrl = replicaUrl.toString();
    database = await openDatabase({ databaseUrl: primaryUrl, replicaUrl: replicaUrl.toString(), dataDir: 'memory://', poolSize: 3 });

    app = await createHttpApp({ config: testConfig(), logger: createLogger('silent'), ready: async () => undefined });
    registerReadConsistency(app, database, { secure: false });
    const readNotes = async (): Promise<Read> => {
      const result = await sql<{ standby: boolean; notes: string[] }>`SELECT pg_is_in_recovery() AS standby, ARRAY(SELECT note FROM notes ORDER BY id) AS notes`.execute(database.reader());
      return result.rows[0] as Read;
    };
    app.post('/notes', { config: { csrf: false } }, async (request) => {
      await sql`INSERT INTO notes (note) VALUES (${(request.body as { note: string }).note})`.execute(database.db);
      return { saved: true };
    });
    app.get('/notes', readNotes);
    // A lookup posted to keep a secret out of the URL reads like a GET.
    app.post('/lookup', { config: { csrf: false, readOnly: true } }, (request) => withRequestReadFloor(request, readNotes));
    // Any other unsafe request: it may just have written, so it reads the primary.
    app.post('/write-then-read', { config: { csrf: false } }, readNotes);
    await app.ready();
    await waitFor('reads served by the standby', async () => (await read('GET', '/notes')).standby);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDb?.close();
  });

  it('serves a visitor with no write of their own from the standby', async () => {
    const answer = await read('GET', '/notes');
    expect(answer.standby).toBe(true);
  });

  it('while the standby lags, the writer reads the primary and sees the write; others read the standby; once it catches up the writer reads it too', async () => {
    await withStandbyPaused(standbyUrl, async () => {
      const written = await app.inject({ method: 'POST', url: '/notes', payload: { note: 'nộp hồ sơ' } });
      expect(written.statusCode).toBe(200);
      const cookie = written.cookies.find((c) => c.name === WAL_COOKIE);
      expect(cookie?.value).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      const floor = cookie?.value as string;

      const writer = await read('GET', '/notes', floor);
      expect(writer).toEqual({ standby: false, notes: ['nộp hồ sơ'] });
      const writerLookup = await read('POST', '/lookup', floor);
      expect(writerLookup).toEqual({ standby: false, notes: ['nộp hồ sơ'] });
      // Proof that the standby is really read, and really behind: someone else does not see it yet.
      const other = await read('GET', '/notes');
      expect(other).toEqual({ standby: true, notes: [] });
      const otherLookup = await read('POST', '/lookup');
      expect(otherLookup.standby).toBe(true);
    });
    const floor = (await app.inject({ method: 'POST', url: '/notes', payload: { note: 'bổ sung' } })).cookies.find((c) => c.name === WAL_COOKIE)?.value as string;
    await waitFor('the standby to replay the writes', async () => (await read('GET', '/notes', floor)).standby);
    expect(await read('GET', '/notes', floor)).toEqual({ standby: true, notes: ['nộp hồ sơ', 'bổ sung'] });
  }, 30_000);

  it('a read-only post leaves the floor alone; other unsafe requests read the primary', async () => {
    const lookup = await app.inject({ method: 'POST', url: '/lookup', payload: {} });
    expect(lookup.cookies.find((c) => c.name === WAL_COOKIE)).toBeUndefined();
    expect((await read('POST', '/write-then-read')).standby).toBe(false);
  });

  it('a cookie that is not a WAL position sends the reads to the primary', async () => {
    expect((await read('GET', '/notes', 'primary')).standby).toBe(false);
    expect((await read('GET', '/notes', "0/0' OR 1=1")).standby).toBe(false);
  });
});
