import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { migrate, MigrationError } from './migrate.ts';
import { sql } from 'kysely';

const platformMigrations = { module: 'platform', dir: path.join(import.meta.dirname, 'migrations') };

describe('migrate', () => {
  let test: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    test = await createTestDatabase([platformMigrations]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-migrations-'));
  });
  afterEach(async () => {
    await test.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies pending migrations once, in order, and records them', async () => {
    fs.writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE t1 (id int);');
    fs.writeFileSync(path.join(dir, '0002_second.sql'), 'INSERT INTO t1 VALUES (1); INSERT INTO t1 VALUES (2);');
    const first = await migrate(test.database, [platformMigrations, { module: 'demo', dir }]);
    expect(first.applied).toEqual(['demo/0001_first.sql', 'demo/0002_second.sql']);
    const again = await migrate(test.database, [platformMigrations, { module: 'demo', dir }]);
    expect(again.applied).toEqual([]);
    const rows = await sql<{ n: number }>`select count(*)::int as n from t1`.execute(test.database.db);
    expect(rows.rows[0]?.n).toBe(2);
  });

  it('keeps the history of a folder that moved: its applied migrations are renamed, not applied again', async () => {
    fs.writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE moved (id int);');
    expect((await migrate(test.database, [{ module: 'platform.calendar', dir }])).applied).toEqual(['platform.calendar/0001_first.sql']);
    fs.writeFileSync(path.join(dir, '0002_second.sql'), 'INSERT INTO moved VALUES (1);');
    const after = await migrate(test.database, [{ module: 'calendar', dir, formerly: 'platform.calendar' }]);
    expect(after.applied).toEqual(['calendar/0002_second.sql']);
    const ids = await sql<{ id: string }>`select id from schema_migrations where id like '%calendar/%' order by id`.execute(test.database.db);
    expect(ids.rows.map((r) => r.id)).toEqual(['calendar/0001_first.sql', 'calendar/0002_second.sql']);
  });

  it('rolls back a failing migration completely and names it', async () => {
    fs.writeFileSync(path.join(dir, '0001_bad.sql'), 'CREATE TABLE t2 (id int); SELECT no_such_function();');
    await expect(migrate(test.database, [{ module: 'demo', dir }])).rejects.toThrow(/demo\/0001_bad\.sql failed/);
    const exists = await sql<{ t: string | null }>`select to_regclass('t2')::text as t`.execute(test.database.db);
    expect(exists.rows[0]?.t).toBeNull();
    const recorded = await sql<{ n: number }>`select count(*)::int as n from schema_migrations where id = 'demo/0001_bad.sql'`.execute(test.database.db);
    expect(recorded.rows[0]?.n).toBe(0);
  });

  it('refuses to continue when an applied migration was edited', async () => {
    fs.writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE t3 (id int);');
    await migrate(test.database, [{ module: 'demo', dir }]);
    fs.writeFileSync(path.join(dir, '0001_first.sql'), 'CREATE TABLE t3 (id bigint);');
    await expect(migrate(test.database, [{ module: 'demo', dir }])).rejects.toBeInstanceOf(MigrationError);
  });

  it('rejects badly named migration files', async () => {
    fs.writeFileSync(path.join(dir, 'first.sql'), 'select 1;');
    await expect(migrate(test.database, [{ module: 'demo', dir }])).rejects.toThrow(/NNNN_snake_case/);
  });
});

describe('embedded database lock', () => {
  it('refuses a second opening of the same data directory until the first is closed', async () => {
    const { openDatabase } = await import('./database.ts');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-lock-'));
    try {
      const first = await openDatabase({ databaseUrl: undefined, dataDir });
      // The same process stands in for a second one: the lock names another live pid.
      fs.writeFileSync(path.join(dataDir, 'pglite', 'egov.lock'), String(process.ppid));
      await expect(openDatabase({ databaseUrl: undefined, dataDir })).rejects.toThrow(/in use by process/);
      fs.writeFileSync(path.join(dataDir, 'pglite', 'egov.lock'), String(process.pid));
      await first.close();
      expect(fs.existsSync(path.join(dataDir, 'pglite', 'egov.lock'))).toBe(false);
      // A lock left by a dead process is taken over.
      fs.writeFileSync(path.join(dataDir, 'pglite', 'egov.lock'), '2147483646');
      const again = await openDatabase({ databaseUrl: undefined, dataDir });
      await again.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
