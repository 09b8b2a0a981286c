import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../app/testing.ts';
import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import type { DossiersApi } from '../dossiers/index.ts';
import type { StatusSyncApi } from './index.ts';

// A synced dossier is a dossier like any other for its applicant: "my dossiers" (by the ID
// number the system sent), the public lookup by code and the timeline.

const H49 = '000.00.00.H49';
const CITIZEN_ID = '001090000001'; // the demo citizen Nguyễn Văn An
let platform: TestPlatform;
let citizen: Actor;

beforeAll(async () => {
  platform = await createTestPlatform({ modules: ['statussync'], seed: ['agencies', 'identity'] });
  // Test set-up only: the demo citizen's account id, to act as them.
  const row = await sql<{ id: string }>`SELECT id FROM accounts WHERE personal_id = ${CITIZEN_ID}`.execute(platform.ctx.db);
  citizen = { accountId: row.rows[0]!.id, kind: 'citizen', displayName: 'Nguyễn Văn An', agencyCode: null, roles: [] };
}, 180_000);
afterAll(() => platform.close());

describe('a dossier that arrived only through the sync', () => {
  it('is in "my dossiers", the public lookup and the timeline', async () => {
    const admin: Actor = { accountId: 'acc-admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] };
    const client = await platform.api<AgenciesApi>('agencies').createClient(admin, { agencyCode: H49 });
    const sync = platform.api<StatusSyncApi>('statussync');
    const code = `${H49}-261205-0042`;
    const outcomes = await sync.syncDossiers(client, H49, 'create', [
      { MaHoSo: code, MaTTHC: '1.001193', TenTTHC: 'Thủ tục đăng ký khai sinh', ChuHoSo: 'Nguyễn Văn An', MaDoiTuong: '', DinhDanhCHS: [{ LoaiDinhDanh: '1', SoDinhDanh: CITIZEN_ID }], NgayTiepNhan: '20261205083015', TrangThaiHoSo: '2', DonViXuLy: 'UBND tỉnh' },
    ]);
    expect(outcomes.map((o) => o.result)).toEqual(['created']);

    const dossiers = platform.api<DossiersApi>('dossiers');
    const mine = await dossiers.listMine(citizen);
    expect(mine.dossiers.map((d) => d.code)).toContain(code);
    const found = await dossiers.lookup(code.toLowerCase(), CITIZEN_ID, '203.0.113.7');
    expect(found).toMatchObject({ code, status: 2, procedureName: 'Thủ tục đăng ký khai sinh' });
    expect(found.timeline).toEqual([expect.objectContaining({ status: 2, byName: 'UBND tỉnh', at: new Date('2026-12-05T01:30:15Z') })]);
  });
});
