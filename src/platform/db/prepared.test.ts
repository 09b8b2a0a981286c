import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import type { Executor } from './database.ts';
import { prepared } from './prepared.ts';

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase([{ module: 'platform', dir: path.join(import.meta.dirname, 'migrations') }]);
});
afterAll(async () => {
  await test?.close();
});

/** The statements prepared on the connection of this transaction. */
const preparedHere = (tx: Executor) =>
  sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'egov\_%'`.execute(tx);

describe('prepared', () => {
  it('answers like the unmarked statement, with its parameters, every time', async () => {
    const db = test.database.db;
    for (const n of [1, 2, 3, 7, 40]) {
      const marked = await prepared(sql<{ sum: number; label: string }>`SELECT ${n}::int + 1 AS sum, ${`n${n}`}::text AS label`).execute(db);
      expect(marked.rows).toEqual([{ sum: n + 1, label: `n${n}` }]);
    }
  });

  it('makes a marked statement a named prepared statement of its connection on PostgreSQL, and leaves others unnamed', async () => {
    await test.database.db.transaction().execute(async (tx) => {
      await sql`SELECT ${1}::int AS unmarked`.execute(tx);
      await prepared(sql`SELECT ${1}::int AS marked`).execute(tx);
      await prepared(sql`SELECT ${2}::int AS marked`).execute(tx);
      // The pool may hand this transaction a connection that earlier tests prepared on too.
      const statements = (await preparedHere(tx)).rows.map((r) => r.statement).filter((s) => /marked/.test(s));
      if (test.database.kind === 'postgres') {
        // One statement for both calls: same text, parameters differ.
        expect(statements).toEqual(['/* egov:prepared */ SELECT $1::int AS marked']);
      } else {
        // PGlite: the mark is a comment; nothing is prepared.
        expect(statements).toEqual([]);
      }
    });
  });

  it('reports a failing marked statement as an error and keeps the connection usable', async () => {
    const db = test.database.db;
    await expect(prepared(sql`SELECT 1 / ${0}::int AS boom`).execute(db)).rejects.toThrow(/division by zero/);
    const again = await prepared(sql<{ ok: number }>`SELECT 10 / ${2}::int AS ok`).execute(db);
    expect(again.rows).toEqual([{ ok: 5 }]);
  });
});
