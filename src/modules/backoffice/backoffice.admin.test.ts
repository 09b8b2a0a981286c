import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/module/index.ts';
import { BIRTH, officials, setUpBackoffice } from './backoffice.test-support.ts';

const agencyAdmin: Actor = { accountId: '00000000-0000-4000-8000-0000000000c1', kind: 'official', displayName: 'Quản trị H49', agencyCode: '000.00.00.H49', roles: ['agency_admin'] };
const otherAdmin: Actor = { accountId: '00000000-0000-4000-8000-0000000000c2', kind: 'official', displayName: 'Quản trị H29', agencyCode: '000.00.00.H29', roles: ['agency_admin'] };

describe('backoffice administration: workflows and unstaffed units', () => {
  let env: Awaited<ReturnType<typeof setUpBackoffice>>;
  beforeAll(async () => {
    env = await setUpBackoffice();
  }, 180_000);
  afterAll(async () => env?.close());

  it('an agency administrator sets a case\'s steps; invalid ones and other provinces are refused; new dossiers follow it', async () => {
    const initial = await env.api.getWorkflow(agencyAdmin, BIRTH, '01');
    expect(initial.isDefault).toBe(true);
    expect(initial.steps.map((s) => s.kind)).toEqual(['reception', 'review', 'approval', 'issuance']);
    await expect(env.api.saveWorkflow(agencyAdmin, BIRTH, '01', [{ kind: 'review', role: 'specialist', share: 100 }])).rejects.toMatchObject({ code: 'backoffice.workflow_invalid' });
    await expect(env.api.saveWorkflow(otherAdmin, BIRTH, '01', [...initial.steps])).rejects.toMatchObject({ code: 'backoffice.admin_only' });
    await expect(env.api.saveWorkflow(officials.clerk, BIRTH, '01', [...initial.steps])).rejects.toMatchObject({ code: 'backoffice.admin_only' });
    // A short one: the leader reviews and approves at once.
    await env.api.saveWorkflow(agencyAdmin, BIRTH, '01', [
      { kind: 'reception', role: 'clerk', share: 20 },
      { kind: 'approval', role: 'leader', share: 60 },
      { kind: 'issuance', role: 'clerk', share: 20 },
    ]);
    const { code } = await env.apply();
    let v = await env.api.dossierView(officials.clerk, code);
    await env.api.accept(officials.clerk, code, { version: v.dossier.version });
    v = await env.api.dossierView(officials.leader, code);
    expect(v.step).toMatchObject({ kind: 'approval', role: 'leader' });
    await env.api.forward(officials.leader, code, { version: v.dossier.version });
    expect((await env.api.dossierView(officials.clerk, code)).dossier.status).toBe(9);
  });

  it('lists the units below the administrator\'s agency where dossiers wait and nobody works', async () => {
    await env.apply();
    const units = await env.api.unstaffedUnits(agencyAdmin);
    // The demo accounts staff no ward of Quảng Ninh (the back office's own demo staff is not seeded here).
    expect(units.find((u) => u.code === '000.00.51.H49')?.waiting).toBeGreaterThan(0);
    await expect(env.api.unstaffedUnits(officials.clerk)).rejects.toMatchObject({ code: 'backoffice.admin_only' });
  });
});
