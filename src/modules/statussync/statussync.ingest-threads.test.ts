import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestThreads, type IngestThreads } from '../../app/ingest-threads.ts';
import { requestOffloadOf } from '../../platform/http/index.ts';
import { createLogger } from '../../platform/logging/index.ts';
import { isPostgres } from '../../platform/testing/index.ts';
import { H49, setUpSync, type SyncTestContext } from './statussync.test-support.ts';

/**
 * Bulk batches answered on an ingestion thread (INGEST_THREADS) must give exactly what the
 * serving thread gives: the same batches go to a hub with a thread and to one without, each on
 * a fresh database, and every answer is compared whole.
 */

const dossier = (n: number, extra: Record<string, unknown> = {}) => ({
  MaHoSo: `${H49}-261208-${String(n).padStart(5, '0')}`,
  MaTTHC: '1.001193',
  TenTTHC: 'Thủ tục đăng ký khai sinh',
  ChuHoSo: 'Nguyễn Thị Lan',
  LoaiDoiTuong: '1',
  SoGiayToChuHoSo: String(100000000000 + n),
  SoDienThoai: '0905123456',
  TrichYeuHoSo: 'Đăng ký khai sinh cho con — hồ sơ đồng bộ từ hệ thống một cửa của tỉnh',
  NgayTiepNhan: '20261208083015',
  NgayHenTra: '20261210163000',
  TrangThaiHoSo: '2',
  DonViXuLy: 'Ủy ban nhân dân xã',
  TaiLieuNop: [{ TepDinhKemId: String(n), TenTepDinhKem: 'To khai.pdf', IsDeleted: 'False', DuongDanTaiTepTin: 'https://motcua.example.vn/f.pdf' }],
  ...extra,
});

/** 300 items (well over the 64 KB that go to a thread), some of them bad in different ways. */
const batch = (from: number) =>
  Array.from({ length: 300 }, (_, i) => {
    const n = from + i;
    if (i === 7) return dossier(n, { NgayTiepNhan: '2026-13-45' });
    if (i === 8) return dossier(n, { MaHoSo: '' });
    if (i === 9) return dossier(n, { MaHoSo: `000.00.00.H29-261208-${n}` });
    if (i === 10) return dossier(from, { TrangThaiHoSo: '4' }); // the first item again, moved on
    return dossier(n);
  });

const steps = (from: number) =>
  Array.from({ length: 300 }, (_, i) => ({ MaHoSo: dossier(from + (i % 250)).MaHoSo, ThoiDiemXuLy: `202612081${String(i % 10)}0000`, TrangThai: '4', NguoiXuLy: 'Lê Văn Hùng', NoiDungXuLy: `Bước ${i}: thẩm định hồ sơ, chuyển lãnh đạo phòng xem xét`, ChucDanh: 'Chuyên viên' }));

describe.skipIf(!isPostgres())('bulk batches on an ingestion thread (PostgreSQL only: a thread opens its own pool)', () => {
  let threaded: SyncTestContext;
  let inline: SyncTestContext;
  let sessions: { threaded: string; inline: string };
  const threads = () => requestOffloadOf(threaded.app) as IngestThreads;

  beforeAll(async () => {
    [threaded, inline] = await Promise.all([setUpSync({ ingestThreads: 1 }), setUpSync()]);
    sessions = { threaded: await threaded.login(), inline: await inline.login() };
  }, 60_000);
  afterAll(async () => {
    await threaded?.close();
    await inline?.close();
  });

  /** The same call to both hubs: their answers, the threaded one first. */
  async function both(call: (t: SyncTestContext, session: string) => Promise<{ status: number; json: unknown }>) {
    const before = threads().answered;
    const a = await call(threaded, sessions.threaded);
    const b = await call(inline, sessions.inline);
    return { threaded: a, inline: b, byThread: threads().answered - before };
  }

  it('answers legacy DongBoHoSoMC batches (create, the same again, then updates) as the serving thread does', async () => {
    for (const isUpdating of ['False', 'False', 'True']) {
      const body = { madonvi: H49, service: 'DongBoHoSoMC', isUpdating, data: batch(1) };
      const answers = await both((t, session) => t.post('/api/dvcqg', { session, ...body }));
      expect(JSON.stringify(body).length).toBeGreaterThan(64 * 1024);
      expect(answers.byThread).toBe(1);
      expect(answers.threaded).toEqual(answers.inline);
    }
    // A lookup (a small body, answered by the serving thread) sees what the thread wrote.
    const code = dossier(1).MaHoSo;
    const looked = await both((t, session) => t.post('/api/dvcqg', { session, madonvi: H49, service: 'TraCuuHoSo', mahoso: code }));
    expect(looked.byThread).toBe(0);
    expect(looked.threaded).toEqual(looked.inline);
    expect(looked.threaded.json).toMatchObject({ error_code: '0', result: [expect.objectContaining({ MaHoSo: code })] });
  });

  it('answers progress batches, the gateway mode and the REST API as the serving thread does', async () => {
    await both((t, session) => t.post('/api/dvcqg', { session, madonvi: H49, service: 'DongBoHoSoMC', isUpdating: 'True', data: batch(1000) }));
    const progress = await both((t, session) => t.post('/mapi/g', { session, madonvi: H49, service: 'CapNhatTienDoHoSoMC', data: steps(1000) }));
    expect(progress.byThread).toBe(1);
    expect(progress.threaded).toEqual(progress.inline);

    const gateway = await both((t) => t.signed(`/api/dvcqg/SynsTTHCC/DongBoHoSoMC?MaDinhDanhDV=${H49}&isUpdating=False`, batch(2000)));
    expect(gateway.byThread).toBe(1);
    expect(gateway.threaded).toEqual(gateway.inline);
    // The first item sent again in the same create: "đã tồn tại".
    expect(gateway.threaded.json).toMatchObject({ error_code: '3' });

    const english = batch(3000).map((item) => ({ code: item.MaHoSo, procedureCode: item.MaTTHC, applicantName: item.ChuHoSo, receivedAt: item.NgayTiepNhan, status: item.TrangThaiHoSo, summary: item.TrichYeuHoSo, submittedFiles: item.TaiLieuNop }));
    const rest = await both((t) => t.signed('/api/v1/sync/dossiers', { agency: H49, mode: 'create', items: english }));
    expect(rest.byThread).toBe(1);
    expect(rest.threaded).toEqual(rest.inline);
    expect(rest.threaded.status).toBe(200);

    // Refusals decided on the thread (the body's schema, the agency) are the serving thread's too.
    const tooMany = await both((t) => t.signed('/api/v1/sync/dossiers', { agency: H49, items: Array.from({ length: 5001 }, (_, i) => ({ code: `x-${i}`, summary: 'x'.repeat(20) })) }));
    expect(tooMany.byThread).toBe(1);
    expect(tooMany.threaded).toEqual(tooMany.inline);
    expect(tooMany.threaded.status).toBe(400);
    const elsewhere = await both((t) => t.signed('/api/v1/sync/dossiers', { agency: '000.00.00.H29', items: english }));
    expect(elsewhere.threaded).toEqual(elsewhere.inline);
    expect(elsewhere.threaded.status).toBe(403);
  });

  it('runs the thread at a lower OS priority than the serving thread, which keeps its own', async () => {
    const before = os.getPriority();
    const answered = await both((t, session) => t.post('/api/dvcqg', { session, madonvi: H49, service: 'DongBoHoSoMC', isUpdating: 'True', data: batch(6000) }));
    expect(answered.byThread).toBe(1);
    // A nice value is per thread on Linux; elsewhere the thread leaves it as it is.
    expect(threads().nice).toEqual([process.platform === 'linux' ? Math.min(19, before + 10) : undefined]);
    expect(os.getPriority()).toBe(before);
  });

  it('answers "retry later" (-9) when the thread cannot reach its database, and the agency resends', async () => {
    const config = { ...threaded.platform.ctx.config, databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere', databaseReplicaUrl: undefined };
    const down: IngestThreads = startIngestThreads(config, createLogger('silent'), 1);
    try {
      const body = Buffer.from(JSON.stringify({ session: sessions.threaded, madonvi: H49, service: 'DongBoHoSoMC', isUpdating: 'True', data: batch(4000) }));
      const answer = await down.answer({ method: 'POST', url: '/api/dvcqg', headers: { 'content-type': 'application/json' }, body, remoteAddress: '127.0.0.1' });
      expect(answer.statusCode).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ error_code: '-9' });
      expect(answer.headers['retry-after']).toBeDefined();
    } finally {
      await down.close();
    }
  }, 30_000);
});
