import { LocalFileStore } from '../../platform/files/index.ts';
import path from 'node:path';
import { testConfig } from '../../platform/config/index.ts';
import { createLogger } from '../../platform/logging/index.ts';
import type { Actor, PlatformContext } from '../../platform/module/index.ts';
import { createTestDatabase, type TestDatabase } from '../../platform/testing/index.ts';
import { createAgenciesModule } from './index.ts';

// Test-only helpers (not exported through index.ts).

const platformDir = path.resolve(import.meta.dirname, '../../platform');

export const TEST_SECRET_KEY = 'agencies-test-secret-key-0123456789abcdef';

export async function setUpAgencies(options: { seed?: boolean } = {}) {
  const migrationsDir = path.join(import.meta.dirname, 'migrations');
  const testDb: TestDatabase = await createTestDatabase([
    { module: 'platform', dir: path.join(platformDir, 'db', 'migrations') },
    { module: 'platform.audit', dir: path.join(platformDir, 'audit', 'migrations') },
    { module: 'agencies', dir: migrationsDir },
  ]);
  const config = testConfig({ secretKey: TEST_SECRET_KEY });
  const ctx: PlatformContext = { config, logger: createLogger('silent'), database: testDb.database, db: testDb.database.db, files: LocalFileStore.forDataDir('memory://') };
  const module = createAgenciesModule(ctx);
  const lines: string[] = [];
  if (options.seed !== false) await module.registration.seedDemo?.((line) => lines.push(line));
  return { ...module, ctx, db: ctx.db, seedLog: lines, close: () => testDb.close() };
}

export const actors = {
  admin: { accountId: 'acc-admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] },
  adminH49: { accountId: 'acc-qt-h49', kind: 'official', displayName: 'Quản trị H49', agencyCode: '000.00.00.H49', roles: ['agency_admin'] },
  adminH49Dept: { accountId: 'acc-qt-h49-tp', kind: 'official', displayName: 'Quản trị Sở Tư pháp', agencyCode: '000.00.01.H49', roles: ['agency_admin'] },
  leaderH49: { accountId: 'acc-ld-h49', kind: 'official', displayName: 'Lãnh đạo H49', agencyCode: '000.00.00.H49', roles: ['leader'] },
  adminH29: { accountId: 'acc-qt-h29', kind: 'official', displayName: 'Quản trị H29', agencyCode: '000.00.00.H29', roles: ['agency_admin'] },
  citizen: { accountId: 'acc-citizen', kind: 'citizen', displayName: 'Nguyễn Văn An', agencyCode: null, roles: [] },
} satisfies Record<string, Actor>;
