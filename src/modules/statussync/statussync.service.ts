import pLimit from 'p-limit';
import { sql, type Db } from '../../platform/db/index.ts';
import { mapInTurns } from '../../platform/batch/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import type { DossiersApi, DossierSyncResult, ProgressSyncResult, SyncOutcome, SyncWriter } from '../dossiers/index.ts';
import { SyncErrors } from './statussync.errors.ts';
import { readDossierItem, readProgressItem, type ItemProblem, type Parsed } from './statussync.items.ts';
import type { SessionCaller } from './statussync.sessions.ts';

/**
 * The use cases of the hub, whichever way a system calls (legacy DVCQG envelope, gateway
 * array, REST API): who may write for which agency, reading the items, and handing the good
 * ones to the dossier store in one batch. Items are read before any transaction starts.
 */

/** Largest batch of one call (every way in). */
export const MAX_ITEMS = 5_000;

/** Items read between two turns of the event loop (~12 µs each: a slice holds it ~3 ms). */
const READ_SLICE = 250;

export type ItemResult = DossierSyncResult | ProgressSyncResult | 'invalid';

export interface ItemOutcome {
  index: number;
  /** MaHoSo as read ('' when absent). */
  code: string;
  result: ItemResult;
  problems?: ItemProblem[];
  /** When an older update was ignored: the time of the state kept. */
  storedStateAt?: Date;
}

/**
 * Batches one thread hands to the dossier store at once (the serving thread and each ingestion
 * thread count apart); the others wait their turn. Ingestion is bulk work: with every batch of
 * every agency in flight together, PostgreSQL takes both cores and a citizen's lookup waits
 * behind it. Two keep PostgreSQL busy while the thread reads the next batch; three gave 3–5 %
 * more items a second and lookups a p99 of 19–22 ms at the hub instead of 15–17.
 */
export const SYNC_BATCHES_AT_ONCE = 2;

export interface SyncServiceDeps {
  db: Db;
  /** SYNC_BATCHES_AT_ONCE unless given (tests). */
  batchesAtOnce?: number;
  dossiers: Pick<DossiersApi, 'syncDossiers' | 'syncProgress' | 'findDossierStates'>;
  agencies: Pick<AgenciesApi, 'isWithin'>;
}

/** Results that leave the item as the caller wants it (the legacy answer is "0" for these). */
export const GOOD_RESULTS: ReadonlySet<ItemResult> = new Set<ItemResult>(['created', 'updated', 'unchanged', 'older_ignored', 'applied', 'recorded', 'duplicate']);

export function createSyncService(deps: SyncServiceDeps) {
  const { db, dossiers, agencies } = deps;
  const admit = pLimit(deps.batchesAtOnce ?? SYNC_BATCHES_AT_ONCE);

  /** The receiving agency of a call: given, and the caller's own agency or one below it. */
  function agencyOf(caller: SessionCaller, raw: unknown): string {
    const agency = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
    if (agency === '') throw SyncErrors.agencyMissing();
    if (!agencies.isWithin(agency, caller.agencyCode)) throw SyncErrors.agencyForbidden(agency);
    return agency;
  }

  const writerOf = (caller: SessionCaller): SyncWriter => ({ clientId: caller.clientId, mayWrite: (receivingAgency) => agencies.isWithin(receivingAgency, caller.agencyCode) });

  function itemsOf(data: unknown): unknown[] {
    if (!Array.isArray(data)) throw SyncErrors.dataInvalid('data must be an array of items');
    if (data.length > MAX_ITEMS) throw SyncErrors.tooManyItems(MAX_ITEMS);
    return data;
  }

  /**
   * Reads the items a few hundred at a time, letting the event loop serve other requests in
   * between: a batch of 5,000 read in one go would hold a lookup made meanwhile for tens of ms.
   */
  async function readInSlices<T>(data: unknown, read: (raw: unknown) => Parsed<T>): Promise<Parsed<T>[]> {
    return mapInTurns(itemsOf(data), READ_SLICE, read);
  }

  /** Merges the read failures and the store's outcomes, in the items' order. */
  function merge<T>(parsed: Parsed<T>[], good: number[], stored: SyncOutcome<DossierSyncResult | ProgressSyncResult>[]): ItemOutcome[] {
    const out: ItemOutcome[] = parsed.map((p, index) => (p.ok ? { index, code: '', result: 'failed' } : { index, code: p.code, result: 'invalid', problems: p.problems }));
    for (const o of stored) {
      const index = good[o.index] as number;
      out[index] = { index, code: o.code, result: o.result, ...(o.storedStateAt ? { storedStateAt: o.storedStateAt } : {}) };
    }
    return out;
  }

  /** What was not applied because the stored state is newer: kept for the agency to see. */
  async function recordIgnored(caller: SessionCaller, kind: 'dossier' | 'progress', rows: { code: string; status: number; at: Date; storedStateAt: Date }[]): Promise<void> {
    if (rows.length === 0) return;
    await sql`
      INSERT INTO statussync_ignored_updates (client_id, dossier_code, kind, status, event_at, stored_state_at)
      SELECT ${caller.clientId}, u.code, ${kind}, u.status, u.event_at, u.stored_state_at
      FROM unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.status)}::smallint[], ${rows.map((r) => r.at.toISOString())}::timestamptz[],
                  ${rows.map((r) => r.storedStateAt.toISOString())}::timestamptz[]) AS u(code, status, event_at, stored_state_at)
    `.execute(db);
  }

  return {
    agencyOf,

    /** DongBoHoSoMC: `create` answers an existing dossier as such (isUpdating "False"); `upsert` creates or updates. */
    async syncDossiers(caller: SessionCaller, agencyRaw: unknown, mode: 'create' | 'upsert', data: unknown): Promise<ItemOutcome[]> {
      const agency = agencyOf(caller, agencyRaw);
      const parsed = await readInSlices(data, (raw) => readDossierItem(raw, agency, caller.timeZone));
      const good: number[] = [];
      const items = parsed.flatMap((p, index) => (p.ok ? (good.push(index), [p.value]) : []));
      const stored = await admit(() => dossiers.syncDossiers(writerOf(caller), mode, items));
      await recordIgnored(
        caller,
        'dossier',
        stored.flatMap((o) => (o.result === 'older_ignored' && o.storedStateAt && items[o.index] ? [{ code: o.code, status: items[o.index]!.status, at: items[o.index]!.stateAt, storedStateAt: o.storedStateAt }] : [])),
      );
      return merge(parsed, good, stored);
    },

    /** CapNhatTienDoHoSoMC: progress entries of dossiers already synced. */
    async syncProgress(caller: SessionCaller, agencyRaw: unknown, data: unknown): Promise<ItemOutcome[]> {
      agencyOf(caller, agencyRaw);
      const parsed = await readInSlices(data, (raw) => readProgressItem(raw, caller.timeZone));
      const good: number[] = [];
      const items = parsed.flatMap((p, index) => (p.ok ? (good.push(index), [p.value]) : []));
      const stored = await admit(() => dossiers.syncProgress(writerOf(caller), items));
      await recordIgnored(
        caller,
        'progress',
        stored.flatMap((o) => (o.result === 'older_ignored' && o.storedStateAt && items[o.index] ? [{ code: o.code, status: items[o.index]!.status, at: items[o.index]!.at, storedStateAt: o.storedStateAt }] : [])),
      );
      return merge(parsed, good, stored);
    },

    /** TraCuuHoSo: the dossier when it is one of the caller's agency (or below); others are not found. */
    async lookup(caller: SessionCaller, code: unknown) {
      const wanted = typeof code === 'string' ? code.trim().toUpperCase() : '';
      if (wanted === '' || wanted.length > 60) return undefined;
      const [found] = await dossiers.findDossierStates([wanted]);
      return found && agencies.isWithin(found.receivingAgency, caller.agencyCode) ? found : undefined;
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
