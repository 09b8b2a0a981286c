import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { samplePdf } from '../../platform/testing/index.ts';
import { CABINET_FACTS } from './cabinet.facts.ts';
import { pdfText } from './cabinet.pdf-text.ts';
import type { ExchangeApi } from '../exchange/index.ts';
import { documentBytes } from '../exchange/exchange.test-support.ts';
import { admin, member, outsider, secretariat, setUpCabinet, type MemberId } from './cabinet.test-support.ts';

type Setup = Awaited<ReturnType<typeof setUpCabinet>>;
let t: Setup;

beforeAll(async () => {
  t = await setUpCabinet('2026-12-07T01:00:00Z'); // Monday 7 Dec 2026, 08:00 in Vietnam
});
afterAll(async () => {
  await t?.close();
});

async function publishedSession(items = ['Dự thảo Nghị định A', 'Dự thảo Nghị định B', 'Tờ trình C']) {
  const { id } = await t.api.createSession(secretariat, { kind: 'regular', title: 'Phiên họp thường kỳ tháng 12', startsAt: '2026-12-09T08:00', positionsCutoff: '2026-12-08T17:00', location: 'Nhà Quốc hội' });
  const itemIds: number[] = [];
  for (const title of items) itemIds.push((await t.api.addItem(secretariat, id, { title, presenter: 'Bộ Tư pháp' })).id);
  return { id, itemIds };
}

describe('sessions, documents and confidentiality', () => {
  it('the secretariat prepares a session; members see it only once published; publication mails every member and records the paper saved', async () => {
    const { id, itemIds } = await publishedSession();
    const doc = await t.api.addDocument(secretariat, itemIds[0]!, { fileName: 'du-thao.pdf', contentType: 'application/pdf', content: samplePdf() });
    expect(doc.pages).toBe(1);
    await expect(t.api.getSession(member('min1'), id)).rejects.toMatchObject({ code: 'cabinet.no_access' });
    await expect(t.api.addItem(member('pm'), id, { title: 'x' })).rejects.toMatchObject({ code: 'cabinet.secretariat_only' });
    const mailsBefore = (await t.mails()).length;
    const { pagesSaved } = await t.api.publishSession(secretariat, id);
    expect(pagesSaved).toBe(9); // one page × nine members
    const mails = (await t.mails()).slice(mailsBefore);
    expect(mails).toHaveLength(9);
    expect(mails[0]!.subject).toContain('Phiên họp thường kỳ tháng 12');
    const view = await t.api.getSession(member('min1'), id);
    expect(view.items.map((i) => i.title)).toEqual(['Dự thảo Nghị định A', 'Dự thảo Nghị định B', 'Tờ trình C']);
    expect(view.items[0]!.documents).toHaveLength(1);
    const paper = await t.facts('cabinet.paper_saved');
    expect(paper.at(-1)).toMatchObject({ source: 'session', id: String(id), documents: 1, pages: 1, recipients: 9, pagesSaved: 9 });
  });

  it('a non-member cannot read a session’s documents (refusal audited); a member’s every open is audited', async () => {
    const { id, itemIds } = await publishedSession(['Nội dung mật']);
    const doc = await t.api.addDocument(secretariat, itemIds[0]!, { fileName: 'mat.pdf', contentType: 'application/pdf', content: samplePdf() });
    await t.api.publishSession(secretariat, id);
    await expect(t.api.openDocument(outsider, doc.id)).rejects.toMatchObject({ code: 'cabinet.no_access' });
    await expect(t.api.openDocument(undefined, doc.id)).rejects.toMatchObject({ code: 'cabinet.unauthenticated' });
    // A member role without being registered as a member is not enough.
    await expect(t.api.openDocument({ ...member('min1'), accountId: 'acc-impostor' }, doc.id)).rejects.toMatchObject({ code: 'cabinet.no_access' });
    const opened = await t.api.openDocument(member('min2'), doc.id);
    expect(opened.content.subarray(0, 5).toString()).toBe('%PDF-');
    // The member's copy carries their name and the time on its page.
    expect(opened.watermarked).toBe(true);
    expect(pdfText(opened.content)).toMatch(/^Bộ trưởng 2 — \d\d\/\d\d\/\d{4} \d\d:\d\d — Chỉ dùng cho phiên họp Chính phủ$/m);
    const audit = (await sql<{ action: string; actor: string | null }>`SELECT action, actor FROM audit_log WHERE entity_type = 'cabinet_document' AND entity_id = ${String(doc.id)} ORDER BY seq`.execute(t.db)).rows;
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['cabinet.document_added', 'acc-secretariat'],
      ['cabinet.document_refused', 'acc-outsider'],
      ['cabinet.document_refused', 'acc-impostor'],
      ['cabinet.document_opened', 'acc-min2'],
    ]);
  });

  it('every page of a many-page PDF is marked for its reader; plain text and images are converted to marked PDFs; anything else is refused with a clear message (audited)', async () => {
    const { id, itemIds } = await publishedSession(['Tài liệu dài']);
    const { renderPollResultPdf } = await import('./cabinet.pdf.ts');
    const long = await renderPollResultPdf({ id: 0, title: 'Dài', question: 'Q', secret: false, documentName: null, workingDays: 2, silenceIsConsent: true, reminderHours: [], issuedAt: new Date(), deadline: new Date(), closed: true, myAnswer: null, replies: 0, membersTotal: 80, tally: null, answers: Array.from({ length: 80 }, (_, i) => ({ fullName: `Người ${i}`, title: 't', answer: 'agree' as const, comment: '', deemed: false, answeredAt: null, answeredBy: null })), allowDelegation: false, representing: [], viewer: { secretariat: true, member: false }, drafts: [] }, 'X', new Date());
    const pdf = await t.api.addDocument(secretariat, itemIds[0]!, { fileName: 'dai.pdf', contentType: 'application/pdf', content: long });
    expect(pdf.pages).toBeGreaterThan(3);
    const text = await t.api.addDocument(secretariat, itemIds[0]!, { fileName: 'ghi-chu.txt', contentType: 'text/plain', content: Buffer.from('ghi chú') });
    await t.api.publishSession(secretariat, id);
    const opened = await t.api.openDocument(member('dpm2'), pdf.id);
    expect(pdfText(opened.content).split('Phó Thủ tướng C — ').length - 1).toBe(pdf.pages * 2); // a foot line and a diagonal mark per page
    const plain = await t.api.openDocument(member('dpm2'), text.id);
    expect(plain).toMatchObject({ watermarked: true, contentType: 'application/pdf', fileName: 'ghi-chu.txt.pdf' });
    expect(pdfText(plain.content)).toContain('Phó Thủ tướng C — ');
    const audit = (await sql<{ data: { watermarked: boolean } }>`SELECT data FROM audit_log WHERE action = 'cabinet.document_opened' AND entity_id = ${String(text.id)}`.execute(t.db)).rows;
    expect(audit.map((a) => a.data.watermarked)).toEqual([true]);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const { id: id2, itemIds: items2 } = await publishedSession(['Ảnh và Word']);
    const image = await t.api.addDocument(secretariat, items2[0]!, { fileName: 'so-do.png', contentType: 'image/png', content: png });
    const word = await t.api.addDocument(secretariat, items2[0]!, { fileName: 'du-thao.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: Buffer.from('PK\x03\x04 not really a docx') });
    await t.api.publishSession(secretariat, id2);
    expect(await t.api.openDocument(member('dpm2'), image.id)).toMatchObject({ watermarked: true, contentType: 'application/pdf', fileName: 'so-do.png.pdf' });
    await expect(t.api.openDocument(member('dpm2'), word.id)).rejects.toMatchObject({ code: 'cabinet.not_watermarkable' });
    const refused = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'cabinet.document_not_marked' AND entity_id = ${String(word.id)}`.execute(t.db)).rows[0]!.n;
    expect(refused).toBe(1);
  });

  it('an invited attendee reads the documents of the session they are invited to, not of others', async () => {
    const a = await publishedSession(['A']);
    const b = await publishedSession(['B']);
    const docA = await t.api.addDocument(secretariat, a.itemIds[0]!, { fileName: 'a.pdf', contentType: 'application/pdf', content: samplePdf() });
    const docB = await t.api.addDocument(secretariat, b.itemIds[0]!, { fileName: 'b.pdf', contentType: 'application/pdf', content: samplePdf() });
    await t.api.publishSession(secretariat, a.id);
    await t.api.publishSession(secretariat, b.id);
    const guest = { ...outsider, accountId: 'acc-guest', roles: ['cabinet_invited'] };
    await t.api.inviteAttendee(secretariat, a.id, { accountId: 'acc-guest', fullName: 'Khách mời' });
    await expect(t.api.openDocument(guest, docA.id)).resolves.toMatchObject({ fileName: 'a.pdf' });
    await expect(t.api.openDocument(guest, docB.id)).rejects.toMatchObject({ code: 'cabinet.no_access' });
  });

  it('secret items are never named in e-mails', async () => {
    const { id } = await t.api.createSession(secretariat, { kind: 'extraordinary', title: 'Phiên họp bất thường', startsAt: '2026-12-09T14:00', positionsCutoff: '2026-12-09T08:00' });
    await t.api.addItem(secretariat, id, { title: 'Phương án quốc phòng XYZ', secret: true });
    const before = (await t.mails()).length;
    await t.api.publishSession(secretariat, id);
    const mails = (await t.mails()).slice(before);
    expect(mails).toHaveLength(9);
    for (const m of mails) expect(`${m.subject}\n${m.text}`).not.toContain('XYZ');
  });
});

describe('attendance', () => {
  it('the secretariat records who is in the room, remote, or absent with a reason; members cannot', async () => {
    const { id } = await publishedSession(['Điểm danh']);
    await t.api.publishSession(secretariat, id);
    await t.api.recordAttendance(secretariat, id, { accountId: 'acc-pm', mode: 'room' });
    await t.api.recordAttendance(secretariat, id, { accountId: 'acc-min1', mode: 'remote' });
    await expect(t.api.recordAttendance(secretariat, id, { accountId: 'acc-min2', mode: 'absent' })).rejects.toMatchObject({ code: 'cabinet.invalid_input' });
    await t.api.recordAttendance(secretariat, id, { accountId: 'acc-min2', mode: 'absent', reason: 'Công tác nước ngoài' });
    await expect(t.api.recordAttendance(member('pm'), id, { accountId: 'acc-pm', mode: 'remote' })).rejects.toMatchObject({ code: 'cabinet.secretariat_only' });
    const view = await t.api.getSession(member('pm'), id);
    expect(view.attendance.filter((a) => a.mode).map((a) => [a.accountId, a.mode, a.reason])).toEqual([
      ['acc-pm', 'room', ''],
      ['acc-min1', 'remote', ''],
      ['acc-min2', 'absent', 'Công tác nước ngoài'],
    ]);
  });
});

describe('comments per item', () => {
  it('attendees comment on an item before and during the session; outsiders cannot; nothing before publication', async () => {
    const { id, itemIds } = await publishedSession(['Trao đổi']);
    await expect(t.api.addComment(member('min1'), itemIds[0]!, { body: 'Sớm quá' })).rejects.toMatchObject({ code: 'cabinet.no_access' });
    await t.api.publishSession(secretariat, id);
    await t.api.addComment(member('min1'), itemIds[0]!, { body: 'Đề nghị bổ sung đánh giá tác động' });
    await t.api.addComment(secretariat, itemIds[0]!, { body: 'Đã tiếp thu' });
    await expect(t.api.addComment(outsider, itemIds[0]!, { body: 'x' })).rejects.toMatchObject({ code: 'cabinet.no_access' });
    await expect(t.api.addComment(member('min1'), itemIds[0]!, { body: '  ' })).rejects.toMatchObject({ code: 'cabinet.invalid_input' });
    const view = await t.api.getSession(member('pm'), id);
    expect(view.items[0]!.comments.map((c) => [c.author, c.body])).toEqual([
      ['Bộ trưởng 1', 'Đề nghị bổ sung đánh giá tác động'],
      ['Thư ký', 'Đã tiếp thu'],
    ]);
  });
});

describe('positions before the session and adoption without debate', () => {
  it('items with no objection by the cut-off are proposed; the secretariat confirms; an objection forces a debate; no position after the cut-off', async () => {
    const { id, itemIds } = await publishedSession();
    await t.api.publishSession(secretariat, id);
    const [a, b, c] = itemIds as [number, number, number];
    await t.api.recordPosition(member('min1'), a, { stance: 'agree' });
    await t.api.recordPosition(member('min2'), a, { stance: 'wish_to_speak' });
    await t.api.recordPosition(member('min3'), b, { stance: 'objection', note: 'Chưa đủ đánh giá tác động' });
    await t.api.recordPosition(member('min1'), c, { stance: 'objection' });
    await t.api.recordPosition(member('min1'), c, { stance: 'agree' }); // the latest counts
    await expect(t.api.recordPosition(secretariat, a, { stance: 'agree' })).rejects.toMatchObject({ code: 'cabinet.not_a_member' });
    let view = await t.api.getSession(secretariat, id);
    expect(view.items.map((i) => i.proposedWithoutDebate)).toEqual([false, false, false]); // before the cut-off
    await expect(t.api.confirmWithoutDebate(secretariat, a)).rejects.toMatchObject({ code: 'cabinet.state_conflict' });

    t.clock.set('2026-12-08T10:00:00Z'); // 17:00 in Vietnam: the cut-off
    await expect(t.api.recordPosition(member('min4'), a, { stance: 'objection' })).rejects.toMatchObject({ code: 'cabinet.cutoff_passed' });
    view = await t.api.getSession(member('pm'), id);
    expect(view.items.map((i) => i.proposedWithoutDebate)).toEqual([true, false, true]);
    expect(view.items[1]!.positions).toMatchObject({ objection: 1, objectors: ['Bộ trưởng 3'] });
    await expect(t.api.confirmWithoutDebate(member('pm'), a)).rejects.toMatchObject({ code: 'cabinet.secretariat_only' });
    await expect(t.api.confirmWithoutDebate(secretariat, b)).rejects.toMatchObject({ code: 'cabinet.objection_raised' });
    await t.api.confirmWithoutDebate(secretariat, a);
    await expect(t.api.confirmWithoutDebate(secretariat, a)).rejects.toMatchObject({ code: 'cabinet.state_conflict' });
    view = await t.api.getSession(member('pm'), id);
    expect(view.items[0]).toMatchObject({ state: 'adopted_without_debate', proposedWithoutDebate: false });
    const facts = await t.facts('cabinet.conclusion_recorded');
    expect(facts.at(-1)).toMatchObject({ itemId: String(a), adoptedWithoutDebate: true, tasks: [] });
    t.clock.set('2026-12-07T01:00:00Z');
  });
});

describe('named votes', () => {
  async function voteOn(title: string) {
    const { id, itemIds } = await publishedSession([title]);
    await t.api.publishSession(secretariat, id);
    await t.api.startItem(secretariat, itemIds[0]!);
    const vote = await t.api.openVote(secretariat, itemIds[0]!, { question: `Thông qua ${title}?` });
    return { sessionId: id, itemId: itemIds[0]!, voteId: vote.id };
  }
  const cast = async (voteId: number, who: MemberId[], choice: 'for' | 'against' | 'abstain') => {
    for (const m of who) await t.api.castBallot(member(m), voteId, { choice });
  };

  it('a 4–4 tie passes on the Prime Minister’s side; every member’s ballot is listed; a fact records the decision', async () => {
    const { sessionId, voteId } = await voteOn('Nghị định D');
    await cast(voteId, ['pm', 'dpm1', 'min1', 'min2'], 'for');
    await cast(voteId, ['dpm2', 'min3', 'min4', 'min5'], 'against');
    const tally = await t.api.closeVote(secretariat, voteId);
    expect(tally).toMatchObject({ for: 4, against: 4, abstain: 0, notVoting: 1, result: 'passed', tieBrokenByPm: true });
    const view = await t.api.getSession(member('min6'), sessionId);
    const vote = view.items[0]!.vote!;
    expect(vote.open).toBe(false);
    expect(vote.ballots).toHaveLength(9);
    expect(vote.ballots.find((b) => b.fullName === 'Bộ trưởng 6')!.choice).toBeNull();
    expect(vote.ballots.find((b) => b.fullName === 'Thủ tướng A')!.choice).toBe('for');
    expect((await t.facts('cabinet.decision_taken')).at(-1)).toMatchObject({ source: 'vote', id: String(voteId), result: 'passed', tieBrokenByPm: true });
  });

  it('a member cannot vote twice, nor after closing; non-members and the secretariat cannot vote', async () => {
    const { voteId } = await voteOn('Nghị định E');
    await cast(voteId, ['min1'], 'for');
    await expect(t.api.castBallot(member('min1'), voteId, { choice: 'against' })).rejects.toMatchObject({ code: 'cabinet.already_voted' });
    await expect(t.api.castBallot(secretariat, voteId, { choice: 'for' })).rejects.toMatchObject({ code: 'cabinet.not_a_member' });
    await expect(t.api.castBallot(outsider, voteId, { choice: 'for' })).rejects.toMatchObject({ code: 'cabinet.not_a_member' });
    await t.api.closeVote(secretariat, voteId);
    await expect(t.api.castBallot(member('min2'), voteId, { choice: 'for' })).rejects.toMatchObject({ code: 'cabinet.vote_closed' });
    await expect(t.api.closeVote(secretariat, voteId)).rejects.toMatchObject({ code: 'cabinet.vote_closed' });
    const ballots = (await sql<{ account_id: string; choice: string }>`SELECT account_id, choice FROM cabinet_ballots WHERE vote_id = ${voteId}`.execute(t.db)).rows;
    expect(ballots).toEqual([{ account_id: 'acc-min1', choice: 'for' }]);
  });

  it('a ballot needs a second factor given in the last five minutes (step-up)', async () => {
    const { voteId } = await voteOn('Nghị định F');
    await expect(t.api.castBallot(member('min1', null), voteId, { choice: 'for' })).rejects.toMatchObject({ code: 'identity.step_up_required' });
    const stale = new Date(Date.now() - 6 * 60_000).toISOString();
    await expect(t.api.castBallot(member('min1', stale), voteId, { choice: 'for' })).rejects.toMatchObject({ code: 'identity.step_up_required' });
    await t.api.castBallot(member('min1'), voteId, { choice: 'for' });
  });

  it('concurrent double ballots of one member count once', async () => {
    const { voteId } = await voteOn('Nghị định G');
    const results = await Promise.allSettled([cast(voteId, ['min1'], 'for'), cast(voteId, ['min1'], 'against')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM cabinet_ballots WHERE vote_id = ${voteId}`.execute(t.db)).rows[0]!.n;
    expect(n).toBe(1);
  });

  it('a conclusion with tasks is published as a fact the tasks module can consume', async () => {
    const { sessionId, itemId, voteId } = await voteOn('Nghị định H');
    await expect(t.api.recordConclusion(secretariat, itemId, { text: 'Thông qua.' })).rejects.toMatchObject({ code: 'cabinet.state_conflict' }); // vote still open
    await cast(voteId, ['pm', 'dpm1', 'dpm2', 'min1', 'min2'], 'for');
    await t.api.closeVote(secretariat, voteId);
    await expect(t.api.recordConclusion(secretariat, itemId, { text: 'x', tasks: [{ content: 'Hoàn thiện', leadAgencyCode: 'không hợp lệ', deadline: '2026-13-01' }] })).rejects.toMatchObject({ code: 'cabinet.invalid_input' });
    await t.api.recordConclusion(secretariat, itemId, { text: 'Chính phủ thông qua Nghị định H.', tasks: [{ content: 'Hoàn thiện và trình ký ban hành', leadAgencyCode: '000.00.00.G15', deadline: '2026-12-31' }] });
    const fact = (await t.facts('cabinet.conclusion_recorded')).at(-1);
    expect(fact).toEqual({ sessionId: String(sessionId), itemId: String(itemId), itemTitle: 'Nghị định H', conclusion: 'Chính phủ thông qua Nghị định H.', adoptedWithoutDebate: false, tasks: [{ content: 'Hoàn thiện và trình ký ban hành', leadAgencyCode: '000.00.00.G15', deadline: '2026-12-31' }] });

    // The minutes: a draft until the secretariat signs them off, once, after the session closes.
    const { renderMinutesPdf } = await import('./cabinet.pdf.ts');
    await expect(t.api.signMinutes(secretariat, sessionId)).rejects.toMatchObject({ code: 'cabinet.state_conflict' });
    await t.api.recordAttendance(secretariat, sessionId, { accountId: 'acc-min6', mode: 'absent', reason: 'Ốm' });
    await t.api.closeSession(secretariat, sessionId);
    let text = pdfText(await renderMinutesPdf(await t.api.minutes(member('pm'), sessionId), 'Thủ tướng A', new Date()));
    expect(text).toContain('DỰ THẢO — chưa được Thư ký phiên họp ký xác nhận');
    await expect(t.api.signMinutes(member('pm'), sessionId)).rejects.toMatchObject({ code: 'cabinet.secretariat_only' });
    await t.api.signMinutes(secretariat, sessionId);
    await expect(t.api.signMinutes(secretariat, sessionId)).rejects.toMatchObject({ code: 'cabinet.state_conflict' });
    await expect(t.api.minutes(outsider, sessionId)).rejects.toMatchObject({ code: 'cabinet.no_access' });
    text = pdfText(await renderMinutesPdf(await t.api.minutes(member('pm'), sessionId), 'Thủ tướng A', new Date())).replace(/\s+/g, ' '); // lines wrap
    expect(text).toContain('Kết luận: Chính phủ thông qua Nghị định H.');
    expect(text).toContain('Nhiệm vụ: Hoàn thiện và trình ký ban hành — cơ quan chủ trì 000.00.00.G15, hạn 31/12/2026');
    expect(text).toContain('THÔNG QUA — 5 tán thành, 0 không tán thành, 0 không biểu quyết, 4 không tham gia (tổng số 9 thành viên)');
    expect(text).toContain('Bộ trưởng 6: vắng (Ốm)');
    expect(text).toMatch(/Thư ký phiên họp đã ký xác nhận: Thư ký, lúc \d\d\/\d\d\/\d{4}/);
  });
});

describe('documents from the document exchange', () => {
  it('the secretariat, a clerk of the Government Office, takes a received document’s attachments into an item’s dossier; others cannot', async () => {
    const exchange = t.platform.api<ExchangeApi>('exchange');
    const justiceLeader = { accountId: 'acc-justice-leader', kind: 'official' as const, displayName: 'Lãnh đạo Bộ Tư pháp', agencyCode: '000.00.00.G15', roles: ['leader'] };
    const { bytes, documentId } = documentBytes({ from: '000.00.00.G15', to: ['000.00.00.G22'], subject: 'Tờ trình dự thảo Nghị định' });
    const sent = await exchange.send({ kind: 'official', actor: justiceLeader }, bytes);
    const { id, itemIds } = await publishedSession(['Nghị định từ trục liên thông']);
    const clerk = { ...secretariat, roles: ['cabinet_secretariat', 'exchange_clerk'] };
    // Without a clerk's role at a receiving agency, the exchange refuses.
    await expect(t.api.addDocumentsFromExchange(secretariat, itemIds[0]!, sent.package.id)).rejects.toMatchObject({ code: 'exchange.forbidden' });
    await expect(t.api.addDocumentsFromExchange({ ...clerk, agencyCode: '000.00.00.G12' }, itemIds[0]!, sent.package.id)).rejects.toMatchObject({ kind: 'not_found' });
    const pulled = await t.api.addDocumentsFromExchange(clerk, itemIds[0]!, sent.package.id);
    expect(pulled.documentId).toBe(documentId);
    const view = await t.api.getSession(secretariat, id);
    expect(view.items[0]!.documents.map((d) => d.fileName)).toEqual(['123-VPCP-KSTT.pdf']);
    // The sample attachment is not a PDF pdf-lib can read: it cannot carry its reader's name, so it is refused.
    await expect(t.api.openDocument(secretariat, pulled.ids[0]!)).rejects.toMatchObject({ code: 'cabinet.not_watermarkable' });
  });
});

describe('facts and membership', () => {
  it('every fact recorded matches its schema', async () => {
    const rows = (await sql<{ type: string; payload: unknown }>`SELECT type, payload FROM event_facts WHERE type LIKE 'cabinet.%'`.execute(t.db)).rows;
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(Value.Check(CABINET_FACTS[row.type as keyof typeof CABINET_FACTS], row.payload), row.type).toBe(true);
  });

  it('only one active Prime Minister; only the secretariat or an administrator registers members', async () => {
    await expect(t.api.registerMember(member('min1'), { accountId: 'x', fullName: 'X', email: 'x@x.vn', position: 'minister', title: 'X', agencyCode: '000.00.00.G15', seat: 20 })).rejects.toMatchObject({ code: 'cabinet.secretariat_only' });
    await expect(t.api.registerMember(admin, { accountId: 'acc-pm2', fullName: 'Y', email: 'y@x.vn', position: 'prime_minister', title: 'Y', agencyCode: '000.00.00.G22', seat: 21 })).rejects.toThrow();
  });
});
