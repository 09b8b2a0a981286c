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
  /** The agency and every unit below it (by the codes), in code order; empty when the agency is not listed. */
  listUnitsOf(agencyCode: string): Promise<Agency[]>;
  /**
   * An integration client removes a unit of its own agency from the directory (the VXP SDK's
   * deleteAgency): only a unit strictly below the client's agency (`agencies.unit_out_of_scope`),
   * listed (`agencies.not_found`), with no units (`agencies.unit_has_units`) and no client
   * (`agencies.unit_has_clients`). Audited. Returns what was removed.
   */
  removeOwnUnit(system: { clientId: string; agencyCode: string }, code: string): Promise<Agency>;
  listProvinces(): Promise<Province[]>;
  /** Throws `agencies.province_not_found` for an unknown province. */
  listCommunes(provinceCode: string): Promise<Commune[]>;

  /** Integration clients. Allowed to system admins and to agency admins within their level-1 body. */
  /** `timeZone`: IANA name in which the client's local timestamps are read (default Asia/Ho_Chi_Minh). */
  createClient(
    actor: Actor | undefined,
    input: { agencyCode: string; name?: string | undefined; timeZone?: string | undefined },
  ): Promise<{ clientId: string; secret: string; agencyCode: string; name: string; timeZone: string }>;
  /** Audited; throws `agencies.time_zone_invalid` for a name the server's time zone data does not know. */
  setClientTimeZone(actor: Actor | undefined, clientId: string, timeZone: string): Promise<{ clientId: string; timeZone: string }>;
  rotateClientSecret(
    actor: Actor | undefined,
    clientId: string,
    options?: { overlapHours?: number | undefined },
  ): Promise<{ clientId: string; secret: string; overlapHours: number; previousValidUntil: Date }>;
  revokeClient(actor: Actor | undefined, clientId: string): Promise<void>;
  listClients(actor: Actor | undefined, agencyCode: string): Promise<IntegrationClient[]>;
  /** For integration APIs: who a system id belongs to, and the time zone of its clock. */
  findClient(clientId: string): Promise<{ clientId: string; agencyCode: string; name: string; revoked: boolean; timeZone: string } | undefined>;
  /** Plaintext secrets that verify now (two during a rotation overlap); empty when revoked or unknown. */
  resolveClientSecrets(clientId: string): Promise<string[]>;
  /** HMAC-SHA256 (hex) of the payload under any active secret of the client. */
  verifySignature(clientId: string, payload: string | Uint8Array, signatureHex: string): Promise<boolean>;

  /** Loads communes from CSV or JSON (system admins only). */
  importUnits(actor: Actor | undefined, input: { format: UnitsFileFormat; content: string; source?: string }, options?: ImportUnitsOptions): Promise<ImportUnitsResult>;
}
