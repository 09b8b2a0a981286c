/**
 * The items of `npm run bench:sync`, in the DVCQG shape, made the same way by the bench's main
 * thread (the baseline reads them straight into the store) and by its client workers
 * (bench/sync-clients.ts: sent over HTTP).
 */

export interface BenchClient {
  /** The client's agency (QĐ 20 code): the dossiers' receiving agency. */
  code: string;
  clientId: string;
}

/** Item n of a run (`day` keeps the runs' codes apart). */
export const item = (agency: string, day: string, n: number) => ({
  MaHoSo: `${agency}-${day}-${String(n).padStart(7, '0')}`,
  MaTTHC: '1.001193',
  TenTTHC: 'Thủ tục đăng ký khai sinh',
  MaLinhVuc: 'G09-TP03',
  TenLinhVuc: 'Hộ tịch',
  ChuHoSo: 'Nguyễn Thị Lan',
  LoaiDoiTuong: '1',
  MaDoiTuong: '',
  SoGiayToChuHoSo: String(100000000000 + n),
  Email: '',
  SoDienThoai: '0905123456',
  TrichYeuHoSo: 'Đăng ký khai sinh',
  NgayTiepNhan: '20261205083015',
  NgayHenTra: '20261206163000',
  TrangThaiHoSo: '2',
  HinhThuc: '0',
  DonViXuLy: 'Ủy ban nhân dân xã',
  TaiLieuNop: [{ TepDinhKemId: String(n), TenTepDinhKem: 'To khai.pdf', IsDeleted: 'False', MaThanhPhanHoSo: '', DuongDanTaiTepTin: 'https://motcua.example.vn/f.pdf' }],
  DanhSachLePhi: [],
  DanhSachGiayToKetQua: [],
});

/**
 * The batches of a run, per client: `items` items spread over the clients, `batch` a batch.
 * `part` (positions in each client's share, end excluded) makes only that part of every share,
 * numbered as in the whole run.
 */
export function batchesOf(clients: readonly BenchClient[], day: string, items: number, batch: number, part?: { from: number; to: number }): Record<string, unknown>[][][] {
  const perClient = Math.ceil(items / clients.length);
  const from = part?.from ?? 0;
  const to = Math.min(perClient, part?.to ?? perClient);
  return clients.map((c, k) => {
    const out: Record<string, unknown>[][] = [];
    for (let start = from; start < to; start += batch) out.push(Array.from({ length: Math.min(batch, to - start) }, (_, i) => item(c.code, day, k * perClient + start + i)));
    return out;
  });
}
