import { sql, type Executor } from '../db/index.ts';
import { GENESIS_HASH, entryHash, normaliseData } from './chain.ts';

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
  hash: string;
  occurredAt: Date;
}

/** Key of the advisory lock that makes the appenders of the one chain take turns. */
const CHAIN_LOCK = sql`hashtext('egov.audit_log')`;

/**
 * Appends an entry in the caller's transaction, so it commits or rolls back with the change
 * it records. Appenders queue on a transaction-scoped advisory lock until the previous one
 * commits: seq order is then chain order. Called outside a transaction, it opens its own.
 */
export async function appendAuditInTx(tx: Executor, entry: AuditEntryInput): Promise<AppendedAuditEntry> {
  if (!tx.isTransaction) return tx.transaction().execute((own) => appendAuditInTx(own, entry));
  if (entry.action.trim() === '') throw new TypeError('appendAuditInTx: action must not be empty');
  const data = normaliseData(entry.data);
  await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(tx);
  // A separate statement, so that (READ COMMITTED) its snapshot includes the entry of the
  // appender that held the lock before us.
  const head = await sql<{ prev_hash: string | null; seq: number }>`
    SELECT (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS prev_hash,
           nextval(pg_get_serial_sequence('audit_log', 'seq')) AS seq
  `.execute(tx);
  const row = head.rows[0];
  if (!row) throw new Error('appendAuditInTx: could not read the chain head');
  const prevHash = row.prev_hash ?? GENESIS_HASH;
  // Milliseconds, like a JS Date: what is stored is exactly what is hashed.
  const occurredAt = new Date();
  const hash = entryHash(prevHash, {
    seq: row.seq,
    occurredAt,
    actor: entry.actor,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    data,
  });
  await sql`
    INSERT INTO audit_log (seq, occurred_at, actor, action, entity_type, entity_id, data, prev_hash, hash)
    VALUES (${row.seq}, ${occurredAt}, ${entry.actor}, ${entry.action}, ${entry.entityType}, ${entry.entityId},
            ${JSON.stringify(data)}::jsonb, ${prevHash}, ${hash})
  `.execute(tx);
  return { seq: row.seq, hash, occurredAt };
}

export interface AuditEntrySummary {
  seq: number;
  occurredAt: Date;
  actor: string | null;
  action: string;
  entityType: string;
  entityId: string;
}

export type AuditVerification =
  | { ok: true; entries: number }
  | {
      ok: false;
      /** Entries verified before the problem. */
      entries: number;
      /**
       * altered: the entry at firstBadSeq no longer matches its hash.
       * removed: entries are missing before `entry`; firstBadSeq is the first missing seq
       *   (the removed entry, or the first of a run of them).
       * broken_link: nothing is missing, but `entry` does not point at the entry before it
       *   (firstBadSeq): one of the two was rewritten with a recomputed hash.
       */
      reason: 'altered' | 'removed' | 'broken_link';
      firstBadSeq: number;
      /** The entry where the problem was detected. */
      entry: AuditEntrySummary;
      /** The last entry that verified, if any. */
      lastGoodSeq: number | null;
    };

interface AuditRow {
  seq: number;
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
 * Walks the whole chain in seq order (keyset pagination, constant memory) and stops at the
 * first entry that was altered or whose predecessor was removed. Removing the newest entries
 * leaves a valid shorter chain: only an external copy of the latest hash can reveal that.
 */
export async function verifyAuditChain(
  db: Executor,
  onProgress?: (entries: number, lastSeq: number) => void,
  options: { batchSize?: number } = {},
): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 5000;
  let previous: { seq: number; hash: string } | undefined;
  let entries = 0;
  for (;;) {
    const after = previous?.seq ?? 0;
    const result = await sql<AuditRow>`
      SELECT seq, occurred_at, actor, action, entity_type, entity_id, data, prev_hash, hash
      FROM audit_log WHERE seq > ${after} ORDER BY seq LIMIT ${batchSize}
    `.execute(db);
    for (const row of result.rows) {
      const entry: AuditEntrySummary = {
        seq: row.seq,
        occurredAt: row.occurred_at,
        actor: row.actor,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
      };
      const lastGoodSeq = previous?.seq ?? null;
      const recomputed = entryHash(row.prev_hash, { ...entry, data: row.data });
      if (recomputed !== row.hash) {
        return { ok: false, entries, reason: 'altered', firstBadSeq: row.seq, entry, lastGoodSeq };
      }
      const expectedPrev = previous?.hash ?? GENESIS_HASH;
      if (row.prev_hash !== expectedPrev) {
        const firstPossible = (previous?.seq ?? 0) + 1;
        // A seq gap alone is normal (rolled-back appenders); with a broken link it is where
        // the removed entries were.
        return row.seq > firstPossible
          ? { ok: false, entries, reason: 'removed', firstBadSeq: firstPossible, entry, lastGoodSeq }
          : { ok: false, entries, reason: 'broken_link', firstBadSeq: previous?.seq ?? row.seq, entry, lastGoodSeq };
      }
      previous = { seq: row.seq, hash: row.hash };
      entries++;
    }
    if (previous) onProgress?.(entries, previous.seq);
    if (result.rows.length < batchSize) return { ok: true, entries };
  }
}

/** Number of entries, for a progress bar. */
export async function countAuditEntries(db: Executor): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM audit_log`.execute(db);
  return result.rows[0]?.n ?? 0;
}
