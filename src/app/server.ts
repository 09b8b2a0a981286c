import { sql } from '../platform/db/index.ts';
import { createHttpApp, type HttpApp } from '../platform/http/index.ts';
import { renderErrorPage, uiStaticRoots } from '../platform/ui/index.ts';
import { cachedResolver, createDbReplayStore, registerSignedRequests } from '../platform/integration/index.ts';
import { clientSecretResolver } from '../modules/agencies/index.ts';
import type { Composition } from './composition.ts';

/** The HTTP application with every module's routes. */
export async function createServer(composition: Composition): Promise<HttpApp> {
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
  // Before any module: hooks are copied into plugins when they are created.
  registerSignedRequests(app, {
    // A revoked or rotated secret stops working within the cache's 5 s in every process.
    resolver: cachedResolver(clientSecretResolver(composition.agencies)),
    replayStore: createDbReplayStore(ctx.db, { logger: ctx.logger }),
  });
  // Registered on the root instance, not encapsulated: a module's request hooks (the
  // signed-in viewer, for one) apply to every route.
  for (const registration of composition.registrations) {
    await registration.registerRoutes?.(app);
  }
  return app;
}
