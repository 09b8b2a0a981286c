import { createTestPlatform } from '../../app/testing.ts';
import type { Actor } from '../../platform/module/index.ts';
import { GOVERNMENT_OFFICE_CODE } from '../agencies/index.ts';
import type { ReportingApi } from './index.ts';
import { MONTHLY_REGIME, SEED_INDICATORS } from './reporting.seed-data.ts';

// Test-only helpers (not exported through index.ts).

const official = (id: string, agencyCode: string, roles: string[]): Actor => ({ accountId: id, kind: 'official', displayName: id, agencyCode, roles });

/** Officials of the demo directory: Hồng Gai (06685), Bãi Cháy (06673) and Vân Đồn (06994) of Quảng Ninh. */
export const actors = {
  admin: { accountId: 'acc-admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] } satisfies Actor,
  hongGaiOfficer: official('hg-officer', '000.00.51.H49', ['reporting_officer']),
  hongGaiLeader: official('hg-leader', '000.00.51.H49', ['reporting_leader']),
  baiChayOfficer: official('bc-officer', '000.00.52.H49', ['reporting_officer']),
  baiChayLeader: official('bc-leader', '000.00.52.H49', ['reporting_leader']),
  vanDonOfficer: official('vd-officer', '000.00.53.H49', ['reporting_officer']),
  quangNinhOfficer: official('qn-officer', '000.00.00.H49', ['reporting_officer']),
  quangNinhLeader: official('qn-leader', '000.00.00.H49', ['reporting_leader']),
  hcmcLeader: official('hcm-leader', '000.00.00.H29', ['reporting_leader']),
  governmentLeader: official('vpcp-leader', GOVERNMENT_OFFICE_CODE, ['reporting_leader']),
  citizen: { accountId: 'acc-citizen', kind: 'citizen', displayName: 'Nguyễn Văn An', agencyCode: null, roles: [] } satisfies Actor,
};

export const HONG_GAI = 'C.06685';
export const BAI_CHAY = 'C.06673';
export const VAN_DON = 'C.06994';
export const QUANG_NINH = 'P.22';

/**
 * The reporting module on a fresh database with the demo directory, its unit tree and the
 * seeded indicators, and the monthly regime for Quảng Ninh and three of its wards.
 */
export async function setUpReporting() {
  const platform = await createTestPlatform({ modules: ['reporting'], seed: ['agencies'] });
  const api = platform.api<ReportingApi>('reporting');
  await api.syncUnits(actors.admin);
  await api.defineIndicators(actors.admin, SEED_INDICATORS);
  await api.defineRegime(actors.admin, { ...MONTHLY_REGIME, receivingUnitCode: 'VN', units: [QUANG_NINH, HONG_GAI, BAI_CHAY, VAN_DON] });
  return { platform, api, db: platform.ctx.db, close: () => platform.close() };
}

/** A complete, valid month of a ward. */
export function validMonth(overrides: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    POPULATION: 40_000,
    'POPULATION|sex=male': 19_500,
    'POPULATION|sex=female': 20_500,
    HOUSEHOLDS: 11_000,
    POOR_HOUSEHOLDS: 220,
    BUDGET_REVENUE: 150_000,
    BUDGET_REVENUE_PLAN: 1_800_000,
    NEW_ENTERPRISES: 12,
    NEW_JOBS: 80,
    HEALTH_INSURANCE_COVERAGE: 93.5,
    DOSSIERS_RECEIVED: 420,
    DOSSIERS_ON_TIME: 410,
    TRAFFIC_ACCIDENTS: 1,
    MAX_DAILY_RAINFALL: 35.5,
    LOWEST_TEMPERATURE: 14.2,
    ...overrides,
  };
}
