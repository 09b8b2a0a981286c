import { describe, expect, it } from 'vitest';
import type { Db } from '../../platform/db/index.ts';
import type { SyncedDossier, SyncOutcome, DossierSyncResult } from '../dossiers/index.ts';
import { createSyncService } from './statussync.service.ts';

// Ingestion is admitted a few batches at a time per process, so that bulk work cannot take
// the whole machine from the lookups made meanwhile: the store sees at most `batchesAtOnce`
// batches together, the others wait their turn and are all answered.
describe('status sync admission', () => {
  const caller = { clientId: 'c1', agencyCode: '000.00.00.H49', timeZone: 'Asia/Ho_Chi_Minh' };
  const item = (n: number) => ({ MaHoSo: `000.00.00.H49-261205-${String(n).padStart(4, '0')}`, MaTTHC: '1.001193', ChuHoSo: 'Nguyễn Thị Lan', TrangThaiHoSo: '2', NgayTiepNhan: '20261205083015' });

  function fakeStore() {
    let inStore = 0;
    let most = 0;
    const waiting: (() => void)[] = [];
    return {
      get most() {
        return most;
      },
      release: () => waiting.splice(0).forEach((go) => go()),
      pending: () => waiting.length,
      async syncDossiers(_writer: unknown, _mode: string, items: SyncedDossier[]): Promise<SyncOutcome<DossierSyncResult>[]> {
        inStore++;
        most = Math.max(most, inStore);
        await new Promise<void>((resolve) => waiting.push(resolve));
        inStore--;
        return items.map((d, index) => ({ index, code: d.code, result: 'created' }));
      },
      syncProgress: async () => [],
      findDossierStates: async () => [],
    };
  }

  it('hands the store no more batches at once than it admits, and answers every call', async () => {
    const store = fakeStore();
    const sync = createSyncService({ db: {} as Db, dossiers: store, agencies: { isWithin: () => true }, batchesAtOnce: 2 });
    const calls = Array.from({ length: 5 }, (_, k) => sync.syncDossiers(caller, caller.agencyCode, 'create', [item(k)]));
    const settled = Promise.all(calls);
    // Let the store take what it is given: two batches wait in it, three outside.
    for (let i = 0; i < 20 && store.pending() < 2; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 20));
    expect(store.pending()).toBe(2);
    while (store.pending() > 0) {
      store.release();
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    }
    const outcomes = await settled;
    expect(store.most).toBe(2);
    expect(outcomes.map((o) => o[0]?.result)).toEqual(['created', 'created', 'created', 'created', 'created']);
  });
});
