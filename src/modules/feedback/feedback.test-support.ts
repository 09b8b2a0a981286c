import { createTestPlatform } from '../../app/testing.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import type { FeedbackApi } from './index.ts';

// Test-only helpers (not exported through index.ts).

export const INTAKE = '000.00.00.G22';
export const JUSTICE = '000.00.01.H49';
export const WARD = '000.00.51.H49';
export const BIRTH = '1.001193.000.00.00.H49';

const official = (id: string, agencyCode: string, roles: string[], displayName: string): Actor => ({ accountId: `00000000-0000-4000-8000-0000000000${id}`, kind: 'official', displayName, agencyCode, roles });

export const officials = {
  intake: official('f1', INTAKE, ['feedback_officer'], 'Nguyễn Thị Thu Hà'),
  justice: official('f2', JUSTICE, ['feedback_officer'], 'Trần Văn Minh'),
  /** A leader of the province: sees its departments' and wards' items. */
  provinceLeader: official('f3', '000.00.00.H49', ['leader'], 'Phạm Quốc Hưng'),
  otherProvince: official('f4', '000.00.00.H29', ['leader'], 'Lê Hoàng Nam'),
  /** An official of the department without a feedback role. */
  clerkOfJustice: official('f5', JUSTICE, ['clerk'], 'Vũ Thị Lan'),
};

export const admin: Actor = { accountId: '00000000-0000-4000-8000-0000000000fa', kind: 'admin', displayName: 'Quản trị', agencyCode: null, roles: [] };

/** The feedback module with the real modules it needs, the demo directory, accounts, catalogue and its own demo data. */
export async function setUpFeedback() {
  const platform = await createTestPlatform({ modules: ['feedback'], seed: ['agencies', 'identity', 'catalog', 'feedback'] });
  const identity = platform.api<IdentityApi>('identity');
  const citizen = await identity.authenticate({ identifier: '001090000001', password: 'Demo@2026egov', ip: '192.0.2.1' });
  const otherCitizen = await identity.authenticate({ identifier: '022190000002', password: 'Demo@2026egov', ip: '192.0.2.2' });
  return { platform, db: platform.ctx.db, api: platform.api<FeedbackApi>('feedback'), citizen, otherCitizen, close: () => platform.close() };
}

/** An instant in Vietnam time. */
export const vn = (local: string) => new Date(`${local}+07:00`);
