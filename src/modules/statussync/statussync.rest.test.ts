import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFactConsumers } from '../../platform/events/index.ts';
import { sql } from '../../platform/db/index.ts';
import { DOSSIER_FACTS } from '../dossiers/index.ts';
import { dailyStatisticsConsumer, statisticsOf } from './statussync.stats.ts';
import { H49, setUpSync, type SyncTestContext } from './statussync.test-support.ts';

// egov's REST sync API (signed, English names, per-item outcomes) and the statistics kept
// from the facts the store records.

let t: SyncTestContext;
beforeAll(async () => {
  t = await setUpSync();
}, 180_000);
afterAll(() => t.close());

const dossier = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  procedureCode: '1.001193',
  procedureName: 'Thủ tục đăng ký khai sinh',
  applicantName: 'Võ Thị Hồng',
  applicantKind: '1',
  applicantDocumentNumber: '049188001234',
  phone: '0912345678',
  receivedAt: '2026-12-01T08:00:00+07:00',
  dueAt: '20261203170000',
  status: '2',
  handlingAgencyName: 'UBND xã Tam Thăng',
  submittedFiles: [{ TenTepDinhKem: 'To khai.pdf', IsDeleted: 'False' }],
  ...extra,
});

type Outcomes = { results: { index: number; code: string; result: string; errors?: { field: string; problem: string; message: string }[] }[]; counts: Record<string, number> };

describe('POST /api/v1/sync/dossiers and /progress', () => {
  it('writes a batch with an outcome per item, naming the English field of a bad one', async () => {
    const { status, json } = await t.signed('/api/v1/sync/dossiers', {
      agency: H49,
      items: [dossier('000.00.00.H49-261201-0001'), dossier('000.00.00.H49-261201-0002', { receivedAt: 'yesterday' }), dossier('000.00.00.H49-261201-0003', { status: '9', finishedAt: '20261202160000' })],
    });
    expect(status).toBe(200);
    const outcomes = json as unknown as Outcomes;
    expect(outcomes.results.map((r) => r.result)).toEqual(['created', 'invalid', 'created']);
    expect(outcomes.results[1]?.errors).toEqual([{ field: 'receivedAt', problem: 'date', message: 'field receivedAt is not a yyyyMMddHHmmss date' }]);
    expect(outcomes.counts).toEqual({ created: 2, invalid: 1 });
  });

  it('create mode answers exists; progress moves the status and a repeat is a duplicate', async () => {
    const again = (await t.signed('/api/v1/sync/dossiers', { agency: H49, mode: 'create', items: [dossier('000.00.00.H49-261201-0001')] })).json as unknown as Outcomes;
    expect(again.results[0]?.result).toBe('exists');
    const step = { code: '000.00.00.H49-261201-0001', handledBy: 'Lê Văn Hùng', handledAt: '20261204100000', action: 'Trả kết quả', status: '10' };
    const first = (await t.signed('/api/v1/sync/progress', { agency: H49, items: [step] })).json as unknown as Outcomes;
    const second = (await t.signed('/api/v1/sync/progress', { agency: H49, items: [step] })).json as unknown as Outcomes;
    expect([first.results[0]?.result, second.results[0]?.result]).toEqual(['applied', 'duplicate']);
  });

  it('refuses an unsigned call (401), another agency (403) and more than 5,000 items (400)', async () => {
    const unsigned = await t.app.inject({ method: 'POST', url: '/api/v1/sync/dossiers', payload: { agency: H49, items: [] } });
    expect(unsigned.statusCode).toBe(401);
    expect((await t.signed('/api/v1/sync/dossiers', { agency: '000.00.00.H29', items: [dossier('000.00.00.H29-261201-0001')] })).status).toBe(403);
    expect((await t.signed('/api/v1/sync/dossiers', { agency: H49, items: Array.from({ length: 5001 }, () => ({})) })).status).toBe(400);
  });
});

describe('the OpenAPI document', () => {
  it('describes the three ways in: the legacy contract, its signed gateway mode and the signed REST API', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { security?: unknown[]; description?: string }>> };
    expect(doc.paths['/api/dvcqg/login']?.post).toBeDefined();
    expect(doc.paths['/api/dvcqg/']?.post?.description ?? doc.paths['/api/dvcqg']?.post?.description).toContain('thành công');
    expect(doc.paths['/mapi/g']?.post).toBeDefined();
    for (const signed of ['/api/dvcqg/SynsTTHCC/DongBoHoSoMC', '/api/v1/sync/dossiers', '/api/v1/sync/progress']) expect(doc.paths[signed]?.post?.security, signed).toEqual([{ egovSignedRequest: [] }]);
    expect(doc.paths['/api/v1/statistics/dossiers']?.get).toBeDefined();
  });
});

describe('statistics', () => {
  it('counts each status a day, and finished dossiers on time or late', () => {
    const base = { code: 'X', receivingAgency: H49, procedureCode: '1.001193', dueAt: '2026-12-03T10:00:00.000Z' };
    const rows = statisticsOf([
      { ...base, status: 2, previousStatus: null, at: '2026-12-01T01:00:00.000Z' },
      { ...base, status: 10, previousStatus: 4, at: '2026-12-02T01:00:00.000Z' },
      { ...base, status: 10, previousStatus: 9, at: '2026-12-04T01:00:00.000Z' },
      { ...base, status: 9, previousStatus: 4, at: '2026-12-04T01:00:00.000Z' },
    ]);
    expect(rows).toEqual([
      { day: '2026-12-01', agency: H49, procedureCode: '1.001193', status: 2, entered: 1, onTime: 0, late: 0 },
      { day: '2026-12-02', agency: H49, procedureCode: '1.001193', status: 10, entered: 1, onTime: 1, late: 0 },
      { day: '2026-12-04', agency: H49, procedureCode: '1.001193', status: 10, entered: 1, onTime: 0, late: 0 },
      { day: '2026-12-04', agency: H49, procedureCode: '1.001193', status: 9, entered: 1, onTime: 0, late: 1 },
    ]);
  });

  it('are kept by the fact consumer from the synced dossiers, and served publicly', async () => {
    const consumers = createFactConsumers({ database: t.platform.ctx.database, consumers: [dailyStatisticsConsumer()], schemas: new Map(Object.entries(DOSSIER_FACTS)), logger: t.platform.ctx.logger });
    await consumers.drain();
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/statistics/dossiers?from=2026-12-01&to=2026-12-31&agency=000.00.00.h49' });
    expect(response.statusCode).toBe(200);
    const rows = (response.json() as { rows: { day: string; status: number; entered: number; finishedOnTime: number; finishedLate: number }[] }).rows;
    // 0001: 2 on 1 Dec, 10 on 4 Dec (due 3 Dec: late); 0003: 9 on 2 Dec (due 3 Dec: on time).
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ day: '2026-12-01', status: 2, entered: 1 }),
        expect.objectContaining({ day: '2026-12-02', status: 9, entered: 1, finishedOnTime: 1 }),
        expect.objectContaining({ day: '2026-12-04', status: 10, entered: 1, finishedLate: 1 }),
      ]),
    );
    // Nothing of it came from reading the dossiers: a replay from the log gives the same rows.
    await sql`DELETE FROM dossiers`.execute(t.platform.ctx.db);
    await consumers.replay('statussync.daily_stats');
    await consumers.drain();
    const replayed = (await t.app.inject({ method: 'GET', url: '/api/v1/statistics/dossiers?from=2026-12-01&to=2026-12-31&agency=000.00.00.H49' })).json() as { rows: unknown[] };
    expect(replayed.rows).toEqual(rows);
  });
});
