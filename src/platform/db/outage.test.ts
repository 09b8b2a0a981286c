import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/index.ts';
import { createHttpApp, type HttpApp } from '../http/index.ts';
import { createLogger } from '../logging/index.ts';
import { createTestDatabase, isPostgres, type TestDatabase } from '../testing/index.ts';
import { renderErrorPage } from '../ui/index.ts';
import { openDatabase, sql, type Database } from './index.ts';
import { keepRequesting, startDatabaseProxy, waitUntil, type DatabaseProxy, type Outcome } from './outage.test-support.ts';

// Issue #10, finding 3: a PostgreSQL restart under write load killed the process (an
// unhandled 'error' event of a checked-out pg client). The platform's HTTP app runs here
// against PostgreSQL through a TCP proxy the test cuts, like a restart, while requests run.

const DRIVER_WORDS = /terminated|ECONN|not queryable|57P0|pg_terminate|administrator command/i;

describe.skipIf(!isPostgres())('a database outage under load (PostgreSQL only: PGlite runs inside the process and cannot go away)', () => {
  let testDb: TestDatabase;
  let proxy: DatabaseProxy;
  let database: Database;
  let app: HttpApp;
  let base = '';
  /** Resolved by the test to let the request parked in /test/held go on. */
  let releaseHeld: () => void = () => undefined;
  let heldStarted: () => void = () => undefined;

  beforeAll(async () => {
    testDb = await createTestDatabase([]);
    if (!testDb.url) throw new Error('TestDatabase.url is set on PostgreSQL');
    await sql`CREATE TABLE things (id serial PRIMARY KEY, lane int NOT NULL, n int NOT NULL)`.execute(testDb.database.db);
    proxy = await startDatabaseProxy(testDb.url);
    database = await openDatabase({ databaseUrl: proxy.url, dataDir: 'memory://', poolSize: 8 });
    app = await serve(database);
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }, 60_000);

  /** The platform's HTTP shell with a few routes that write and read through `database`. */
  async function serve(database: Database): Promise<HttpApp> {
    const db = database.db;
    const app = await createHttpApp({
      config: testConfig(),
      logger: createLogger('silent'),
      ready: async () => {
        await sql`select 1`.execute(db);
      },
      renderHtmlError: renderErrorPage,
    });
    // A write of two statements in one transaction, with a pause in between so that cuts land mid-transaction.
    app.post('/test/things', { config: { csrf: false } }, async (request) => {
      const { lane, n } = request.body as { lane: number; n: number };
      await db.transaction().execute(async (tx) => {
        await sql`INSERT INTO things (lane, n) VALUES (${lane}, ${n})`.execute(tx);
        await sql`SELECT pg_sleep(0.01)`.execute(tx);
        await sql`INSERT INTO things (lane, n) VALUES (${lane}, ${-n})`.execute(tx);
      });
      return { ok: true };
    });
    app.get('/test/things', async () => {
      const r = await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM things`.execute(db);
      return { count: r.rows[0]?.n };
    });
    // A transaction that waits, connection in hand, until the test lets it go on.
    app.post('/test/held', { config: { csrf: false } }, async () => {
      await db.transaction().execute(async (tx) => {
        await sql`INSERT INTO things (lane, n) VALUES (-1, 0)`.execute(tx);
        await new Promise<void>((resolve) => {
          releaseHeld = resolve;
          heldStarted();
        });
        await sql`INSERT INTO things (lane, n) VALUES (-1, 1)`.execute(tx);
      });
      return { ok: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return app;
  }

  afterAll(async () => {
    await app?.close();
    await database?.close();
    await proxy?.close();
    await testDb?.close();
  });

  async function call(method: 'GET' | 'POST', path: string, body?: unknown, accept = 'application/json', at = base): Promise<Outcome> {
    const res = await fetch(`${at}${path}`, {
      method,
      headers: { accept, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
  }
  const readiness = async () => (await call('GET', '/health/ready')).status;

  function expectCleanFailures(outcomes: Outcome[]): void {
    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].filter((s) => s !== 200 && s !== 503)).toEqual([]);
    for (const failed of outcomes.filter((o) => o.status === 503)) {
      expect(failed.retryAfter).toMatch(/^\d+$/);
      expect(JSON.parse(failed.body)).toMatchObject({ error: { code: 'db.unavailable' } });
      expect(failed.body).not.toMatch(DRIVER_WORDS);
    }
  }

  it('answers 503 with Retry-After while the database is away, reports not ready, and serves again once it is back', async () => {
    expect(await readiness()).toBe(200);
    const load = keepRequesting(12, (lane, n) => (lane % 3 === 0 ? call('GET', '/test/things') : call('POST', '/test/things', { lane, n })));
    let afterRecovery = 0;
    try {
      await waitUntil('writes are running', () => load.outcomes.filter((o) => o.status === 200).length >= 30);

      await proxy.cut();
      await waitUntil('readiness reports the outage', async () => (await readiness()) === 503);
      const ready = await call('GET', '/health/ready');
      expect(ready.retryAfter).toMatch(/^\d+$/);
      expect(ready.body).not.toMatch(DRIVER_WORDS);
      expect((await call('GET', '/health/live')).status).toBe(200);
      // Requests keep coming while the database is away: each fails cleanly.
      const duringOutage = load.outcomes.length;
      await waitUntil('requests were refused during the outage', () => load.since(duringOutage).filter((o) => o.status === 503).length >= 30);
      const page = await call('GET', '/test/things', undefined, 'text/html');
      expect(page.status).toBe(503);
      expect(page.retryAfter).toMatch(/^\d+$/);
      expect(page.body).toContain('<html');
      expect(page.body).not.toMatch(DRIVER_WORDS);

      await proxy.restore();
      await waitUntil('readiness recovers by itself', async () => (await readiness()) === 200);
      afterRecovery = load.outcomes.length;
      await waitUntil('requests succeed again', () => load.since(afterRecovery).filter((o) => o.status === 200).length >= 30);
    } finally {
      await load.stop();
    }

    expectCleanFailures(load.outcomes);
    expect(load.outcomes.filter((o) => o.status === 503).length).toBeGreaterThan(0);
    // The last answers are successes: nothing stays broken in the pool.
    expect(load.since(afterRecovery).slice(-12).map((o) => o.status)).toEqual(Array<number>(12).fill(200));
    // Every committed write is whole (both of its rows or neither).
    const halves = await sql<{ n: number }>`
      SELECT count(*)::int8 AS n FROM things a WHERE a.lane >= 0 AND NOT EXISTS (SELECT 1 FROM things b WHERE b.lane = a.lane AND b.n = -a.n)
    `.execute(testDb.database.db);
    expect(halves.rows[0]?.n).toBe(0);
  });

  it('survives the pool’s own connections being terminated in the middle of a transaction', async () => {
    const started = new Promise<void>((resolve) => (heldStarted = resolve));
    const held = call('POST', '/test/held');
    await started;
    const load = keepRequesting(4, (lane, n) => call('POST', '/test/things', { lane: 100 + lane, n }));
    try {
      await waitUntil('writes are running', () => load.outcomes.filter((o) => o.status === 200).length >= 10);
      // What an administrator (or a failover) does: the server ends those sessions (57P01).
      const admin = new pg.Client({ connectionString: testDb.url });
      await admin.connect();
      try {
        const killed = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'egov' AND pid <> pg_backend_pid()`,
        );
        expect(killed.rows.length).toBeGreaterThan(0);
      } finally {
        await admin.end();
      }
      releaseHeld();
      const answer = await held;
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'db.unavailable' } });

      const after = load.outcomes.length;
      await waitUntil('requests succeed again', () => load.since(after).filter((o) => o.status === 200).length >= 20);
    } finally {
      await load.stop();
    }
    expectCleanFailures(load.outcomes);
    expect(await readiness()).toBe(200);
    // The held transaction was rolled back by the server: its first row is not there.
    const leftover = await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM things WHERE lane = -1`.execute(testDb.database.db);
    expect(leftover.rows[0]?.n).toBe(0);
  });

  it('does not let a request wait for ever on a database that stopped answering (a network partition)', async () => {
    const url = testDb.url ?? '';
    const cutOff = await startDatabaseProxy(url);
    const quick = await openDatabase({
      databaseUrl: cutOff.url,
      dataDir: 'memory://',
      poolSize: 4,
      poolLimits: { connectionTimeoutMs: 1_000, statementTimeoutMs: 1_000, queryTimeoutMs: 1_500 },
    });
    const quickApp = await serve(quick);
    const at = `http://127.0.0.1:${(quickApp.server.address() as AddressInfo).port}`;
    try {
      // Connections in the pool, idle, as a running server has them.
      await Promise.all(Array.from({ length: 4 }, (_, n) => call('POST', '/test/things', { lane: 200, n }, 'application/json', at)));
      cutOff.partition();
      // Some go out on a pooled connection (no answer: read timeout), some on a new one (connect timeout).
      const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => call('POST', '/test/things', { lane: 201, n }, 'application/json', at)));
      expect(answers.map((a) => a.status)).toEqual(Array<number>(8).fill(503));
      expectCleanFailures(answers);
      expect((await call('GET', '/health/ready', undefined, 'application/json', at)).status).toBe(503);
      cutOff.heal();
      await waitUntil('requests succeed again', async () => (await call('POST', '/test/things', { lane: 202, n: 0 }, 'application/json', at)).status === 200);
      const after = await Promise.all(Array.from({ length: 8 }, (_, n) => call('POST', '/test/things', { lane: 203, n }, 'application/json', at)));
      expect(after.map((a) => a.status)).toEqual(Array<number>(8).fill(200));
    } finally {
      await quickApp.close();
      await quick.close();
      await cutOff.close();
    }
  });

  it('LISTEN reconnects by itself after the connection is lost, and says so with a wake-up', async () => {
    let wakeUps = 0;
    const unlisten = await database.listen('egov_outage_test', () => void wakeUps++);
    if (!unlisten) throw new Error('LISTEN is available on PostgreSQL');
    try {
      await sql`SELECT pg_notify('egov_outage_test', '')`.execute(testDb.database.db);
      await waitUntil('the first notification arrives', () => wakeUps === 1);
      await proxy.cut();
      await proxy.restore();
      // Notifications sent while it was away are lost: the subscriber is woken once it is back.
      await waitUntil('the subscription is back', () => wakeUps === 2);
      await sql`SELECT pg_notify('egov_outage_test', '')`.execute(testDb.database.db);
      await waitUntil('notifications arrive again', () => wakeUps === 3);
    } finally {
      await unlisten();
    }
  });
});
