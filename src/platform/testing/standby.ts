import pg from 'pg';

/**
 * Runs `fn` with WAL replay paused on the streaming replica (a replica lagging behind, on
 * demand). Test files run in parallel and share the one standby, so the pause is taken
 * under an advisory lock on the primary server's `postgres` database: one pause at a time.
 */
export async function withStandbyPaused<T>(standbyUrl: string, fn: () => Promise<T>): Promise<T> {
  const primary = new URL(process.env.DATABASE_URL as string);
  primary.pathname = '/postgres';
  const lock = new pg.Client({ connectionString: primary.toString() });
  const standby = new pg.Client({ connectionString: standbyUrl });
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock(hashtext('egov tests: standby replay paused'))");
    await standby.connect();
    await standby.query('SELECT pg_wal_replay_pause()');
    try {
      return await fn();
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
    }
  } finally {
    await standby.end().catch(() => undefined);
    await lock.end();
  }
}

/** Waits until `check` says yes (errors count as no), or fails after `ms`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
