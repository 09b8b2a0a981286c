import type { Config } from '../platform/config/index.ts';
import { migrate, openDatabase, type MigrationSource } from '../platform/db/index.ts';
import { LocalFileStore } from '../platform/files/index.ts';
import type { Logger } from '../platform/logging/index.ts';
import type { ModuleRegistration, PlatformContext } from '../platform/module/index.ts';
import { platformRegistrations } from '../platform/registrations.ts';
import { createAgenciesModule } from '../modules/agencies/index.ts';
import { createCalendarModule } from '../modules/calendar/index.ts';
import { createCatalogModule } from '../modules/catalog/index.ts';
import { createDossiersModule } from '../modules/dossiers/index.ts';
import { createExchangeModule } from '../modules/exchange/index.ts';
import { createIdentityModule } from '../modules/identity/index.ts';
import { createWebModule } from '../web/index.ts';

/**
 * The composition root: opens the database and wires the modules together in
 * dependency order. The only file that knows every module.
 */
export interface Composition {
  ctx: PlatformContext;
  registrations: ModuleRegistration[];
  agencies: ReturnType<typeof createAgenciesModule>['api'];
  identity: ReturnType<typeof createIdentityModule>['api'];
  catalog: ReturnType<typeof createCatalogModule>['api'];
  dossiers: ReturnType<typeof createDossiersModule>['api'];
  exchange: ReturnType<typeof createExchangeModule>['api'];
  migrate(onProgress?: (id: string) => void): Promise<string[]>;
  close(): Promise<void>;
}

export async function compose(config: Config, logger: Logger): Promise<Composition> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const ctx: PlatformContext = { config, logger, database, db: database.db, files: LocalFileStore.forDataDir(config.dataDir) };
  const calendar = createCalendarModule(ctx);
  const agencies = createAgenciesModule(ctx);
  const identity = createIdentityModule(ctx, { agencies: agencies.api });
  const catalog = createCatalogModule(ctx, { agencies: agencies.api });
  const dossiers = createDossiersModule(ctx, { agencies: agencies.api, identity: identity.api, catalog: catalog.api, calendar: calendar.api });
  const exchange = createExchangeModule(ctx, { agencies: agencies.api });
  const web = createWebModule(ctx, { agencies: agencies.api, identity: identity.api });
  // Migration and seed order: platform, then agencies (codes the others check), then the rest.
  const registrations = [
    ...platformRegistrations(ctx),
    calendar.registration,
    agencies.registration,
    identity.registration,
    catalog.registration,
    dossiers.registration,
    exchange.registration,
    web.registration,
  ];
  return {
    ctx,
    registrations,
    agencies: agencies.api,
    identity: identity.api,
    catalog: catalog.api,
    dossiers: dossiers.api,
    exchange: exchange.api,
    async migrate(onProgress) {
      const report = await migrate(database, migrationSources(registrations), onProgress);
      return report.applied;
    },
    close: () => database.close(),
  };
}

export function migrationSources(registrations: ModuleRegistration[]): MigrationSource[] {
  return registrations.flatMap((r) => (r.migrationsDir ? [{ module: r.name, dir: r.migrationsDir, ...(r.migrationsFormerly ? { formerly: r.migrationsFormerly } : {}) }] : []));
}
