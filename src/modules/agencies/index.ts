import path from 'node:path';
import type { AgenciesApi } from './agencies.api.ts';
import { deriveKey } from '../../platform/crypto/index.ts';
import type { ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import { isWithin } from './agency-code.ts';
import { registerAgenciesPages } from './agencies.pages.tsx';
import { registerAgenciesApi } from './agencies.routes.ts';
import { createDirectoryService, type DirectoryQuery } from './agencies.service.ts';
import { CLIENT_SECRET_KEY_PURPOSE, createClientsService } from './clients.service.ts';
import { AGENCIES_NAVIGATION } from './agencies.contributions.ts';
import { importUnits } from './units-import.ts';

// The agencies module's only door.
export {
  AGENCY_CODE_MAX_LENGTH,
  agencyCodeProblems,
  buildAgencyTree,
  compareAgencyCodes,
  describeAgencyCodeProblem,
  isValidAgencyCode,
  isWithin,
  level1Of,
  parseAgencyCode,
  parseAgencyCodeLenient,
  type AgencyCodeProblem,
  type AgencyTreeNode,
  type LenientParse,
  type ParsedAgencyCode,
} from './agency-code.ts';
export { agencyName } from './agency-name.ts';
export { agencyScopeOf, scopeCovers, type AgencyScope } from './agency-scope.ts';
export { clientSecretResolver } from './client-resolver.ts';
export { DEMO_AGENCY_CODES, GOVERNMENT_OFFICE_CODE } from './agencies.seed-data.ts';
export { DEFAULT_CLIENT_TIME_ZONE, DEFAULT_OVERLAP_HOURS, signPayload } from './clients.service.ts';
export { detectUnitsFormat, type ImportRowError, type ImportUnitsOptions, type ImportUnitsResult, type UnitsFileFormat } from './units-import.ts';
export type { Agency, Commune, IntegrationClient, Province } from './agencies.types.ts';


export function createAgenciesModule(ctx: PlatformContext): { registration: ModuleRegistration; api: AgenciesApi } {
  const directory = createDirectoryService(ctx.db);
  const clients = createClientsService(ctx.db, deriveKey(ctx.config.secretKey, CLIENT_SECRET_KEY_PURPOSE));
  const api: AgenciesApi = {
    findAgency: (code) => directory.findAgency(code),
    getAgency: (code) => directory.getAgency(code),
    isWithin,
    searchAgencies: (query) => directory.searchAgencies(query),
    listUnitsOf: (agencyCode) => directory.listUnitsOf(agencyCode),
    removeOwnUnit: (system, code) => directory.removeOwnUnit(system, code),
    listProvinces: () => directory.listProvinces(),
    listCommunes: (provinceCode) => directory.listCommunes(provinceCode),
    createClient: (actor, input) => clients.createClient(actor, input),
    rotateClientSecret: (actor, clientId, options) => clients.rotateClientSecret(actor, clientId, options),
    setClientTimeZone: (actor, clientId, timeZone) => clients.setClientTimeZone(actor, clientId, timeZone),
    revokeClient: (actor, clientId) => clients.revokeClient(actor, clientId),
    listClients: (actor, agencyCode) => clients.listClients(actor, agencyCode),
    findClient: (clientId) => clients.findClient(clientId),
    resolveClientSecrets: (clientId) => clients.resolveClientSecrets(clientId),
    verifySignature: (clientId, payload, signatureHex) => clients.verifySignature(clientId, payload, signatureHex),
    importUnits: (actor, input, options) => importUnits(ctx.db, actor, input, options),
  };
  const registration: ModuleRegistration = {
    name: 'agencies',
    navigation: AGENCIES_NAVIGATION,
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    registerRoutes(app) {
      registerAgenciesApi(app, directory);
      registerAgenciesPages(app, { directory, clients });
    },
    seedDemo: (log) => directory.seed(log),
  };
  return { registration, api };
}

export type { DirectoryQuery };

export const agenciesModule: ModuleDefinition<Record<string, never>, AgenciesApi> = {
  name: 'agencies',
  needs: [],
  create: (ctx) => createAgenciesModule(ctx),
  commands: [
    {
      name: 'clients',
      summary: 'manage integration clients (create, list, rotate, revoke, time zone)',
      usage:
        'egov clients create --agency <code> [--name <text>] [--time-zone <IANA name>]\n       egov clients list --agency <code>\n       egov clients rotate <clientId> [--overlap-hours <n>]\n       egov clients revoke <clientId>\n       egov clients time-zone <clientId> <IANA name>',
      load: async () => (await import('./agencies.cli.ts')).clientsCommand,
    },
    {
      name: 'import units',
      summary: 'load communes from CSV or JSON (code, name, province code): add, rename, retire (--retire-missing), with a per-row error report',
      usage: 'egov import units FILE.csv|FILE.json [--atomic] [--retire-missing]   (CSV header: code,name,province_code; the official table ships as src/modules/agencies/fixtures/communes-2025.csv)',
      load: async () => (await import('./units.cli.ts')).importUnitsCommand,
    },
  ],
};

export type { AgenciesApi } from './agencies.api.ts';
