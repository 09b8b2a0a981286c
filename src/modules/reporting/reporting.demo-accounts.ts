import type { Actor } from '../../platform/module/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { DEMO_PASSWORD, type IdentityApi } from '../identity/index.ts';

/** The system acting for the demo seed (an administrator no one signs in as). */
const SEED_ACTOR: Actor = Object.freeze({ accountId: '00000000-0000-0000-0000-000000000000', kind: 'admin', displayName: 'reporting demo', agencyCode: null, roles: [] });

/**
 * Demo officials of the reporting chain, so that every step can be done on `npm start`: ward
 * officers enter, ward leaders approve and send, the province's officer writes its report and its
 * leader accepts the wards' reports and sends the province's up, the Government Office (the
 * receiving unit of the Government Reporting System) accepts the provinces' reports and reads the
 * national figures. Their authenticator is the demo one (DEMO_TOTP_SECRET).
 */
export const DEMO_REPORTING_OFFICIALS = [
  { email: 'baocao.honggai@demo.egov.vn', fullName: 'Lương Thị Hoa', agencyCode: '000.00.51.H49', roles: ['reporting_officer'] },
  { email: 'lanhdao.honggai@demo.egov.vn', fullName: 'Đinh Văn Quang', agencyCode: '000.00.51.H49', roles: ['reporting_leader'] },
  { email: 'baocao.baichay@demo.egov.vn', fullName: 'Phan Thị Ngọc', agencyCode: '000.00.52.H49', roles: ['reporting_officer'] },
  { email: 'lanhdao.baichay@demo.egov.vn', fullName: 'Tạ Minh Khôi', agencyCode: '000.00.52.H49', roles: ['reporting_leader'] },
  { email: 'baocao.vandon@demo.egov.vn', fullName: 'Mai Văn Lực', agencyCode: '000.00.53.H49', roles: ['reporting_officer', 'reporting_leader'] },
  { email: 'baocao.h49@demo.egov.vn', fullName: 'Cao Thị Thanh Huyền', agencyCode: '000.00.00.H49', roles: ['reporting_officer'] },
  { email: 'lanhdaobaocao.h49@demo.egov.vn', fullName: 'Nguyễn Đức Thịnh', agencyCode: '000.00.00.H49', roles: ['reporting_leader'] },
  { email: 'baocao.h29@demo.egov.vn', fullName: 'Huỳnh Thị Kim Ngân', agencyCode: '000.00.00.H29', roles: ['reporting_officer', 'reporting_leader'] },
  { email: 'baocao.g22@demo.egov.vn', fullName: 'Vương Thu Phương', agencyCode: '000.00.00.G22', roles: ['reporting_officer', 'reporting_leader'] },
] as const;

/** Idempotent: an official whose e-mail exists, or whose agency is not in the directory, is skipped. */
export async function seedReportingOfficials(identity: IdentityApi, agencies: AgenciesApi, log: (line: string) => void): Promise<void> {
  const existing = new Set((await identity.listOfficials(SEED_ACTOR, {})).map((o) => o.email));
  let created = 0;
  for (const official of DEMO_REPORTING_OFFICIALS) {
    if (existing.has(official.email) || !(await agencies.findAgency(official.agencyCode))) continue;
    await identity.createOfficial(SEED_ACTOR, { ...official, roles: [...official.roles], password: DEMO_PASSWORD, demoAuthenticator: true });
    created++;
  }
  log(`reporting: ${created} demo reporting official(s) (${DEMO_REPORTING_OFFICIALS.map((o) => `${o.email} ${o.roles.join('+')}`).join(', ')}; password ${DEMO_PASSWORD})`);
}
