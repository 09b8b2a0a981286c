import { appendAuditManyInTx, type AuditEntryInput } from '../../platform/audit/index.ts';
import { isDatabaseUnavailable, sql, type Db, type Executor } from '../../platform/db/index.ts';
import { recordFactsInTx, type NewFact } from '../../platform/events/index.ts';
import { insertCreated, statusFact, updateExisting, type SyncedDossier } from './dossiers.sync-writes.ts';

/**
 * The dossier store's door for the status sync (statussync module): dossiers and progress
 * entries that agencies' own one-stop systems push, written in batches. A batch is a handful
 * of set-based statements in one transaction, whatever its size (dossiers.sync-writes.ts for
 * the dossiers'; unnest of arrays for progress entries); the caller
 * has already checked and normalised every item (statussync), so the batch normally commits
 * whole. Should a statement still fail, each item is retried in its own transaction: an item
 * is written whole or not at all, and a bad item never fails the good ones.
 */

export type { SyncedDossier } from './dossiers.sync-writes.ts';

/** A progress entry (CapNhatTienDoHoSoMC). */
export interface SyncedProgress {
  code: string;
  status: number;
  at: Date;
  byName: string | null;
  byPosition: string | null;
  unitName: string | null;
  note: string | null;
  stepStartedAt: Date | null;
  stepDueAt: Date | null;
  /** Identifies the entry when it is sent again (history is often resent whole). */
  key: string;
}

/** Who writes, and which receiving agencies it may write for. */
export interface SyncWriter {
  clientId: string;
  mayWrite(receivingAgency: string): boolean;
}

export type DossierSyncResult = 'created' | 'updated' | 'unchanged' | 'older_ignored' | 'exists' | 'forbidden' | 'failed';
export type ProgressSyncResult = 'applied' | 'recorded' | 'older_ignored' | 'duplicate' | 'not_found' | 'forbidden' | 'failed';

export interface SyncOutcome<R> {
  /** Position of the item in the batch. */
  index: number;
  code: string;
  result: R;
  /** The stored state's time when an older update was ignored. */
  storedStateAt?: Date;
}

interface Stored {
  id: number;
  code: string;
  status: number;
  state_at: Date;
  receiving_agency: string;
  content_hash: string | null;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Locks the dossiers of these codes (in code order: racing batches cannot deadlock) and reads what the decisions need. */
async function lockStored(tx: Executor, codes: string[]): Promise<Map<string, Stored>> {
  const result = await sql<Stored>`
    SELECT id, code, status, coalesce(state_at, received_at) AS state_at, receiving_agency, content_hash
    FROM dossiers WHERE code = ANY(${codes}::text[]) ORDER BY code FOR UPDATE
  `.execute(tx);
  return new Map(result.rows.map((r) => [r.code, { ...r, id: Number(r.id), state_at: new Date(r.state_at) }]));
}

/** Splits a batch into rounds in which each code appears once (the same dossier twice in a call is applied in order). */
function rounds<T extends { code: string }>(items: { item: T; index: number }[]): { item: T; index: number }[][] {
  const out: { item: T; index: number }[][] = [];
  const seen = new Map<string, number>();
  for (const entry of items) {
    const round = seen.get(entry.item.code) ?? 0;
    seen.set(entry.item.code, round + 1);
    (out[round] ??= []).push(entry);
  }
  return out;
}

async function insertEvents(tx: Executor, rows: { dossierId: number; status: number; note: string | null; at: Date; byName: string | null; byPosition: string | null; unitName: string | null; stepStartedAt: Date | null; stepDueAt: Date | null; key: string }[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // The key first (dossier_event_keys, unique per dossier), then the entry only where the key
  // was new: the same entry sent again is one entry. In one batch the first of equal keys wins.
  const result = await sql<{ dossier_id: number; source_key: string }>`
    WITH sent AS (
      SELECT DISTINCT ON (dossier_id, source_key) *
      FROM unnest(${rows.map((r) => r.dossierId)}::bigint[], ${rows.map((r) => r.status)}::smallint[], ${rows.map((r) => r.note)}::text[],
        ${rows.map((r) => r.at.toISOString())}::timestamptz[], ${rows.map((r) => r.byName)}::text[], ${rows.map((r) => r.byPosition)}::text[],
        ${rows.map((r) => r.unitName)}::text[], ${rows.map((r) => iso(r.stepStartedAt))}::timestamptz[], ${rows.map((r) => iso(r.stepDueAt))}::timestamptz[],
        ${rows.map((r) => r.key)}::text[])
        WITH ORDINALITY AS s(dossier_id, status, note, at, by_name, by_position, unit_name, step_started_at, step_due_at, source_key, n)
      ORDER BY dossier_id, source_key, n
    ), fresh AS (
      INSERT INTO dossier_event_keys (dossier_id, source_key)
      SELECT dossier_id, source_key FROM sent
      ON CONFLICT DO NOTHING
      RETURNING dossier_id, source_key
    )
    INSERT INTO dossier_events (dossier_id, status, note, at, by_name, by_position, unit_name, step_started_at, step_due_at, source_key)
    SELECT s.dossier_id, s.status, s.note, s.at, s.by_name, s.by_position, s.unit_name, s.step_started_at, s.step_due_at, s.source_key
    FROM sent s JOIN fresh f ON f.dossier_id = s.dossier_id AND f.source_key = s.source_key
    ORDER BY s.n
    RETURNING dossier_id, source_key
  `.execute(tx);
  return new Set(result.rows.map((r) => `${Number(r.dossier_id)} ${r.source_key}`));
}

/** One round of dossiers (each code once) in the caller's transaction. */
async function upsertRoundInTx(tx: Executor, writer: SyncWriter, mode: 'create' | 'upsert', round: { item: SyncedDossier; index: number }[], out: SyncOutcome<DossierSyncResult>[]): Promise<void> {
  const stored = await lockStored(tx, round.map((r) => r.item.code));
  const inserts: { item: SyncedDossier; index: number }[] = [];
  const updates: { item: SyncedDossier; index: number; stored: Stored }[] = [];
  for (const entry of round) {
    const { item, index } = entry;
    const row = stored.get(item.code);
    if (!row) inserts.push(entry);
    else if (!writer.mayWrite(row.receiving_agency)) out.push({ index, code: item.code, result: 'forbidden' });
    else if (mode === 'create') out.push({ index, code: item.code, result: 'exists' });
    else if (item.stateAt.getTime() < row.state_at.getTime()) out.push({ index, code: item.code, result: 'older_ignored', storedStateAt: row.state_at });
    else if (row.content_hash === item.contentHash) out.push({ index, code: item.code, result: 'unchanged' });
    else updates.push({ ...entry, stored: row });
  }
  const audit: AuditEntryInput[] = [];

  if (inserts.length > 0) {
    const created = await insertCreated(tx, inserts.map((e) => e.item));
    for (const { item, index } of inserts) {
      const id = created.get(item.code);
      // Created meanwhile by a concurrent call (its transaction committed first): decided again.
      if (id === undefined) throw new RaceLost();
      out.push({ index, code: item.code, result: 'created' });
      audit.push({ actor: null, action: 'dossier.sync_created', entityType: 'dossier', entityId: item.code, data: { client: writer.clientId, status: item.status } });
    }
  }

  if (updates.length > 0) {
    await updateExisting(tx, updates.map((u) => ({ item: u.item, id: u.stored.id, previousStatus: u.stored.status })));
    for (const { item, index, stored: row } of updates) {
      out.push({ index, code: item.code, result: 'updated' });
      audit.push({ actor: null, action: 'dossier.sync_updated', entityType: 'dossier', entityId: item.code, data: { client: writer.clientId, status: item.status, previousStatus: row.status } });
    }
  }
  await appendAuditManyInTx(tx, audit);
}

class RaceLost extends Error {}

/** Runs `work` in a transaction, again when a concurrent batch created one of its dossiers first. */
async function inTransaction<T>(db: Db, work: (tx: Executor) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((tx) => work(tx));
    } catch (error) {
      if (!(error instanceof RaceLost) || attempt >= 5) throw error;
    }
  }
}

/** Set-based first; item by item only if the batch failed (a bad item is then the only one refused). */
async function batchThenEach<T extends { code: string }, R>(db: Db, entries: { item: T; index: number }[], run: (tx: Executor, entries: { item: T; index: number }[], out: SyncOutcome<R>[]) => Promise<void>, failed: R): Promise<SyncOutcome<R>[]> {
  try {
    return await inTransaction(db, async (tx) => {
      const out: SyncOutcome<R>[] = [];
      await run(tx, entries, out);
      return out;
    });
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    const [only] = entries;
    if (entries.length === 1 && only) return [{ index: only.index, code: only.item.code, result: failed }];
  }
  const out: SyncOutcome<R>[] = [];
  for (const entry of entries) {
    try {
      out.push(...(await inTransaction(db, async (tx) => {
        const own: SyncOutcome<R>[] = [];
        await run(tx, [entry], own);
        return own;
      })));
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      out.push({ index: entry.index, code: entry.item.code, result: failed });
    }
  }
  return out;
}

/**
 * Creates or updates synced dossiers. `create`: an existing code is answered `exists` (the
 * legacy "đã tồn tại"); `upsert`: created or updated. An update older than the stored state
 * (by stateAt) is `older_ignored`; the same item again is `unchanged`; a dossier of an agency
 * the writer may not write for is `forbidden`. Outcomes come back in the items' order.
 */
export async function syncDossiers(db: Db, writer: SyncWriter, mode: 'create' | 'upsert', items: SyncedDossier[]): Promise<SyncOutcome<DossierSyncResult>[]> {
  if (items.length === 0) return [];
  const entries = items.map((item, index) => ({ item, index }));
  const out = await batchThenEach<SyncedDossier, DossierSyncResult>(db, entries, async (tx, entries, own) => {
    for (const round of rounds(entries)) await upsertRoundInTx(tx, writer, mode, round, own);
  }, 'failed');
  return out.sort((a, b) => a.index - b.index);
}

/** One round of progress entries (each code once). */
async function progressRoundInTx(tx: Executor, writer: SyncWriter, round: { item: SyncedProgress; index: number }[], out: SyncOutcome<ProgressSyncResult>[]): Promise<void> {
  const stored = await lockStored(tx, round.map((r) => r.item.code));
  const valid: { item: SyncedProgress; index: number; row: Stored }[] = [];
  for (const { item, index } of round) {
    const row = stored.get(item.code);
    if (!row) out.push({ index, code: item.code, result: 'not_found' });
    else if (!writer.mayWrite(row.receiving_agency)) out.push({ index, code: item.code, result: 'forbidden' });
    else valid.push({ item, index, row });
  }
  const added = await insertEvents(tx, valid.map(({ item, row }) => ({ dossierId: row.id, status: item.status, note: item.note, at: item.at, byName: item.byName, byPosition: item.byPosition, unitName: item.unitName, stepStartedAt: item.stepStartedAt, stepDueAt: item.stepDueAt, key: item.key })));
  const moves: { item: SyncedProgress; row: Stored }[] = [];
  for (const { item, index, row } of valid) {
    if (!added.has(`${row.id} ${item.key}`)) out.push({ index, code: item.code, result: 'duplicate' });
    else if (item.at.getTime() < row.state_at.getTime()) out.push({ index, code: item.code, result: 'older_ignored', storedStateAt: row.state_at });
    else {
      moves.push({ item, row });
      out.push({ index, code: item.code, result: 'applied' });
    }
  }
  if (moves.length === 0) return;
  const procedures = await sql<{ id: number; procedure_code: string; due_at: Date | null }>`
    UPDATE dossiers d SET status = u.status, state_at = u.at, updated_at = now(), version = d.version + 1
    FROM unnest(${moves.map((m) => m.row.id)}::bigint[], ${moves.map((m) => m.item.status)}::smallint[], ${moves.map((m) => m.item.at.toISOString())}::timestamptz[]) AS u(id, status, at)
    WHERE d.id = u.id
    RETURNING d.id, d.procedure_code, d.due_at
  `.execute(tx);
  const byId = new Map(procedures.rows.map((r) => [Number(r.id), r]));
  const facts: NewFact[] = [];
  for (const { item, row } of moves) {
    const now = byId.get(row.id);
    if (now && row.status !== item.status) facts.push(statusFact({ code: item.code, receivingAgency: row.receiving_agency, procedureCode: now.procedure_code, status: item.status, previousStatus: row.status, at: item.at, dueAt: now.due_at === null ? null : new Date(now.due_at) }));
  }
  await recordFactsInTx(tx, facts);
  await appendAuditManyInTx(tx, moves.map(({ item, row }) => ({ actor: null, action: 'dossier.progress_synced', entityType: 'dossier', entityId: item.code, data: { client: writer.clientId, status: item.status, previousStatus: row.status } })));
}

/**
 * Adds progress entries to dossiers' timelines (an entry sent again is `duplicate`) and moves
 * each dossier's status to its newest entry unless the stored state is newer (`older_ignored`:
 * the entry is kept in the history, the state is not changed).
 */
export async function syncProgress(db: Db, writer: SyncWriter, items: SyncedProgress[]): Promise<SyncOutcome<ProgressSyncResult>[]> {
  if (items.length === 0) return [];
  // Oldest first, so that within a call the newest entry of a dossier is the one that stays.
  const order = items.map((item, index) => ({ item, index })).sort((a, b) => a.item.at.getTime() - b.item.at.getTime());
  const out = await batchThenEach<SyncedProgress, ProgressSyncResult>(db, order, async (tx, entries, own) => {
    for (const round of rounds(entries)) await progressRoundInTx(tx, writer, round, own);
  }, 'failed');
  return out.sort((a, b) => a.index - b.index);
}

/** The stored state of these codes (TraCuuHoSo): only dossiers the reader may see come back. */
export async function findDossierStates(db: Executor, codes: string[]): Promise<{ code: string; status: number; receivingAgency: string; stateAt: Date; source: 'portal' | 'sync' }[]> {
  if (codes.length === 0) return [];
  const result = await sql<{ code: string; status: number; receiving_agency: string; state_at: Date; source: 'portal' | 'sync' }>`
    SELECT code, status, receiving_agency, coalesce(state_at, received_at) AS state_at, source FROM dossiers WHERE code = ANY(${codes}::text[])
  `.execute(db);
  return result.rows.map((r) => ({ code: r.code, status: r.status, receivingAgency: r.receiving_agency, stateAt: new Date(r.state_at), source: r.source }));
}
