import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { databaseUnavailable, isConnectionFailure, sql } from './index.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('telling a lost database from a failed statement', () => {
  it.each([
    ['admin shutdown (a restart)', withCode('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown', withCode('57P02')],
    ['cannot connect now (starting up)', withCode('57P03', 'the database system is starting up')],
    ['too many connections', withCode('53300')],
    ['connection failure (class 08)', withCode('08006')],
    ['connection refused', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['connection reset', withCode('ECONNRESET')],
    ['a host name that does not resolve', withCode('ENOTFOUND')],
    ['every address of a name refused', Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]), { code: 'ECONNREFUSED' })],
    ['a connection lost by pg', new Error('Connection terminated unexpectedly')],
    ['a connect timeout of pg', new Error('Connection terminated due to connection timeout')],
    ['a pool wait timeout of pg-pool', new Error('timeout exceeded when trying to connect')],
    ['a client whose connection failed earlier', new Error('Client has encountered a connection error and is not queryable')],
    ['no answer in time', new Error('Query read timeout')],
  ])('%s is a connection failure', (_name, error) => {
    expect(isConnectionFailure(error)).toBe(true);
  });

  it.each([
    ['unique violation', withCode('23505', 'duplicate key value violates unique constraint')],
    ['serialization failure', withCode('40001')],
    ['statement timeout or cancel', withCode('57014', 'canceling statement due to statement timeout')],
    ['undefined table', withCode('42P01')],
    ['a plain error that mentions a connection', new Error('could not parse the connection string')],
    ['not an error at all', 'Connection terminated'],
  ])('%s is not', (_name, error) => {
    expect(isConnectionFailure(error)).toBe(false);
  });

  it('becomes db.unavailable (kind unavailable), the driver message kept only as the cause', () => {
    const cause = new Error('Connection terminated unexpectedly');
    const error = databaseUnavailable(cause);
    expect(error).toMatchObject({ code: 'db.unavailable', kind: 'unavailable', details: { retryAfterSeconds: 5 } });
    expect(error.message).not.toContain('terminated');
    expect(error.cause).toBe(cause);
  });

  describe('on the test database (PGlite by default)', () => {
    let testDb: TestDatabase;
    beforeAll(async () => {
      testDb = await createTestDatabase([]);
      await sql`CREATE TABLE t (id int PRIMARY KEY)`.execute(testDb.database.db);
    });
    afterAll(() => testDb?.close());

    it('statement errors stay what they are', async () => {
      const db = testDb.database.db;
      await sql`INSERT INTO t VALUES (1)`.execute(db);
      const duplicate = await sql`INSERT INTO t VALUES (1)`.execute(db).catch((error: unknown) => error);
      expect(duplicate).toMatchObject({ code: '23505' });
      expect(isConnectionFailure(duplicate)).toBe(false);
      const syntax = await sql`SELEC 1`.execute(db).catch((error: unknown) => error);
      expect(syntax).toMatchObject({ code: '42601' });
      expect(isConnectionFailure(syntax)).toBe(false);
      const failedTransaction = await db
        .transaction()
        .execute(async (tx) => {
          await sql`INSERT INTO t VALUES (2)`.execute(tx);
          await sql`INSERT INTO t VALUES (2)`.execute(tx);
        })
        .catch((error: unknown) => error);
      expect(failedTransaction).toMatchObject({ code: '23505' });
      // And the database goes on serving.
      expect((await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM t`.execute(db)).rows[0]?.n).toBe(1);
    });
  });
});
