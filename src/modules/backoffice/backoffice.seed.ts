import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { BackofficeContext } from './backoffice.context.ts';
import { OFFICIALS_READER } from './backoffice.context.ts';
import * as repo from './backoffice.repository.ts';
import type { WorkflowStep } from './backoffice.workflow.ts';

/**
 * The liên thông demo (issue #12): 1.003200, birth + permanent residence + health insurance for
 * a child under 6. The ward registers the birth (review, approval), hands the dossier to the
 * province's police for the residence (review, approval), which hands it back for the result.
 */
export const INTERAGENCY_DEMO = { procedure: '1.003200', police: { H49: '000.00.03.H49', H29: '000.00.03.H29' } } as const;

export function interagencyDemoSteps(police: string): WorkflowStep[] {
  return [
    { kind: 'reception', role: 'clerk', share: 10 },
    { kind: 'review', role: 'specialist', share: 20 },
    { kind: 'approval', role: 'leader', share: 10 },
    { kind: 'review', role: 'specialist', share: 30, unit: police },
    { kind: 'approval', role: 'leader', share: 20, unit: police },
    { kind: 'issuance', role: 'clerk', share: 10 },
  ];
}

/** The demo workflows of the liên thông procedure in both demo provinces, unless an administrator set them. */
export async function seedDemoWorkflows(bo: BackofficeContext): Promise<void> {
  for (const [province, police] of Object.entries(INTERAGENCY_DEMO.police)) {
    const procedure = `${INTERAGENCY_DEMO.procedure}.000.00.00.${province}`;
    if (!(await bo.catalog.findPublishedProcedure(procedure)) || (await repo.findWorkflow(bo.db, procedure, '01'))) continue;
    await bo.db.transaction().execute(async (tx) => {
      await repo.saveWorkflowInTx(tx, procedure, '01', interagencyDemoSteps(police), OFFICIALS_READER.accountId);
      await appendAuditInTx(tx, { actor: null, action: 'backoffice.workflow_saved', entityType: 'procedure', entityId: `${procedure}#01`, data: { demo: true } });
    });
  }
}

/** The demo password of identity's seed (README): demo data only. */
const DEMO_PASSWORD = 'Demo@2026egov';

/** `000.00.51.H49` → `motcua.00051h49@demo.egov.vn`: one predictable login per unit and role. */
export function demoLogin(role: 'clerk' | 'specialist' | 'leader', unit: string): string {
  const prefix = { clerk: 'motcua', specialist: 'chuyenvien', leader: 'lanhdao' }[role];
  return `${prefix}.${unit.replace(/\./g, '').replace(/^0+/, '').toLowerCase()}@demo.egov.vn`;
}

const NAMES = { clerk: 'Cán bộ một cửa', specialist: 'Chuyên viên', leader: 'Lãnh đạo' } as const;
/** Units where the three roles are three people (the walkthroughs use them); elsewhere one demo official holds all three. */
const FULLY_STAFFED = new Set(['000.00.51.H49', '000.00.04.H49']);

/**
 * Staffs every unit that receives a demo procedure, so that every demo dossier has officials
 * who see and process it: a clerk, a specialist and a leader in the units of FULLY_STAFFED, one
 * official holding the three roles elsewhere (each account costs an argon2 hash at start).
 * Idempotent: existing demo officials are left alone.
 */
export async function seedDemoStaff(bo: BackofficeContext, log: (line: string) => void): Promise<void> {
  const admin: Actor = { ...OFFICIALS_READER };
  const exported = await bo.catalog.exportProcedures(admin, { format: 'json' });
  const parsed = JSON.parse(exported.content.toString('utf8')) as unknown;
  const list = (Array.isArray(parsed) ? parsed : ((parsed as { procedures?: unknown[] }).procedures ?? [])) as { receivingAgencies?: string[] }[];
  // The receiving units, and the units other agencies' steps are handed to (liên thông).
  const units = [...new Set([...list.flatMap((p) => p.receivingAgencies ?? []), ...Object.values(INTERAGENCY_DEMO.police)])].sort();
  const existing = new Set((await bo.identity.listOfficials(admin, {})).map((o) => o.email));
  const wanted: { email: string; fullName: string; agencyCode: string; roles: string[] }[] = [];
  for (const unit of units) {
    const agency = await bo.agencies.findAgency(unit);
    if (!agency) continue;
    const people = FULLY_STAFFED.has(unit) ? (['clerk', 'specialist', 'leader'] as const).map((role) => ({ role, roles: [role] })) : [{ role: 'clerk' as const, roles: ['clerk', 'specialist', 'leader'] }];
    for (const { role, roles } of people) {
      const email = demoLogin(role, unit);
      if (!existing.has(email)) wanted.push({ email, fullName: `${NAMES[role]} ${agency.name}`.slice(0, 100), agencyCode: unit, roles });
    }
  }
  // Each account hashes its password (argon2, slow on purpose): a few at a time, on libuv's threads.
  for (let i = 0; i < wanted.length; i += 4) {
    await Promise.all(wanted.slice(i, i + 4).map((w) => bo.identity.createOfficial(admin, { ...w, password: DEMO_PASSWORD })));
  }
  await seedDemoWorkflows(bo);
  const created = wanted.length;
  log(`backoffice: ${created} demo official(s) for ${units.length} receiving unit(s); logins motcua.<unit code without dots and leading zeros>@demo.egov.vn (clerk, specialist and leader at once; e.g. ${demoLogin('clerk', '000.00.52.H49')}), and for ${[...FULLY_STAFFED].join(', ')} motcua., chuyenvien. and lanhdao. separately (e.g. ${demoLogin('specialist', '000.00.51.H49')}); password ${DEMO_PASSWORD}`);
}
