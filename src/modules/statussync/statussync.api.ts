import type { ItemOutcome } from './statussync.service.ts';
import type { StatisticsQuery, StatisticsRow } from './statussync.stats.ts';

/** What other modules, the CLI and tests use of the status sync hub. */
export interface StatusSyncApi {
  /** A session for a client's id and secret, as the legacy login gives it. */
  login(clientId: string, secret: string, address: string): Promise<{ session: string; expiresAt: Date }>;
  /** Ends every session of a client (audited); how many were open. */
  revokeSessions(clientId: string, by: string | null): Promise<number>;
  /** Synced dossiers as a client with this agency would write them (tests, `egov sync-client`). */
  syncDossiers(client: { clientId: string; agencyCode: string; timeZone?: string }, agency: string, mode: 'create' | 'upsert', items: unknown[]): Promise<ItemOutcome[]>;
  statistics(query: StatisticsQuery): Promise<StatisticsRow[]>;
}
