import { createTestPlatform } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor, ModuleRegistration } from '../../platform/module/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import type { ProcedureDocument } from './catalog.schemas.ts';
import type { CatalogApi } from './index.ts';

// Test-only helpers (not exported through index.ts).

/** The catalog module wired as in production (test harness) on the seeded agency directory; the demo catalogue seeded unless told not to. */
export async function setUpCatalog(options: { seedDemo?: boolean } = {}) {
  // Checking the generation on every search keeps the tests free of timing assumptions.
  const platform = await createTestPlatform({ modules: ['catalog'], seed: ['agencies'], options: { catalog: { search: { cacheCheckMs: 0 } } } });
  const registration = platform.registrations.find((r) => r.name === 'catalog') as ModuleRegistration;
  const seedLog: string[] = [];
  if (options.seedDemo !== false) await registration.seedDemo?.((line) => seedLog.push(line));
  return { registration, api: platform.api<CatalogApi>('catalog'), agencies: platform.api<AgenciesApi>('agencies'), platform, ctx: platform.ctx, db: platform.ctx.db, seedLog, close: () => platform.close() };
}

/** The CSRF token of the form on `url` (as a page shows it) and the cookie it pairs with, for a form post. */
export async function csrfOf(app: HttpApp, url: string): Promise<{ token: string; cookie: string }> {
  const page = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const cookie = page.cookies.find((c) => c.name === '_csrf');
  if (!token || !cookie) throw new Error(`no CSRF token on ${url}`);
  return { token, cookie: `_csrf=${cookie.value}` };
}

export const actors = {
  admin: { accountId: 'acc-admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] },
  adminH49: { accountId: 'acc-qt-h49', kind: 'official', displayName: 'Quản trị H49', agencyCode: '000.00.00.H49', roles: ['agency_admin'] },
  leaderH49: { accountId: 'acc-ld-h49', kind: 'official', displayName: 'Lãnh đạo H49', agencyCode: '000.00.00.H49', roles: ['leader'] },
  clerkH49: { accountId: 'acc-mc-h49', kind: 'official', displayName: 'Một cửa H49', agencyCode: '000.00.00.H49', roles: ['clerk'] },
  adminH29: { accountId: 'acc-qt-h29', kind: 'official', displayName: 'Quản trị H29', agencyCode: '000.00.00.H29', roles: ['agency_admin'] },
  citizen: { accountId: 'acc-citizen', kind: 'citizen', displayName: 'Nguyễn Văn An', agencyCode: null, roles: [] },
} satisfies Record<string, Actor>;

/** A valid procedure of the Quảng Ninh Department of Justice; override what a test needs. */
export function sampleProcedure(overrides: Partial<ProcedureDocument> = {}): ProcedureDocument {
  return {
    code: '1.999001.000.00.00.H49',
    name: 'Cấp bản sao giấy tờ thử nghiệm',
    field: { code: 'G15-CT01', name: 'Chứng thực' },
    implementingLevel: 'province',
    applicantTypes: ['citizen'],
    competentAgency: '000.00.01.H49',
    receivingAgencies: ['000.00.04.H49'],
    onlineLevel: 'mot_phan',
    channels: ['in_person', 'online'],
    cases: [{ code: '01', name: 'Trường hợp thông thường', processingTime: { value: 3, unit: 'working_days' }, fees: [{ name: 'Lệ phí', amountVnd: 20_000 }] }],
    steps: ['Nộp hồ sơ', 'Nhận kết quả'],
    components: [{ name: 'Đơn đề nghị', kind: 'original', copies: 1, requirement: 'required' }],
    results: ['Bản sao'],
    requirements: [],
    legalBasis: ['Nghị định số 23/2015/NĐ-CP'],
    ...overrides,
  };
}
