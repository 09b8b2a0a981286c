import type { RawBuilder } from 'kysely';
import { sql, type Executor } from '../db/index.ts';

/** NOTIFY channel that wakes the workers at once (used by rare operations such as a re-queue; publishing relies on polling). */
export const OUTBOX_CHANNEL = 'egov_outbox';

export interface PublishEvent {
  /** Handler key, e.g. `mail.send`. */
  type: string;
  /** JSON-serialisable handler input. */
  payload: unknown;
  /** Not handled before this time (default: as soon as the transaction commits). */
  availableAt?: Date;
}

/**
 * Writes an event in the caller's transaction: it commits with the change it reports, or
 * not at all. Returns the event id.
 */
export async function publishInTx(tx: Executor, event: PublishEvent): Promise<number> {
  if (event.type.trim() === '') throw new TypeError('publishInTx: event type must not be empty');
  const payload = JSON.stringify(event.payload ?? {});
  const availableAt = event.availableAt ?? null;
  // No NOTIFY here: PostgreSQL serialises the commits of all transactions that NOTIFY on one
  // database-wide lock held across the commit's WAL flush. Workers poll instead; the poll
  // interval bounds the latency (docs/ARCHITECTURE.md, "Publishers do not NOTIFY").
  const result = await sql<{ id: number }>`
    INSERT INTO outbox_events (type, payload, available_at)
    VALUES (${event.type}, ${payload}::jsonb, COALESCE(${availableAt}::timestamptz, now()))
    RETURNING id
  `.execute(tx);
  const row = result.rows[0];
  if (!row) throw new Error('publishInTx: insert returned no row');
  return row.id;
}

/** Writes several events in the caller's transaction in one statement, in order. Returns their ids. */
export async function publishManyInTx(tx: Executor, events: PublishEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  if (events.some((e) => e.type.trim() === '')) throw new TypeError('publishInTx: event type must not be empty');
  const result = await sql<{ id: number }>`
    INSERT INTO outbox_events (type, payload, available_at)
    SELECT type, payload, COALESCE(available_at, now())
    FROM unnest(${events.map((e) => e.type)}::text[], ${events.map((e) => JSON.stringify(e.payload ?? {}))}::jsonb[],
                ${events.map((e) => e.availableAt?.toISOString() ?? null)}::timestamptz[]) WITH ORDINALITY AS e(type, payload, available_at, n)
    ORDER BY n
    RETURNING id
  `.execute(tx);
  return result.rows.map((r) => r.id).sort((a, b) => a - b);
}

/**
 * Publishing as a data-modifying query to put in the WITH of a statement that makes the
 * change the events report, so both commit together in one round trip. `events` is a query
 * of (type text, payload jsonb) rows, e.g. built from the RETURNING of an insert in the
 * same WITH. Available at once. Like publishManyInTx, it does not NOTIFY.
 */
export function publishQuery(events: RawBuilder<{ type: string; payload: unknown }>): RawBuilder<never> {
  return sql<never>`INSERT INTO outbox_events (type, payload, available_at) SELECT e.type, e.payload, now() FROM (${events}) AS e(type, payload)`;
}

/**
 * Thrown by a handler when retrying cannot help (malformed payload, a recipient that does
 * not exist…): the event is parked at once with this message.
 */
export class PermanentEventError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentEventError';
  }
}

export interface ParkedEvent {
  id: number;
  type: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  parkedAt: Date | null;
}

/** Parked (poison) events, oldest first. The payload is left out: it may hold personal data. */
export async function listParkedEvents(db: Executor, options: { limit?: number } = {}): Promise<ParkedEvent[]> {
  const limit = options.limit ?? 100;
  const result = await sql<{
    id: number;
    type: string;
    attempts: number;
    last_error: string | null;
    created_at: Date;
    processed_at: Date | null;
  }>`
    SELECT id, type, attempts, last_error, created_at, processed_at
    FROM outbox_events WHERE status = 'parked' ORDER BY id LIMIT ${limit}
  `.execute(db);
  return result.rows.map((r) => ({
    id: r.id,
    type: r.type,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    parkedAt: r.processed_at,
  }));
}

/**
 * Puts a parked event back in the queue with a fresh attempt budget (after the cause was
 * fixed). Returns false when no parked event has that id. The last error stays visible until
 * the event succeeds.
 */
export async function retryParkedEvent(db: Executor, id: number): Promise<boolean> {
  const result = await sql`
    WITH requeued AS (
      UPDATE outbox_events
      SET status = 'pending', attempts = 0, available_at = now(), locked_until = NULL, claimed_by = NULL,
          processed_at = NULL
      WHERE id = ${id} AND status = 'parked'
      RETURNING id
    )
    SELECT id, pg_notify(${OUTBOX_CHANNEL}, '') AS notified FROM requeued
  `.execute(db);
  return result.rows.length > 0;
}
