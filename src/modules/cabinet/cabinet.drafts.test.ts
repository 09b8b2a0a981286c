import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { samplePdf } from '../../platform/testing/index.ts';
import { pdfText } from './cabinet.pdf-text.ts';
import { member, outsider, secretariat, setUpCabinet } from './cabinet.test-support.ts';

type Setup = Awaited<ReturnType<typeof setUpCabinet>>;
let t: Setup;

beforeAll(async () => {
  t = await setUpCabinet('2026-12-07T01:00:00Z');
}, 180_000);
afterAll(async () => {
  await t?.close();
});

const pdf = { fileName: 'du-thao-v1.pdf', contentType: 'application/pdf', content: samplePdf() };

async function publishedItem() {
  const { id } = await t.api.createSession(secretariat, { kind: 'regular', title: 'Phiên họp', startsAt: '2026-12-09T08:00', positionsCutoff: '2026-12-08T17:00' });
  const { id: itemId } = await t.api.addItem(secretariat, id, { title: 'Dự thảo Nghị định' });
  return { sessionId: id, itemId };
}

describe('draft documents in versions, with the changes members propose', () => {
  it('a member proposes changes to the current version; the secretariat uploads version 2 accepting one and rejecting another; members see the history and what changed', async () => {
    const { sessionId, itemId } = await publishedItem();
    const { draftId, versionId: v1 } = await t.api.createDraft(secretariat, { itemId }, { ...pdf, title: 'Dự thảo Nghị định về phiên họp điện tử' });
    await expect(t.api.createDraft(member('pm'), { itemId }, { ...pdf, title: 'x' })).rejects.toMatchObject({ code: 'cabinet.secretariat_only' });
    // Before publication members cannot read the session, nor propose.
    await expect(t.api.proposeChange(member('min1'), v1, { proposedText: 'x' })).rejects.toMatchObject({ code: 'cabinet.no_access' });
    await t.api.publishSession(secretariat, sessionId);
    const a = await t.api.proposeChange(member('min1'), v1, { location: 'Điều 3, khoản 2', proposedText: 'Thời hạn trả lời là 03 ngày làm việc.', comment: 'Rút ngắn thời hạn.' });
    const b = await t.api.proposeChange(member('min2'), v1, { proposedText: 'Bỏ Điều 5.' });
    const c = await t.api.proposeChange(member('dpm1'), v1, { proposedText: 'Bổ sung Điều 6.' });
    await expect(t.api.proposeChange(member('min1'), v1, { proposedText: '  ' })).rejects.toMatchObject({ code: 'cabinet.invalid_input' });
    await expect(t.api.proposeChange(secretariat, v1, { proposedText: 'x' })).rejects.toMatchObject({ code: 'cabinet.not_a_member' });
    await expect(t.api.proposeChange(outsider, v1, { proposedText: 'x' })).rejects.toMatchObject({ code: 'cabinet.not_a_member' });

    // A decision on a proposal of another draft (or twice) is refused.
    await expect(t.api.addDraftVersion(secretariat, draftId, { ...pdf, fileName: 'v2.pdf', changes: 'x', decisions: [{ proposalId: 999999, accepted: true }] })).rejects.toMatchObject({ code: 'cabinet.invalid_input' });
    await expect(t.api.addDraftVersion(secretariat, draftId, { ...pdf, fileName: 'v2.pdf', changes: '' })).rejects.toMatchObject({ code: 'cabinet.invalid_input' });
    const v2 = await t.api.addDraftVersion(secretariat, draftId, { ...pdf, fileName: 'du-thao-v2.pdf', changes: 'Sửa Điều 3 theo ý kiến Bộ trưởng 1.', decisions: [{ proposalId: a.id, accepted: true }, { proposalId: b.id, accepted: false, note: 'Điều 5 cần giữ.' }] });
    expect(v2.version).toBe(2);

    // Proposals go to the current version only.
    await expect(t.api.proposeChange(member('min3'), v1, { proposedText: 'muộn' })).rejects.toMatchObject({ code: 'cabinet.state_conflict' });
    await t.api.proposeChange(member('min3'), v2.versionId, { proposedText: 'Sửa tên Nghị định.' });

    const view = await t.api.getSession(member('min1'), sessionId);
    const [draft] = view.items[0]!.drafts;
    expect(draft!.title).toBe('Dự thảo Nghị định về phiên họp điện tử');
    expect(draft!.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(draft!.versions[0]!.proposals.map((p) => [p.author, p.status, p.decidedInVersion, p.mine])).toEqual([
      ['Bộ trưởng 1', 'accepted', 2, true],
      ['Bộ trưởng 2', 'rejected', 2, false],
      ['Phó Thủ tướng B', 'pending', null, false],
    ]);
    expect(draft!.versions[1]).toMatchObject({ changes: 'Sửa Điều 3 theo ý kiến Bộ trưởng 1.', uploadedBy: 'Thư ký', fileName: 'du-thao-v2.pdf' });
    expect(draft!.versions[1]!.decided.map((p) => [p.proposedText, p.status, p.decisionNote])).toEqual([
      ['Thời hạn trả lời là 03 ngày làm việc.', 'accepted', ''],
      ['Bỏ Điều 5.', 'rejected', 'Điều 5 cần giữ.'],
    ]);
    expect(draft!.pendingProposals).toBe(2); // c, still pending, and the one on version 2
    // c can still be decided in a later version.
    await t.api.addDraftVersion(secretariat, draftId, { ...pdf, fileName: 'v3.pdf', changes: 'Bổ sung Điều 6.', decisions: [{ proposalId: c.id, accepted: true }] });
    await expect(t.api.addDraftVersion(secretariat, draftId, { ...pdf, fileName: 'v4.pdf', changes: 'x', decisions: [{ proposalId: c.id, accepted: false }] })).rejects.toMatchObject({ code: 'cabinet.invalid_input' });

    const actions = (await sql<{ action: string }>`SELECT action FROM audit_log WHERE entity_type = 'cabinet_draft' AND entity_id = ${String(draftId)} ORDER BY seq`.execute(t.db)).rows.map((r) => r.action);
    expect(actions).toEqual(['cabinet.draft_created', 'cabinet.change_proposed', 'cabinet.change_proposed', 'cabinet.change_proposed', 'cabinet.draft_version_added', 'cabinet.change_proposed', 'cabinet.draft_version_added']);
  });

  it('a version opens marked for its reader (audited); someone who cannot read the session cannot open it', async () => {
    const { sessionId, itemId } = await publishedItem();
    const { versionId } = await t.api.createDraft(secretariat, { itemId }, { ...pdf, title: 'Dự thảo' });
    await t.api.publishSession(secretariat, sessionId);
    const copy = await t.api.openDraftVersion(member('min4'), versionId);
    expect(copy.watermarked).toBe(true);
    expect(pdfText(copy.content)).toContain('Bộ trưởng 4 — ');
    await expect(t.api.openDraftVersion(outsider, versionId)).rejects.toMatchObject({ code: 'cabinet.no_access' });
    const audit = (await sql<{ action: string; actor: string }>`SELECT action, actor FROM audit_log WHERE entity_type = 'cabinet_draft_version' AND entity_id = ${String(versionId)} ORDER BY seq`.execute(t.db)).rows;
    expect(audit.map((r) => [r.action, r.actor])).toEqual([
      ['cabinet.document_opened', 'acc-min4'],
      ['cabinet.document_refused', 'acc-outsider'],
    ]);
    expect(await t.platform.registrations.find((r) => r.name === 'cabinet')!.fileReferences!([samplePdfSha()])).toContain(samplePdfSha());
  });

  it('a poll has drafts too: members propose until the deadline, the poll view lists them', async () => {
    const { id: pollId, deadline } = await t.api.issuePoll(secretariat, { title: 'Lấy ý kiến dự thảo', question: 'Đồng ý?', workingDays: 2, silenceIsConsent: true });
    const { versionId } = await t.api.createDraft(secretariat, { pollId }, { ...pdf, title: 'Dự thảo Quyết định' });
    await t.api.proposeChange(member('dpm2'), versionId, { proposedText: 'Sửa Điều 1.' });
    const poll = await t.api.getPoll(member('pm'), pollId);
    expect(poll.drafts[0]!.versions[0]!.proposals.map((p) => p.author)).toEqual(['Phó Thủ tướng C']);
    t.clock.set(new Date(deadline.getTime() + 1000).toISOString());
    await expect(t.api.proposeChange(member('min5'), versionId, { proposedText: 'muộn' })).rejects.toMatchObject({ code: 'cabinet.poll_closed' });
  });
});

function samplePdfSha(): string {
  return createHash('sha256').update(samplePdf()).digest('hex');
}
