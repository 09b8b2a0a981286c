import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../app/testing.ts';
import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { DossiersApi, SyncedDossier } from './index.ts';

// The agency's queue reads one index range per status and merges them, and counts from the
// counters the triggers keep: it must list and count exactly what the plain query over the
// table does, page after page, with due dates tied and missing.
describe('the receiving agency queue', () => {
  const AGENCY = '000.00.00.H49';
  let platform: TestPlatform;
  let api: DossiersApi;
  const clerk: Actor = { accountId: '00000000-0000-4000-8000-000000000001', kind: 'official', displayName: 'Cán bộ', agencyCode: AGENCY, roles: [] };

  const dossier = (n: number): SyncedDossier => {
    const receivedAt = new Date(Date.UTC(2026, 10, 1 + (n % 20), 2));
    return {
      code: `${AGENCY}-261101-${String(n).padStart(4, '0')}`,
      procedureCode: '1.001193',
      procedureName: 'Đăng ký khai sinh',
      applicantKind: 1,
      applicantIdentifier: String(100000000000 + n),
      applicantName: 'Nguyễn Thị Lan',
      applicantPhoneLast4: null,
      applicantEmail: null,
      receivingAgency: n % 7 === 0 ? '000.00.00.H01' : AGENCY,
      status: [1, 2, 2, 4, 5, 10][n % 6]!,
      receivedAt,
      // Ties on purpose (every 3rd day) and some without a due date.
      dueAt: n % 5 === 0 ? null : new Date(Date.UTC(2026, 10, 10 + (n % 3), 9)),
      stateAt: receivedAt,
      handledBy: null,
      original: { n },
      contentHash: `h${n}`,
    };
  };

  beforeAll(async () => {
    platform = await createTestPlatform({ modules: ['dossiers'], seed: ['agencies'] });
    api = platform.api<DossiersApi>('dossiers');
    await api.syncDossiers({ clientId: 'test', mayWrite: () => true }, 'create', Array.from({ length: 130 }, (_, i) => dossier(i + 1)));
    // A dossier moves status, so the counters see an update, not only inserts.
    await sql`UPDATE dossiers SET status = 2 WHERE code = ${`${AGENCY}-261101-0001`}`.execute(platform.ctx.db);
  }, 120_000);
  afterAll(() => platform?.close());

  it.each([[undefined], [1], [2], [5], [10]])('lists and counts status %s as the plain query does, on every page', async (status) => {
    const statuses = status === undefined ? [1, 2] : [status];
    const expected = await sql<{ code: string }>`
      SELECT code FROM dossiers WHERE receiving_agency = ${AGENCY} AND status = ANY(${statuses}::smallint[]) ORDER BY due_at NULLS LAST, id`.execute(platform.ctx.db);
    const listed: string[] = [];
    let total = -1;
    for (let page = 1; page <= 10; page++) {
      const answer = await api.listAgencyQueue(clerk, { status, page });
      total = answer.total;
      listed.push(...answer.items.map((i) => i.code));
      if (page >= answer.pages) break;
    }
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(listed).toEqual(expected.rows.map((r) => r.code));
    expect(total).toBe(expected.rows.length);
  });
});
