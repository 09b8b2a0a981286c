import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { PoolLogger } from './pool.ts';

/**
 * Reads from a PostgreSQL streaming replica, without ever showing a visitor an older state
 * than one they just wrote.
 *
 * The rule: a read may go to the replica only inside a *read context* (`withReadFloor`),
 * which the HTTP layer opens for safe requests (GET, HEAD), and only when the replica has
 * replayed the write-ahead log at least up to the context's floor — the primary's WAL
 * position after the visitor's last write, carried in a cookie. Outside a read context (a
 * POST handler that writes then reads, a worker, a CLI command) every query goes to the
 * primary, so a write path can never read its own write from a lagging copy.
 *
 * The replica's replay position is polled (every 200 ms) rather than asked per request:
 * the position only grows, so a cached value is a lower bound and routing on it is safe; it
 * only delays the moment reads move back to the replica. A replica that does not answer is
 * left alone until it does, and reads go to the primary meanwhile.
 */
export interface ReadFloor {
  /** The WAL position the replica must have replayed; undefined: any replica state will do. */
  lsn: bigint | undefined;
}

const readContext = new AsyncLocalStorage<ReadFloor>();

/** Runs `fn` as a read that may be served by the replica once it has replayed `lsn`. */
export function withReadFloor<T>(lsn: bigint | undefined, fn: () => T): T {
  return readContext.run({ lsn }, fn);
}

/** The read context of the current call, if any. */
export function currentReadFloor(): ReadFloor | undefined {
  return readContext.getStore();
}

/** A PostgreSQL LSN (`16/B374D848`) as a number; undefined when it is not one. */
export function parseLsn(text: string | undefined | null): bigint | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  if (!match) return undefined;
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

export interface ReplicaState {
  /** The replay position last seen on the replica. */
  replayed: bigint | undefined;
  /** When the replica last answered (ms since the epoch); 0: never. */
  answeredAt: number;
}

/** How long a replica may stay silent before reads stop going to it. */
export const REPLICA_SILENCE_MS = 2_000;
const POLL_MS = 200;

/** Watches the replica's replay position; `usable(floor)` says whether a read may go there. */
export class ReplicaWatch {
  private state: ReplicaState = { replayed: undefined, answeredAt: 0 };
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private reportedDown = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: PoolLogger | undefined,
    private readonly pollMs = POLL_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  /** One look at the replica (also used by tests that need the newest position now). */
  poll(): Promise<void> {
    this.polling ??= (async () => {
      try {
        const result = await this.pool.query<{ lsn: string | null; standby: boolean }>(
          'SELECT pg_last_wal_replay_lsn()::text AS lsn, pg_is_in_recovery() AS standby',
        );
        const row = result.rows[0];
        const replayed = parseLsn(row?.lsn);
        // A server that is not in recovery is not a replica (a promoted standby, a wrong URL):
        // reading from it could miss writes made on the primary since.
        if (!row?.standby || replayed === undefined) throw new Error('DATABASE_REPLICA_URL does not name a standby in recovery');
        if (this.state.replayed === undefined || replayed > this.state.replayed) this.state.replayed = replayed;
        this.state.answeredAt = Date.now();
        if (this.reportedDown) this.logger?.warn({}, 'database: the read replica answers again');
        this.reportedDown = false;
      } catch (error) {
        if (!this.reportedDown) this.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'database: the read replica does not answer; reads go to the primary');
        this.reportedDown = true;
      } finally {
        this.polling = undefined;
      }
    })();
    return this.polling;
  }

  /** True when a read with this floor may be served by the replica now. */
  usable(floor: ReadFloor | undefined, now = Date.now()): boolean {
    if (!floor) return false;
    if (now - this.state.answeredAt > REPLICA_SILENCE_MS) return false;
    if (floor.lsn === undefined) return true;
    return this.state.replayed !== undefined && this.state.replayed >= floor.lsn;
  }

  snapshot(): ReplicaState {
    return { ...this.state };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
