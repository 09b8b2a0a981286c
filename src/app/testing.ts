import { testConfig, type Config } from '../platform/config/index.ts';
import type { HttpApp } from '../platform/http/index.ts';
import { createLogger } from '../platform/logging/index.ts';
import type { Actor } from '../platform/module/index.ts';
import { createTestDatabase, type TestDatabase } from '../platform/testing/index.ts';
import { compose, type Composition, type ModuleOptions } from './composition.ts';
import { createServer } from './server.ts';

/**
 * One test harness for every module, built from the real registrations: a test asks for
 * modules by name and gets them wired as in production (each with the modules it needs),
 * on a fresh migrated database — PGlite, or PostgreSQL when DATABASE_URL is set.
 */
export interface TestPlatformOptions {
  /** The modules under test; the modules they need come along. */
  modules: readonly string[];
  /** Configuration overrides (testConfig's defaults otherwise: DATA_DIR memory://). */
  config?: Partial<Config>;
  /** Options of modules by name (smaller limits, a test DNS …). */
  options?: ModuleOptions;
  /** Load the demo data of these modules (in composition order), or of all of them. */
  seed?: readonly string[] | true;
  /** Fakes of modules by name, only where the fake is the point of the test. */
  replace?: Readonly<Record<string, unknown>>;
  /** A streaming replica of the PostgreSQL server (its URL, any database): reads that tolerate it go there. */
  replicaServerUrl?: string;
}

export interface TestPlatform extends Composition {
  testDb: TestDatabase;
  /**
   * The HTTP application as `egov serve` builds it, with the modules' routes. A request may
   * say who is signed in with `actorHeader(actor)` instead of a session (the identity
   * module's sessions are tested on their own).
   */
  http(): Promise<HttpApp>;
}

const ACTOR_HEADER = 'x-test-actor';

/** The header that signs a request in as `actor` (test platforms only). */
export const actorHeader = (actor: Actor) => ({ [ACTOR_HEADER]: Buffer.from(JSON.stringify(actor)).toString('base64') });

export async function createTestPlatform(options: TestPlatformOptions): Promise<TestPlatform> {
  const testDb = await createTestDatabase([], { replicaServerUrl: options.replicaServerUrl });
  // The test database's own URL: threads that open their own pool (INGEST_THREADS) reach the same database.
  const config = testConfig({ ...options.config, ...(testDb.url ? { databaseUrl: testDb.url } : {}), ...(testDb.replicaUrl ? { databaseReplicaUrl: testDb.replicaUrl } : {}) });
  const composition = await compose(config, createLogger('silent'), { modules: options.modules, ...(options.options ? { options: options.options } : {}), ...(options.replace ? { replace: options.replace } : {}), database: testDb.database });
  await composition.migrate();
  for (const registration of composition.registrations) {
    if (registration.seedDemo && (options.seed === true || options.seed?.includes(registration.name))) await registration.seedDemo(() => undefined);
  }
  let app: HttpApp | undefined;
  return {
    ...composition,
    testDb,
    async http() {
      if (app) return app;
      app = await createServer(composition, {
        beforeRoutes(server) {
          if (!server.hasRequestDecorator('actor')) server.decorateRequest('actor', undefined);
          server.addHook('onRequest', async (request) => {
            const header = request.headers[ACTOR_HEADER];
            if (typeof header === 'string') request.actor = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Actor;
          });
        },
      });
      await app.ready();
      return app;
    },
    async close() {
      await app?.close();
      await testDb.close();
    },
  };
}
