import { sql } from '../platform/db/index.ts';
import { createHttpApp, registerReadConsistency, setRequestOffload, type HttpApp } from '../platform/http/index.ts';
import { renderErrorPage, uiStaticRoots } from '../platform/ui/index.ts';
import { cachedResolver, createDbReplayStore, registerSignedRequests } from '../platform/integration/index.ts';
import { clientSecretResolver, type AgenciesApi } from '../modules/agencies/index.ts';
import type { Composition } from './composition.ts';
import { startIngestThreads } from './ingest-threads.ts';

export interface ServerOptions {
  /** Called before any module's routes (tests: a hook that says who is signed in). */
  beforeRoutes?(app: HttpApp): void;
}

/** The HTTP application with every module's routes. */
export async function createServer(composition: Composition, options: ServerOptions = {}): Promise<HttpApp> {
  const { ctx } = composition;
  const app = await createHttpApp({
    config: ctx.config,
    logger: ctx.logger,
    ready: async () => {
      await sql`select 1`.execute(ctx.db);
    },
    renderHtmlError: renderErrorPage,
    staticRoots: uiStaticRoots(),
  });
  // Reads that tolerate a replica go there only once it holds the visitor's own writes.
  if (ctx.config.databaseReplicaUrl !== undefined) registerReadConsistency(app, ctx.database, { secure: ctx.config.baseUrl.startsWith('https://') });
  // Before any module: hooks are copied into plugins when they are created. Integration
  // clients are the agencies module's (a test composition without it has no signed routes).
  if (composition.registrations.some((r) => r.name === 'agencies')) {
    registerSignedRequests(app, {
      // A revoked or rotated secret stops working within the cache's 5 s in every process.
      resolver: cachedResolver(clientSecretResolver(composition.api<AgenciesApi>('agencies'))),
      replayStore: createDbReplayStore(ctx.db, { logger: ctx.logger }),
    });
  }
  // The status sync's bulk batches answered on threads of their own, off the citizens' event loop.
  if (ctx.config.ingestThreads > 0 && composition.registrations.some((r) => r.name === 'statussync')) {
    const threads = startIngestThreads(ctx.config, ctx.logger, ctx.config.ingestThreads);
    setRequestOffload(app, threads);
    app.addHook('onClose', () => threads.close());
  }
  options.beforeRoutes?.(app);
  // Registered on the root instance, not encapsulated: a module's request hooks (the
  // signed-in viewer, for one) apply to every route.
  for (const registration of composition.registrations) {
    await registration.registerRoutes?.(app);
  }
  return app;
}
