import type { Actor } from '../../platform/module/index.ts';
import type { BackofficeContext } from './backoffice.context.ts';
import { OFFICIALS_READER } from './backoffice.context.ts';

/** The demo password of identity's seed (README): demo data only. */
const DEMO_PASSWORD = 'Demo@2026egov';

/** `000.00.51.H49` → `motcua.00051h49@demo.egov.vn`: one predictable login per unit and role. */
export function demoLogin(role: 'clerk' | 'specialist' | 'leader', unit: string): string {
  const prefix = { clerk: 'motcua', specialist: 'chuyenvien', leader: 'lanhdao' }[role];
  return `${prefix}.${unit.replace(/\./g, '').replace(/^0+/, '').toLowerCase()}@demo.egov.vn`;
}

const NAMES = { clerk: 'Cán bộ một cửa', specialist: 'Chuyên viên', leader: 'Lãnh đạo' } as const;

/**
 * Staffs every unit that receives a demo procedure with a clerk, a specialist and a leader,
 * so that every demo dossier has officials who see and process it. Idempotent: a unit's
 * existing officials are left alone.
 */
export async function seedDemoStaff(bo: BackofficeContext, log: (line: string) => void): Promise<void> {
  const admin: Actor = { ...OFFICIALS_READER };
  const exported = await bo.catalog.exportProcedures(admin, { format: 'json' });
  const parsed = JSON.parse(exported.content.toString('utf8')) as unknown;
  const list = (Array.isArray(parsed) ? parsed : ((parsed as { procedures?: unknown[] }).procedures ?? [])) as { receivingAgencies?: string[] }[];
  const units = [...new Set(list.flatMap((p) => p.receivingAgencies ?? []))].sort();
  const existing = new Set((await bo.identity.listOfficials(admin, {})).map((o) => o.email));
  let created = 0;
  for (const unit of units) {
    const agency = await bo.agencies.findAgency(unit);
    if (!agency) continue;
    for (const role of ['clerk', 'specialist', 'leader'] as const) {
      const email = demoLogin(role, unit);
      if (existing.has(email)) continue;
      await bo.identity.createOfficial(admin, { email, fullName: `${NAMES[role]} ${agency.name}`.slice(0, 100), agencyCode: unit, roles: [role], password: DEMO_PASSWORD });
      created++;
    }
  }
  log(`backoffice: ${created} demo official(s) for ${units.length} receiving unit(s); logins motcua.|chuyenvien.|lanhdao.<unit code without dots and leading zeros>@demo.egov.vn (e.g. ${demoLogin('clerk', '000.00.51.H49')}), password ${DEMO_PASSWORD}`);
}
