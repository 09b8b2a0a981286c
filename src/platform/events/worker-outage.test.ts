import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index.ts';
import { startDatabaseProxy, waitUntil } from '../db/outage.test-support.ts';
import { createLogger } from '../logging/index.ts';
import { isPostgres } from '../testing/index.ts';
import { createOutboxWorker, passRetryDelayMs } from './index.ts';
import { useOutboxDatabase } from './outbox.test-support.ts';

const { env, events, publish } = useOutboxDatabase();

describe('the outbox worker through a database outage', () => {
  it('backs off from the poll interval up to 10 s, with jitter', () => {
    for (let failures = 1; failures <= 20; failures++) {
      const base = Math.min(10_000, 250 * 2 ** (failures - 1));
      const delay = passRetryDelayMs(failures, 250);
      expect(delay).toBeGreaterThanOrEqual(base / 2);
      expect(delay).toBeLessThanOrEqual(base);
    }
  });

  it.skipIf(!isPostgres())(
    'keeps polling while the database is unreachable and handles what was published meanwhile once it is back (PostgreSQL only: PGlite cannot go away)',
    async () => {
      const url = env.testDb.url;
      if (!url) throw new Error('TestDatabase.url is set on PostgreSQL');
      const proxy = await startDatabaseProxy(url);
      const database = await openDatabase({ databaseUrl: proxy.url, dataDir: 'memory://', poolSize: 3 });
      const lines: { level: string; msg: string }[] = [];
      const logger = createLogger('info', {
        write(line: string) {
          const entry = JSON.parse(line) as { level: number; msg: string };
          lines.push({ level: entry.level >= 50 ? 'error' : entry.level >= 40 ? 'warn' : 'info', msg: entry.msg });
        },
      });
      const handled: number[] = [];
      const worker = createOutboxWorker({ database, handlers: { job: async (e) => void handled.push(e.id) }, logger, pollIntervalMs: 20 });
      try {
        await worker.start();
        const before = await publish('job');
        await waitUntil('the first event is handled', () => handled.includes(before));

        await proxy.cut();
        await waitUntil('the worker has failed a few passes', () => lines.filter((l) => l.msg.startsWith('outbox worker pass failed')).length >= 3);
        // Published by the application while the worker cannot reach the database.
        const during = [await publish('job'), await publish('job'), await publish('job')];

        await proxy.restore();
        await waitUntil('the events published during the outage are handled', () => during.every((id) => handled.includes(id)));
        await waitUntil('the worker reports that it resumed', () => lines.some((l) => l.msg === 'outbox worker resumed'));
        // One error at the start of the outage, warnings after it.
        expect(lines.filter((l) => l.level === 'error' && l.msg.startsWith('outbox worker pass failed')).length).toBe(1);
        await waitUntil('every event is done', async () => (await events()).every((e) => e.status === 'done'));
        expect(handled.sort((a, b) => a - b)).toEqual([before, ...during]);
      } finally {
        await worker.stop();
        await database.close();
        await proxy.close();
      }
    },
  );
});
