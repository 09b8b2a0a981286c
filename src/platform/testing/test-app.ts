import { createHttpApp, type HttpApp } from '../http/index.ts';
import type { Actor, ModuleRegistration, PlatformContext } from '../module/index.ts';
import { renderErrorPage } from '../ui/index.ts';

/**
 * The platform's HTTP shell with one module's routes, for route tests. The identity module
 * is not there: `actor()` says who is signed in for each request.
 */
export async function createTestApp(
  ctx: Pick<PlatformContext, 'config' | 'logger'>,
  registration: Pick<ModuleRegistration, 'registerRoutes'>,
  actor: () => Actor | undefined,
): Promise<HttpApp> {
  const app = await createHttpApp({ config: ctx.config, logger: ctx.logger, ready: async () => undefined, renderHtmlError: renderErrorPage });
  if (!app.hasRequestDecorator('actor')) app.decorateRequest('actor', undefined);
  app.addHook('onRequest', async (request) => {
    request.actor = actor();
  });
  await registration.registerRoutes?.(app);
  await app.ready();
  return app;
}
