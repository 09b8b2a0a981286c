import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import { FEEDBACK_FACTS } from './index.ts';
import { DEMO_FINISHED_DOSSIERS } from './feedback.seed.ts';
import { admin, BIRTH, INTAKE, JUSTICE, officials, setUpFeedback, vn, WARD } from './feedback.test-support.ts';

let env: Awaited<ReturnType<typeof setUpFeedback>>;
beforeAll(async () => {
  env = await setUpFeedback();
}, 180_000);
afterAll(async () => env?.close());

const sample = { kind: 'feedback', category: 'procedure', title: 'Chậm trả kết quả', content: 'Hồ sơ của tôi quá hạn mà chưa được trả kết quả.' };

describe('deadlines in working days', () => {
  it('counts the forwarding window and the answer time over a holiday, refuses forwarding after the window, restarts both clocks at the new agency', async () => {
    // Thursday 23/4/2026, 10:00. Friday 24 counts; Hùng Kings' day falls on Sunday 26/4, so Monday 27 is its compensatory day off;
    // Tue 28 and Wed 29 count; 30/4 and 1/5 are holidays, 2–3/5 a weekend; Mon 4/5 is the fourth working day and Tue 5/5 the fifth.
    const at = vn('2026-04-23T10:00:00');
    const item = await env.api.submit(env.citizen, sample, { now: at });
    expect(item.agencyCode).toBe(INTAKE);
    expect(item.status).toBe('received');
    expect(item.forwardDueAt.toISOString()).toBe(vn('2026-05-06T00:00:00').toISOString());
    // Ten working days: … 5/5 (5), 6, 7, 8, 11 (9), Tue 12/5 (10).
    expect(item.answerDueAt.toISOString()).toBe(vn('2026-05-13T00:00:00').toISOString());

    // The last hour of the fifth working day is still within the window.
    const forwarded = await env.api.forward(officials.intake, item.id, { toAgencyCode: JUSTICE, note: 'Thuộc thẩm quyền Sở Tư pháp' }, { now: vn('2026-05-05T23:30:00') });
    expect(forwarded.agencyCode).toBe(JUSTICE);
    expect(forwarded.forwardCount).toBe(1);
    // Received at the department after 15:00 on 5/5 → counts from Wednesday 6/5: five working days end on Wednesday 13/5, ten on Wednesday 20/5.
    expect(forwarded.forwardDueAt.toISOString()).toBe(vn('2026-05-14T00:00:00').toISOString());
    expect(forwarded.answerDueAt.toISOString()).toBe(vn('2026-05-21T00:00:00').toISOString());

    const late = await env.api.submit(env.citizen, sample, { now: at });
    await expect(env.api.forward(officials.intake, late.id, { toAgencyCode: JUSTICE }, { now: vn('2026-05-06T08:00:00') })).rejects.toMatchObject({ code: 'feedback.forward_window_closed' });
    expect((await env.api.getForOfficial(officials.intake, late.id)).item.agencyCode).toBe(INTAKE);
  });

  it('skips a weekend', async () => {
    // Friday 4/12/2026, 14:00 (before the 15:00 cut-off): Mon 7 … Fri 11 December.
    const item = await env.api.submit(env.citizen, sample, { now: vn('2026-12-04T14:00:00') });
    expect(item.forwardDueAt.toISOString()).toBe(vn('2026-12-12T00:00:00').toISOString());
    // Received on Saturday: counts from Monday 7, so five working days end on Monday 14.
    const saturday = await env.api.submit(env.citizen, sample, { now: vn('2026-12-05T09:00:00') });
    expect(saturday.forwardDueAt.toISOString()).toBe(vn('2026-12-15T00:00:00').toISOString());
  });

  it('flags open items due soon and overdue in the queue', async () => {
    const item = await env.api.submit(env.citizen, { ...sample, agencyCode: JUSTICE }, { now: vn('2026-06-01T09:00:00') });
    // Ten working days from Monday 1/6: due at the end of Monday 15/6.
    const early = await env.api.queue(officials.justice, 'open', { now: vn('2026-06-02T09:00:00') });
    expect(early.items.find((i) => i.item.id === item.id)?.flag).toBe(null);
    const soon = await env.api.queue(officials.justice, 'due_soon', { now: vn('2026-06-11T09:00:00') });
    expect(soon.items.map((i) => i.item.id)).toContain(item.id);
    const overdue = await env.api.queue(officials.justice, 'overdue', { now: vn('2026-06-16T08:00:00') });
    expect(overdue.items.map((i) => i.item.id)).toContain(item.id);
    expect(overdue.counts.overdue).toBeGreaterThanOrEqual(1);
  });
});

describe('routing and scoping', () => {
  it('routes to the dossier\'s agency, the procedure\'s competent agency, the chosen agency, else the portal operator', async () => {
    const onDossier = await env.api.submit(env.citizen, { ...sample, dossierCode: DEMO_FINISHED_DOSSIERS[0].toLowerCase(), agencyCode: JUSTICE });
    expect(onDossier).toMatchObject({ agencyCode: WARD, dossierCode: DEMO_FINISHED_DOSSIERS[0], procedureCode: BIRTH });
    const procedure = await env.platform.api<CatalogApi>('catalog').getPublishedProcedure(BIRTH);
    const onProcedure = await env.api.submit(env.citizen, { ...sample, procedureCode: BIRTH });
    expect(onProcedure.agencyCode).toBe(procedure.document.competentAgency);
    expect((await env.api.submit(env.citizen, { ...sample, agencyCode: JUSTICE })).agencyCode).toBe(JUSTICE);
    expect((await env.api.submit(env.citizen, sample)).agencyCode).toBe(INTAKE);
  });

  it('refuses another person\'s dossier, unknown agencies and missing fields, all at once', async () => {
    const error = await env.api.submit(env.otherCitizen, { kind: 'x', category: 'y', title: ' ', content: '', dossierCode: DEMO_FINISHED_DOSSIERS[0], agencyCode: '000.00.99.H99' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'feedback.invalid_input' });
    expect((error as { fields: { field: string }[] }).fields.map((f) => f.field).sort()).toEqual(['agencyCode', 'category', 'content', 'dossierCode', 'kind', 'title']);
    await expect(env.api.submit(officials.justice, sample)).rejects.toMatchObject({ code: 'feedback.applicants_only' });
    await expect(env.api.submit(undefined, sample)).rejects.toMatchObject({ code: 'feedback.unauthenticated' });
  });

  it('an official of agency A neither sees nor answers the items of agency B; a leader above sees the units below', async () => {
    const atIntake = await env.api.submit(env.citizen, sample);
    const atJustice = await env.api.submit(env.citizen, { ...sample, agencyCode: JUSTICE });
    await expect(env.api.getForOfficial(officials.justice, atIntake.id)).rejects.toMatchObject({ code: 'feedback.item_not_found' });
    await expect(env.api.answer(officials.justice, atIntake.id, { answer: 'Trả lời' })).rejects.toMatchObject({ code: 'feedback.item_not_found' });
    await expect(env.api.forward(officials.otherProvince, atJustice.id, { toAgencyCode: INTAKE })).rejects.toMatchObject({ code: 'feedback.item_not_found' });
    const justiceQueue = await env.api.queue(officials.justice);
    expect(justiceQueue.items.map((i) => i.item.id)).toContain(atJustice.id);
    expect(justiceQueue.items.map((i) => i.item.id)).not.toContain(atIntake.id);
    expect((await env.api.queue(officials.otherProvince)).items.map((i) => i.item.id)).not.toContain(atJustice.id);
    // The province's leader covers its department.
    expect((await env.api.queue(officials.provinceLeader)).items.map((i) => i.item.id)).toContain(atJustice.id);
    expect((await env.api.getForOfficial(officials.provinceLeader, atJustice.id)).item.id).toBe(atJustice.id);
    // Without a feedback role, nothing; citizens neither.
    await expect(env.api.queue(officials.clerkOfJustice)).rejects.toMatchObject({ code: 'feedback.officials_only' });
    await expect(env.api.accept(env.citizen, atJustice.id)).rejects.toMatchObject({ code: 'feedback.officials_only' });
    // The submitter reads their own item, another citizen does not.
    expect((await env.api.getMine(env.citizen, atJustice.id)).item.id).toBe(atJustice.id);
    await expect(env.api.getMine(env.otherCitizen, atJustice.id)).rejects.toMatchObject({ code: 'feedback.item_not_found' });
    // Once forwarded, the first agency loses it.
    await env.api.forward(officials.intake, atIntake.id, { toAgencyCode: JUSTICE });
    await expect(env.api.getForOfficial(officials.intake, atIntake.id)).rejects.toMatchObject({ code: 'feedback.item_not_found' });
    expect((await env.api.getForOfficial(officials.justice, atIntake.id)).item.status).toBe('received');
  });
});

describe('publication only with consent', () => {
  it('publishes a consented answer to the public search and refuses one without consent; the sender can withdraw consent before', async () => {
    const consented = await env.api.submit(env.citizen, { ...sample, kind: 'petition', title: 'Đề nghị mở thêm quầy tiếp nhận', content: 'Quầy một cửa thường xuyên quá tải vào buổi sáng.', agencyCode: JUSTICE, consentToPublish: true });
    const private_ = await env.api.submit(env.citizen, { ...sample, title: 'Cán bộ không hướng dẫn', agencyCode: JUSTICE, consentToPublish: false });
    for (const item of [consented, private_]) {
      await env.api.accept(officials.justice, item.id);
      await env.api.answer(officials.justice, item.id, { answer: 'Sở đã bố trí thêm một quầy tiếp nhận từ tháng 7.' });
    }
    await expect(env.api.publish(officials.justice, private_.id)).rejects.toMatchObject({ code: 'feedback.no_consent' });
    // The submitter is told by e-mail, with a link to the item.
    const mail = await sql<{ payload: unknown }>`SELECT payload FROM outbox_events WHERE type = 'mail.send' ORDER BY id DESC LIMIT 1`.execute(env.db);
    const sentMail = JSON.stringify(mail.rows[0]?.payload);
    expect(sentMail).toContain('nguyenvanan@demo.egov.vn');
    expect(sentMail).toContain(`/feedback/${private_.id}`);
    expect(sentMail).toContain('Sở đã bố trí thêm một quầy tiếp nhận từ tháng 7.');
    // A withdrawn consent is respected too.
    await env.api.setConsent(env.citizen, consented.id, false);
    await expect(env.api.publish(officials.justice, consented.id)).rejects.toMatchObject({ code: 'feedback.no_consent' });
    await env.api.setConsent(env.citizen, consented.id, true);
    const published = await env.api.publish(officials.justice, consented.id);
    expect(published.publishedAt).not.toBeNull();
    await expect(env.api.publish(officials.justice, consented.id)).rejects.toMatchObject({ code: 'feedback.wrong_state' });
    await expect(env.api.setConsent(env.citizen, consented.id, false)).rejects.toMatchObject({ code: 'feedback.wrong_state' });

    // Searchable without accents; the unconsented one never appears; no personal data.
    const found = await env.api.searchPublished('quay tiep nhan');
    expect(found.items.map((i) => i.id)).toEqual([consented.id]);
    expect(JSON.stringify(found.items)).not.toContain('Nguyễn Văn An');
    expect((await env.api.searchPublished('huong dan')).items).toEqual([]);
    // The database refuses a publication without consent whoever writes it.
    await expect(sql`UPDATE feedback_items SET published_at = now() WHERE id = ${private_.id}`.execute(env.db)).rejects.toThrow();
  });

  it('records every change as a history entry, an audit entry and a fact matching its schema', async () => {
    const item = await env.api.submit(env.citizen, { ...sample, agencyCode: JUSTICE });
    await expect(env.api.classify(officials.justice, item.id, { category: 'nonsense' })).rejects.toMatchObject({ code: 'feedback.invalid_input' });
    expect((await env.api.classify(officials.justice, item.id, { category: 'conduct' })).category).toBe('conduct');
    await env.api.reject(officials.justice, item.id, { reason: 'Nội dung đã được trả lời tại phản ánh trước.' });
    await expect(env.api.answer(officials.justice, item.id, { answer: 'x' })).rejects.toMatchObject({ code: 'feedback.wrong_state' });
    const mine = await env.api.getMine(env.citizen, item.id);
    expect(mine.events.map((e) => e.action)).toEqual(['submitted', 'classified', 'rejected']);
    const audit = await sql<{ action: string }>`SELECT action FROM audit_log WHERE entity_type = 'feedback_item' AND entity_id = ${String(item.id)} ORDER BY seq`.execute(env.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['feedback.submitted', 'feedback.classified', 'feedback.rejected']);
    await expect(env.api.classify(officials.justice, item.id, { category: 'other' })).rejects.toMatchObject({ code: 'feedback.wrong_state' });
    const facts = await sql<{ type: string; payload: unknown }>`SELECT type, payload FROM event_facts WHERE type LIKE 'feedback.%'`.execute(env.db);
    expect(facts.rows.length).toBeGreaterThan(10);
    for (const fact of facts.rows) {
      const schema = FEEDBACK_FACTS[fact.type as keyof typeof FEEDBACK_FACTS];
      const payload = typeof fact.payload === 'string' ? JSON.parse(fact.payload) : fact.payload;
      expect(schema && Value.Check(schema, payload), `${fact.type} ${JSON.stringify(payload)}`).toBe(true);
    }
    expect(facts.rows.some((f) => f.type === 'feedback.forwarded')).toBe(true);
    // The administrator sees every agency's items.
    expect((await env.api.getForOfficial(admin, item.id)).item.status).toBe('rejected');
  });
});
