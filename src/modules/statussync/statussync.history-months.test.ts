import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { archiveHistoryBefore, ensureHistoryMonths, listHistoryMonths } from '../dossiers/index.ts';
import { H49, setUpSync, type SyncTestContext } from './statussync.test-support.ts';

// The history of dossiers is partitioned by month (dossiers migration 0012): synced entries of
// any age land in it, a month can be made later and detached for archiving, and the same
// entry sent again is still one entry whichever month it falls in.

let t: SyncTestContext;
let session: string;

/** This month in Vietnam (UTC+7), as the partitions count months. */
function monthOf(date: Date, plus = 0): string {
  const local = new Date(date.getTime() + 7 * 3600_000);
  const index = local.getUTCFullYear() * 12 + local.getUTCMonth() + plus;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const sync = (data: unknown[]) => t.post('/api/dvcqg', { session, madonvi: H49, service: 'DongBoHoSoMC', isUpdating: 'True', data }).then((r) => r.json);
const events = async (code: string) =>
  (await sql<{ status: number; at: Date }>`SELECT e.status, e.at FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = ${code} ORDER BY e.at`.execute(t.platform.ctx.db)).rows;

function dossier(code: string, received: string, status = '2'): Record<string, unknown> {
  return { MaHoSo: code, MaTTHC: '1.001193', TenTTHC: 'Thủ tục đăng ký khai sinh', ChuHoSo: 'Nguyễn Thị Lan', LoaiDoiTuong: '1', MaDoiTuong: '', NgayTiepNhan: received, TrangThaiHoSo: status, DonViXuLy: 'UBND xã' };
}

beforeAll(async () => {
  t = await setUpSync();
  session = await t.login();
}, 180_000);
afterAll(() => t.close());

describe('the dossier history by month', () => {
  it('has this month and the next twelve from the start', async () => {
    const { months } = await listHistoryMonths(t.platform.ctx.db);
    const names = months.map((m) => m.month);
    expect(names).toContain(monthOf(new Date()));
    expect(names).toContain(monthOf(new Date(), 12));
    expect(names.length).toBeGreaterThanOrEqual(13);
  });

  it('keeps an entry of a month not made yet, moves it when the month is made, and detaches old months for archiving', async () => {
    const code = `${H49}-250214-0001`;
    expect((await sync([dossier(code, '20250214090000')])).error_code).toBe('0');
    const before = await listHistoryMonths(t.platform.ctx.db);
    expect(before.outsideMonths).toBeGreaterThanOrEqual(1);
    expect(await events(code)).toEqual([{ status: 2, at: new Date('2025-02-14T02:00:00Z') }]);

    expect(await ensureHistoryMonths(t.platform.ctx.db, 0, '2025-01')).toBeGreaterThanOrEqual(2);
    const after = await listHistoryMonths(t.platform.ctx.db);
    expect(after.months.find((m) => m.month === '2025-02')?.entries).toBe(1);
    expect(after.outsideMonths).toBe(before.outsideMonths - 1);
    // Made once: a second call makes nothing.
    expect(await ensureHistoryMonths(t.platform.ctx.db, 0, '2025-01')).toBe(0);
    // The same state sent again is still one entry.
    expect((await sync([dossier(code, '20250214090000')])).error_code).toBe('0');
    expect(await events(code)).toHaveLength(1);

    const archived = await archiveHistoryBefore(t.platform.ctx.db, '2025-03');
    expect(archived).toEqual(['archived_dossier_events_2025_01', 'archived_dossier_events_2025_02']);
    expect(await events(code)).toEqual([]);
    const kept = await sql<{ n: number }>`SELECT count(*)::int AS n FROM archived_dossier_events_2025_02`.execute(t.platform.ctx.db);
    expect(kept.rows[0]?.n).toBe(1);
    // The dossier itself, and newer months, are untouched.
    expect((await sql<{ status: number }>`SELECT status FROM dossiers WHERE code = ${code}`.execute(t.platform.ctx.db)).rows).toEqual([{ status: 2 }]);
    expect((await listHistoryMonths(t.platform.ctx.db)).months.map((m) => m.month)).toContain('2025-03');
  });

  it('refuses to archive the last twelve months, and what is not a month', async () => {
    await expect(archiveHistoryBefore(t.platform.ctx.db, monthOf(new Date(), -6))).rejects.toThrow(/last 12 months stays live/);
    await expect(archiveHistoryBefore(t.platform.ctx.db, '2025-13')).rejects.toThrow(/not a month/);
    await expect(ensureHistoryMonths(t.platform.ctx.db, -1)).rejects.toThrow(/ahead/);
  });
});
