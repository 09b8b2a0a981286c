import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { createPgPool, DEFAULT_POOL_LIMITS, kyselyPool, type PoolLimits, type PoolLogger } from './pool.ts';
import { currentReadFloor, ReplicaWatch } from './replica.ts';
import { isConnectionFailure } from './unavailable.ts';

/**
 * The database handle shared by every module. Each module narrows it to its own tables
 * with `db.withTables<ModuleTables>()`; no module reads another module's tables.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- modules add their tables with withTables<T>()
export type Db = Kysely<{}>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- see Db
export type Tx = Transaction<{}>;
/** Anything that runs queries: the pool or a transaction joined by the caller (…InTx). */
export type Executor = Db | Tx;

export type DriverKind = 'postgres' | 'pglite';

export interface Database {
  kind: DriverKind;
  db: Db;
  /** Runs a multi-statement SQL script in one transaction (migrations). */
  runScript(sql: string, before?: (exec: (q: string, params?: unknown[]) => Promise<unknown[]>) => Promise<void>): Promise<void>;
  /**
   * Subscribes to NOTIFY on a channel (PostgreSQL only; returns undefined on PGlite). The
   * subscription outlives a lost connection: it reconnects with backoff, and calls `onNotify`
   * once back, since notifications sent meanwhile were lost.
   */
  listen(channel: string, onNotify: () => void): Promise<(() => Promise<void>) | undefined>;
  /**
   * Where a read that tolerates a replica goes: the read replica (DATABASE_REPLICA_URL) when
   * the current request's read context allows it (see replica.ts), else the primary `db`.
   * Call it at query time, inside the request, never once at start.
   */
  reader(): Db;
  /**
   * The primary's current WAL position (`pg_current_wal_lsn()`), when a replica is
   * configured: the floor a visitor's next reads need. Undefined without a replica.
   */
  walPosition(): Promise<string | undefined>;
  close(): Promise<void>;
}

// int8 and date come back the same way from both drivers: counts and ids as numbers,
// `date` as the ISO string it is (a JS Date would shift it by the time zone).
const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);

export interface OpenDatabaseOptions {
  databaseUrl: string | undefined;
  /** PGlite data directory, or `memory://`. */
  dataDir: string;
  poolSize?: number;
  /** PostgreSQL pool limits (see PoolLimits); `poolSize` sets `max`. */
  poolLimits?: Partial<PoolLimits>;
  /** Where lost connections are reported (PostgreSQL). */
  logger?: PoolLogger;
  /** A PostgreSQL streaming replica of `databaseUrl` for reads that tolerate it (DATABASE_REPLICA_URL). */
  replicaUrl?: string | undefined;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl === undefined
    ? openPglite(options.dataDir)
    : openPostgres(options.databaseUrl, {
        ...DEFAULT_POOL_LIMITS,
        ...options.poolLimits,
        ...(options.poolSize === undefined ? {} : { max: options.poolSize }),
      }, options.logger, options.replicaUrl);
}

// setTimeout's largest delay (24.8 days): pg reads a per-query query_timeout (untyped), but
// takes 0 as "use the pool's".
const NO_QUERY_TIMEOUT = 2_147_483_647;

async function openPostgres(connectionString: string, limits: PoolLimits, logger: PoolLogger | undefined, replicaUrl: string | undefined): Promise<Database> {
  const pool = createPgPool(connectionString, limits, logger);
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- see Db
  const db = new Kysely<{}>({ dialect: new PostgresDialect({ pool: kyselyPool(pool) }) });
  const replica = replicaUrl === undefined ? undefined : openReplica(replicaUrl, limits, logger);
  return {
    kind: 'postgres',
    db,
    reader: () => (replica && replica.watch.usable(currentReadFloor()) ? replica.db : db),
    async walPosition() {
      if (!replica) return undefined;
      const result = await pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      return result.rows[0]?.lsn;
    },
    async runScript(script, before) {
      const client = await pool.connect();
      // Migrations may rewrite large tables: no statement or read timeout here.
      const run = (text: string, values?: unknown[]) => client.query({ text, values, query_timeout: NO_QUERY_TIMEOUT } as pg.QueryConfig);
      let failure: unknown;
      try {
        await run('BEGIN');
        await run('SET LOCAL statement_timeout = 0');
        if (before) await before(async (q, params) => (await run(q, params)).rows);
        await run(script);
        await run('COMMIT');
      } catch (error) {
        failure = error;
        await run('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release(isConnectionFailure(failure) ? (failure as Error) : undefined);
      }
    },
    listen: (channel, onNotify) => listenWithReconnect(connectionString, limits, channel, onNotify, logger),
    async close() {
      replica?.watch.stop();
      await Promise.all([db.destroy(), replica?.db.destroy()]);
    },
  };
}

/** The replica's pool, its query builder and the watch of its replay position (started here). */
function openReplica(url: string, limits: PoolLimits, logger: PoolLogger | undefined) {
  const pool = createPgPool(url, limits, logger);
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- see Db
  const replicaDb = new Kysely<{}>({ dialect: new PostgresDialect({ pool: kyselyPool(pool) }) });
  const watch = new ReplicaWatch(pool, logger);
  watch.start();
  void watch.poll();
  return { db: replicaDb, watch };
}

/**
 * A LISTEN connection of its own (a pooled one would be handed to others), reopened with
 * backoff (0.25 s doubling to 10 s) whenever it is lost, for as long as the subscription lasts.
 */
async function listenWithReconnect(
  connectionString: string,
  limits: PoolLimits,
  channel: string,
  onNotify: () => void,
  logger: PoolLogger | undefined,
): Promise<() => Promise<void>> {
  let current: pg.Client | undefined;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const client = new pg.Client({
      connectionString,
      application_name: 'egov',
      connectionTimeoutMillis: limits.connectionTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // Without a listener a lost connection is an uncaught exception; 'end' follows and reconnects.
    client.on('error', (error) => logger?.warn({ err: error.message, channel }, 'database: the LISTEN connection was lost'));
    client.on('end', () => {
      if (current !== client) return;
      current = undefined;
      reconnectLater();
    });
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${channel.replace(/"/g, '')}"`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
    failures = 0;
  }

  function reconnectLater(): void {
    if (stopped || retry) return;
    const delay = Math.min(10_000, 250 * 2 ** Math.min(failures++, 6));
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        // Whatever was notified while the connection was down is lost: act as if notified.
        () => {
          if (!stopped) onNotify();
        },
        () => reconnectLater(),
      );
    }, delay);
    retry.unref();
  }

  try {
    await connect();
  } catch (error) {
    // A database down at start is an outage like any other: keep trying in the background.
    if (!isConnectionFailure(error)) throw error;
    logger?.warn({ err: error instanceof Error ? error.message : String(error), channel }, 'database: LISTEN could not connect; retrying');
    reconnectLater();
  }
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const client = current;
    current = undefined;
    await client?.end().catch(() => undefined);
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir === 'memory://';
  const pgliteDir = inMemory ? undefined : path.join(dataDir, 'pglite');
  if (pgliteDir) fs.mkdirSync(pgliteDir, { recursive: true });
  const releaseLock = pgliteDir ? lockDataDir(pgliteDir) : () => undefined;
  const client = await PGlite.create({
    ...(pgliteDir ? { dataDir: pgliteDir } : {}),
    extensions: { pg_trgm, unaccent },
    parsers: {
      [INT8]: (v: string) => Number(v),
      [DATE]: (v: string) => v,
      [NUMERIC]: (v: string) => v,
    },
  });
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- see Db
  const db = new Kysely<{}>({ dialect: new PGliteDialect(client) });
  return {
    kind: 'pglite',
    db,
    // One process, one copy: there is no replica to read from.
    reader: () => db,
    walPosition: async () => undefined,
    async runScript(script, before) {
      // Through Kysely's single serialized connection so no other query interleaves.
      await db.connection().execute(async () => {
        await client.exec('BEGIN');
        try {
          if (before) {
            await before(async (q, params) => (await client.query(q, params ?? [])).rows);
          }
          await client.exec(script);
          await client.exec('COMMIT');
        } catch (error) {
          await client.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
    async listen() {
      return undefined;
    },
    async close() {
      await db.destroy();
      releaseLock();
    },
  };
}

/**
 * PGlite is a database inside one process: a second process opening the same directory
 * would corrupt it. A lock file with the owner's pid turns that into a clear refusal; a
 * lock left by a process that died is taken over.
 */
function lockDataDir(dir: string): () => void {
  const lockFile = path.join(dir, 'egov.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      const release = () => {
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `The embedded database in ${dir} is in use by process ${owner}. Stop that process first, ` +
            'or set DATABASE_URL to use PostgreSQL, which serves several processes.',
          { cause: error },
        );
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database in ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
