import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createAgenciesModule } from '../src/modules/agencies/index.ts';
import { createCatalogModule } from '../src/modules/catalog/index.ts';
import { testConfig } from '../src/platform/config/index.ts';
import { migrate, openDatabase, sql } from '../src/platform/db/index.ts';
import { LocalFileStore } from '../src/platform/files/index.ts';
import { createLogger } from '../src/platform/logging/index.ts';
import { ContributionRegistry, type PlatformContext } from '../src/platform/module/index.ts';

/**
 * A scratch PostgreSQL database for the catalogue benchmarks (bench:catalog, bench:search):
 * created on the server DATABASE_URL names, migrated, seeded with the demo agencies, the demo
 * catalogue and `procedures` synthetic procedures, analysed; `close` drops it. With `keep` (a
 * database name) the database is created and seeded only when it does not exist yet, and
 * `close` leaves it: repeated measurements at 100,000 procedures (bench/search-cost.ts) do not
 * pay the seeding each time.
 */
export async function seedBenchCatalog(serverUrl: string, procedures: number, options: { keep?: string } = {}) {
  const name = options.keep ?? `egov_bench_catalog_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = options.keep !== undefined && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  if (!exists) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;

  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://', poolSize: 10 });
  async function close(): Promise<void> {
    await database.close();
    if (options.keep !== undefined) return;
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await dropper.end();
  }
  try {
    const config = testConfig({ databaseUrl: url.toString(), logLevel: 'silent' });
    const ctx: PlatformContext = { config, logger: createLogger('silent'), database, db: database.db, files: LocalFileStore.forDataDir('memory://'), contributions: new ContributionRegistry() };
    const agencies = createAgenciesModule(ctx);
    if (exists) {
      const count = await sql<{ n: number }>`SELECT count(*) AS n FROM procedures WHERE status = 'published'`.execute(database.db);
      console.log(`catalogue: ${count.rows[0]?.n} published procedures (kept database ${name})`);
      return { database, ctx, config, agencies, published: count.rows[0]?.n, close };
    }
    const src = path.resolve(import.meta.dirname, '../src');
    await migrate(database, [
      { module: 'platform', dir: path.join(src, 'platform/db/migrations') },
      { module: 'platform.audit', dir: path.join(src, 'platform/audit/migrations') },
      { module: 'agencies', dir: path.join(src, 'modules/agencies/migrations') },
      { module: 'catalog', dir: path.join(src, 'modules/catalog/migrations') },
    ]);
    await agencies.registration.seedDemo?.(() => undefined);

    const started = Date.now();
    const seeding = createCatalogModule(ctx, { agencies: agencies.api });
    await seeding.registration.seedDemo?.(() => undefined);
    const seeded = await seeding.api.seedSynthetic(procedures);
    await sql`ANALYZE procedures`.execute(database.db);
    const count = await sql<{ n: number }>`SELECT count(*) AS n FROM procedures WHERE status = 'published'`.execute(database.db);
    console.log(`catalogue: ${count.rows[0]?.n} published procedures (${seeded.created} synthetic created) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { database, ctx, config, agencies, published: count.rows[0]?.n, close };
  } catch (err) {
    await close();
    throw err;
  }
}
