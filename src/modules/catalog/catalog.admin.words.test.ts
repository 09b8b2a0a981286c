import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { createTestApp } from '../../platform/testing/index.ts';
import { actors, setUpCatalog } from './catalog.test-support.ts';

const html = { accept: 'text/html' };
const form = { ...html, 'content-type': 'application/x-www-form-urlencoded' };

describe('the synonym dictionary admin page', () => {
  let env: Awaited<ReturnType<typeof setUpCatalog>>;
  let app: HttpApp;
  let signedIn: Actor | undefined;

  beforeAll(async () => {
    env = await setUpCatalog();
    app = await createTestApp(env.ctx, env.registration, () => signedIn);
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  async function csrf(): Promise<{ token: string; cookie: string }> {
    const page = await app.inject({ method: 'GET', url: '/admin/search-words', headers: html });
    expect(page.statusCode).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    const cookie = page.cookies.find((c) => c.name === '_csrf');
    if (!token || !cookie) throw new Error('no CSRF token');
    return { token, cookie: `_csrf=${cookie.value}` };
  }
  const post = (url: string, cookie: string, body: Record<string, string>) => app.inject({ method: 'POST', url, headers: { ...form, cookie }, payload: new URLSearchParams(body).toString() });
  const names = async (q: string) => (await env.api.searchProcedures({ q, pageSize: 3 })).items.map((i) => i.name);

  it('ships a starter set that search uses', async () => {
    signedIn = actors.admin;
    const page = await app.inject({ method: 'GET', url: '/admin/search-words', headers: html });
    expect(page.body).toContain('sổ đỏ');
    expect(page.body).toContain('giấy chứng nhận quyền sử dụng đất');
    expect((await names('cccd'))[0]).toBe('Cấp thẻ căn cước cho công dân Việt Nam từ đủ 14 tuổi trở lên');
  });

  it('lets a system administrator add, change and delete an entry, audited, with search following at once', async () => {
    signedIn = actors.admin;
    expect(await names('xzxz')).toEqual([]);
    const { token, cookie } = await csrf();
    // Without the token: refused.
    expect((await post('/admin/search-words', cookie, { phrase: 'xzxz', meaning: 'bán lẻ rượu' })).statusCode).toBe(403);
    const saved = await post('/admin/search-words', cookie, { _csrf: token, phrase: 'XZXZ', meaning: 'bán lẻ rượu' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/admin/search-words?saved=XZXZ');
    expect((await names('xin xzxz'))[0]).toBe('Cấp Giấy phép bán lẻ rượu');
    expect((await app.inject({ method: 'GET', url: saved.headers.location as string, headers: html })).body).toContain('Đã lưu “XZXZ”');

    const changed = await post('/admin/search-words', cookie, { _csrf: token, phrase: 'xzxz', meaning: 'thường trú' });
    expect(changed.statusCode).toBe(303);
    expect((await names('xzxz'))[0]).toBe('Đăng ký thường trú');

    expect((await post('/admin/search-words/delete', cookie, { _csrf: token, phrase: 'xzxz' })).statusCode).toBe(303);
    expect(await names('xzxz')).toEqual([]);
    const audit = await sql<{ action: string }>`SELECT action FROM audit_log WHERE entity_type = 'search_synonym' ORDER BY seq`.execute(env.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['search_synonym.saved', 'search_synonym.saved', 'search_synonym.deleted']);
  });

  it('names the field in Vietnamese and English when an entry is not acceptable', async () => {
    signedIn = actors.admin;
    const { token, cookie } = await csrf();
    const refused = await post('/admin/search-words', cookie, { _csrf: token, phrase: 'một hai ba bốn năm sáu', meaning: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Người dân gõ: nhập từ một đến năm từ');
    expect(refused.body).toContain('Tìm như: nhập từ một đến mười hai từ');
    const english = await app.inject({ method: 'POST', url: '/admin/search-words', headers: { ...form, cookie: `${cookie}; lang=en` }, payload: new URLSearchParams({ _csrf: token, phrase: 'ok', meaning: '' }).toString() });
    expect(english.body).toContain('Search as: enter one to twelve words');
  });

  it('refuses officials who manage only their province, and visitors', async () => {
    signedIn = actors.adminH49;
    expect((await app.inject({ method: 'GET', url: '/admin/search-words', headers: html })).statusCode).toBe(403);
    signedIn = undefined;
    expect([401, 303, 302]).toContain((await app.inject({ method: 'GET', url: '/admin/search-words', headers: html })).statusCode);
  });
});
