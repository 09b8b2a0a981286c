import { sql, type Executor } from '../db/index.ts';
import type { RawBuilder } from 'kysely';
import { mapInTurns } from '../batch/index.ts';
import { GENESIS_HASH, canonicalWithoutSeq, chainOf, entryHash, normaliseData } from './chain.ts';

export interface AuditEntryInput {
  /** Account id of who did it; null for the system. */
  actor: string | null;
  /** e.g. `account.created`, `role.granted`. */
  action: string;
  entityType: string;
  entityId: string;
  /** Details of the change, JSON-serialisable. Never secrets or passwords. */
  data?: object;
}

export interface AppendedAuditEntry {
  seq: number;
  chain: number;
  position: number;
  hash: string;
  occurredAt: Date;
}

/**
 * The chain each open transaction appends to. A transaction uses one chain for all its
 * entries, so it never holds two chains' locks and two transactions can never deadlock
 * on them (one taking chain 7 then 3, the other 3 then 7).
 */
const chainOfTransaction = new WeakMap<Executor, number>();

/**
 * Appends an entry in the caller's transaction, so it commits or rolls back with the change
 * it records. See appendAuditManyInTx.
 */
export async function appendAuditInTx(tx: Executor, entry: AuditEntryInput): Promise<AppendedAuditEntry> {
  const [appended] = await appendAuditManyInTx(tx, [entry]);
  if (!appended) throw new Error('appendAuditInTx: nothing appended');
  return appended;
}

/**
 * Appends entries, in order, in the caller's transaction, so they commit or roll back with
 * the change they record. They go on one chain, chosen from the entity of the
 * transaction's first entry; appenders of that chain queue on a transaction-scoped advisory
 * lock until the previous one commits, so position order is chain order, while appenders
 * of other chains go on. One round trip (the SQL function audit_append, migration 0003),
 * however many entries. Called outside a transaction, it opens its own. Call it last in the
 * transaction: the chain's lock is held until commit.
 */
export async function appendAuditManyInTx(tx: Executor, entries: AuditEntryInput[]): Promise<AppendedAuditEntry[]> {
  if (entries.length === 0) return [];
  if (!tx.isTransaction) return tx.transaction().execute((own) => appendAuditManyInTx(own, entries));
  if (entries.some((e) => e.action.trim() === '')) throw new TypeError('appendAuditInTx: action must not be empty');
  const first = entries[0] as AuditEntryInput;
  const chain = chainOfTransaction.get(tx) ?? chainOf(first.entityType, first.entityId);
  chainOfTransaction.set(tx, chain);
  const occurredAt = new Date();
  // A few hundred entries between turns of the event loop: a sync batch has thousands.
  const columns = columnsSql(await mapInTurns(entries, ENTRIES_PER_TURN, (entry) => entryColumns(entry, occurredAt)));
  const result = await sql<{ appended_seq: number; appended_position: number; appended_hash: string }>`
    SELECT appended_seq, appended_position, appended_hash FROM audit_append(${chain}::smallint, ${columns})
  `.execute(tx);
  if (result.rows.length !== entries.length) throw new Error('appendAuditManyInTx: audit_append returned a different number of entries');
  return result.rows.map((row) => ({ seq: row.appended_seq, chain, position: row.appended_position, hash: row.appended_hash, occurredAt }));
}

/**
 * The audit append as a query to put in the WITH of a statement that makes the change it
 * records, so that the change and its audit entries commit together in one round trip: a
 * statement outside a transaction is its own transaction. Appends, in order, those of
 * `entries` whose entity id is among `keep` (a query of text ids; e.g. the RETURNING of an
 * insert in the same WITH, which leaves out the entries of rows an ON CONFLICT skipped);
 * yields one row, `appended`. Chain as appendAuditManyInTx: that of the first entry.
 * An unreferenced SELECT in a WITH never runs: the statement's main query must read it, and
 * it should read it after the data-modifying parts it depends on, so that the chain's lock
 * is taken last.
 */
export function auditAppendQuery(entries: AuditEntryInput[], keep: RawBuilder<unknown>): RawBuilder<{ appended: number }> {
  const first = entries[0];
  if (!first) throw new TypeError('auditAppendQuery: no entries');
  if (entries.some((e) => e.action.trim() === '')) throw new TypeError('auditAppendQuery: action must not be empty');
  const chain = chainOf(first.entityType, first.entityId);
  return sql<{ appended: number }>`
    SELECT count(a.appended_seq)::int AS appended
    FROM (
      SELECT array_agg(x.occurred_at ORDER BY x.n) AS occurred_at, array_agg(x.actor ORDER BY x.n) AS actor,
             array_agg(x.action ORDER BY x.n) AS action, array_agg(x.entity_type ORDER BY x.n) AS entity_type,
             array_agg(x.entity_id ORDER BY x.n) AS entity_id, array_agg(x.data ORDER BY x.n) AS data,
             array_agg(x.canonical ORDER BY x.n) AS canonical
      FROM unnest(${auditColumns(entries, new Date())}) WITH ORDINALITY AS x(occurred_at, actor, action, entity_type, entity_id, data, canonical, n)
      WHERE x.entity_id IN (${keep})
    ) kept
    CROSS JOIN LATERAL audit_append(${chain}::smallint, kept.occurred_at, kept.actor, kept.action, kept.entity_type, kept.entity_id, kept.data, kept.canonical) a
  `;
}

/** The array arguments of audit_append (after the chain), in its order. */
function auditColumns(entries: AuditEntryInput[], occurredAt: Date): RawBuilder<unknown> {
  return columnsSql(entries.map((entry) => entryColumns(entry, occurredAt)));
}

/** Entries made into columns between two turns of the event loop. */
const ENTRIES_PER_TURN = 250;

type EntryColumns = [string, string | null, string, string, string, string, string];

/** The entries' columns as audit_append's arrays, one per column. */
function columnsSql(rows: EntryColumns[]): RawBuilder<unknown> {
  const column = (k: number) => rows.map((r) => r[k]);
  return sql`${column(0)}::timestamptz[], ${column(1)}::text[], ${column(2)}::text[], ${column(3)}::text[], ${column(4)}::text[], ${column(5)}::jsonb[], ${column(6)}::text[]`;
}

/**
 * An entry's columns, and its canonical JSON without the seq, which audit_append
 * completes and hashes (migration 0003). Milliseconds, like a JS Date: what is stored is
 * exactly what is hashed.
 */
function entryColumns(entry: AuditEntryInput, occurredAt: Date): EntryColumns {
  const data = normaliseData(entry.data);
  const content = { occurredAt, actor: entry.actor, action: entry.action, entityType: entry.entityType, entityId: entry.entityId, data };
  return [occurredAt.toISOString(), entry.actor, entry.action, entry.entityType, entry.entityId, JSON.stringify(data), canonicalWithoutSeq(content)];
}

export interface AuditEntrySummary {
  seq: number;
  chain: number;
  /** Position in its chain, from 1. */
  position: number;
  occurredAt: Date;
  actor: string | null;
  action: string;
  entityType: string;
  entityId: string;
}

export type AuditVerification =
  | { ok: true; entries: number; chains: number }
  | {
      ok: false;
      /** Entries verified before the problem (all chains). */
      entries: number;
      /**
       * altered: the entry at firstBadPosition no longer matches its hash.
       * removed: entries are missing before `entry`; firstBadPosition is the first missing
       *   position (the removed entry, or the first of a run of them).
       * broken_link: nothing is missing, but `entry` does not point at the entry before it
       *   (firstBadPosition): one of the two was rewritten with a recomputed hash.
       */
      reason: 'altered' | 'removed' | 'broken_link';
      chain: number;
      firstBadPosition: number;
      /** The entry where the problem was detected. */
      entry: AuditEntrySummary;
      /** The position of the last entry of this chain that verified, if any. */
      lastGoodPosition: number | null;
    };

interface AuditRow {
  seq: number;
  chain: number;
  chain_pos: number;
  occurred_at: Date;
  actor: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: unknown;
  prev_hash: string;
  hash: string;
}

/**
 * Walks every chain in position order (keyset pagination over the chain index, constant
 * memory) and stops at the first entry that was altered or whose predecessor was removed.
 * Removing the newest entries of a chain leaves a valid shorter chain: only an external copy
 * of the chain heads can reveal that.
 */
export async function verifyAuditChain(
  db: Executor,
  onProgress?: (entries: number, lastSeq: number) => void,
  options: { batchSize?: number } = {},
): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 5000;
  let cursor = { chain: -1, position: 0 };
  let previous: { chain: number; position: number; hash: string } | undefined;
  let entries = 0;
  let chains = 0;
  for (;;) {
    const result = await sql<AuditRow>`
      SELECT seq, chain, chain_pos, occurred_at, actor, action, entity_type, entity_id, data, prev_hash, hash
      FROM audit_log WHERE (chain, chain_pos) > (${cursor.chain}, ${cursor.position})
      ORDER BY chain, chain_pos LIMIT ${batchSize}
    `.execute(db);
    for (const row of result.rows) {
      const entry: AuditEntrySummary = {
        seq: row.seq,
        chain: row.chain,
        position: row.chain_pos,
        occurredAt: row.occurred_at,
        actor: row.actor,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
      };
      const before = previous?.chain === row.chain ? previous : undefined;
      if (!before) chains++;
      const failure = { ok: false as const, entries, chain: row.chain, entry, lastGoodPosition: before?.position ?? null };
      const recomputed = entryHash(row.prev_hash, { ...entry, data: row.data });
      if (recomputed !== row.hash) return { ...failure, reason: 'altered', firstBadPosition: row.chain_pos };
      const expectedPosition = (before?.position ?? 0) + 1;
      const linked = row.prev_hash === (before?.hash ?? GENESIS_HASH);
      if (!linked || row.chain_pos !== expectedPosition) {
        // Positions are gap-free: a broken link over a gap is where the removed entries were.
        return !linked && row.chain_pos > expectedPosition
          ? { ...failure, reason: 'removed', firstBadPosition: expectedPosition }
          : { ...failure, reason: 'broken_link', firstBadPosition: before?.position ?? row.chain_pos };
      }
      previous = { chain: row.chain, position: row.chain_pos, hash: row.hash };
      entries++;
    }
    const last = result.rows.at(-1);
    if (last) {
      cursor = { chain: last.chain, position: last.chain_pos };
      onProgress?.(entries, last.seq);
    }
    if (result.rows.length < batchSize) return { ok: true, entries, chains };
  }
}

/** Number of entries, for a progress bar. */
export async function countAuditEntries(db: Executor): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM audit_log`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** What the trail says about one thing (an account, a dossier), oldest first: for access logs shown to the person concerned. */
export async function listAuditEntriesAbout(
  db: Executor,
  entityType: string,
  entityIds: readonly string[],
  limit = 1000,
): Promise<{ occurredAt: Date; actor: string | null; action: string; entityId: string }[]> {
  if (entityIds.length === 0) return [];
  const rows = await sql<{ occurred_at: Date; actor: string | null; action: string; entity_id: string }>`
    SELECT occurred_at, actor, action, entity_id FROM audit_log
    WHERE entity_type = ${entityType} AND entity_id IN (${sql.join(entityIds.map((id) => sql`${id}`))})
    ORDER BY seq LIMIT ${limit}
  `.execute(db);
  return rows.rows.map((r) => ({ occurredAt: r.occurred_at, actor: r.actor, action: r.action, entityId: r.entity_id }));
}
