import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { H49, setUpSync, type SyncTestContext } from './statussync.test-support.ts';

// A client written from ../shared/fixtures/dvcqg/README.md alone, reading success exactly the
// way each documented client does (§10): OpenCPS (login, the "00" era, the integer era, the
// publish queue's exact "0"), the TD one-stop system (S7: "0" + "thành công", "đã tồn tại" →
// resend as update, progress by the raw text) and the catalogue readers.

type Reply = { error_code?: unknown; message?: unknown; result?: unknown; session?: unknown };

const readers = {
  openCpsLogin: (r: Reply) => 'session' in r && 'error_code' in r && Number.parseInt(String(r.error_code), 10) === 0,
  openCpsSyncInteger: (r: Reply) => Number.parseInt(String(r.error_code), 10) === 0,
  openCpsPublishQueue: (r: Reply) => String(r.error_code) === '0',
  s7Create: (r: Reply) => r.error_code === '0' && typeof r.message === 'string' && r.message.toLowerCase().includes('thành công'),
  s7Exists: (r: Reply) => ['0', '3', '-3'].includes(String(r.error_code)) && typeof r.message === 'string' && r.message.includes('đã tồn tại'),
  s7Progress: (raw: string) => raw.toLowerCase().includes('thành công'),
  openCpsLookup: (r: Reply) => Array.isArray(r.result) && r.result.length > 0,
  openCpsCatalogue: (r: Reply) => Number.parseInt(String(r.error_code), 10) === 0 && Array.isArray(r.result) && r.result.length > 0,
};

/** The client: adapter_url + endpoints from its config; the session and madonvi first, the service's keys on top (§3). */
class DvcqgClient {
  private session: string | undefined;
  constructor(
    private readonly t: SyncTestContext,
    private readonly config: { adapterUrl: string; authEndpoint: string; integrationEndpoint: string; shareEndpoint: string; username: string; password: string; madonvi: string; dstcode: string },
  ) {}

  private async raw(url: string, body: object): Promise<{ text: string; status: number }> {
    const response = await this.t.app.inject({
      method: 'POST',
      url,
      payload: JSON.stringify(body),
      headers: { accept: 'application/json', 'content-type': 'application/json', charset: 'utf-8', dstcode: this.config.dstcode },
    });
    // The Java client throws on ≥ 400 before reading the body (§3).
    if (response.statusCode >= 400) throw new Error(`HTTP ${response.statusCode}`);
    return { text: response.body, status: response.statusCode };
  }

  async login(): Promise<boolean> {
    const reply = JSON.parse((await this.raw(this.config.adapterUrl + this.config.authEndpoint, { username: this.config.username, password: this.config.password })).text) as Reply;
    if (!readers.openCpsLogin(reply)) return false;
    this.session = String(reply.session);
    return true;
  }

  async call(endpoint: 'integration' | 'share', payload: object): Promise<{ reply: Reply; text: string }> {
    const url = this.config.adapterUrl + (endpoint === 'integration' ? this.config.integrationEndpoint : this.config.shareEndpoint);
    const { text } = await this.raw(url, { session: this.session, madonvi: this.config.madonvi, ...payload });
    return { reply: JSON.parse(text) as Reply, text };
  }

  /** OpenCPS's automatic sync: TraCuuHoSo decides isUpdating, then DongBoHoSoMC, then progress on success. */
  async syncDossier(item: Record<string, unknown>, step: Record<string, unknown>) {
    const lookup = await this.call('integration', { service: 'TraCuuHoSo', mahoso: item.MaHoSo });
    const isUpdating = readers.openCpsLookup(lookup.reply) ? 'True' : 'False';
    const sync = await this.call('integration', { service: 'DongBoHoSoMC', isUpdating, data: [item] });
    const progress = readers.openCpsSyncInteger(sync.reply) ? await this.call('integration', { service: 'CapNhatTienDoHoSoMC', data: [step] }) : undefined;
    return { isUpdating, sync, progress };
  }
}

const item = (status: string, extra: Record<string, unknown> = {}) => ({
  MaHoSo: '000.00.00.H49-261205-7001',
  MaTTHC: '1.001193',
  TenTTHC: 'Thủ tục đăng ký khai sinh',
  MaLinhVuc: 'G09-TP03',
  TenLinhVuc: 'Hộ tịch',
  ChuHoSo: 'Nguyễn Thị Lan',
  LoaiDoiTuong: '1',
  MaDoiTuong: '',
  NgayTiepNhan: '20261205083015',
  NgayHenTra: '20261205163000',
  TrangThaiHoSo: status,
  NgayTra: '',
  HinhThuc: '0',
  DonViXuLy: 'Ủy ban nhân dân xã Tam Thăng',
  TaiLieuNop: [],
  DanhSachLePhi: [],
  DanhSachTepDinhKemKhac: [],
  DanhSachHoSoBoSung: [],
  DanhSachGiayToKetQua: [],
  ...extra,
});
const step = (at: string, status: string) => ({ MaHoSo: '000.00.00.H49-261205-7001', NguoiXuLy: 'Lê Văn Hùng', ChucDanh: '', ThoiDiemXuLy: at, PhongBanXuLy: '', NoiDungXuLy: 'Xử lý', TrangThai: status, NgayBatDau: '', NgayKetThucTheoQuyDinh: '' });

let t: SyncTestContext;
beforeAll(async () => {
  t = await setUpSync();
}, 180_000);
afterAll(() => t.close());

describe('a client written from the README', () => {
  for (const [name, paths] of [
    ['the egov paths', { adapterUrl: '/api/dvcqg', authEndpoint: '/login', integrationEndpoint: '', shareEndpoint: '/share' }],
    ['the axis adapter paths', { adapterUrl: '/mapi', authEndpoint: '/login', integrationEndpoint: '/g', shareEndpoint: '/g' }],
  ] as const) {
    it(`logs in, syncs with "False" then "True", sends progress, looks up, reads the catalogue (${name})`, async () => {
      const c = await t.client();
      const client = new DvcqgClient(t, { ...paths, username: c.clientId, password: c.secret, madonvi: H49, dstcode: 'VN:GOV:000.00.00.G22:vpcpdvcprovider' });
      expect(await client.login()).toBe(true);
      const code = name === 'the egov paths' ? '7001' : '7002';
      const first = await client.syncDossier(item('2', { MaHoSo: `000.00.00.H49-261205-${code}` }), { ...step('20261205091000', '4'), MaHoSo: `000.00.00.H49-261205-${code}` });
      expect(first.isUpdating).toBe('False');
      for (const reply of [first.sync.reply, first.progress?.reply]) {
        expect(readers.openCpsSyncInteger(reply!)).toBe(true);
        expect(readers.openCpsPublishQueue(reply!)).toBe(true);
        expect(readers.s7Create(reply!)).toBe(true);
      }
      expect(readers.s7Progress(first.progress!.text)).toBe(true);
      const second = await client.syncDossier(item('10', { MaHoSo: `000.00.00.H49-261205-${code}`, NgayTra: '20261206101500' }), { ...step('20261206101500', '10'), MaHoSo: `000.00.00.H49-261205-${code}` });
      expect(second.isUpdating).toBe('True');
      expect(readers.openCpsPublishQueue(second.sync.reply)).toBe(true);
      expect(readers.openCpsPublishQueue(second.progress!.reply)).toBe(true);
      for (const service of ['LayDanhMucCoQuan', 'LayDanhMucLinhVuc']) expect(readers.openCpsCatalogue((await client.call('share', { service })).reply)).toBe(true);
      const procedure = (await client.call('integration', { service: 'LayThuTuc', maTTHC: '1.001193' })).reply;
      const first0 = (procedure.result as { LINHVUCTHUCHIEN: { MALINHVUC: string }[] }[])[0]!;
      expect(first0.LINHVUCTHUCHIEN[0]!.MALINHVUC).toMatch(/^G\d\d-/);
    });
  }

  it('as S7: a create of an existing dossier reads "đã tồn tại" and succeeds when resent as an update', async () => {
    const c = await t.client();
    const client = new DvcqgClient(t, { adapterUrl: '/api/dvcqg', authEndpoint: '/login', integrationEndpoint: '', shareEndpoint: '', username: c.clientId, password: c.secret, madonvi: H49, dstcode: '' });
    expect(await client.login()).toBe(true);
    const dossier = item('2', { MaHoSo: '000.00.00.H49-261205-7003' });
    expect(readers.s7Create((await client.call('integration', { service: 'DongBoHoSoMC', isUpdating: 'False', data: [dossier] })).reply)).toBe(true);
    const again = (await client.call('integration', { service: 'DongBoHoSoMC', isUpdating: 'False', data: [dossier] })).reply;
    expect(readers.s7Create(again)).toBe(false);
    expect(readers.s7Exists(again)).toBe(true);
    expect(readers.s7Create((await client.call('integration', { service: 'DongBoHoSoMC', isUpdating: 'True', data: [{ ...dossier, TrangThaiHoSo: '4' }] })).reply)).toBe(true);
  });
});
