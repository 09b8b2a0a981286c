import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { sql, type Database, type Tx } from '../db/index.ts';
import type { Logger } from '../logging/index.ts';
import * as store from './consumer-store.ts';
import type { Fact, FactConsumer } from './facts.ts';
import { PermanentEventError } from './outbox.ts';
import { purgeExpiredFacts } from './archive.ts';
import { createFactSequencer, sequenceFacts } from './sequence.ts';
import { defaultRetryDelayMs, passRetryDelayMs } from './worker.ts';

export interface FactConsumersOptions {
  database: Database;
  consumers: readonly FactConsumer[];
  /** Every declared fact type with its payload schema (from the modules' registrations). */
  schemas: ReadonlyMap<string, TSchema>;
  logger: Logger;
  /** Facts read per pass. Default 500 on PostgreSQL, 100 on PGlite (one connection for everything). */
  batchSize?: number;
  /** Sleep when a consumer has caught up. Default 250 ms on PostgreSQL, 1 s on PGlite. */
  pollIntervalMs?: number;
  /** Attempts at one fact before it is parked for that consumer. */
  maxAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
  /** Facts older than this many days that every consumer has passed are deleted (hourly). Unset: kept for ever. */
  retentionDays?: number | null;
}

export interface FactConsumers {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs every consumer until none has a fact it can handle now; returns how many facts were handled or parked. */
  drain(): Promise<number>;
  /** Back to the beginning of the log: the consumer's `reset`, then the whole log again. */
  replay(name: string): Promise<void>;
  /** Hands a parked fact to its consumer once more; true when it was handled (and is no longer parked). */
  retryParked(name: string, factId: number): Promise<boolean>;
}

const ERROR_MAX_LENGTH = 2000;
const NOTHING: PassOutcome = { done: 0, again: false };
const PURGE_EVERY_MS = 60 * 60 * 1000;
/** Facts numbered per statement of the sequencer. */
const SEQUENCE_BATCH = 10_000;

/** A failed attempt at a fact, to record once the position has moved up to it. */
interface Failure {
  factId: number;
  attempts: number;
  retryAt: Date;
  reason: string;
}

/** What a pass did: facts handled or parked, and whether to run another at once (a full batch, a window short of the log's end, a failure to retry now). */
interface PassOutcome {
  done: number;
  again: boolean;
}

/** Thrown inside a pass's transaction to roll it back after a handler failed. */
class HandlerFailed extends Error {}

/**
 * Runs each fact consumer in its own loop. A pass locks the consumer's row (SKIP LOCKED: in
 * several workers, one runs it and the others go on), reads a batch after its position,
 * hands it to the consumer and moves the position in the same transaction. When a handler
 * fails, the pass is rolled back and run again fact by fact, each in a savepoint, up to the
 * failing fact: the facts before it are applied, the failure is recorded with a retry time
 * (backoff), and after `maxAttempts` (or a PermanentEventError, or a payload that does not
 * match its schema) the fact is parked for this consumer alone and the position moves on.
 * Consumers never wait for each other.
 */
export function createFactConsumers(options: FactConsumersOptions): FactConsumers {
  const { database, logger } = options;
  const db = database.db;
  const pglite = database.kind === 'pglite';
  const batchSize = options.batchSize ?? (pglite ? 100 : 500);
  const pollIntervalMs = options.pollIntervalMs ?? (pglite ? 1000 : 250);
  const maxAttempts = options.maxAttempts ?? 8;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  const consumers = new Map(options.consumers.map((c) => [c.name, c]));
  const validators = new Map([...options.schemas].map(([type, schema]) => [type, Compile(schema)]));
  checkWiring(options.consumers, options.schemas);

  let running = false;
  let loops: Promise<void>[] = [];
  const sleepers = new Set<() => void>();
  const stoppers = new Set<() => void>();
  let ensured: Promise<void> | undefined;

  // Facts committed before a `now` consumer is registered are numbered first, so that it starts after them.
  const ensure = () => (ensured ??= sequenceAll().then(() => store.ensureConsumers(db, options.consumers.map((c) => ({ name: c.name, startFrom: c.startFrom })))).catch((error: unknown) => {
    ensured = undefined;
    throw error;
  }));

  async function sequenceAll(): Promise<void> {
    while ((await sequenceFacts(db)) > 0);
  }

  /** A fact the consumer may not see: its payload breaks the publisher's schema. */
  function invalid(fact: Fact): string | null {
    const validator = validators.get(fact.type);
    if (!validator || validator.Check(fact.payload)) return null;
    const first = validator.Errors(fact.payload)[0];
    return `payload of ${fact.type} does not match its declared schema${first ? `: ${first.instancePath || '/'} ${first.message}` : ''}`;
  }

  async function apply(consumer: FactConsumer, facts: Fact[], tx: Tx): Promise<void> {
    if (consumer.handleBatch) await consumer.handleBatch(facts, tx);
    else for (const fact of facts) await consumer.handle?.(fact, tx);
  }

  /**
   * One pass: `careful` runs each fact in a savepoint, after a failure.
   */
  async function pass(consumer: FactConsumer, careful: boolean): Promise<PassOutcome> {
    return db.transaction().execute(async (tx) => {
      const locked = await store.lockAndRead(tx, consumer.name, consumer.facts, batchSize);
      if (!locked || (locked.state.retryAt && locked.state.retryAt.getTime() > Date.now())) return NOTHING;
      const { state, batch } = locked;
      let position = state.position;
      let done = 0;
      if (!careful) {
        const refused = batch.facts.findIndex((f) => invalid(f) !== null);
        const good = refused < 0 ? batch.facts : batch.facts.slice(0, refused);
        if (refused === 0) careful = true;
        else {
          try {
            if (good.length > 0) await apply(consumer, good, tx);
          } catch (error) {
            throw new HandlerFailed(errorMessage(error), { cause: error });
          }
          done = good.length;
          const last = good.at(-1);
          if (last) position = last.seq;
          if (refused > 0) careful = true; // the invalid fact is parked in a careful pass
        }
      }
      let failure: Failure | undefined;
      if (careful) {
        for (const fact of batch.facts.slice(done)) {
          const outcome = await handleOne(consumer, fact, state, tx);
          if (outcome !== 'handled' && outcome !== 'parked') {
            failure = outcome;
            break;
          }
          position = fact.seq;
          done++;
        }
      }
      // Caught up: no fact of its types is left up to the head of the log (or of the read's
      // window), so the position may jump there (the next read does not walk again over facts
      // of other types).
      const caughtUp = done === batch.facts.length && batch.facts.length < batchSize;
      if (caughtUp && batch.head > position) position = batch.head;
      if (position !== state.position) await store.advance(tx, consumer.name, position, done);
      // After the move, which clears a failure left behind.
      if (failure) await store.recordFailure(tx, consumer.name, failure.factId, failure.attempts, failure.retryAt, failure.reason);
      const again = failure ? failure.retryAt.getTime() <= Date.now() : done === batchSize || (caughtUp && batch.more);
      return { done, again };
    });
  }

  /** A fact on its own, in a savepoint: handled, parked, or failed (to retry later). */
  async function handleOne(consumer: FactConsumer, fact: Fact, state: store.ConsumerState, tx: Tx): Promise<'handled' | 'parked' | Failure> {
    const attempts = state.failingFactId === fact.id ? state.attempts + 1 : 1;
    const refusal = invalid(fact);
    if (refusal) {
      await park(consumer, fact, attempts, refusal, tx);
      return 'parked';
    }
    await sql`SAVEPOINT fact`.execute(tx);
    try {
      await apply(consumer, [fact], tx);
      await sql`RELEASE SAVEPOINT fact`.execute(tx);
      return 'handled';
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT fact`.execute(tx);
      const reason = truncate(errorMessage(error));
      if (error instanceof PermanentEventError || attempts >= maxAttempts) {
        await park(consumer, fact, attempts, reason, tx);
        return 'parked';
      }
      const delay = Math.max(0, retryDelayMs(attempts));
      logger.warn({ consumer: consumer.name, factId: fact.id, type: fact.type, attempts, retryInMs: delay, error: reason }, 'fact consumer failed; will retry');
      return { factId: fact.id, attempts, retryAt: new Date(Date.now() + delay), reason };
    }
  }

  async function park(consumer: FactConsumer, fact: Fact, attempts: number, reason: string, tx: Tx): Promise<void> {
    await store.parkFact(tx, consumer.name, fact, attempts, reason);
    logger.error({ consumer: consumer.name, factId: fact.id, type: fact.type, attempts, error: reason }, 'fact parked for this consumer');
  }

  /** A pass, and after a handler failure the careful pass that applies what came before it. */
  async function step(consumer: FactConsumer): Promise<PassOutcome> {
    try {
      return await pass(consumer, false);
    } catch (error) {
      if (!(error instanceof HandlerFailed)) throw error;
      return pass(consumer, true);
    }
  }

  /** Numbers committed facts (one sequencer at a time across processes) and wakes the consumers when there were some. */
  /** A failed pass (the database is away): backoff, one error then warnings, and a word when it works again. */
  function passFailed(what: string, failures: number, error: unknown): number {
    const fields = { what, failures, error: errorMessage(error) };
    if (failures === 1) logger.error(fields, 'fact pass failed; retrying with backoff');
    else logger.warn(fields, 'fact pass failed again; retrying with backoff');
    return passRetryDelayMs(failures, pollIntervalMs);
  }

  async function runSequencer(): Promise<void> {
    const sequencer = createFactSequencer(db);
    let lastPurge = 0;
    let failures = 0;
    while (running) {
      let delay = pollIntervalMs;
      try {
        if (options.retentionDays && Date.now() - lastPurge > PURGE_EVERY_MS) {
          lastPurge = Date.now();
          const purged = await purgeExpiredFacts(db, options.retentionDays);
          if (purged > 0) logger.info({ purged, retentionDays: options.retentionDays }, 'expired facts deleted');
        }
        // Every poll interval, not after every commit: numbering and waking the consumers for
        // a handful of facts costs more round trips than the facts themselves. A full batch
        // means more are waiting: go on at once.
        const numbered = await sequencer.run(SEQUENCE_BATCH);
        if (numbered > 0) for (const wake of [...sleepers]) wake();
        if (numbered === SEQUENCE_BATCH) delay = 0;
        if (failures > 0) logger.info({ what: 'sequencer', failures }, 'fact pass resumed');
        failures = 0;
      } catch (error) {
        delay = passFailed('sequencer', ++failures, error);
      }
      if (running && delay > 0) await sleep(delay, false);
    }
  }

  async function run(consumer: FactConsumer): Promise<void> {
    let failures = 0;
    while (running) {
      let delay = 0;
      try {
        await ensure();
        if (!(await step(consumer)).again) delay = pollIntervalMs;
        if (failures > 0) logger.info({ what: consumer.name, failures }, 'fact pass resumed');
        failures = 0;
      } catch (error) {
        delay = passFailed(consumer.name, ++failures, error);
      }
      // A consumer waiting out an outage is not woken early by the sequencer.
      if (running && delay > 0) await sleep(delay, failures === 0);
    }
  }

  /** `wakeable`: the sequencer wakes consumers early when it numbered facts (it does not wake itself). */
  function sleep(ms: number, wakeable = true): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        stoppers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      (wakeable ? sleepers : stoppers).add(done);
    });
  }

  function consumerNamed(name: string): FactConsumer {
    const consumer = consumers.get(name);
    if (!consumer) throw new Error(`no fact consumer is named "${name}"; known: ${[...consumers.keys()].join(', ') || 'none'}`);
    return consumer;
  }

  return {
    async start() {
      if (running) return;
      running = true;
      loops = [runSequencer(), ...options.consumers.map((c) => run(c))];
      logger.info({ consumers: options.consumers.map((c) => c.name), pollIntervalMs }, 'fact consumers started');
    },
    async stop() {
      if (!running) return;
      running = false;
      for (const wake of [...sleepers, ...stoppers]) wake();
      await Promise.all(loops);
      loops = [];
    },
    async drain() {
      await ensure();
      let total = 0;
      for (;;) {
        await sequenceAll();
        let again = false;
        for (const consumer of options.consumers) {
          const outcome = await step(consumer);
          total += outcome.done;
          again ||= outcome.again || outcome.done > 0;
        }
        if (!again) return total;
      }
    },
    async replay(name) {
      const consumer = consumerNamed(name);
      await ensure();
      await db.transaction().execute(async (tx) => {
        // Waits for a pass in progress in any worker, then holds the row until the reset commits.
        await store.lockConsumer(tx, name, true);
        await consumer.reset?.(tx);
        await store.rewind(tx, name);
      });
      logger.info({ consumer: name }, 'fact consumer rewound to the beginning of the log');
    },
    async retryParked(name, factId) {
      const consumer = consumerNamed(name);
      return db.transaction().execute(async (tx) => {
        await store.lockConsumer(tx, name, true);
        const fact = await store.findParkedFact(tx, name, factId);
        if (!fact) return false;
        const refusal = invalid(fact);
        if (refusal) throw new Error(refusal);
        await apply(consumer, [fact], tx);
        await store.unpark(tx, name, factId);
        return true;
      });
    },
  };
}

/** Every consumed type must be declared, and names must be unique: a wiring mistake stops the start. */
function checkWiring(consumers: readonly FactConsumer[], schemas: ReadonlyMap<string, TSchema>): void {
  const names = new Set<string>();
  for (const c of consumers) {
    if (names.has(c.name)) throw new Error(`two fact consumers are named "${c.name}"`);
    names.add(c.name);
    if (!c.handle && !c.handleBatch) throw new Error(`fact consumer "${c.name}" has neither handle nor handleBatch`);
    if (c.facts.length === 0) throw new Error(`fact consumer "${c.name}" consumes no fact`);
    for (const type of c.facts) if (!schemas.has(type)) throw new Error(`fact consumer "${c.name}" consumes "${type}", which no module declares`);
  }
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() === '' ? (error instanceof Error ? error.name : 'unknown error') : message;
}

function truncate(text: string): string {
  return text.length <= ERROR_MAX_LENGTH ? text : `${text.slice(0, ERROR_MAX_LENGTH - 1)}…`;
}
