import { sql, type Executor } from '../db/index.ts';
import type { Fact } from './facts.ts';

/** The SQL of fact consumers' positions (event_consumers) and of reading the log. */

/** A consumer's row, locked for one pass. */
export interface ConsumerState {
  name: string;
  position: number;
  failingFactId: number | null;
  attempts: number;
  retryAt: Date | null;
}

/** Registers consumers that have no row yet, at the start of the log or at its current end. */
export async function ensureConsumers(db: Executor, consumers: { name: string; startFrom: 'beginning' | 'now' }[]): Promise<void> {
  if (consumers.length === 0) return;
  await sql`
    INSERT INTO event_consumers (name, position)
    SELECT c.name, CASE WHEN c.start_from = 'now' THEN (SELECT coalesce(max(seq), 0) FROM event_facts) ELSE 0 END
    FROM unnest(${consumers.map((c) => c.name)}::text[], ${consumers.map((c) => c.startFrom)}::text[]) AS c(name, start_from)
    ON CONFLICT (name) DO NOTHING
  `.execute(db);
}

/** The consumer's row, locked until the caller's transaction ends; undefined while another worker holds it. */
export async function lockConsumer(tx: Executor, name: string, wait = false): Promise<ConsumerState | undefined> {
  const lock = wait ? sql`FOR UPDATE` : sql`FOR UPDATE SKIP LOCKED`;
  const row = (
    await sql<{ name: string; position: number; failing_fact_id: number | null; attempts: number; retry_at: Date | null }>`
      SELECT name, position, failing_fact_id, attempts, retry_at FROM event_consumers WHERE name = ${name} ${lock}
    `.execute(tx)
  ).rows[0];
  return row && { name: row.name, position: Number(row.position), failingFactId: row.failing_fact_id === null ? null : Number(row.failing_fact_id), attempts: row.attempts, retryAt: row.retry_at };
}

export interface FactBatch {
  facts: (Fact & { seq: number })[];
  /** The last place of the log this read could see: a consumer that took every fact of its types up to here may move its position there. */
  head: number;
  /** The log goes on after `head` (the read stopped at its window): read again at once. */
  more: boolean;
}

/**
 * How far past its position one read looks, in places of the log per fact asked for. The
 * bound makes a pass's work proportional to its batch whatever plan PostgreSQL picks: the
 * newest part of the log is always past the column statistics, and with them out of date
 * the planner read every fact after the position and sorted them to keep the first batch
 * (bench/fact-cost.ts: a backlog of 200,000 facts took 120 µs a fact instead of 23). A
 * consumer of rare facts crosses the others a window at a time.
 */
export const READ_WINDOW_PER_FACT = 4;

/**
 * Locks the consumer's row (SKIP LOCKED: undefined while another worker holds it) and reads
 * up to `limit` facts of its types after its position, in one round trip. No facts are read
 * while a failure waits for its retry time.
 */
export async function lockAndRead(tx: Executor, name: string, types: string[], limit: number): Promise<{ state: ConsumerState; batch: FactBatch } | undefined> {
  const rows = (
    await sql<{ name: string; position: number; failing_fact_id: number | null; attempts: number; retry_at: Date | null; head: number; window_end: number; id: number | null; seq: number | null; type: string | null; payload: unknown; recorded_at: Date | null }>`
      WITH c AS (
        SELECT name, position, failing_fact_id, attempts, retry_at FROM event_consumers WHERE name = ${name} FOR UPDATE SKIP LOCKED
      ),
      h AS (SELECT coalesce(max(seq), 0) AS head FROM event_facts),
      w AS (SELECT c.*, h.head, least(h.head, c.position + ${limit * READ_WINDOW_PER_FACT}::bigint) AS window_end FROM c CROSS JOIN h)
      SELECT w.name, w.position, w.failing_fact_id, w.attempts, w.retry_at, w.head, w.window_end, f.id, f.seq, f.type, f.payload, f.recorded_at
      FROM w LEFT JOIN LATERAL (
        SELECT id, seq, type, payload, recorded_at FROM event_facts
        WHERE seq > w.position AND seq <= w.window_end AND type = ANY(${types}::text[]) AND (w.retry_at IS NULL OR w.retry_at <= now())
        ORDER BY seq
        LIMIT ${limit}
      ) AS f ON true
    `.execute(tx)
  ).rows;
  const first = rows[0];
  if (!first) return undefined;
  const state: ConsumerState = { name: first.name, position: Number(first.position), failingFactId: first.failing_fact_id === null ? null : Number(first.failing_fact_id), attempts: first.attempts, retryAt: first.retry_at };
  const facts = rows.flatMap((r) => (r.id === null ? [] : [{ id: Number(r.id), seq: Number(r.seq), type: r.type as string, payload: r.payload, recordedAt: new Date(r.recorded_at as Date) }]));
  const windowEnd = Number(first.window_end);
  return { state, batch: { facts, head: windowEnd, more: Number(first.head) > windowEnd } };
}

/** Moves the position and clears a failure that is behind it. `handled`: facts handled in this pass. */
export async function advance(tx: Executor, name: string, to: number, handled: number): Promise<void> {
  await sql`
    UPDATE event_consumers
    SET position = ${to}, handled = handled + ${handled}, updated_at = now(),
        failing_fact_id = CASE WHEN position < ${to} THEN NULL ELSE failing_fact_id END,
        attempts = CASE WHEN position < ${to} THEN 0 ELSE attempts END,
        retry_at = CASE WHEN position < ${to} THEN NULL ELSE retry_at END,
        last_error = CASE WHEN position < ${to} THEN NULL ELSE last_error END
    WHERE name = ${name}
  `.execute(tx);
}

/** Records a failed attempt at a fact; the position stays before it. */
export async function recordFailure(tx: Executor, name: string, factId: number, attempts: number, retryAt: Date, error: string): Promise<void> {
  await sql`
    UPDATE event_consumers
    SET failing_fact_id = ${factId}, attempts = ${attempts}, retry_at = ${retryAt}, last_error = ${error}, updated_at = now()
    WHERE name = ${name}
  `.execute(tx);
}

/** Sets a fact aside for this consumer only; the caller then moves the position past it. */
export async function parkFact(tx: Executor, name: string, fact: Fact, attempts: number, error: string): Promise<void> {
  await sql`
    INSERT INTO event_consumer_parked (consumer, fact_id, type, attempts, error)
    VALUES (${name}, ${fact.id}, ${fact.type}, ${attempts}, ${error})
    ON CONFLICT (consumer, fact_id) DO UPDATE SET attempts = excluded.attempts, error = excluded.error, parked_at = now()
  `.execute(tx);
}

/** Back to the beginning of the log, forgetting failures and parked facts (a replay). */
export async function rewind(tx: Executor, name: string): Promise<void> {
  await sql`DELETE FROM event_consumer_parked WHERE consumer = ${name}`.execute(tx);
  await sql`
    UPDATE event_consumers
    SET position = 0, failing_fact_id = NULL, attempts = 0, retry_at = NULL, last_error = NULL, handled = 0, updated_at = now()
    WHERE name = ${name}
  `.execute(tx);
}

export interface ConsumerStatus {
  name: string;
  handled: number;
  /** Facts of its types recorded after its position. */
  behind: number;
  parked: number;
  failingFactId: number | null;
  attempts: number;
  lastError: string | null;
  updatedAt: Date;
}

/** Where every registered consumer stands (for `egov events status` and the admin). */
export async function consumerStatuses(db: Executor, types: Map<string, string[]>): Promise<ConsumerStatus[]> {
  const rows = (
    await sql<{ name: string; handled: number; parked: number; failing_fact_id: number | null; attempts: number; last_error: string | null; updated_at: Date; position: number }>`
      SELECT c.name, c.handled, c.failing_fact_id, c.attempts, c.last_error, c.updated_at, c.position,
             (SELECT count(*) FROM event_consumer_parked p WHERE p.consumer = c.name) AS parked
      FROM event_consumers c ORDER BY c.name
    `.execute(db)
  ).rows;
  const statuses: ConsumerStatus[] = [];
  for (const r of rows) {
    const behind = await sql<{ n: number }>`
      SELECT count(*) AS n FROM event_facts
      WHERE (seq > ${r.position} OR seq IS NULL) AND type = ANY(${types.get(r.name) ?? []}::text[])
    `.execute(db);
    statuses.push({
      name: r.name,
      handled: Number(r.handled),
      behind: Number(behind.rows[0]?.n ?? 0),
      parked: Number(r.parked),
      failingFactId: r.failing_fact_id === null ? null : Number(r.failing_fact_id),
      attempts: r.attempts,
      lastError: r.last_error,
      updatedAt: r.updated_at,
    });
  }
  return statuses;
}

/** A fact parked for this consumer, read back from the log. */
export async function findParkedFact(tx: Executor, name: string, factId: number): Promise<Fact | undefined> {
  const row = (
    await sql<{ id: number; type: string; payload: unknown; recorded_at: Date }>`
      SELECT f.id, f.type, f.payload, f.recorded_at
      FROM event_consumer_parked p JOIN event_facts f ON f.id = p.fact_id
      WHERE p.consumer = ${name} AND p.fact_id = ${factId}
    `.execute(tx)
  ).rows[0];
  return row && { id: Number(row.id), type: row.type, payload: row.payload, recordedAt: new Date(row.recorded_at) };
}

export async function unpark(tx: Executor, name: string, factId: number): Promise<void> {
  await sql`DELETE FROM event_consumer_parked WHERE consumer = ${name} AND fact_id = ${factId}`.execute(tx);
}

export interface ParkedFact {
  consumer: string;
  factId: number;
  type: string;
  attempts: number;
  error: string;
  parkedAt: Date;
}

/** Facts parked by consumers, oldest first (payloads left out: they may hold personal data). */
export async function listParkedFacts(db: Executor, consumer?: string): Promise<ParkedFact[]> {
  const rows = (
    await sql<{ consumer: string; fact_id: number; type: string; attempts: number; error: string; parked_at: Date }>`
      SELECT consumer, fact_id, type, attempts, error, parked_at FROM event_consumer_parked
      WHERE ${consumer ?? null}::text IS NULL OR consumer = ${consumer ?? null}
      ORDER BY parked_at, consumer, fact_id LIMIT 1000
    `.execute(db)
  ).rows;
  return rows.map((r) => ({ consumer: r.consumer, factId: Number(r.fact_id), type: r.type, attempts: r.attempts, error: r.error, parkedAt: r.parked_at }));
}
