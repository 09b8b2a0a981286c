import type { Actor } from '../../platform/module/index.ts';
import type { DirectoryQuery } from './agencies.service.ts';
import type { Agency, Commune, IntegrationClient, Province } from './agencies.types.ts';
import type { ImportUnitsOptions, ImportUnitsResult, UnitsFileFormat } from './units-import.ts';

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
