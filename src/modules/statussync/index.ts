import path from 'node:path';
import type { ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import type { DossiersApi } from '../dossiers/index.ts';
import { DEFAULT_CLIENT_TIME_ZONE } from '../agencies/index.ts';
import { createCatalogueServices } from './statussync.catalogue.ts';
import { registerLegacyContract } from './statussync.legacy.ts';
import { registerSyncApi } from './statussync.rest.ts';
import { createSessions } from './statussync.sessions.ts';
import { createSyncService } from './statussync.service.ts';
import type { StatusSyncApi } from './statussync.api.ts';
import { dailyStatisticsConsumer, readStatistics } from './statussync.stats.ts';

// The status sync hub's only door (issue #21): agencies' one-stop systems push dossiers and
// their progress into the dossier store, through the legacy DVCQG contract, its gateway mode
// or egov's REST API; statistics are kept from the facts the store records.

export type { ItemOutcome } from './statussync.service.ts';
export type { StatusSyncApi } from './statussync.api.ts';
export type { StatisticsQuery, StatisticsRow } from './statussync.stats.ts';

export interface StatusSyncDependencies {
  agencies: Pick<AgenciesApi, 'isWithin' | 'findClient' | 'resolveClientSecrets' | 'findAgency' | 'searchAgencies'>;
  catalog: Pick<CatalogApi, 'findPublishedProcedure' | 'listPublishedProcedures'>;
  dossiers: Pick<DossiersApi, 'syncDossiers' | 'syncProgress' | 'findDossierStates'>;
}


export function createStatusSyncModule(ctx: PlatformContext, deps: StatusSyncDependencies): { registration: ModuleRegistration; api: StatusSyncApi } {
  const sessions = createSessions(ctx.db, deps.agencies);
  const sync = createSyncService({ db: ctx.db, dossiers: deps.dossiers, agencies: deps.agencies });
  const catalogue = createCatalogueServices({ catalog: deps.catalog, agencies: deps.agencies });
  const clientTimeZone = async (clientId: string) => (await deps.agencies.findClient(clientId))?.timeZone ?? DEFAULT_CLIENT_TIME_ZONE;
  const registration: ModuleRegistration = {
    name: 'statussync',
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    async registerRoutes(app) {
      await registerLegacyContract(app, { sessions, sync, catalogue, clientTimeZone });
      await registerSyncApi(app, { sync, reads: () => ctx.database.reader(), clientTimeZone });
    },
    consumers: [dailyStatisticsConsumer()],
  };
  return {
    registration,
    api: {
      login: async (clientId, secret, address) => {
        const { session, expiresAt } = await sessions.login(clientId, secret, address);
        return { session, expiresAt };
      },
      revokeSessions: (clientId, by) => sessions.revokeClientSessions(clientId, by),
      syncDossiers: (client, agency, mode, items) => sync.syncDossiers({ clientId: client.clientId, agencyCode: client.agencyCode, timeZone: client.timeZone ?? DEFAULT_CLIENT_TIME_ZONE }, agency, mode, items),
      statistics: (query) => readStatistics(ctx.database.reader(), query),
    },
  };
}

export const statussyncModule: ModuleDefinition<StatusSyncDependencies, StatusSyncApi> = {
  name: 'statussync',
  needs: ['agencies', 'catalog', 'dossiers'],
  create: (ctx, deps) => createStatusSyncModule(ctx, deps),
  commands: [
    {
      name: 'sync-client',
      summary: 'replay a JSON Lines file of dossiers and progress steps against a server\'s sync API (signed batches, retries, summary)',
      usage: 'egov sync-client FILE.jsonl --url <base url> --client <id> --secret <secret> --agency <code> [--batch 1000] [--retries 5]',
      load: async () => (await import('./statussync.cli.ts')).syncClientCommand,
    },
    {
      name: 'sync',
      summary: 'status sync administration: end the legacy sessions of an integration client',
      usage: 'egov sync revoke-sessions <clientId>',
      load: async () => (await import('./statussync.cli.ts')).syncCommand,
    },
  ],
};
