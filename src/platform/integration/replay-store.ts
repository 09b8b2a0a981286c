import { sql, type Executor } from '../db/index.ts';
import type { Logger } from '../logging/index.ts';

/** Remembers accepted signatures so that each one is accepted once. */
export interface ReplayStore {
  /**
   * Records a verified signature. False when it was recorded before: a replay.
   * `retainSeconds`: how long the record must at least be kept.
   */
  remember(signature: string, clientId: string, retainSeconds: number): Promise<boolean>;
}

export interface DbReplayStoreOptions {
  /** Share of requests that also purge expired rows (default 1%); the worker may call purgeSeenSignatures too. */
  purgeProbability?: number;
  logger?: Pick<Logger, 'warn'>;
  random?: () => number;
}

/**
 * The table `integration_request_nonces` as the replay store: the primary key makes
 * "first time?" one atomic INSERT … ON CONFLICT DO NOTHING, correct across processes and
 * under concurrency (of two simultaneous identical requests exactly one wins).
 */
export function createDbReplayStore(db: Executor, options: DbReplayStoreOptions = {}): ReplayStore {
  const purgeProbability = options.purgeProbability ?? 0.01;
  const random = options.random ?? Math.random;
  return {
    async remember(signature, clientId, retainSeconds) {
      const inserted = await sql<{ signature: string }>`
        INSERT INTO integration_request_nonces (signature, client_id) VALUES (${signature}, ${clientId})
        ON CONFLICT (signature) DO NOTHING
        RETURNING signature
      `.execute(db);
      if (random() < purgeProbability) {
        // Opportunistic housekeeping: a failure must not refuse a good request.
        await purgeSeenSignatures(db, retainSeconds).catch((error: unknown) => {
          options.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'integration nonce purge failed');
        });
      }
      return inserted.rows.length === 1;
    },
  };
}

/** Deletes records older than `olderThanSeconds` (by the database clock). Returns how many. */
export async function purgeSeenSignatures(db: Executor, olderThanSeconds: number): Promise<number> {
  const result = await sql`
    DELETE FROM integration_request_nonces WHERE seen_at < now() - make_interval(secs => ${olderThanSeconds})
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
