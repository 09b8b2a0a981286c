import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { preparingQuery } from './prepared.ts';
import { databaseUnavailable, isConnectionFailure } from './unavailable.ts';

export interface PoolLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * Pool settings for a server that must outlive a database restart or outage of any length.
 * Each limit is there so that a request, or the worker, gets an answer instead of waiting for
 * ever; none is reached by a healthy system.
 */
export interface PoolLimits {
  /** Connections at most. */
  max: number;
  /**
   * Waiting for a connection (a new one, or a free one of a busy pool), in ms: past it the
   * request fails with `db.unavailable` (503). Without it a request waits for as long as
   * the server is unreachable (a host that drops packets never refuses).
   */
  connectionTimeoutMs: number;
  /** An idle connection is closed after this long (ms), so a restarted server gets fresh ones. */
  idleTimeoutMs: number;
  /**
   * PostgreSQL cancels a statement that runs longer (ms; 0: never). Migrations lift it for
   * their own transaction.
   */
  statementTimeoutMs: number;
  /**
   * The client gives up on an answer after this long (ms; 0: never), past the statement
   * timeout, and discards the connection: the answer of a server that vanished without a
   * FIN or RST (a network partition) would otherwise never come.
   */
  queryTimeoutMs: number;
  /** PostgreSQL ends a session left idle inside a transaction this long (ms), freeing its locks. */
  idleInTransactionTimeoutMs: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = {
  max: 10,
  connectionTimeoutMs: 5_000,
  idleTimeoutMs: 10_000,
  statementTimeoutMs: 60_000,
  queryTimeoutMs: 65_000,
  idleInTransactionTimeoutMs: 60_000,
};

export function createPgPool(connectionString: string, limits: PoolLimits, logger?: PoolLogger): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    application_name: 'egov',
    max: limits.max,
    connectionTimeoutMillis: limits.connectionTimeoutMs,
    idleTimeoutMillis: limits.idleTimeoutMs,
    ...(limits.statementTimeoutMs > 0 ? { statement_timeout: limits.statementTimeoutMs } : {}),
    ...(limits.queryTimeoutMs > 0 ? { query_timeout: limits.queryTimeoutMs } : {}),
    ...(limits.idleInTransactionTimeoutMs > 0 ? { idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs } : {}),
    // A connection to a server that disappeared without closing it is found out by TCP.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle client that loses its connection: the pool drops it.
  pool.on('error', (error) => logger?.warn({ err: error.message }, 'database: an idle connection was lost'));
  // A checked-out client that loses its connection emits 'error' too, and without a listener
  // that is an uncaught exception: the process died on a database restart. The query in
  // flight, if any, fails on its own; the connection is discarded when it is released.
  pool.on('connect', (client) => {
    client.on('error', (error) => logger?.warn({ err: error.message }, 'database: a connection in use was lost'));
  });
  return pool;
}

/**
 * The pool as Kysely's PostgresDialect sees it. A connection-level failure (server gone,
 * connection lost or refused, timeout) becomes `db.unavailable`, whatever the query;
 * the client it happened on is discarded instead of going back to the pool, and any further
 * statement on it (Kysely's ROLLBACK) fails at once without being sent.
 */
export function kyselyPool(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw isConnectionFailure(error) ? databaseUnavailable(error) : error;
      }
      const send = preparingQuery(client);
      let lost: unknown;
      const query = (text: unknown, parameters?: ReadonlyArray<unknown>) => {
        if (lost !== undefined) return Promise.reject(databaseUnavailable(lost));
        const result = send(text, parameters);
        // A cursor (Kysely's streaming) is returned as it is.
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          if (!isConnectionFailure(error)) throw error;
          lost = error;
          throw databaseUnavailable(error);
        });
      };
      return {
        query: query as PostgresPoolClient['query'],
        // With an error, pg-pool destroys the client rather than keep it.
        release: () => client.release(lost === undefined ? undefined : lost instanceof Error ? lost : true),
      };
    },
    end: () => pool.end(),
  };
}
