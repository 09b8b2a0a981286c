import path from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { sql, type Database, type Db } from '../db/index.ts';
import { createLogger } from '../logging/index.ts';
import type { CommandHandler as EventHandler } from './index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { createOutboxWorker, publishInTx, type OutboxWorkerOptions } from './index.ts';

// Test-only helpers shared by the outbox test files.

const platformDir = path.join(import.meta.dirname, '..');
export const logger = createLogger('silent');

export interface EventRow {
  id: number;
  type: string;
  payload: unknown;
  status: string;
  attempts: number;
  last_error: string | null;
  available_at: Date;
  locked_until: Date | null;
  claimed_by: string | null;
  processed_at: Date | null;
}

/** A fresh database with the outbox (and a `things` table) for the calling test file, emptied before each test. */
export function useOutboxDatabase() {
  const env = {} as { testDb: TestDatabase; database: Database; db: Db };
  beforeAll(async () => {
    env.testDb = await createTestDatabase([
      { module: 'platform', dir: path.join(platformDir, 'db', 'migrations') },
      { module: 'platform.events', dir: path.join(platformDir, 'events', 'migrations') },
    ]);
    env.database = env.testDb.database;
    env.db = env.database.db;
    await sql`CREATE TABLE things (id serial PRIMARY KEY, name text NOT NULL)`.execute(env.db);
  });
  afterAll(async () => {
    await env.testDb?.close();
  });
  beforeEach(async () => {
    await sql`DELETE FROM outbox_events`.execute(env.db);
    await sql`DELETE FROM things`.execute(env.db);
  });
  return {
    env,
    async events(): Promise<EventRow[]> {
      return (await sql<EventRow>`SELECT * FROM outbox_events ORDER BY id`.execute(env.db)).rows;
    },
    async eventById(id: number): Promise<EventRow> {
      const row = (await sql<EventRow>`SELECT * FROM outbox_events WHERE id = ${id}`.execute(env.db)).rows[0];
      if (!row) throw new Error(`no event ${id}`);
      return row;
    },
    worker(handlers: Record<string, EventHandler>, options: Partial<OutboxWorkerOptions> = {}) {
      return createOutboxWorker({ database: env.database, handlers, logger, ...options });
    },
    async publish(type: string, payload: unknown = {}): Promise<number> {
      return env.db.transaction().execute((tx) => publishInTx(tx, { type, payload }));
    },
  };
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
