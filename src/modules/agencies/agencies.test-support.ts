import { createTestPlatform } from '../../app/testing.ts';
import type { Actor, ModuleRegistration } from '../../platform/module/index.ts';
import type { AgenciesApi } from './index.ts';

// Test-only helpers (not exported through index.ts).

export const TEST_SECRET_KEY = 'agencies-test-secret-key-0123456789abcdef';

/** The agencies module wired as in production (test harness), its demo directory seeded unless told not to. */
export async function setUpAgencies(options: { seed?: boolean } = {}) {
  const platform = await createTestPlatform({ modules: ['agencies'], config: { secretKey: TEST_SECRET_KEY } });
  const registration = platform.registrations.find((r) => r.name === 'agencies') as ModuleRegistration;
  const lines: string[] = [];
  if (options.seed !== false) await registration.seedDemo?.((line) => lines.push(line));
  return { registration, api: platform.api<AgenciesApi>('agencies'), platform, ctx: platform.ctx, db: platform.ctx.db, seedLog: lines, close: () => platform.close() };
}

export const actors = {
  admin: { accountId: 'acc-admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] },
  adminH49: { accountId: 'acc-qt-h49', kind: 'official', displayName: 'Quản trị H49', agencyCode: '000.00.00.H49', roles: ['agency_admin'] },
  adminH49Dept: { accountId: 'acc-qt-h49-tp', kind: 'official', displayName: 'Quản trị Sở Tư pháp', agencyCode: '000.00.01.H49', roles: ['agency_admin'] },
  leaderH49: { accountId: 'acc-ld-h49', kind: 'official', displayName: 'Lãnh đạo H49', agencyCode: '000.00.00.H49', roles: ['leader'] },
  adminH29: { accountId: 'acc-qt-h29', kind: 'official', displayName: 'Quản trị H29', agencyCode: '000.00.00.H29', roles: ['agency_admin'] },
  citizen: { accountId: 'acc-citizen', kind: 'citizen', displayName: 'Nguyễn Văn An', agencyCode: null, roles: [] },
} satisfies Record<string, Actor>;
