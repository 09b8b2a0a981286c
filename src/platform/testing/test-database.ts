import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, openDatabase, type Database, type MigrationSource } from '../db/index.ts';

export interface TestDatabase {
  database: Database;
  /** Connection URL of the fresh PostgreSQL database (undefined on PGlite), for tests that open more pools. */
  url?: string;
  /** The same database on the read replica, when one was asked for. */
  replicaUrl?: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new
 * database on the PostgreSQL server named by DATABASE_URL (dropped again on close).
 */
export async function createTestDatabase(sources: MigrationSource[], options: { replicaServerUrl?: string | undefined } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://' });
    await migrate(database, sources);
    return { database, close: () => database.close() };
  }
  const name = `egov_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let replicaUrl: string | undefined;
  if (options.replicaServerUrl) {
    const replica = new URL(options.replicaServerUrl);
    replica.pathname = `/${name}`;
    replicaUrl = replica.toString();
  }
  const database = await openDatabase({ databaseUrl: url.toString(), replicaUrl, dataDir: 'memory://', poolSize: 20 });
  await migrate(database, sources);
  return {
    database,
    url: url.toString(),
    ...(replicaUrl ? { replicaUrl } : {}),
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** True when the tests run against PostgreSQL (DATABASE_URL set) rather than PGlite. */
export function isPostgres(): boolean {
  return Boolean(process.env.DATABASE_URL);
}
