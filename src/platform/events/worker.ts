import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { sql, type Database } from '../db/index.ts';
import type { Logger } from '../logging/index.ts';
/** Carries out one command (an outbox event): runs at least once per command, so it must be idempotent. */
export type CommandHandler = (event: { id: number; type: string; payload: unknown; attempts: number }) => Promise<void>;
type EventHandler = CommandHandler;
import { OUTBOX_CHANNEL, PermanentEventError } from './outbox.ts';

export interface OutboxWorkerOptions {
  database: Database;
  handlers: Record<string, EventHandler>;
  logger: Logger;
  /** Sleep between idle passes (publishers do not NOTIFY; a re-queue of a parked event does). Default 250 ms on PostgreSQL, 1 s on PGlite. */
  pollIntervalMs?: number;
  /** Events claimed (and handled concurrently) per pass. */
  batchSize?: number;
  /** Attempts before an event is parked as poison. */
  maxAttempts?: number;
  /** Shows up in `claimed_by`; default host:pid:random. */
  workerId?: string;
  /** How long a claim lasts; a handler still running after it may be run again by another worker. */
  leaseMs?: number;
  /** Delay before retry number `attempt + 1`; default exponential from 30 s, capped at 1 h, with jitter. */
  retryDelayMs?: (attempt: number) => number;
  /** Done events older than this are deleted by the running worker (default 7 days). */
  retainDoneMs?: number;
}

export interface OutboxWorker {
  /** Begins handling events in the background (resolves once listening). */
  start(): Promise<void>;
  /** Stops claiming, waits for the events in hand, stops listening. */
  stop(): Promise<void>;
  /** Handles events until none is due; returns how many were handled (for tests and the CLI). */
  drain(): Promise<number>;
}

interface ClaimedEvent {
  id: number;
  type: string;
  payload: unknown;
  attempts: number;
  token: string;
}

const ERROR_MAX_LENGTH = 2000;
const PURGE_EVERY_MS = 60 * 60 * 1000;
const PASS_RETRY_MAX_MS = 10_000;

/**
 * Delay after the `failures`-th failed pass in a row (the database unreachable, most often):
 * the poll interval doubling up to 10 s, with jitter so that the workers of a fleet do not
 * all knock at once when the database comes back.
 */
export function passRetryDelayMs(failures: number, pollIntervalMs: number): number {
  const base = Math.min(PASS_RETRY_MAX_MS, Math.max(pollIntervalMs, 100) * 2 ** Math.min(failures - 1, 10));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

export function defaultRetryDelayMs(attempt: number): number {
  const base = Math.min(60 * 60 * 1000, 30_000 * 2 ** Math.max(0, attempt - 1));
  // "Equal jitter": spreads a burst of failures (an SMTP outage) without ever retrying at once.
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/**
 * The outbox worker. Each pass claims a batch in one short statement (`FOR UPDATE SKIP
 * LOCKED`, so concurrent workers never take the same row, plus a lease recorded on the row),
 * runs the handlers outside any transaction, then records the outcome — guarded by the claim
 * token, so a worker whose lease expired and was taken over cannot overwrite the new owner.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { database, handlers, logger } = options;
  const db = database.db;
  const batchSize = options.batchSize ?? 10;
  const maxAttempts = options.maxAttempts ?? 8;
  const leaseMs = options.leaseMs ?? 2 * 60 * 1000;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  const pollIntervalMs = options.pollIntervalMs ?? (database.kind === 'postgres' ? 250 : 1000);
  const retainDoneMs = options.retainDoneMs ?? 7 * 24 * 60 * 60 * 1000;
  const workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  let claims = 0;
  let running = false;
  let loop: Promise<void> | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let woken = false;
  let wake: (() => void) | undefined;
  let lastPurge = 0;

  async function claim(): Promise<ClaimedEvent[]> {
    const token = `${workerId}#${++claims}`;
    // A single statement is its own short transaction: the row locks taken by SKIP LOCKED
    // last only until the lease is written and committed. The lease check is re-evaluated
    // on the latest row version when a concurrent claim committed first.
    const result = await sql<{ id: number; type: string; payload: unknown; attempts: number }>`
      UPDATE outbox_events AS e
      SET attempts = e.attempts + 1,
          locked_until = now() + ${leaseMs}::double precision * interval '1 millisecond',
          claimed_by = ${token}
      FROM (
        SELECT id FROM outbox_events
        WHERE status = 'pending' AND available_at <= now() AND (locked_until IS NULL OR locked_until <= now())
        ORDER BY available_at, id
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED
      ) AS due
      WHERE e.id = due.id
      RETURNING e.id, e.type, e.payload, e.attempts
    `.execute(db);
    return result.rows.sort((a, b) => a.id - b.id).map((row) => ({ ...row, token }));
  }

  async function markDone(event: ClaimedEvent): Promise<void> {
    const result = await sql`
      UPDATE outbox_events
      SET status = 'done', processed_at = now(), locked_until = NULL, last_error = NULL
      WHERE id = ${event.id} AND claimed_by = ${event.token} AND status = 'pending'
    `.execute(db);
    if (Number(result.numAffectedRows ?? 0) === 0) leaseLost(event);
  }

  async function park(event: ClaimedEvent, reason: string): Promise<void> {
    const result = await sql`
      UPDATE outbox_events
      SET status = 'parked', processed_at = now(), locked_until = NULL, last_error = ${truncate(reason)}
      WHERE id = ${event.id} AND claimed_by = ${event.token} AND status = 'pending'
    `.execute(db);
    if (Number(result.numAffectedRows ?? 0) === 0) leaseLost(event);
    logger.error({ eventId: event.id, type: event.type, attempts: event.attempts, error: reason }, 'outbox event parked');
  }

  async function scheduleRetry(event: ClaimedEvent, reason: string): Promise<void> {
    const delay = Math.max(0, retryDelayMs(event.attempts));
    const result = await sql`
      UPDATE outbox_events
      SET available_at = now() + ${delay}::double precision * interval '1 millisecond',
          locked_until = NULL, last_error = ${truncate(reason)}
      WHERE id = ${event.id} AND claimed_by = ${event.token} AND status = 'pending'
    `.execute(db);
    if (Number(result.numAffectedRows ?? 0) === 0) leaseLost(event);
    logger.warn(
      { eventId: event.id, type: event.type, attempts: event.attempts, retryInMs: delay, error: reason },
      'outbox event failed; will retry',
    );
  }

  function leaseLost(event: ClaimedEvent): void {
    logger.warn(
      { eventId: event.id, type: event.type, leaseMs },
      'outbox event outlived its lease and was claimed again; its outcome here is ignored',
    );
  }

  async function handle(event: ClaimedEvent): Promise<void> {
    const handler = handlers[event.type];
    if (!handler) {
      await park(event, `no handler is registered for event type "${event.type}"`);
      return;
    }
    if (event.attempts > maxAttempts) {
      // Only reachable when earlier attempts never reported back: their leases expired.
      await park(event, `gave up after ${maxAttempts} attempts; the last one did not finish (worker stopped or crashed while handling it)`);
      return;
    }
    try {
      await handler({ id: event.id, type: event.type, payload: event.payload, attempts: event.attempts });
    } catch (error) {
      const reason = errorMessage(error);
      if (error instanceof PermanentEventError || event.attempts >= maxAttempts) await park(event, reason);
      else await scheduleRetry(event, reason);
      return;
    }
    await markDone(event);
  }

  async function runOnce(): Promise<number> {
    const batch = await claim();
    // Each outcome is recorded on its own; one failing bookkeeping query must not lose the others.
    const results = await Promise.allSettled(batch.map(handle));
    for (const r of results) {
      if (r.status === 'rejected') logger.error({ error: errorMessage(r.reason) }, 'outbox: could not record an event outcome');
    }
    return batch.length;
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await runOnce();
      total += handled;
      if (handled === 0) return total;
    }
  }

  async function purgeDone(): Promise<void> {
    if (Date.now() - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = Date.now();
    // Bounded deletes: a first purge of a large backlog must not hold one huge transaction.
    for (;;) {
      const result = await sql`
        DELETE FROM outbox_events WHERE id IN (
          SELECT id FROM outbox_events
          WHERE status = 'done' AND processed_at < now() - ${retainDoneMs}::double precision * interval '1 millisecond'
          LIMIT 5000
        )
      `.execute(db);
      if (Number(result.numAffectedRows ?? 0) < 5000 || !running) return;
    }
  }

  /** Milliseconds until the next pending event is due (or its lease expires), capped by the poll interval. */
  async function idleDelay(): Promise<number> {
    const result = await sql<{ ms: number | string | null }>`
      SELECT EXTRACT(EPOCH FROM (min(GREATEST(available_at, COALESCE(locked_until, available_at))) - now())) * 1000 AS ms
      FROM outbox_events WHERE status = 'pending'
    `.execute(db);
    const ms = result.rows[0]?.ms;
    if (ms === null || ms === undefined) return pollIntervalMs;
    return Math.min(pollIntervalMs, Math.max(0, Math.ceil(Number(ms))));
  }

  function sleep(ms: number): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        woken = false;
        resolve();
      }
      wake = done;
    });
  }

  function notify(): void {
    if (wake) wake();
    else woken = true;
  }

  async function run(): Promise<void> {
    // Consecutive failed passes: a database outage of any length is waited out with backoff.
    let failures = 0;
    while (running) {
      let delay = 0;
      try {
        const handled = await runOnce();
        if (handled < batchSize) {
          await purgeDone();
          delay = await idleDelay();
          // An event can look due while another worker's claim of it is still committing.
          if (handled === 0) delay = Math.max(delay, 50);
        }
        if (failures > 0) logger.info({ workerId, failedPasses: failures }, 'outbox worker resumed');
        failures = 0;
      } catch (error) {
        failures++;
        delay = passRetryDelayMs(failures, pollIntervalMs);
        // The first failure is worth an error; the rest of an outage, one warning each.
        const fields = { workerId, error: errorMessage(error), cause: causeOf(error), failedPasses: failures, retryInMs: delay };
        if (failures === 1) logger.error(fields, 'outbox worker pass failed; retrying with backoff');
        else logger.warn(fields, 'outbox worker pass failed again; retrying with backoff');
      }
      if (running && delay > 0) await sleep(delay);
    }
  }

  return {
    async start() {
      if (running) return;
      running = true;
      try {
        unlisten = await database.listen(OUTBOX_CHANNEL, notify);
      } catch (error) {
        logger.warn({ error: errorMessage(error) }, 'outbox worker could not LISTEN; falling back to polling');
      }
      loop = run();
      logger.info({ workerId, listening: unlisten !== undefined, pollIntervalMs }, 'outbox worker started');
    },
    async stop() {
      if (!running) return;
      running = false;
      notify();
      await loop;
      loop = undefined;
      await unlisten?.();
      unlisten = undefined;
      logger.info({ workerId }, 'outbox worker stopped');
    },
    drain,
  };
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() === '' ? (error instanceof Error ? error.name : 'unknown error') : message;
}

/** The driver's words behind a platform error (such as `db.unavailable`), for the log. */
function causeOf(error: unknown): string | undefined {
  return error instanceof Error && error.cause !== undefined ? errorMessage(error.cause) : undefined;
}

function truncate(text: string): string {
  return text.length <= ERROR_MAX_LENGTH ? text : `${text.slice(0, ERROR_MAX_LENGTH - 1)}…`;
}
