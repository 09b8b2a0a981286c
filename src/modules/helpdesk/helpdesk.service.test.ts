import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader, createTestPlatform } from '../../app/testing.ts';
import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import { TicketChanged, type HelpdeskApi } from './index.ts';
import { DEMO_AGENT } from './helpdesk.seed.ts';

const vn = (local: string) => new Date(`${local}+07:00`);

let platform: Awaited<ReturnType<typeof createTestPlatform>>;
let api: HelpdeskApi;
let citizen: Actor;
let agent: Actor;
const notAgent: Actor = { accountId: '00000000-0000-4000-8000-0000000000c1', kind: 'official', displayName: 'Cán bộ một cửa', agencyCode: '000.00.00.G22', roles: ['clerk'] };

beforeAll(async () => {
  platform = await createTestPlatform({ modules: ['helpdesk'], seed: ['agencies', 'identity', 'helpdesk'] });
  api = platform.api<HelpdeskApi>('helpdesk');
  const identity = platform.api<IdentityApi>('identity');
  citizen = await identity.authenticate({ identifier: '001090000001', password: 'Demo@2026egov', ip: '192.0.2.1' });
  const account = (await identity.listOfficials({ accountId: 'x', kind: 'admin', displayName: 'x', agencyCode: null, roles: [] }, {})).find((o) => o.email === DEMO_AGENT.email);
  agent = { accountId: String(account?.id), kind: 'official', displayName: DEMO_AGENT.fullName, agencyCode: DEMO_AGENT.agencyCode, roles: ['helpdesk_agent'] };
}, 180_000);
afterAll(async () => platform?.close());

describe('helpdesk', () => {
  it('opens tickets from the web form (signed in or with a contact) and from the phone line; due in working days', async () => {
    const anonymous = await api.openWebTicket(undefined, { category: 'account', subject: 'Không đăng nhập được', body: 'Tôi quên mật khẩu.', requesterName: 'Lê Văn Cường', requesterContact: 'cuong@example.vn' }, { now: vn('2026-12-04T10:00:00') });
    // Friday 4/12 10:00, two working days: Monday 7 and Tuesday 8.
    expect(anonymous).toMatchObject({ channel: 'web', status: 'open', requesterAccountId: null });
    expect(anonymous.dueAt.toISOString()).toBe(vn('2026-12-09T00:00:00').toISOString());
    await expect(api.openWebTicket(undefined, { category: 'account', subject: 'x', body: 'y', requesterName: '', requesterContact: 'not a contact' })).rejects.toMatchObject({ code: 'helpdesk.invalid_input', fields: [{ field: 'requesterName' }, { field: 'requesterContact' }] });
    const mine = await api.openWebTicket(citizen, { category: 'dossier', subject: 'Không thấy hồ sơ', body: 'Hồ sơ nộp hôm qua không hiện.' });
    expect(mine).toMatchObject({ requesterAccountId: citizen.accountId, requesterName: 'Nguyễn Văn An', requesterContact: 'nguyenvanan@demo.egov.vn' });
    expect((await api.myTickets(citizen)).map((t) => t.id)).toContain(mine.id);

    const phone = await api.recordTicket(agent, { channel: 'phone', category: 'payment', subject: 'Thanh toán bị trừ tiền hai lần', body: 'Gọi lúc 9 giờ.', requesterName: 'Phạm Thị Dung', requesterContact: '0912 345 678' });
    expect(phone.channel).toBe('phone');
    await expect(api.recordTicket(agent, { channel: 'web', category: 'payment', subject: 'x', body: 'y', requesterName: 'A', requesterContact: '0912345678' })).rejects.toMatchObject({ code: 'helpdesk.invalid_input' });
    await expect(api.recordTicket(notAgent, { channel: 'phone', category: 'payment', subject: 'x', body: 'y', requesterName: 'A', requesterContact: '0912345678' })).rejects.toMatchObject({ code: 'helpdesk.agents_only' });
    await expect(api.queue(citizen)).rejects.toMatchObject({ code: 'helpdesk.agents_only' });

    // Queue: unassigned, overdue flag once past the due time.
    const late = await api.queue(agent, 'unassigned', { now: vn('2026-12-09T08:00:00') });
    expect(late.items.find((i) => i.ticket.id === anonymous.id)?.flag).toBe('overdue');

    // Assignment, a canned answer, the answer mailed to the e-mail requester, closing; each audited with a fact.
    await api.assign(agent, anonymous.id);
    expect((await api.queue(agent, 'mine')).items.map((i) => i.ticket.id)).toContain(anonymous.id);
    const canned = await api.cannedAnswers(agent);
    expect(canned.map((c) => c.title)).toContain('Quên mật khẩu');
    const answered = await api.answer(agent, anonymous.id, { answer: canned.find((c) => c.title === 'Quên mật khẩu')?.body });
    expect(answered).toMatchObject({ status: 'answered', answeredByName: DEMO_AGENT.fullName });
    await expect(api.answer(agent, anonymous.id, { answer: 'again' })).rejects.toMatchObject({ code: 'helpdesk.wrong_state' });
    await api.close(agent, anonymous.id);
    const mail = await sql<{ payload: unknown }>`SELECT payload FROM outbox_events WHERE type = 'mail.send' ORDER BY id DESC LIMIT 1`.execute(platform.ctx.db);
    expect(JSON.stringify(mail.rows[0]?.payload)).toContain('cuong@example.vn');
    expect(JSON.stringify(mail.rows[0]?.payload)).toContain('Quên mật khẩu');
    const audit = await sql<{ action: string }>`SELECT action FROM audit_log WHERE entity_type = 'helpdesk_ticket' AND entity_id = ${String(anonymous.id)} ORDER BY seq`.execute(platform.ctx.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['helpdesk.ticket_opened', 'helpdesk.ticket_assigned', 'helpdesk.ticket_answered', 'helpdesk.ticket_closed']);
    const facts = await sql<{ payload: unknown }>`SELECT payload FROM event_facts WHERE type LIKE 'helpdesk.%'`.execute(platform.ctx.db);
    for (const f of facts.rows) expect(Value.Check(TicketChanged, typeof f.payload === 'string' ? JSON.parse(f.payload) : f.payload)).toBe(true);
  });

  it('knowledge base: published articles are public and searchable without accents; drafts only for agents', async () => {
    const draft = await api.saveArticle(agent, undefined, { title: 'Lệ phí cấp bản sao trích lục', body: 'Mức lệ phí do Hội đồng nhân dân tỉnh quy định.', category: 'payment', published: false });
    expect((await api.searchArticles(undefined, 'le phi trich luc')).map((a) => a.id)).not.toContain(draft.id);
    await expect(api.getArticle(citizen, draft.id)).rejects.toMatchObject({ code: 'helpdesk.article_not_found' });
    expect((await api.getArticle(agent, draft.id)).title).toBe('Lệ phí cấp bản sao trích lục');
    await api.saveArticle(agent, draft.id, { title: draft.title, body: draft.body, category: 'payment', published: true });
    expect((await api.searchArticles(undefined, 'le phi trich luc')).map((a) => a.id)).toEqual([draft.id]);
    await expect(api.saveArticle(agent, undefined, { title: draft.title, body: 'x', category: 'payment' })).rejects.toMatchObject({ code: 'helpdesk.title_taken' });
    await expect(api.saveArticle(citizen, undefined, { title: 'x', body: 'y', category: 'payment' })).rejects.toMatchObject({ code: 'helpdesk.agents_only' });

    const app = await platform.http();
    const page = await app.inject({ url: '/support?q=mat+khau', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cách đặt lại mật khẩu tài khoản');
    const queue = await app.inject({ url: '/console/helpdesk?bucket=open', headers: { ...actorHeader(agent), accept: 'text/html' } });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Thanh toán bị trừ tiền hai lần');
    // The web form takes a CSRF token like every form.
    const form = await app.inject({ url: '/support/new', headers: { accept: 'text/html' } });
    const forged = await app.inject({ method: 'POST', url: '/support/tickets', payload: 'category=account&subject=a&body=b', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } });
    expect(form.body).toContain('name="_csrf"');
    expect(forged.statusCode).toBe(403);
  });
});
