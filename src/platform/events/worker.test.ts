import { describe, expect, it } from 'vitest';
import { openDatabase, sql } from '../db/index.ts';
import type { CommandHandler as EventHandler } from './index.ts';
import { isPostgres } from '../testing/index.ts';
import { OUTBOX_CHANNEL, PermanentEventError, createOutboxWorker, publishInTx, retryParkedEvent } from './index.ts';
import { logger, useOutboxDatabase, waitFor } from './outbox.test-support.ts';

const { env, events, eventById, worker, publish } = useOutboxDatabase();

describe('waking the outbox worker', () => {
  it('when started, handles events published afterwards within its poll interval', async () => {
    const handled: number[] = [];
    const w = worker({ job: async (e) => void handled.push(e.id) }, { pollIntervalMs: 50 });
    await w.start();
    try {
      await new Promise((r) => setTimeout(r, 100)); // let it go idle
      const id = await publish('job');
      // The handler runs first, the outcome is recorded just after it.
      await waitFor(async () => (await eventById(id)).status === 'done');
      expect(handled).toEqual([id]);
    } finally {
      await w.stop();
    }
  });

  it.skipIf(!isPostgres())(
    'does not NOTIFY from the publishing transaction, which would serialise every commit (PostgreSQL only: PGlite has no LISTEN)',
    async () => {
      let notifications = 0;
      const unlisten = await env.testDb.database.listen(OUTBOX_CHANNEL, () => void notifications++);
      if (!unlisten) throw new Error('LISTEN is available on PostgreSQL');
      try {
        await publish('job');
        await new Promise((r) => setTimeout(r, 300));
        expect(notifications).toBe(0);
        // The listener works: a manual NOTIFY on the channel arrives.
        await sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`.execute(env.db);
        await waitFor(async () => notifications === 1, 5_000);
      } finally {
        await unlisten();
      }
    },
  );

  it.skipIf(!isPostgres())(
    're-queuing a parked event wakes an idle worker at once with NOTIFY (PostgreSQL only: PGlite has no LISTEN)',
    async () => {
      const handled: number[] = [];
      let broken = true;
      const w = worker(
        {
          flaky: async (e) => {
            if (broken) throw new PermanentEventError('not yet');
            handled.push(e.id);
          },
        },
        { pollIntervalMs: 60_000 },
      );
      const id = await publish('flaky');
      await w.drain();
      expect((await eventById(id)).status).toBe('parked');
      await w.start();
      try {
        await new Promise((r) => setTimeout(r, 100)); // idle, next poll in a minute
        broken = false;
        expect(await retryParkedEvent(env.db, id)).toBe(true);
        await waitFor(async () => (await eventById(id)).status === 'done', 5_000);
        expect(handled).toEqual([id]);
      } finally {
        await w.stop();
      }
    },
  );

  it.skipIf(!isPostgres())(
    'two workers with their own pools never handle one event twice (PostgreSQL only: runs in the CI PostgreSQL pass)',
    async () => {
      const url = env.testDb.url;
      if (!url) throw new Error('TestDatabase.url is required on PostgreSQL');
      const otherDatabase = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 5 });
      const seen = new Map<number, string[]>();
      const handler =
        (name: string): EventHandler =>
        async (e) => {
          seen.set(e.id, [...(seen.get(e.id) ?? []), name]);
          await new Promise((r) => setTimeout(r, Math.random() * 3));
        };
      const options = { pollIntervalMs: 20, batchSize: 7 };
      const a = createOutboxWorker({ database: env.database, handlers: { job: handler('a') }, logger, workerId: 'a', ...options });
      const b = createOutboxWorker({ database: otherDatabase, handlers: { job: handler('b') }, logger, workerId: 'b', ...options });
      try {
        await Promise.all([a.start(), b.start()]);
        await Promise.all(
          Array.from({ length: 30 }, (_, batch) =>
            env.db.transaction().execute(async (tx) => {
              for (let i = 0; i < 10; i++) await publishInTx(tx, { type: 'job', payload: { batch, i } });
            }),
          ),
        );
        await waitFor(async () => {
          const r = await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM outbox_events WHERE status = 'done'`.execute(env.db);
          return r.rows[0]?.n === 300;
        }, 30_000);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
        await otherDatabase.close();
      }
      expect(seen.size).toBe(300);
      const twice = [...seen].filter(([, by]) => by.length !== 1);
      expect(twice).toEqual([]);
      const byA = [...seen.values()].filter((by) => by[0] === 'a').length;
      expect(byA).toBeGreaterThan(0);
      expect(byA).toBeLessThan(300);
      expect((await events()).every((e) => e.status === 'done' && e.attempts === 1)).toBe(true);
    },
  );
});
