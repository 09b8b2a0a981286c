import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, sql, type MigrationSource } from '../../platform/db/index.ts';
import { createTestDatabase } from '../../platform/testing/index.ts';

const platform = (...parts: string[]) => path.join(import.meta.dirname, '..', '..', 'platform', ...parts);
const PLATFORM: MigrationSource[] = [
  { module: 'platform', dir: platform('db', 'migrations') },
  { module: 'platform.events', dir: platform('events', 'migrations') },
  { module: 'platform.audit', dir: platform('audit', 'migrations') },
];
const DOSSIERS = path.join(import.meta.dirname, 'migrations');

describe('migration 0015 (form data as json, the content hash in a column)', () => {
  it('moves a synced dossier\'s hash to its column, keeps every form, and leaves portal dossiers without a hash', async () => {
    // A store as it was before 0015: the dossiers' migrations up to 0014 only.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossiers-0014-'));
    for (const file of (await readdir(DOSSIERS)).filter((f) => f < '0015')) await copyFile(path.join(DOSSIERS, file), path.join(dir, file));
    const old = await createTestDatabase([...PLATFORM, { module: 'dossiers', dir }]);
    try {
      const db = old.database.db;
      const synced = { source: 'dvcqg', contentHash: 'c'.repeat(64), item: { MaHoSo: '000.00.00.H49-261205-0001', ChuHoSo: 'Nguyễn "Lan"', TaiLieuNop: [{ TepDinhKemId: '7' }] } };
      const filed = { answers: { childName: 'Nguyễn Minh Khôi' } };
      await sql`
        INSERT INTO dossiers (code, procedure_code, procedure_version_id, procedure_name, applicant_account_id, applicant_kind, applicant_identifier,
                              applicant_name, receiving_agency, status, received_at, form_data, source)
        VALUES ('000.00.00.H49-261205-0001', '1.001193', NULL, 'Đăng ký khai sinh', NULL, 1, '001090000001', 'Nguyễn Lan', '000.00.00.H49', 2, now(), ${JSON.stringify(synced)}::jsonb, 'sync'),
               ('000.00.00.H49-261205-0002', '1.001193', 1, 'Đăng ký khai sinh', gen_random_uuid(), 1, '001090000002', 'Lê Hoa', '000.00.00.H49', 1, now(), ${JSON.stringify(filed)}::jsonb, 'portal')
      `.execute(db);

      expect((await migrate(old.database, [...PLATFORM, { module: 'dossiers', dir: DOSSIERS }])).applied).toEqual(['dossiers/0015_synced_item_as_sent.sql']);

      const rows = (await sql<{ code: string; content_hash: string | null; form_data: unknown; type: string }>`
        SELECT code, content_hash, form_data, pg_typeof(form_data)::text AS type FROM dossiers ORDER BY code
      `.execute(db)).rows;
      expect(rows).toEqual([
        { code: '000.00.00.H49-261205-0001', content_hash: 'c'.repeat(64), form_data: synced, type: 'json' },
        { code: '000.00.00.H49-261205-0002', content_hash: null, form_data: filed, type: 'json' },
      ]);
    } finally {
      await old.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
