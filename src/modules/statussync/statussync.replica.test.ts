import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader, createTestPlatform, type TestPlatform } from '../../app/testing.ts';
import { sql } from '../../platform/db/index.ts';
import { WAL_COOKIE } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { isPostgres, waitUntil as waitFor, withStandbyPaused } from '../../platform/testing/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import type { StatusSyncApi } from './index.ts';

// With DATABASE_REPLICA_URL, "my dossiers" and the public lookup read from the streaming
// replica — and a citizen whose browser carries the position of their last write never
// gets a state older than it. `.ci/run` starts the replica (scripts/start-replica.sh).

const replicaServer = process.env.EGOV_TEST_REPLICA_URL;
const requiredHere = isPostgres() && process.env.CI === 'true';
const H49 = '000.00.00.H49';
const CITIZEN_ID = '001090000001'; // the demo citizen Nguyễn Văn An

describe.skipIf(!isPostgres() || (!replicaServer && !requiredHere))('synced dossiers read from the replica', () => {
  let platform: TestPlatform;
  let citizen: Actor;
  let lastCode = 0;

  async function syncOne(): Promise<string> {
    const admin: Actor = { accountId: 'acc-admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] };
    const client = await platform.api<AgenciesApi>('agencies').createClient(admin, { agencyCode: H49 });
    const code = `${H49}-261205-${String(++lastCode).padStart(4, '0')}`;
    const outcomes = await platform.api<StatusSyncApi>('statussync').syncDossiers(client, H49, 'create', [
      { MaHoSo: code, MaTTHC: '1.001193', TenTTHC: 'Thủ tục đăng ký khai sinh', ChuHoSo: 'Nguyễn Văn An', DinhDanhCHS: [{ LoaiDinhDanh: '1', SoDinhDanh: CITIZEN_ID }], NgayTiepNhan: '20261205083015', TrangThaiHoSo: '2', DonViXuLy: 'UBND tỉnh' },
    ]);
    expect(outcomes.map((o) => o.result)).toEqual(['created']);
    return code;
  }

  async function myDossiersPage(cookie?: string): Promise<string> {
    const app = await platform.http();
    const response = await app.inject({ method: 'GET', url: '/my/dossiers', headers: actorHeader(citizen), ...(cookie ? { cookies: { [WAL_COOKIE]: cookie } } : {}) });
    expect(response.statusCode).toBe(200);
    return response.body;
  }

  async function lookup(code: string, cookie?: string): Promise<number> {
    const app = await platform.http();
    const response = await app.inject({ method: 'GET', url: `/api/v1/dossiers/lookup?code=${code}&verifier=${CITIZEN_ID}`, remoteAddress: `203.0.113.${lastCode}`, ...(cookie ? { cookies: { [WAL_COOKIE]: cookie } } : {}) });
    return response.statusCode;
  }

  beforeAll(async () => {
    if (!replicaServer) throw new Error('CI runs the PostgreSQL suites with a replica: set EGOV_TEST_REPLICA_URL (scripts/start-replica.sh starts one on port 5433)');
    platform = await createTestPlatform({ modules: ['statussync'], seed: ['agencies', 'identity'], replicaServerUrl: replicaServer });
    const row = await sql<{ id: string }>`SELECT id FROM accounts WHERE personal_id = ${CITIZEN_ID}`.execute(platform.ctx.db);
    citizen = { accountId: row.rows[0]!.id, kind: 'citizen', displayName: 'Nguyễn Văn An', agencyCode: null, roles: [] };
  }, 180_000);

  afterAll(async () => {
    await platform?.close();
  });

  it('a dossier synced while the replica is paused is missing from the replica-served pages, present for the citizen who carries the newer position, and everywhere once replayed', async () => {
    const first = await syncOne();
    await waitFor('the first dossier on the replica', async () => (await myDossiersPage()).includes(first));

    let second = '';
    await withStandbyPaused(platform.testDb.replicaUrl as string, async () => {
      second = await syncOne();
      const floor = (await platform.ctx.database.walPosition()) as string;
      expect(floor).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      // Without the position: the replica answers, and it has not replayed the new dossier.
      const stale = await myDossiersPage();
      expect(stale).toContain(first);
      expect(stale).not.toContain(second);
      expect(await lookup(second)).toBe(404);
      // With it (the cookie a write of theirs sets): the primary answers.
      expect(await myDossiersPage(floor)).toContain(second);
      expect(await lookup(second, floor)).toBe(200);
    });
    await waitFor('the replica to replay', async () => (await myDossiersPage()).includes(second));
    expect(await lookup(second)).toBe(200);
  }, 60_000);
});
