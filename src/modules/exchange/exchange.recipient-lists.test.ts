import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader, createTestPlatform, type TestPlatform } from '../../app/testing.ts';
import { sql } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';

// The clerks' saved recipient lists (nhóm nơi nhận), through the pages: saved from the picker,
// offered beside "all ministries" and "all provinces", shared inside the agency only.

const H49 = '000.00.00.H49';
const G15 = '000.00.00.G15';
const G22 = '000.00.00.G22';
const H29 = '000.00.00.H29';
const H01 = '000.00.00.H01';
const clerkH49: Actor = { accountId: 'vt-h49', kind: 'official', displayName: 'Văn thư Quảng Ninh', agencyCode: H49, roles: ['exchange_clerk'] };
const leaderH49: Actor = { accountId: 'ld-h49', kind: 'official', displayName: 'Lãnh đạo Quảng Ninh', agencyCode: H49, roles: ['leader'] };
const clerkG15: Actor = { accountId: 'vt-g15', kind: 'official', displayName: 'Văn thư Bộ Tư pháp', agencyCode: G15, roles: ['exchange_clerk'] };
const citizen: Actor = { accountId: 'cd-1', kind: 'citizen', displayName: 'Công dân', agencyCode: null, roles: [] };

let platform: TestPlatform;
let app: HttpApp;
beforeAll(async () => {
  platform = await createTestPlatform({ modules: ['exchange'], seed: ['agencies'], config: { secretKey: 'exchange-lists-test-secret-0123456789abcdef' } });
  app = await platform.http();
});
afterAll(async () => {
  await platform?.close();
});

const get = (actor: Actor | undefined, url: string) => app.inject({ method: 'GET', url, headers: { accept: 'text/html', ...(actor ? actorHeader(actor) : {}) } });

async function post(actor: Actor, from: string, url: string, fields: [string, string][]) {
  const page = await get(actor, from);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const cookie = page.cookies.find((c) => c.name === '_csrf');
  if (!token || !cookie) throw new Error(`no CSRF token on ${from}: ${page.statusCode}`);
  const body = new URLSearchParams([['_csrf', token], ...fields]).toString();
  return app.inject({ method: 'POST', url, headers: { ...actorHeader(actor), cookie: `_csrf=${cookie.value}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: body });
}

const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
/** The recipients chosen in the picker (its list of selected agencies). */
const chosen = (html: string) => [...main(html).matchAll(/<li data-code="([^"]+)">/g)].map((m) => m[1]);
const listIdNamed = async (agency: string, name: string) =>
  (await sql<{ id: number }>`SELECT id FROM exchange_recipient_lists WHERE agency_code = ${agency} AND name = ${name}`.execute(platform.ctx.db)).rows[0]?.id;

describe('saved recipient lists', () => {
  it('are saved from the picker, offered in it, and add all their members at once', async () => {
    const compose = `/exchange/compose?to=${G15}&to=${G22}`;
    // The save form carries the chosen recipients.
    const form = main((await get(clerkH49, compose)).body);
    expect(form.slice(form.indexOf('id="save-list"'))).toMatch(new RegExp(`name="to" value="${G15}"[^]*name="to" value="${G22}"`));
    const saved = await post(clerkH49, compose, '/exchange/recipient-lists', [['to', G15], ['to', G22], ['listName', 'Bộ ngành phối hợp']]);
    expect(saved.statusCode).toBe(303);
    const id = await listIdNamed(H49, 'Bộ ngành phối hợp');
    expect(saved.headers.location).toBe(`/exchange/compose?to=${encodeURIComponent(G15)}&to=${encodeURIComponent(G22)}&saved=${id}`);
    const back = await get(clerkH49, saved.headers.location as string);
    expect(main(back.body)).toContain('Đã lưu nhóm nơi nhận “Bộ ngành phối hợp”.');
    expect(chosen(back.body)).toEqual([G15, G22]);
    // A fresh compose offers the list; opening it shows its members by name; "add all" picks them.
    const fresh = main((await get(clerkH49, '/exchange/compose')).body);
    expect(fresh).toContain(`name="list" value="${id}"`);
    expect(fresh).toContain('Bộ ngành phối hợp (2)');
    const opened = main((await get(clerkH49, `/exchange/compose?list=${id}`)).body);
    expect(opened).toContain('Nhóm “Bộ ngành phối hợp”');
    expect(opened).toContain('Bộ Tư pháp <small class="agency-code">000.00.00.G15</small>');
    expect(opened).toContain(`name="addList" value="${id}"`);
    expect(chosen((await get(clerkH49, `/exchange/compose?to=${H29}&addList=${id}`)).body)).toEqual([H29, G15, G22]);
    // A leader of the same agency uses it too.
    expect(main((await get(leaderH49, '/exchange/compose')).body)).toContain(`name="list" value="${id}"`);
    const audit = await sql<{ action: string; data: { members: string[] } }>`SELECT action, data FROM audit_log WHERE entity_type = 'exchange_recipient_list' AND entity_id = ${String(id)}`.execute(platform.ctx.db);
    expect(audit.rows).toEqual([{ action: 'exchange.recipient_list_saved', data: expect.objectContaining({ agency: H49, members: [G15, G22], replaced: false }) }]);
  });

  it('saved again under the same name (any case) replace the members, and never hold the own agency', async () => {
    await post(clerkH49, `/exchange/compose?to=${H29}`, '/exchange/recipient-lists', [['to', H29], ['listName', 'Tỉnh phía Nam']]);
    const again = await post(clerkH49, `/exchange/compose?to=${H29}`, '/exchange/recipient-lists', [['to', H29], ['to', H01], ['to', H49], ['listName', '  tỉnh   phía nam ']]);
    expect(again.statusCode).toBe(303);
    const rows = await sql<{ name: string; members: string[] }>`SELECT name, members FROM exchange_recipient_lists WHERE agency_code = ${H49} AND lower(name) = 'tỉnh phía nam'`.execute(platform.ctx.db);
    expect(rows.rows).toEqual([{ name: 'tỉnh phía nam', members: [H29, H01] }]);
  });

  it('refuse a list without a name or without recipients, keeping what was chosen, and an unknown agency', async () => {
    const noName = await post(clerkH49, `/exchange/compose?to=${G15}`, '/exchange/recipient-lists', [['to', G15], ['listName', '   ']]);
    expect(noName.statusCode).toBe(400);
    expect(main(noName.body)).toContain('Nhập tên nhóm, tối đa 100 ký tự');
    expect(main(noName.body)).toContain('href="#f-listName"');
    expect(chosen(noName.body)).toEqual([G15]);
    const empty = await post(clerkH49, '/exchange/compose', '/exchange/recipient-lists', [['listName', 'Rỗng']]);
    expect(empty.statusCode).toBe(400);
    const unknown = await post(clerkH49, `/exchange/compose?to=${G15}`, '/exchange/recipient-lists', [['to', '000.00.00.Z99'], ['listName', 'Không có']]);
    expect(unknown.statusCode).toBe(400);
    expect(await listIdNamed(H49, 'Rỗng')).toBeUndefined();
    expect(await listIdNamed(H49, 'Không có')).toBeUndefined();
  });

  it('belong to their agency: another agency neither sees, opens nor deletes them', async () => {
    const id = await listIdNamed(H49, 'Bộ ngành phối hợp');
    const other = await get(clerkG15, '/exchange/recipient-lists');
    expect(other.statusCode).toBe(200);
    expect(main(other.body)).not.toContain('Bộ ngành phối hợp');
    expect(main((await get(clerkG15, `/exchange/compose?list=${id}`)).body)).not.toContain('Bộ ngành phối hợp');
    expect(chosen((await get(clerkG15, `/exchange/compose?addList=${id}`)).body)).toEqual([]);
    expect((await post(clerkG15, `/exchange/compose?to=${H29}`, `/exchange/recipient-lists/${id}/delete`, [])).statusCode).toBe(404);
    expect(await listIdNamed(H49, 'Bộ ngành phối hợp')).toBe(id);
    // Not a clerk's page for citizens or visitors.
    expect((await get(citizen, '/exchange/recipient-lists')).statusCode).toBe(403);
    expect((await get(undefined, '/exchange/recipient-lists')).statusCode).toBeGreaterThanOrEqual(300);
  });

  it('are listed with their members and deleted by the agency’s clerk, audited', async () => {
    const id = await listIdNamed(H49, 'Bộ ngành phối hợp');
    const page = main((await get(clerkH49, '/exchange/recipient-lists')).body);
    expect(page).toContain('Bộ Tư pháp <small class="agency-code">000.00.00.G15</small>');
    expect(page).toContain(`href="/exchange/compose?to=${encodeURIComponent(G15)}&amp;to=${encodeURIComponent(G22)}"`);
    const deleted = await post(clerkH49, '/exchange/recipient-lists', `/exchange/recipient-lists/${id}/delete`, []);
    expect(deleted.statusCode).toBe(303);
    expect(main((await get(clerkH49, deleted.headers.location as string)).body)).toContain('Đã xoá nhóm nơi nhận.');
    expect(await listIdNamed(H49, 'Bộ ngành phối hợp')).toBeUndefined();
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'exchange.recipient_list_deleted' AND entity_id = ${String(id)}`.execute(platform.ctx.db);
    expect(audit.rows[0]?.n).toBe(1);
  });
});
