import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import { verifyAuditChain } from '../../platform/audit/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { interagencyDemoSteps } from './backoffice.seed.ts';
import { INTERAGENCY, officials, POLICE, setUpBackoffice } from './backoffice.test-support.ts';
import { handoffShare, workflowProblems } from './backoffice.workflow.ts';

const agencyAdmin: Actor = { accountId: '00000000-0000-4000-8000-0000000000c1', kind: 'official', displayName: 'Quản trị H49', agencyCode: '000.00.00.H49', roles: ['agency_admin'] };

// Liên thông (DOMAIN §4, issue #12): 1.003200 is received by the ward, which registers the birth,
// hands the dossier to the province's police for the residence part, and gets it back to
// return the result. Each agency has its part of the deadline; both see the trail.
describe('backoffice: hand-off between agencies (liên thông)', () => {
  let env: Awaited<ReturnType<typeof setUpBackoffice>>;
  beforeAll(async () => {
    env = await setUpBackoffice();
    await env.api.saveWorkflow(agencyAdmin, INTERAGENCY, '01', interagencyDemoSteps(POLICE));
  }, 180_000);
  afterAll(async () => env?.close());

  it('checks the steps: other agencies take steps between reception and issuance, with a valid code; the part is the run of its steps', () => {
    expect(workflowProblems(interagencyDemoSteps(POLICE))).toEqual([]);
    expect(workflowProblems([{ kind: 'reception', role: 'clerk', share: 10, unit: POLICE }, { kind: 'review', role: 'specialist', share: 80 }, { kind: 'issuance', role: 'clerk', share: 10 }])).toContain('unit');
    expect(workflowProblems([{ kind: 'reception', role: 'clerk', share: 10 }, { kind: 'review', role: 'specialist', share: 80, unit: 'công an' }, { kind: 'issuance', role: 'clerk', share: 10 }])).toContain('unit');
    expect(handoffShare(interagencyDemoSteps(POLICE), 3, '000.00.51.H49')).toBe(50);
    expect(handoffShare(interagencyDemoSteps(POLICE), 1, '000.00.51.H49')).toBe(30);
  });

  it('ward → police → ward: each queue shows it, only the holder acts, the part of the deadline, progress, facts, audit', async () => {
    const at = new Date('2026-12-07T02:00:00Z'); // Monday 09:00 in Vietnam
    const { code } = await env.applyInteragency(at);
    // The police does not see a dossier that was never handed to it.
    await expect(env.api.dossierView(officials.policeSpecialist, code)).rejects.toMatchObject({ code: 'backoffice.dossier_not_found' });
    let v = await env.api.dossierView(officials.clerk, code);
    await env.api.accept(officials.clerk, code, { version: v.dossier.version }, at);
    v = await env.api.dossierView(officials.specialist, code);
    await env.api.forward(officials.specialist, code, { version: v.dossier.version }, at);
    v = await env.api.dossierView(officials.leader, code);
    expect(v.step).toMatchObject({ kind: 'approval', role: 'leader' });
    // The ward's leader approves the birth registration: the dossier goes to the police.
    const handedAt = new Date('2026-12-08T02:00:00Z'); // Tuesday 09:00
    await env.api.forward(officials.leader, code, { version: v.dossier.version, note: 'Đã đăng ký khai sinh' }, handedAt);

    v = await env.api.dossierView(officials.policeSpecialist, code);
    expect(v.holder).toBe(POLICE);
    expect(v.actions.forward).toBe(true);
    expect(v.handoffs).toHaveLength(1);
    // The police's part: 30 % + 20 % of 5 working days, rounded up = 3 working days from Tuesday → Friday 11/12, 24:00.
    expect(v.handoffs[0]).toMatchObject({ fromUnit: '000.00.51.H49', toUnit: POLICE, stepIndex: 3, returnedAt: null });
    expect(v.handoffs[0]?.dueAt?.toISOString()).toBe('2026-12-11T17:00:00.000Z');
    expect(v.progress.at(-1)?.note).toContain('Chuyển liên thông đến');
    expect(v.progress.at(-1)?.stepDueAt?.toISOString()).toBe('2026-12-11T17:00:00.000Z');
    // Both queues show it under "Liên thông"; the ward can no longer act on the step.
    for (const actor of [officials.policeSpecialist, officials.clerk]) {
      const q = await env.api.queue(actor, { bucket: 'interagency' });
      expect(q.items.map((i) => i.code)).toContain(code);
      expect(q.items.find((i) => i.code === code)?.partDueAt?.toISOString()).toBe('2026-12-11T17:00:00.000Z');
      expect(q.counts.interagency).toBeGreaterThanOrEqual(1);
    }
    await expect(env.api.forward(officials.specialist, code, { version: v.dossier.version })).rejects.toMatchObject({ code: 'backoffice.action_forbidden' });
    expect((await env.api.dossierView(officials.specialist, code)).actions.forward).toBe(false);
    // Another province's official still sees nothing.
    await expect(env.api.dossierView(officials.otherClerk, code)).rejects.toMatchObject({ code: 'backoffice.dossier_not_found' });

    // The police sends it back once to its own review, then reviews and approves: back to the ward.
    await env.api.forward(officials.policeSpecialist, code, { version: v.dossier.version }, handedAt);
    v = await env.api.dossierView(officials.policeLeader, code);
    await env.api.sendBack(officials.policeLeader, code, { version: v.dossier.version, reason: 'Bổ sung xác minh chỗ ở' }, handedAt);
    v = await env.api.dossierView(officials.policeSpecialist, code);
    expect(v.handoffs.filter((h) => h.returnedAt === null)).toHaveLength(1);
    await env.api.forward(officials.policeSpecialist, code, { version: v.dossier.version }, handedAt);
    v = await env.api.dossierView(officials.policeLeader, code);
    await env.api.forward(officials.policeLeader, code, { version: v.dossier.version }, new Date('2026-12-10T02:00:00Z'));

    v = await env.api.dossierView(officials.clerk, code);
    expect(v.dossier.status).toBe(9);
    expect(v.holder).toBe('000.00.51.H49');
    expect(v.handoffs[0]?.returnedAt?.toISOString()).toBe('2026-12-10T02:00:00.000Z');
    expect(v.progress.at(-1)?.note).toContain('Chuyển trả kết quả liên thông về');
    expect((await env.api.queue(officials.policeSpecialist, { bucket: 'interagency' })).items.map((i) => i.code)).not.toContain(code);
    // The police still sees the trail, but has nothing to do.
    const trail = await env.api.dossierView(officials.policeSpecialist, code);
    expect(Object.values(trail.actions).some(Boolean)).toBe(false);
    await env.api.issueResult(officials.clerk, code, { version: v.dossier.version });

    const facts = await env.db.selectFrom('event_facts' as never).select(['payload' as never]).where('type' as never, '=', 'backoffice.dossier_transitioned' as never).execute();
    const mine = (facts as { payload: { code: string; action: string; unit?: string } }[]).filter((f) => f.payload.code === code).map((f) => f.payload);
    expect(mine.map((f) => f.action)).toEqual(['accept', 'forward', 'handoff', 'forward', 'send_back', 'forward', 'handoff_return', 'issue_result']);
    expect(mine.find((f) => f.action === 'handoff')?.unit).toBe(POLICE);
    const audit = await env.db.selectFrom('audit_log' as never).select(['action' as never, 'data' as never]).where('entity_id' as never, '=', code as never).execute();
    expect((audit as { action: string; data: { toUnit?: string } }[]).find((a) => a.action === 'backoffice.handoff')?.data.toUnit).toBe(POLICE);
    expect((await verifyAuditChain(env.db)).ok).toBe(true);
  }, 60_000);

  it('"my work" lists the dossiers whose current step the official may take, in their unit, across the hand-off', async () => {
    const { code } = await env.applyInteragency();
    const mine = async (actor: Actor) => {
      const q = await env.api.queue(actor, { bucket: 'mine' });
      return { codes: q.items.map((i) => i.code), count: q.counts.mine };
    };
    expect((await env.api.queue(officials.specialist, {})).bucket).toBe('mine');
    expect((await mine(officials.specialist)).codes).not.toContain(code); // still at reception
    let v = await env.api.dossierView(officials.clerk, code);
    await env.api.accept(officials.clerk, code, { version: v.dossier.version });
    expect((await mine(officials.specialist)).codes).toContain(code);
    expect((await mine(officials.specialist)).count).toBeGreaterThanOrEqual(1);
    expect((await mine(officials.leader)).codes).not.toContain(code);
    v = await env.api.dossierView(officials.specialist, code);
    await env.api.forward(officials.specialist, code, { version: v.dossier.version });
    expect((await mine(officials.specialist)).codes).not.toContain(code);
    expect((await mine(officials.leader)).codes).toContain(code);
    v = await env.api.dossierView(officials.leader, code);
    await env.api.forward(officials.leader, code, { version: v.dossier.version });
    expect((await mine(officials.leader)).codes).not.toContain(code);
    expect((await mine(officials.policeSpecialist)).codes).toContain(code);
    expect((await mine(officials.policeLeader)).codes).not.toContain(code);
    // Stopped by the receiving unit's leader: in nobody's work any more.
    v = await env.api.dossierView(officials.leader, code);
    await env.api.stop(officials.leader, code, { version: v.dossier.version, reason: 'Người nộp đề nghị dừng' });
    expect((await mine(officials.policeSpecialist)).codes).not.toContain(code);
    expect((await env.api.queue(officials.policeSpecialist, { bucket: 'interagency' })).items.map((i) => i.code)).not.toContain(code);
  });

  it('the administrator\'s form sets another agency\'s unit on a step; a bad code is refused', async () => {
    const app = await env.platform.http();
    const url = `/admin/backoffice/workflows?procedure=${encodeURIComponent(INTERAGENCY)}&case=01`;
    const page = await app.inject({ method: 'GET', url, headers: { ...actorHeader(agencyAdmin), accept: 'text/html' } });
    expect(page.body).toContain('name="unit3"');
    expect(page.body).toContain(`value="${POLICE}"`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const cookie = [page.headers['set-cookie']].flat().filter(Boolean).map((c) => String(c).split(';')[0]).join('; ');
    const post = (fields: Record<string, string>) =>
      app.inject({ method: 'POST', url, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(), headers: { ...actorHeader(agencyAdmin), cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' } });
    const steps = { kind0: 'reception', role0: 'clerk', share0: '10', kind1: 'review', role1: 'specialist', share1: '40', unit1: '000.00.52.H49', kind2: 'approval', role2: 'leader', share2: '40', kind3: 'issuance', role3: 'clerk', share3: '10' };
    expect((await post({ ...steps, unit1: 'phường bên cạnh' })).statusCode).toBe(400);
    expect((await post(steps)).statusCode).toBe(303);
    const saved = await env.api.getWorkflow(agencyAdmin, INTERAGENCY, '01');
    expect(saved.steps[1]).toEqual({ kind: 'review', role: 'specialist', share: 40, unit: '000.00.52.H49' });
    expect(saved.steps[2]).toEqual({ kind: 'approval', role: 'leader', share: 40 });
    // Back to the demo's steps for the other tests of this file.
    await env.api.saveWorkflow(agencyAdmin, INTERAGENCY, '01', interagencyDemoSteps(POLICE));
  });

  it('handed on: ward → police → justice department → ward, one open hand-off at a time', async () => {
    const JUSTICE = '000.00.01.H49';
    const justiceSpecialist: Actor = { ...officials.policeSpecialist, accountId: '00000000-0000-4000-8000-0000000000b9', agencyCode: JUSTICE, displayName: 'Chuyên viên Sở Tư pháp' };
    await env.api.saveWorkflow(agencyAdmin, INTERAGENCY, '01', [
      { kind: 'reception', role: 'clerk', share: 10 },
      { kind: 'review', role: 'specialist', share: 10 },
      { kind: 'review', role: 'specialist', share: 30, unit: POLICE },
      { kind: 'review', role: 'specialist', share: 30, unit: JUSTICE },
      { kind: 'approval', role: 'leader', share: 10 },
      { kind: 'issuance', role: 'clerk', share: 10 },
    ]);
    try {
      const { code } = await env.applyInteragency();
      const step = async (actor: Actor) => {
        const v = await env.api.dossierView(actor, code);
        await env.api.forward(actor, code, { version: v.dossier.version });
      };
      const v0 = await env.api.dossierView(officials.clerk, code);
      await env.api.accept(officials.clerk, code, { version: v0.dossier.version });
      await step(officials.specialist);
      await step(officials.policeSpecialist);
      let v = await env.api.dossierView(justiceSpecialist, code);
      expect(v.holder).toBe(JUSTICE);
      expect(v.handoffs.map((h) => [h.fromUnit, h.toUnit, h.returnedAt === null])).toEqual([['000.00.51.H49', POLICE, false], [POLICE, JUSTICE, true]]);
      expect((await env.api.queue(justiceSpecialist, { bucket: 'interagency' })).items.map((i) => i.code)).toContain(code);
      expect((await env.api.queue(officials.policeSpecialist, { bucket: 'interagency' })).items.map((i) => i.code)).not.toContain(code);
      await expect(env.api.forward(officials.policeSpecialist, code, { version: v.dossier.version })).rejects.toMatchObject({ code: 'backoffice.action_forbidden' });
      await step(justiceSpecialist);
      v = await env.api.dossierView(officials.leader, code);
      expect(v.holder).toBe('000.00.51.H49');
      expect(v.handoffs.every((h) => h.returnedAt !== null)).toBe(true);
      await step(officials.leader);
      expect((await env.api.dossierView(officials.clerk, code)).dossier.status).toBe(9);
    } finally {
      await env.api.saveWorkflow(agencyAdmin, INTERAGENCY, '01', interagencyDemoSteps(POLICE));
    }
  });

  it('the JSON API shows the holder and the trail to both agencies', async () => {
    const { code } = await env.applyInteragency();
    let v = await env.api.dossierView(officials.clerk, code);
    await env.api.accept(officials.clerk, code, { version: v.dossier.version });
    v = await env.api.dossierView(officials.specialist, code);
    await env.api.forward(officials.specialist, code, { version: v.dossier.version });
    v = await env.api.dossierView(officials.leader, code);
    await env.api.forward(officials.leader, code, { version: v.dossier.version });
    const app = await env.platform.http();
    for (const actor of [officials.clerk, officials.policeLeader]) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/backoffice/dossiers/${encodeURIComponent(code)}`, headers: actorHeader(actor) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ holder: POLICE, handoffs: [{ from: '000.00.51.H49', to: POLICE, returnedAt: null }] });
    }
    const page = await app.inject({ method: 'GET', url: '/console/work?bucket=interagency', headers: { ...actorHeader(officials.policeLeader), accept: 'text/html' } });
    expect(page.body).toContain(`href="/console/work/${encodeURIComponent(code)}"`);
  });
});
