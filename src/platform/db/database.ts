import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { preparingPool } from './prepared.ts';

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
  /** Subscribes to NOTIFY on a channel (PostgreSQL only; returns undefined on PGlite). */
  listen(channel: string, onNotify: () => void): Promise<(() => Promise<void>) | undefined>;
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
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl === undefined
    ? openPglite(options.dataDir)
    : openPostgres(options.databaseUrl, options.poolSize ?? 10);
}

async function openPostgres(connectionString: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max, application_name: 'egov' });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- see Db
  const db = new Kysely<{}>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return {
    kind: 'postgres',
    db,
    async runScript(script, before) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        if (before) await before(async (q, params) => (await client.query(q, params as unknown[])).rows);
        await client.query(script);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onNotify) {
      const client = new pg.Client({ connectionString });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify();
      });
      await client.query(`LISTEN "${channel.replace(/"/g, '')}"`);
      return async () => {
        await client.end().catch(() => undefined);
      };
    },
    async close() {
      await db.destroy();
    },
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
