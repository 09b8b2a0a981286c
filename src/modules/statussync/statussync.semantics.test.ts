import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { H49, setUpSync, type SyncTestContext } from './statussync.test-support.ts';

// What the hub guarantees whatever the way in: sessions, the agency rule, idempotency,
// out-of-order updates, per-item outcomes.

let t: SyncTestContext;
let session: string;
let n = 0;

/** A DongBoHoSoMC item with a fresh code (the fixtures' shape, the fields that matter). */
function dossier(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  n += 1;
  return {
    MaHoSo: `000.00.00.H49-261205-${String(5000 + n)}`,
    MaTTHC: '1.001193',
    TenTTHC: 'Thủ tục đăng ký khai sinh',
    ChuHoSo: 'Nguyễn Thị Lan',
    LoaiDoiTuong: '1',
    MaDoiTuong: '',
    SoDienThoai: '0905123456',
    NgayTiepNhan: '20261205083015',
    NgayHenTra: '20261205163000',
    TrangThaiHoSo: '2',
    DonViXuLy: 'Ủy ban nhân dân xã Tam Thăng',
    TaiLieuNop: [],
    ...overrides,
  };
}

const sync = (data: unknown[], isUpdating = 'True', extra: Record<string, unknown> = {}) => t.post('/api/dvcqg', { session, madonvi: H49, service: 'DongBoHoSoMC', isUpdating, data, ...extra }).then((r) => r.json);
const progress = (data: unknown[]) => t.post('/api/dvcqg', { session, madonvi: H49, service: 'CapNhatTienDoHoSoMC', data }).then((r) => r.json);
const stored = async (code: string) =>
  (await sql<{ status: number; state_at: Date; applicant_identifier: string; events: number }>`
    SELECT d.status, d.state_at, d.applicant_identifier, (SELECT count(*)::int FROM dossier_events e WHERE e.dossier_id = d.id) AS events FROM dossiers d WHERE d.code = ${code}
  `.execute(t.platform.ctx.db)).rows[0];

beforeAll(async () => {
  t = await setUpSync();
  session = await t.login();
}, 180_000);
afterAll(() => t.close());

describe('sessions', () => {
  it('refuses an unknown session with error_code -1 and HTTP 200', async () => {
    const { status, json } = await t.post('/api/dvcqg', { session: 'not-a-session', madonvi: H49, service: 'TraCuuHoSo', mahoso: 'X' });
    expect(status).toBe(200);
    expect(json.error_code).toBe('-1');
    expect(json.message).toContain('hết hạn');
  });

  it('refuses an expired session, and one of a revoked client', async () => {
    const expired = await t.login();
    const hash = createHash('sha256').update(expired).digest('hex');
    await sql`UPDATE statussync_sessions SET expires_at = now() - interval '1 minute' WHERE token_hash = ${hash}`.execute(t.platform.ctx.db);
    expect((await t.post('/mapi/g', { session: expired, madonvi: H49, service: 'LayDanhSachTTHC' })).json.error_code).toBe('-1');

    const other = await t.client('000.00.01.H49');
    const otherSession = await t.login('000.00.01.H49');
    await t.platform.api<AgenciesApi>('agencies').revokeClient({ accountId: 'acc-admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] }, other.clientId);
    await new Promise((resolve) => setTimeout(resolve, 5_100)); // the client cache
    expect((await t.post('/api/dvcqg', { session: otherSession, madonvi: '000.00.01.H49', service: 'LayDanhSachTTHC' })).json.error_code).toBe('-1');
  }, 20_000);

  it('answers a wrong secret with -1, then throttles the client id (-2) even with the right one', async () => {
    const c = await t.client('000.00.02.H49');
    for (let i = 0; i < 10; i++) expect((await t.post('/api/dvcqg/login', { username: c.clientId, password: 'wrong' })).json.error_code).toBe('-1');
    const refused = (await t.post('/api/dvcqg/login', { username: c.clientId, password: c.secret })).json;
    expect(refused.error_code).toBe('-2');
    expect(refused.session).toBeUndefined();
  });
});

describe('the agency rule', () => {
  it('refuses a madonvi that is not the client\'s agency or below it', async () => {
    const answer = await sync([dossier()], 'False', { madonvi: '000.00.00.H29' });
    expect(answer.error_code).toBe('4');
    expect(answer.message).toContain('000.00.00.H29');
  });

  it('accepts a unit below the client\'s agency, and refuses to update another agency\'s dossier', async () => {
    const item = dossier({ MaHoSo: '000.00.01.H49-261205-0001' });
    expect((await sync([item], 'False', { madonvi: '000.00.01.H49' })).error_code).toBe('0');
    // A client of a sibling unit may not touch it.
    const sibling = await t.login('000.00.03.H49');
    const answer = (await t.post('/api/dvcqg', { session: sibling, madonvi: '000.00.03.H49', service: 'DongBoHoSoMC', isUpdating: 'True', data: [{ ...item, TrangThaiHoSo: '10' }] })).json;
    expect(answer.error_code).toBe('4');
    expect(answer.message).toContain('000.00.01.H49-261205-0001');
    expect((await stored('000.00.01.H49-261205-0001'))?.status).toBe(2);
  });
});

describe('idempotency and order', () => {
  it('the same item twice leaves one state and one history entry', async () => {
    const item = dossier();
    expect((await sync([item, item])).error_code).toBe('0');
    expect((await sync([item])).error_code).toBe('0');
    expect(await stored(String(item.MaHoSo))).toMatchObject({ status: 2, events: 1 });
  });

  it('an update older than the stored state is ignored and recorded', async () => {
    const item = dossier();
    expect((await sync([{ ...item, TrangThaiHoSo: '10', NgayTra: '20261206101500' }])).error_code).toBe('0');
    // Arrives late: status 4, from before the result was returned.
    const late = await sync([{ ...item, TrangThaiHoSo: '4', NgayKetThucXuLy: '' }]);
    expect(late.error_code).toBe('0');
    expect((late.items as { result: string }[])[0]?.result).toBe('older_ignored');
    expect((await stored(String(item.MaHoSo)))?.status).toBe(10);
    const ignored = await sql<{ status: number }>`SELECT status FROM statussync_ignored_updates WHERE dossier_code = ${String(item.MaHoSo)}`.execute(t.platform.ctx.db);
    expect(ignored.rows).toEqual([{ status: 4 }]);
  });

  it('progress: history resent whole is one entry each, and the newest entry sets the status', async () => {
    const item = dossier();
    await sync([item]);
    const steps = [
      { MaHoSo: item.MaHoSo, NguoiXuLy: 'Lê Văn Hùng', ChucDanh: 'Công chức', ThoiDiemXuLy: '20261205091000', PhongBanXuLy: 'Tư pháp', NoiDungXuLy: 'Chuyển xử lý', TrangThai: '4', NgayBatDau: '20261205091000', NgayKetThucTheoQuyDinh: '20261205160000' },
      { MaHoSo: item.MaHoSo, NguoiXuLy: 'Trần Văn Tâm', ThoiDiemXuLy: '20261205150000', NoiDungXuLy: 'Ký duyệt', TrangThai: '9' },
    ];
    // Newest first, as a client may send them; then all again.
    expect((await progress([steps[1], steps[0]])).error_code).toBe('0');
    expect((await progress(steps)).error_code).toBe('0');
    expect(await stored(String(item.MaHoSo))).toMatchObject({ status: 9, events: 3 });
    const entry = await sql<{ by_position: string; unit_name: string; step_due_at: Date }>`SELECT by_position, unit_name, step_due_at FROM dossier_events WHERE by_position IS NOT NULL`.execute(t.platform.ctx.db);
    expect(entry.rows[0]).toMatchObject({ by_position: 'Công chức', unit_name: 'Tư pháp', step_due_at: new Date('2026-12-05T09:00:00Z') });
  });

  it('progress for a dossier never synced names it', async () => {
    const answer = await progress([{ MaHoSo: '000.00.00.H49-261205-99999', ThoiDiemXuLy: '20261205091000', TrangThai: '4' }]);
    expect(answer.error_code).toBe('5');
    expect(answer.message).toContain('000.00.00.H49-261205-99999');
  });
});

describe('per-item outcomes', () => {
  it('a bad item never fails the good ones, and the message names the item and the field', async () => {
    const good = dossier();
    const badDate = dossier({ NgayTiepNhan: '05/12/2026' });
    const noStatus = dossier({ TrangThaiHoSo: null });
    const answer = await sync([good, badDate, noStatus, 'not an object'], 'False');
    expect(answer.error_code).toBe('1');
    expect(answer.message).toContain(`Hồ sơ thứ 2 (${String(badDate.MaHoSo)}): trường NgayTiepNhan không đúng định dạng ngày yyyyMMddHHmmss`);
    expect(answer.message).toContain(`Hồ sơ thứ 3 (${String(noStatus.MaHoSo)}): trường TrangThaiHoSo bị thiếu`);
    expect(answer.message).toContain('Hồ sơ thứ 4');
    expect(await stored(String(good.MaHoSo))).toMatchObject({ status: 2 });
    expect(await stored(String(badDate.MaHoSo))).toBeUndefined();
  });

  it('null, "" and absent optional fields are all empty; numbers pass as text; the ID number comes from SoGiayToChuHoSo or DinhDanhCHS', async () => {
    const a = dossier({ NgayHenTra: null, Email: '', SoDienThoai: undefined, TrangThaiHoSo: 2, LoaiDoiTuong: 3, SoGiayToChuHoSo: '049188001234' });
    const b = dossier({ NgayHenTra: '', DinhDanhCHS: [{ LoaiDinhDanh: '2', SoDinhDanh: '000000001' }, { LoaiDinhDanh: '1', SoDinhDanh: '049188004321' }] });
    delete b.TaiLieuNop;
    expect((await sync([a, b], 'False')).error_code).toBe('0');
    expect((await stored(String(a.MaHoSo)))?.applicant_identifier).toBe('049188001234');
    expect((await stored(String(b.MaHoSo)))?.applicant_identifier).toBe('049188004321');
  });

  it('reads dates in Vietnam\'s time', async () => {
    const item = dossier({ NgayTiepNhan: '20261205083015' });
    await sync([item], 'False');
    expect((await stored(String(item.MaHoSo)))?.state_at).toEqual(new Date('2026-12-05T01:30:15Z'));
  });

  it('an unknown service and an unreadable body are answered with HTTP 200', async () => {
    expect((await t.post('/api/dvcqg/share', { session, service: 'KhongCo' })).json).toMatchObject({ error_code: '1' });
    const { status, json } = await t.post('/api/dvcqg', '{not json');
    expect(status).toBe(200);
    expect(json.error_code).toBe('1');
  });
});

describe('gateway mode', () => {
  it('refuses a wrong signature, and a replayed one, with an answer the gateway reads', async () => {
    const c = await t.client();
    const body = Buffer.from(JSON.stringify([dossier()]));
    const url = '/api/dvcqg/SynsTTHCC/DongBoHoSoMC?MaDinhDanhDV=000.00.00.H49&isUpdating=False';
    const headers = { 'content-type': 'application/json', 'x-egov-client': c.clientId, 'x-egov-timestamp': String(Math.floor(Date.now() / 1000)), 'x-egov-signature': '0'.repeat(64) };
    const response = await t.app.inject({ method: 'POST', url, payload: body, headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ error_code: '-1' });
    expect(response.json().message).toContain('integration.signature_invalid');
    // Unsigned: refused the same way.
    expect((await t.post(url, [dossier()])).json.error_code).toBe('-1');
  });

  it('the progress equivalent', async () => {
    const item = dossier();
    expect((await t.signed('/api/dvcqg/SynsTTHCC/DongBoHoSoMC?MaDinhDanhDV=000.00.00.H49&isUpdating=False', [item])).json.error_code).toBe('0');
    const answer = await t.signed('/api/dvcqg/SynsTTHCC/CapNhatTienDoHoSoMC?MaDinhDanhDV=000.00.00.H49', [{ MaHoSo: item.MaHoSo, ThoiDiemXuLy: '20261205100000', TrangThai: '4', NoiDungXuLy: 'Xử lý' }]);
    expect(answer.json.error_code).toBe('0');
    expect(String(answer.json.message)).toContain('thành công');
    expect((await stored(String(item.MaHoSo)))?.status).toBe(4);
  });
});

describe('what is stored of a new dossier', () => {
  it('keeps the item as sent, with one history entry, its key and its fact, however awkward its text', async () => {
    const item = dossier({
      ChuHoSo: 'Nguyễn "Bé" Lan \\ Ơ 😀',
      TrichYeuHoSo: 'Dòng 1\nDòng 2\t"trích" \u00a0',
      TaiLieuNop: [{ TepDinhKemId: '7', TenTepDinhKem: 'Tờ khai "gốc".pdf', IsDeleted: 'False', DuongDanTaiTepTin: 'https://motcua.example.vn/f?a=1&b=2' }],
      DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí', MaPhiLePhi: 'LP01', HinhThucThu: '1', Gia: '8000', LoaiPhiLePhi: '1' }],
      TruongMoiCuaPhienBanSau: { long: ['a', { b: null }], n: 1.5 },
    });
    const answer = await sync([item], 'False');
    expect(answer.error_code).toBe('0');
    const code = String(item.MaHoSo);
    const row = (await sql<{ form_data: { source: string; contentHash: string; item: unknown }; applicant_name: string; events: { status: number; by_name: string | null; source_key: string }[]; keys: number }>`
      SELECT d.form_data, d.applicant_name,
        (SELECT json_agg(json_build_object('status', e.status, 'by_name', e.by_name, 'source_key', e.source_key)) FROM dossier_events e WHERE e.dossier_id = d.id) AS events,
        (SELECT count(*)::int FROM dossier_event_keys k WHERE k.dossier_id = d.id) AS keys
      FROM dossiers d WHERE d.code = ${code}
    `.execute(t.platform.ctx.db)).rows[0]!;
    expect(row.form_data.item).toEqual(item);
    expect(row.form_data.source).toBe('dvcqg');
    expect(row.form_data.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // Stored as sent, not re-encoded (jsonb would reorder keys and respace), and the hash that
    // tells a resent item in a column of its own.
    const text = (await sql<{ item: string; content_hash: string }>`SELECT (form_data->'item')::text AS item, content_hash FROM dossiers WHERE code = ${String(item.MaHoSo)}`.execute(t.platform.ctx.db)).rows[0]!;
    expect(text.item).toBe(JSON.stringify(item));
    expect(text.content_hash).toBe(row.form_data.contentHash);
    expect(row.applicant_name).toBe('Nguyễn "Bé" Lan \\ Ơ 😀');
    expect(row.events).toEqual([{ status: 2, by_name: 'Ủy ban nhân dân xã Tam Thăng', source_key: expect.stringMatching(/^s:2:2026-12-05T01:30:15\.000Z$/) }]);
    expect(row.keys).toBe(1);
    const facts = (await sql<{ payload: Record<string, unknown> }>`SELECT payload FROM event_facts WHERE type = 'dossier.status_synced' AND payload->>'code' = ${code}`.execute(t.platform.ctx.db)).rows;
    expect(facts.map((f) => f.payload)).toEqual([
      { code, receivingAgency: H49, procedureCode: '1.001193', status: 2, previousStatus: null, at: '2026-12-05T01:30:15.000Z', dueAt: '2026-12-05T09:30:00.000Z' },
    ]);
    // The same item again (as an update) changes nothing and adds nothing.
    expect((await sync([item], 'True')).error_code).toBe('0');
    expect((await stored(code))?.events).toBe(1);

    // An update: the state moves, one more entry and fact, the item kept as now sent.
    const later = { ...item, TrangThaiHoSo: '4', NgayTra: '20261206090000', GhiChu: 'Đã có "kết quả" \\ ✓' };
    expect((await sync([later], 'True')).error_code).toBe('0');
    expect(await stored(code)).toMatchObject({ status: 4, events: 2 });
    const after = (await sql<{ form_data: { item: unknown } }>`SELECT form_data FROM dossiers WHERE code = ${code}`.execute(t.platform.ctx.db)).rows[0]!;
    expect(after.form_data.item).toEqual(later);
    const allFacts = (await sql<{ payload: Record<string, unknown> }>`SELECT payload FROM event_facts WHERE type = 'dossier.status_synced' AND payload->>'code' = ${code} ORDER BY id`.execute(t.platform.ctx.db)).rows;
    expect(allFacts.map((f) => [f.payload.status, f.payload.previousStatus, f.payload.at])).toEqual([[2, null, '2026-12-05T01:30:15.000Z'], [4, 2, '2026-12-06T02:00:00.000Z']]);
    // The update sent again: one entry, one fact still.
    expect((await sync([later], 'True')).error_code).toBe('0');
    expect(await stored(code)).toMatchObject({ status: 4, events: 2 });
  });
});
