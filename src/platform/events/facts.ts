import type { RawBuilder } from 'kysely';
import type { TSchema } from 'typebox';
import { sql, type Executor, type Tx } from '../db/index.ts';

/**
 * Facts: what happened in a module (`dossier.submitted`, `exchange.sent` …), written in the
 * transaction of the change they report to the append-only log `event_facts`, and read by
 * every module that subscribes, each at its own position (consumers.ts). A fact is not a
 * request to do something: commands (send this e-mail) are outbox events with one handler.
 */

/** A fact to record. The publishing module types `payload` with the schema it declares. */
export interface NewFact<T = unknown> {
  type: string;
  payload: T;
}

/** A recorded fact, as a consumer receives it. */
export interface Fact<T = unknown> {
  id: number;
  type: string;
  payload: T;
  recordedAt: Date;
}

/**
 * The facts a module publishes: type → TypeBox schema of the payload. The schema is the one
 * definition: the module exports `Static<typeof schema>` as the payload type from its door,
 * the platform checks every fact against it before a consumer sees it, and tests check what
 * the module's SQL writes against it.
 */
export type FactSchemas = Record<string, TSchema>;

/**
 * Handles facts of the types it subscribes to, in the order they were recorded, at least
 * once: `handle` / `handleBatch` run inside the transaction that also moves the consumer's
 * position, so what a handler writes with `tx` is applied exactly once. Work outside the
 * database (mail, SMS, a call to another system) is not done here: the handler enqueues a
 * command (outbox event) in `tx`, which the command worker carries out and retries.
 */
export interface FactConsumer {
  /** Unique in the application, prefixed by the module: `insights.exchange_daily`. */
  name: string;
  /** Fact types it reads; each must be declared by a module. */
  facts: string[];
  /**
   * Where a consumer that has no position yet begins: `beginning` for read models (the
   * whole log), `now` for reactions that must not act on the past (notifications).
   */
  startFrom: 'beginning' | 'now';
  /** One fact. Throw PermanentEventError when retrying cannot help. */
  handle?(fact: Fact, tx: Tx): Promise<void>;
  /** A batch in order, for set-based read models; replaces `handle`. */
  handleBatch?(facts: Fact[], tx: Tx): Promise<void>;
  /** Clears what the consumer built before it is replayed from the beginning (same transaction). */
  reset?(tx: Tx): Promise<void>;
}

/** Records facts in the caller's transaction, in order, in one statement. */
export async function recordFactsInTx(tx: Executor, facts: readonly NewFact[]): Promise<void> {
  if (facts.length === 0) return;
  assertTypes(facts);
  await sql`
    INSERT INTO event_facts (type, payload)
    SELECT f.type, f.payload
    FROM unnest(${facts.map((f) => f.type)}::text[], ${facts.map((f) => JSON.stringify(f.payload ?? {}))}::jsonb[]) WITH ORDINALITY AS f(type, payload, n)
    ORDER BY f.n
  `.execute(tx);
}

/**
 * Recording facts as a data-modifying query for the WITH of a statement that makes the
 * change they report, so both commit together in one round trip. `facts` is a query of
 * (type text, payload jsonb) rows, e.g. built from the RETURNING of an insert in the same WITH.
 */
export function recordFactsQuery(facts: RawBuilder<{ type: string; payload: unknown }>): RawBuilder<never> {
  return sql<never>`INSERT INTO event_facts (type, payload) SELECT f.type, f.payload FROM (${facts}) AS f(type, payload)`;
}

function assertTypes(facts: readonly NewFact[]): void {
  if (facts.some((f) => typeof f.type !== 'string' || f.type.trim() === '')) throw new TypeError('recordFactsInTx: fact type must not be empty');
}
