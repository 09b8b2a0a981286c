import { prepared, sql, type Executor } from '../db/index.ts';
import { createBatcher } from '../batch/index.ts';
import type { Logger } from '../logging/index.ts';

/** Remembers the replay keys of accepted requests so that each one is accepted once. */
export interface ReplayStore {
  /**
   * Records the replay key (64 lower-case hex characters: the signature, or the hash of the
   * client's nonce) of a verified request. False when it was recorded before: a replay.
   * `retainSeconds`: how long the record must at least be kept.
   */
  remember(key: string, clientId: string, retainSeconds: number): Promise<boolean>;
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
 * under concurrency (of two simultaneous identical requests exactly one wins). Concurrent
 * requests share one INSERT (platform/batch): a receiving system's burst costs one round trip.
 */
export function createDbReplayStore(db: Executor, options: DbReplayStoreOptions = {}): ReplayStore {
  const purgeProbability = options.purgeProbability ?? 0.01;
  const random = options.random ?? Math.random;
  const rememberAll = createBatcher<{ signature: string; clientId: string }, boolean>(async (items) => {
    const first = new Map<string, string>();
    for (const item of items) if (!first.has(item.signature)) first.set(item.signature, item.clientId);
    // Committed without waiting for the WAL flush (synchronous_commit off for this statement's
    // own transaction). Safe: whatever the request then changes commits durably after it, and
    // flushing that commit flushes the WAL before it, this row included; so a crash can lose
    // the row only of a request that changed nothing durable, whose replay changes nothing
    // either. It saves a disk flush in every signed request.
    const inserted = await prepared(sql<{ signature: string }>`
      WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
      INSERT INTO integration_request_nonces (signature, client_id)
      SELECT n.signature, n.client_id FROM unnest(${[...first.keys()]}::text[], ${[...first.values()]}::text[]) AS n(signature, client_id), relaxed
      ON CONFLICT (signature) DO NOTHING
      RETURNING signature
    `).execute(db);
    const fresh = new Set(inserted.rows.map((r) => r.signature));
    // The same signature twice in one batch: the first is the request, the second a replay.
    return items.map((item) => fresh.delete(item.signature));
  });
  return {
    async remember(key, clientId, retainSeconds) {
      // The column keeps its first name, `signature`: see migration 0003.
      const firstTime = await rememberAll({ signature: key, clientId });
      if (random() < purgeProbability) {
        // Opportunistic housekeeping: a failure must not refuse a good request.
        await purgeSeenSignatures(db, retainSeconds).catch((error: unknown) => {
          options.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'integration nonce purge failed');
        });
      }
      return firstTime;
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
