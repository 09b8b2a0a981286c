import type { ModuleDefinition, ModuleRegistration, PlatformContext } from '../platform/module/index.ts';
import type { AgenciesApi } from '../modules/agencies/index.ts';
import type { IdentityApi } from '../modules/identity/index.ts';
import { registerApiDocsPage } from './web.api-docs.tsx';
import { registerWebPages } from './web.pages.tsx';

/**
 * The public shell of the portal: home (search, popular services, how it works), the
 * service search page, "about" and the API documentation (/api/docs, from the OpenAPI document). The login, register, profile and console pages
 * belong to the identity module; the shared layout lives in src/platform/ui.
 */
export function createWebModule(_ctx: PlatformContext, _deps: { agencies: AgenciesApi; identity: IdentityApi }): { registration: ModuleRegistration } {
  return {
    registration: {
      name: 'web',
      registerRoutes: (app) => {
        registerWebPages(app);
        registerApiDocsPage(app);
      },
    },
  };
}

export const webModule: ModuleDefinition<{ agencies: AgenciesApi; identity: IdentityApi }, undefined> = {
  name: 'web',
  needs: ['agencies', 'identity'],
  create: (ctx, deps) => ({ ...createWebModule(ctx, deps), api: undefined }),
};
