import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit/index.ts';
import { samplePdf } from '../../platform/testing/index.ts';
import { officials, setUpBackoffice } from './backoffice.test-support.ts';

describe('backoffice: the main path, access and concurrency', () => {
  let env: Awaited<ReturnType<typeof setUpBackoffice>>;
  beforeAll(async () => {
    env = await setUpBackoffice();
  }, 180_000);
  afterAll(async () => env?.close());

  const view = (code: string, actor = officials.clerk) => env.api.dossierView(actor, code);

  it('routes a dossier to its unit: the unit and supervisors above see it; another unit neither sees, acts nor opens files', async () => {
    const { code } = await env.apply();
    const queue = await env.api.queue(officials.clerk, {});
    expect(queue.bucket).toBe('receive');
    const row = queue.items.find((i) => i.code === code);
    expect(row?.applicantName).toBe('Nguyễn Văn An');
    expect(row?.procedureName).toContain('khai sinh');
    expect(queue.counts.receive).toBeGreaterThanOrEqual(1);
    expect((await env.api.queue(officials.provinceLeader, { bucket: 'receive' })).items.some((i) => i.code === code)).toBe(true);
    const v = await view(code);
    expect(v.actions.receive).toBe(true);
    const fileId = v.files[0]!.id;
    for (const outsider of [officials.otherClerk, officials.otherWardLeader]) {
      expect((await env.api.queue(outsider, { bucket: 'receive' })).items.some((i) => i.code === code)).toBe(false);
      await expect(view(code, outsider)).rejects.toMatchObject({ code: 'backoffice.dossier_not_found' });
      await expect(env.api.accept(outsider, code, { version: v.dossier.version })).rejects.toMatchObject({ code: 'backoffice.dossier_not_found' });
      await expect(env.api.openFile(outsider, code, fileId)).rejects.toMatchObject({ code: 'backoffice.dossier_not_found' });
    }
    // The supervisor sees but does not act.
    await expect(env.api.accept(officials.provinceLeader, code, { version: v.dossier.version })).rejects.toMatchObject({ code: 'backoffice.action_forbidden' });
    // Another citizen cannot open the file; the applicant and the unit's clerk can, and each view is audited.
    await expect(env.api.openFile({ ...env.citizen, accountId: '00000000-0000-4000-8000-00000000ffff' }, code, fileId)).rejects.toMatchObject({ code: 'backoffice.dossier_not_found' });
    const opened = await env.api.openFile(officials.clerk, code, fileId);
    opened.content.resume();
    const mine = await env.api.openFile(env.citizen, code, fileId);
    mine.content.resume();
    const audited = await env.db.selectFrom('audit_log' as never).select(['action' as never]).where('entity_id' as never, '=', code as never).execute();
    expect((audited as { action: string }[]).filter((a) => a.action === 'backoffice.file_viewed')).toHaveLength(2);
  });

  it('supplement → upload → complete (the clock restarts) → two clerks accept at once: one wins → review → approval → result → verification', async () => {
    const { code } = await env.apply(new Date('2026-12-07T02:00:00Z'));
    let v = await view(code);
    await env.api.requestSupplement(officials.clerk, code, { version: v.dossier.version, gaps: 'Bản sao giấy chứng sinh có chứng thực\nTờ khai có chữ ký' });
    const progress = await env.api.applicantView(env.citizen, code);
    expect(progress.dossier.status).toBe(5);
    expect(progress.gaps).toHaveLength(2);
    await env.dossiers.acceptSupplementUpload(env.citizen, code, samplePdf(), { componentIndex: 1, originalName: 'chung-sinh.pdf', locale: 'vi', field: 'c1' });
    const completedAt = new Date('2026-12-10T09:00:00Z'); // Thursday 16:00 in Vietnam: after 15:00
    await env.api.completeSupplement(env.citizen, code, completedAt);
    v = await view(code);
    expect(v.dossier.status).toBe(1);
    expect(v.files).toHaveLength(3);

    const [a, b] = await Promise.allSettled([env.api.accept(officials.clerk, code, { version: v.dossier.version }), env.api.accept(officials.clerk, code, { version: v.dossier.version })]);
    const outcomes = [a, b].map((r) => r.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = [a, b].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: expect.stringMatching(/^(dossiers|backoffice)\.dossier_changed$/) });
    v = await view(code);
    expect(v.dossier.status).toBe(2);
    // Received after 15:00 on Thursday 10/12 → counted from Friday 11/12; 1 working day → Monday 14/12 (24:00).
    expect(v.dossier.dueAt?.toISOString()).toBe('2026-12-14T17:00:00.000Z');
    expect(v.documents.filter((d) => d.kind === '01')).toHaveLength(1);
    expect(v.progress.filter((p) => p.status === 2)).toHaveLength(1);

    // A stale version is refused whole.
    await expect(env.api.forward(officials.specialist, code, { version: v.dossier.version - 1 })).rejects.toMatchObject({ code: 'backoffice.dossier_changed' });
    await expect(env.api.forward(officials.leader, code, { version: v.dossier.version })).rejects.toMatchObject({ code: 'backoffice.action_forbidden' });
    await env.api.forward(officials.specialist, code, { version: v.dossier.version, note: 'Đủ điều kiện' });
    v = await view(code, officials.leader);
    expect(v.dossier.status).toBe(4);
    expect(v.actions.forward).toBe(true);
    await env.api.sendBack(officials.leader, code, { version: v.dossier.version, reason: 'Kiểm tra lại tên trẻ' });
    v = await view(code, officials.specialist);
    expect(v.step?.kind).toBe('review');
    await env.api.forward(officials.specialist, code, { version: v.dossier.version });
    v = await view(code, officials.leader);
    await env.api.forward(officials.leader, code, { version: v.dossier.version });
    v = await view(code);
    expect(v.dossier.status).toBe(9);
    expect(v.actions.issueResult).toBe(true);
    const issued = await env.api.issueResult(officials.clerk, code, { version: v.dossier.version });
    const token = issued.verifyUrl.split('/').pop()!;
    const verified = await env.api.verify(token);
    expect(verified).toMatchObject({ sha256: issued.sha256, issuerCode: '000.00.51.H49' });
    expect(JSON.stringify(verified)).not.toContain('Nguyễn');
    const mine = await env.api.applicantView(env.citizen, code);
    expect(mine.dossier.status).toBe(10);
    const result = mine.documents.find((d) => d.kind === 'result')!;
    const { document } = await env.api.openDocument(env.citizen, code, result.id);
    expect((await env.api.resultBytes(document)).subarray(0, 5).toString()).toBe('%PDF-');

    // Every transition has its fact and audit entry, and the chain verifies.
    const facts = await env.db.selectFrom('event_facts' as never).select(['payload' as never]).where('type' as never, '=', 'backoffice.dossier_transitioned' as never).execute();
    const actions = (facts as { payload: { code: string; action: string } }[]).filter((f) => f.payload.code === code).map((f) => f.payload.action);
    expect(actions).toEqual(['request_supplement', 'supplement_completed', 'accept', 'forward', 'send_back', 'forward', 'forward', 'issue_result']);
    expect((await verifyAuditChain(env.db)).ok).toBe(true);
  }, 60_000);
});
