import path from 'node:path';
import { deriveKey } from '../../platform/crypto/index.ts';
import type { Actor, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import { isWithin } from './agency-code.ts';
import { registerAgenciesPages } from './agencies.pages.tsx';
import { registerAgenciesApi } from './agencies.routes.ts';
import { createDirectoryService, type DirectoryQuery } from './agencies.service.ts';
import type { Agency, Commune, IntegrationClient, Province } from './agencies.types.ts';
import { CLIENT_SECRET_KEY_PURPOSE, createClientsService } from './clients.service.ts';
import { importUnits, type ImportUnitsOptions, type ImportUnitsResult, type UnitsFileFormat } from './units-import.ts';

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
export { clientSecretResolver } from './client-resolver.ts';
export { DEMO_AGENCY_CODES, GOVERNMENT_OFFICE_CODE } from './agencies.seed-data.ts';
export { DEFAULT_OVERLAP_HOURS, signPayload } from './clients.service.ts';
export { detectUnitsFormat, type ImportRowError, type ImportUnitsOptions, type ImportUnitsResult, type UnitsFileFormat } from './units-import.ts';
export type { Agency, Commune, IntegrationClient, Province } from './agencies.types.ts';

export interface AgenciesApi {
  /** The agency with this code, or undefined (also for a malformed code). */
  findAgency(code: string): Promise<Agency | undefined>;
  /** Like findAgency but throws `agencies.code_invalid` (invalid) or `agencies.not_found`. */
  getAgency(code: string): Promise<Agency>;
  /** True when `code` is `ancestorCode` or one of its units (by the codes alone). */
  isWithin(code: string, ancestorCode: string): boolean;
  /** The public directory, one page at a time (`nextAfter` is the cursor for the next page). */
  searchAgencies(query: DirectoryQuery): Promise<{ items: Agency[]; nextAfter: string | null }>;
  listProvinces(): Promise<Province[]>;
  /** Throws `agencies.province_not_found` for an unknown province. */
  listCommunes(provinceCode: string): Promise<Commune[]>;

  /** Integration clients. Allowed to system admins and to agency admins within their level-1 body. */
  createClient(actor: Actor | undefined, input: { agencyCode: string; name?: string | undefined }): Promise<{ clientId: string; secret: string; agencyCode: string; name: string }>;
  rotateClientSecret(
    actor: Actor | undefined,
    clientId: string,
    options?: { overlapHours?: number | undefined },
  ): Promise<{ clientId: string; secret: string; overlapHours: number; previousValidUntil: Date }>;
  revokeClient(actor: Actor | undefined, clientId: string): Promise<void>;
  listClients(actor: Actor | undefined, agencyCode: string): Promise<IntegrationClient[]>;
  /** For integration APIs: who a system id belongs to. */
  findClient(clientId: string): Promise<{ clientId: string; agencyCode: string; name: string; revoked: boolean } | undefined>;
  /** Plaintext secrets that verify now (two during a rotation overlap); empty when revoked or unknown. */
  resolveClientSecrets(clientId: string): Promise<string[]>;
  /** HMAC-SHA256 (hex) of the payload under any active secret of the client. */
  verifySignature(clientId: string, payload: string | Uint8Array, signatureHex: string): Promise<boolean>;

  /** Loads communes from CSV or JSON (system admins only). */
  importUnits(actor: Actor | undefined, input: { format: UnitsFileFormat; content: string; source?: string }, options?: ImportUnitsOptions): Promise<ImportUnitsResult>;
}

export function createAgenciesModule(ctx: PlatformContext): { registration: ModuleRegistration; api: AgenciesApi } {
  const directory = createDirectoryService(ctx.db);
  const clients = createClientsService(ctx.db, deriveKey(ctx.config.secretKey, CLIENT_SECRET_KEY_PURPOSE));
  const api: AgenciesApi = {
    findAgency: (code) => directory.findAgency(code),
    getAgency: (code) => directory.getAgency(code),
    isWithin,
    searchAgencies: (query) => directory.searchAgencies(query),
    listProvinces: () => directory.listProvinces(),
    listCommunes: (provinceCode) => directory.listCommunes(provinceCode),
    createClient: (actor, input) => clients.createClient(actor, input),
    rotateClientSecret: (actor, clientId, options) => clients.rotateClientSecret(actor, clientId, options),
    revokeClient: (actor, clientId) => clients.revokeClient(actor, clientId),
    listClients: (actor, agencyCode) => clients.listClients(actor, agencyCode),
    findClient: (clientId) => clients.findClient(clientId),
    resolveClientSecrets: (clientId) => clients.resolveClientSecrets(clientId),
    verifySignature: (clientId, payload, signatureHex) => clients.verifySignature(clientId, payload, signatureHex),
    importUnits: (actor, input, options) => importUnits(ctx.db, actor, input, options),
  };
  const registration: ModuleRegistration = {
    name: 'agencies',
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
