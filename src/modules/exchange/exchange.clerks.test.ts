import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader, createTestPlatform, type TestPlatform } from '../../app/testing.ts';
import { sql } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import { buildEdxml } from './edxml/index.ts';
import { sampleDocument, sampleOrganization } from './edxml/samples.ts';
import type { ExchangeApi } from './index.ts';
import { registerInTx } from './registers.repository.ts';

// The clerk's (văn thư) day, through the pages, on the demo data: names not codes, the
// registers, assignment, reply and forward, the recipient picker with and without script.

const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';
const G15 = '000.00.00.G15';
const ADMIN: Actor = { accountId: 'acc-admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] };

let platform: TestPlatform;
let app: HttpApp;
let clerkH49: Actor;
let clerkG15: Actor;
let specialistG15: Actor;
const leaderH29: Actor = { accountId: 'ld-h29', kind: 'official', displayName: 'Lãnh đạo', agencyCode: H29, roles: ['leader'] };
const otherSpecialist: Actor = { accountId: 'cv-other', kind: 'official', displayName: 'Chuyên viên khác', agencyCode: G15, roles: ['specialist'] };

beforeAll(async () => {
  platform = await createTestPlatform({ modules: ['exchange'], seed: true, config: { secretKey: 'exchange-clerks-test-secret-0123456789abcdef' } });
  app = await platform.http();
  const identity = platform.api<IdentityApi>('identity');
  const asActor = async (email: string, agencyCode: string): Promise<Actor> => {
    const account = (await identity.listOfficials(ADMIN, { agencyCode })).find((o) => o.email === email);
    if (!account) throw new Error(`no demo official ${email}`);
    return { accountId: account.id, kind: 'official', displayName: account.fullName, agencyCode, roles: account.roles };
  };
  clerkH49 = await asActor('vanthu.h49@demo.egov.vn', H49);
  clerkG15 = await asActor('vanthu.g15@demo.egov.vn', G15);
  specialistG15 = await asActor('chuyenvien.g15@demo.egov.vn', G15);
});
afterAll(async () => {
  await platform?.close();
});

const get = (actor: Actor | undefined, url: string) => app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(actor ? actorHeader(actor) : {}) } });

async function csrfFrom(actor: Actor, url: string): Promise<{ cookie: string; token: string }> {
  const page = await get(actor, url);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const cookie = page.cookies.find((c) => c.name === '_csrf');
  if (!token || !cookie) throw new Error(`no CSRF token on ${url}: ${page.statusCode}`);
  return { cookie: `_csrf=${cookie.value}`, token };
}

async function post(actor: Actor, from: string, url: string, fields: [string, string][]) {
  const { cookie, token } = await csrfFrom(actor, from);
  const body = new URLSearchParams([['_csrf', token], ...fields]).toString();
  return app.inject({ method: 'POST', url, headers: { ...actorHeader(actor), cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: body });
}

async function compose(actor: Actor, fields: [string, string][], from = '/exchange/compose') {
  const { cookie, token } = await csrfFrom(actor, from);
  const boundary = '----egovclerks';
  const parts = [['_csrf', token], ...fields].map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const pdf = `--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="cv.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\n\r\n`;
  const payload = Buffer.from(`${parts.join('')}${pdf}--${boundary}--\r\n`);
  return app.inject({ method: 'POST', url: '/exchange/compose', headers: { ...actorHeader(actor), cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html' }, payload });
}

const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
const packageUrls = (html: string) => [...new Set([...html.matchAll(/href="(\/exchange\/packages\/[0-9a-f-]{36})"/g)].map((m) => m[1] ?? ''))];

/**
 * Agency codes left in the visible text once the sanctioned places are taken out: the small
 * type beside a name, hover titles, form values and links. A code elsewhere is a code-only display.
 */
function bareCodes(html: string): string[] {
  const visible = main(html)
    .replace(/<small class="agency-code">[^<]*<\/small>/g, '')
    .replace(/(title|value|href|action|data-code)="[^"]*"/g, '')
    .replace(/<script[^>]*><\/script>/g, '');
  return [...visible.matchAll(/\b\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}\b/g)].map((m) => m[0]);
}

async function sendDocument(subject: string, to: string[] = [G15], extra: [string, string][] = []) {
  const response = await compose(clerkH49, [['subject', subject], ['codeNumber', String(Math.floor(Math.random() * 9000) + 100)], ['codeNotation', 'UBND-VP'], ...to.map((c): [string, string] => ['recipients', c]), ['priority', '1'], ...extra]);
  expect(response.statusCode, main(response.body).slice(0, 600)).toBe(303);
  const inbox = await get(to[0] === G15 ? clerkG15 : leaderH29, '/exchange');
  for (const url of packageUrls(inbox.body)) if ((await get(clerkG15, url)).body.includes(subject)) return url;
  throw new Error(`${subject} is not in the inbox`);
}

describe('the clerk role', () => {
  it('is the exchange’s own (văn thư), given to the demo clerks, who work the pages', async () => {
    const roles = platform.ctx.contributions.roles();
    expect(roles.find((r) => r.name === 'exchange_clerk')?.label.vi).toBe('Văn thư');
    expect(clerkH49.roles).toEqual(['exchange_clerk']);
    expect(clerkG15.roles).toEqual(['exchange_clerk']);
    expect((await get(clerkH49, '/exchange')).statusCode).toBe(200);
    // The one-stop reception clerk no longer works the exchange.
    expect((await get({ ...clerkH49, roles: ['clerk'] }, '/exchange')).statusCode).toBe(403);
  });
});

describe('names, not codes, on every clerk page (demo data)', () => {
  it('inbox, sent, a document, the registers, the assigned list and compose name every agency', async () => {
    const subject = 'V/v kiểm tra tên cơ quan trên trang';
    const url = await sendDocument(subject);
    expect((await post(clerkG15, url, `${url}/status`, [['code', '03'], ['description', 'Vào sổ']])).statusCode).toBe(303);
    const pages = [
      [clerkH49, '/exchange'],
      [clerkH49, '/exchange/sent'],
      [clerkH49, url],
      [clerkG15, url],
      [clerkG15, '/exchange/registers/in'],
      [clerkH49, '/exchange/registers/out'],
      [clerkG15, '/exchange/assigned'],
      [clerkH49, `/exchange/compose?q=${encodeURIComponent('tư pháp')}`],
      [clerkH49, '/exchange/compose?group=provinces'],
    ] as const;
    for (const [actor, path] of pages) {
      const page = await get(actor, path);
      expect(page.statusCode, path).toBe(200);
      expect(bareCodes(page.body), path).toEqual([]);
      expect(page.body, path).not.toContain('<code>000.');
    }
    // The demo mail from the Government Office is shown by its name.
    expect(main((await get(clerkH49, '/exchange')).body)).toContain('Văn phòng Chính phủ <small class="agency-code">000.00.00.G22</small>');
    expect(main((await get(clerkH49, url)).body)).toContain('Bộ Tư pháp <small class="agency-code">000.00.00.G15</small>');
  });

  it('shows the parser’s warnings in the page’s language, and edXML times like every other time', async () => {
    const exchange = platform.api<ExchangeApi>('exchange');
    const base = sampleDocument();
    const bytes = Buffer.concat([Buffer.from('rác'), buildEdxml({ ...base, from: sampleOrganization(H29, 'UBND TP HCM'), to: [sampleOrganization(H49, 'x')], subject: 'Gói tin có lỗi nhỏ' })]);
    const sent = await exchange.send({ kind: 'official', actor: { ...leaderH29 } }, bytes);
    const page = await get(clerkH49, `/exchange/packages/${sent.package.id}`);
    expect(page.body).toContain('Có dữ liệu thừa trước phần khai báo XML; đã bỏ qua.');
    expect(page.body).not.toContain('before the XML declaration');
    expect((await get(clerkH49, `/exchange/packages/${sent.package.id}?lang=en`)).statusCode).toBe(200);
    expect(main(page.body)).not.toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
  });
});

describe('the registers (sổ văn bản đến / đi)', () => {
  it('number accepted documents per agency and year, once each, gap-free under concurrent accepts', async () => {
    const urls = await Promise.all(['A', 'B', 'C', 'D'].map((x) => sendDocument(`V/v đồng thời ${x}`)));
    const before = await sql<{ n: number }>`SELECT COALESCE(MAX(number), 0)::int AS n FROM exchange_register_entries WHERE agency_code = ${G15} AND direction = 'in'`.execute(platform.ctx.db);
    const start = before.rows[0]?.n ?? 0;
    const answers = await Promise.all(urls.map((u) => post(clerkG15, u, `${u}/status`, [['code', '03'], ['description', '']])));
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303, 303, 303]);
    // Accepting again does not use a number.
    expect((await post(clerkG15, urls[0] ?? '', `${urls[0]}/status`, [['code', '03'], ['description', 'lần hai']])).statusCode).toBe(303);
    const rows = await sql<{ number: number }>`SELECT number FROM exchange_register_entries WHERE agency_code = ${G15} AND direction = 'in' ORDER BY number`.execute(platform.ctx.db);
    expect(rows.rows.map((r) => r.number)).toEqual(Array.from({ length: start + 4 }, (_, i) => i + 1));
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'exchange.registered_incoming' AND data->>'agency' = ${G15}`.execute(platform.ctx.db);
    expect(audited.rows[0]?.n).toBe(start + 4);
    const page = await get(clerkG15, `${urls[0]}?done=1`);
    expect(page.body).toMatch(/Đã vào sổ văn bản đến, số đến \d+\/\d{4}\./);
  });

  it('give a package registered twice at once one number, and take back the number of a rolled-back registration', async () => {
    const db = platform.ctx.db;
    const id = (await sendDocument('V/v vào sổ hai lần cùng lúc')).split('/').at(-1) ?? '';
    const entry = { agencyCode: G15, direction: 'in' as const, packageId: id, codeNotation: null, subject: 'x', counterparts: [H49], priority: 0, documentDate: null, dueDate: null, registeredBy: 'test' };
    const results = await Promise.all([1, 2, 3].map(() => db.transaction().execute((tx) => registerInTx(tx, entry))));
    expect(new Set(results.map((r) => r.entry.number)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const other = (await sendDocument('V/v số được trả lại')).split('/').at(-1) ?? '';
    const last = results[0]?.entry.number ?? 0;
    await expect(
      db.transaction().execute(async (tx) => {
        await registerInTx(tx, { ...entry, packageId: other });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const kept = await db.transaction().execute((tx) => registerInTx(tx, { ...entry, packageId: other }));
    expect(kept.entry.number).toBe(last + 1);
  });

  it('are searched by subject, sender name, number and priority, and exported to Excel and PDF', async () => {
    const url = await sendDocument('V/v tìm trong sổ văn bản đến');
    await post(clerkG15, url, `${url}/status`, [['code', '03'], ['description', '']]);
    const bySubject = await get(clerkG15, `/exchange/registers/in?subject=${encodeURIComponent('tìm trong sổ')}`);
    expect(bySubject.body).toContain('V/v tìm trong sổ văn bản đến');
    expect(packageUrls(bySubject.body)).toEqual([url]);
    const bySender = await get(clerkG15, `/exchange/registers/in?counterpart=${encodeURIComponent('quảng ninh')}`);
    expect(bySender.body).toContain('V/v tìm trong sổ văn bản đến');
    expect((await get(clerkG15, `/exchange/registers/in?counterpart=${encodeURIComponent('Hà Giang')}`)).body).not.toContain('V/v tìm trong sổ');
    expect((await get(clerkG15, '/exchange/registers/in?priority=3')).body).not.toContain('V/v tìm trong sổ');
    expect((await get(clerkG15, '/exchange/registers/in?status=03')).body).toContain('V/v tìm trong sổ');
    // The sender's outgoing register has it too, by recipient.
    expect((await get(clerkH49, `/exchange/registers/out?counterpart=${encodeURIComponent('tư pháp')}`)).body).toContain('V/v tìm trong sổ văn bản đến');

    const xlsx = await get(clerkG15, `/exchange/registers/in/export.xlsx?subject=${encodeURIComponent('tìm trong sổ')}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const cells = (sheet?.getRow(4).values as unknown[]).map(String);
    expect(cells).toContain('V/v tìm trong sổ văn bản đến');
    expect(cells.some((c) => c.includes('Ủy ban nhân dân tỉnh Quảng Ninh') || c.includes('Quảng Ninh'))).toBe(true);
    const pdf = await get(clerkG15, '/exchange/registers/in/export.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Another agency's clerk sees only its own register.
    expect((await get(leaderH29, '/exchange/registers/in')).body).not.toContain('V/v tìm trong sổ');
  });
});

describe('assign, reply and forward', () => {
  let url = '';
  const subject = 'V/v đề nghị phối hợp trả lời';

  it('assigns an incoming document to a specialist with a due date and a note (status 04, audited)', async () => {
    url = await sendDocument(subject);
    const page = await get(clerkG15, url);
    expect(page.body).toContain(`value="person:${specialistG15.accountId}"`);
    const done = await post(clerkG15, url, `${url}/assign`, [['assignee', `person:${specialistG15.accountId}`], ['dueDate', '2026-12-20'], ['note', 'Đề nghị dự thảo văn bản trả lời']]);
    expect(done.statusCode, main(done.body).slice(0, 400)).toBe(303);
    const mine = await get(specialistG15, '/exchange/assigned');
    expect(mine.body).toContain(subject);
    expect(mine.body).toContain('20/12/2026');
    expect(mine.body).toContain('Đề nghị dự thảo văn bản trả lời');
    // The specialist reads it (and its attachment) without being a clerk; another specialist may not.
    expect((await get(specialistG15, url)).statusCode).toBe(200);
    expect((await get(specialistG15, `${url}/attachments/1`)).statusCode).toBe(200);
    expect((await get(otherSpecialist, url)).statusCode).toBe(404);
    // The sender hears of it as status 04.
    expect(main((await get(clerkH49, url)).body)).toContain('04 – ');
    const audit = await sql<{ action: string }>`SELECT action FROM audit_log WHERE entity_id = ${url.split('/').at(-1)} ORDER BY seq`.execute(platform.ctx.db);
    expect(audit.rows.map((r) => r.action)).toContain('exchange.assigned');
    const invalid = await post(clerkG15, url, `${url}/assign`, [['assignee', 'person:somebody-else'], ['dueDate', ''], ['note', '']]);
    expect(invalid.statusCode).toBe(400);
  });

  it('replies with ResponseFor set: the sender sees the reply linked to the original', async () => {
    const form = await get(clerkG15, `/exchange/compose?reply=${url.split('/').at(-1)}`);
    expect(form.body).toContain(`name="recipients" value="${H49}"`);
    expect(form.body).toContain(`name="responseTo"`);
    const sent = await compose(clerkG15, [['recipients', H49], ['responseTo', url.split('/').at(-1) ?? ''], ['subject', 'Trả lời: V/v đề nghị phối hợp'], ['codeNumber', '12'], ['codeNotation', 'BTP-VP'], ['priority', '0']], `/exchange/compose?reply=${url.split('/').at(-1)}`);
    expect(sent.statusCode, main(sent.body).slice(0, 500)).toBe(303);
    const original = await get(clerkH49, url);
    expect(original.body).toContain('Văn bản trả lời');
    const replyUrl = packageUrls(main(original.body)).find((u) => u !== url);
    expect(replyUrl).toBeDefined();
    const reply = await get(clerkH49, replyUrl ?? '');
    expect(reply.body).toContain('Trả lời: V/v đề nghị phối hợp');
    expect(reply.body).toContain('Trả lời cho văn bản');
    expect(reply.body).toContain(`href="${url}"`);
    expect((await get(clerkG15, '/exchange/registers/out')).body).toContain('Trả lời: V/v đề nghị phối hợp');
  });

  it('forwards the same document with its attachment to another agency, with a trace entry of the forwarder', async () => {
    const id = url.split('/').at(-1) ?? '';
    const picker = await get(clerkG15, `/exchange/compose?forward=${id}&add=${H29}`);
    expect(picker.body).toContain(`name="recipients" value="${H29}"`);
    const done = await post(clerkG15, `/exchange/compose?forward=${id}`, `${url}/forward`, [['recipients', H29]]);
    expect(done.statusCode, main(done.body).slice(0, 400)).toBe(303);
    const inbox = await get(leaderH29, '/exchange');
    const forwarded = packageUrls(inbox.body);
    const pages = await Promise.all(forwarded.map(async (u) => ({ u, body: (await get(leaderH29, u)).body })));
    const page = pages.find((p) => p.body.includes(subject));
    expect(page).toBeDefined();
    expect(page?.body).toContain('cv.pdf');
    expect(main(page?.body ?? '')).toMatch(/Bộ Tư pháp <small class="agency-code">000\.00\.00\.G15<\/small><\/span> chuyển văn bản/);
    expect((await get(leaderH29, `${page?.u}/attachments/1`)).statusCode).toBe(200);
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'exchange.registered_outgoing' AND entity_id = ${page?.u.split('/').at(-1)}`.execute(platform.ctx.db);
    expect(audit.rows[0]?.n).toBe(1);
    // Never to itself.
    expect((await post(clerkG15, `/exchange/compose?forward=${id}`, `${url}/forward`, [['recipients', G15]])).statusCode).toBe(400);
  });
});

describe('assignment to a unit', () => {
  it('hands a document to a unit of the agency: the unit’s officials see it in their list', async () => {
    const identity = platform.api<IdentityApi>('identity');
    const official = (await identity.listOfficials(ADMIN, {})).find((o) => o.email === 'chuyenvien.h49@demo.egov.vn');
    if (!official?.agencyCode) throw new Error('no demo specialist at a unit of Quảng Ninh');
    const specialistUnit: Actor = { accountId: official.id, kind: 'official', displayName: official.fullName, agencyCode: official.agencyCode, roles: official.roles };
    const subject = 'V/v giao Sở Tư pháp tham mưu';
    const sent = await compose(clerkG15, [['subject', subject], ['codeNumber', '301'], ['codeNotation', 'BTP-VP'], ['recipients', H49], ['priority', '0']]);
    expect(sent.statusCode).toBe(303);
    const urls = packageUrls((await get(clerkH49, '/exchange')).body);
    const pages = await Promise.all(urls.map(async (u) => ({ u, body: (await get(clerkH49, u)).body })));
    const url = pages.find((p) => p.body.includes(subject))?.u ?? '';
    expect(pages.find((p) => p.u === url)?.body).toContain(`value="unit:${official.agencyCode}"`);
    const done = await post(clerkH49, url, `${url}/assign`, [['assignee', `unit:${official.agencyCode}`], ['dueDate', ''], ['note', 'Tham mưu trả lời']]);
    expect(done.statusCode).toBe(303);
    const list = await get(specialistUnit, '/exchange/assigned');
    expect(list.body).toContain(subject);
    expect(list.body).toContain('Tham mưu trả lời');
    expect((await get(specialistUnit, url)).statusCode).toBe(200);
  });
});

describe('the recipient picker', () => {
  it('works without script: search, add, remove, groups and the tree, never offering the clerk’s own agency', async () => {
    const added = await get(clerkH49, `/exchange/compose?to=${G15}&add=${H29}`);
    expect(added.body).toContain(`name="recipients" value="${G15}"`);
    expect(added.body).toContain(`name="recipients" value="${H29}"`);
    const removed = await get(clerkH49, `/exchange/compose?to=${G15}&to=${H29}&remove=${H29}`);
    expect(removed.body).not.toContain(`name="recipients" value="${H29}"`);
    const provinces = await get(clerkH49, '/exchange/compose?group=provinces');
    expect(provinces.body).toContain(`name="add" value="${H29}"`);
    expect(provinces.body).not.toContain(`value="${H49}"`);
    const all = await get(clerkH49, '/exchange/compose?addGroup=ministries');
    expect(all.body).toContain(`name="recipients" value="${G15}"`);
    expect(all.body).not.toContain(`name="recipients" value="${H29}"`);
    const own = await get(clerkH49, `/exchange/compose?add=${H49}`);
    expect(own.body).not.toContain(`name="recipients" value="${H49}"`);
    const tree = await get(clerkH49, `/exchange/compose?parent=${H29}`);
    expect(tree.statusCode).toBe(200);
    // The page is short: no list of every agency until asked.
    expect((await get(clerkH49, '/exchange/compose')).body).not.toContain('name="add"');
  });

  it('answers the type-ahead with names and codes, without the clerk’s own agency', async () => {
    const response = await app.inject({ method: 'GET', url: `/exchange/recipients?q=${encodeURIComponent('ninh')}`, headers: actorHeader(clerkH49) });
    expect(response.statusCode).toBe(200);
    const items = (response.json() as { items: { code: string; name: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.map((i) => i.code)).not.toContain(H49);
    expect((await app.inject({ method: 'GET', url: '/exchange/recipients?q=ninh' })).statusCode).toBe(401);
    const script = await get(clerkH49, '/exchange/assets/picker.js');
    expect(script.headers['content-type']).toContain('javascript');
  });
});
