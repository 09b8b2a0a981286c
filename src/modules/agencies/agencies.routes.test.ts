import { createTestApp } from '../../platform/testing/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { actors, setUpAgencies } from './agencies.test-support.ts';
import { signPayload } from './index.ts';

describe('agencies HTTP', () => {
  let env: Awaited<ReturnType<typeof setUpAgencies>>;
  let app: HttpApp;
  // Stands in for the identity module: the test picks who is signed in per request.
  let signedIn: Actor | undefined;

  beforeAll(async () => {
    env = await setUpAgencies();
    app = await createTestApp(env.ctx, env.registration, () => signedIn);
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  describe('public JSON API', () => {
    it('lists the units of an agency', async () => {
      signedIn = undefined;
      const res = await app.inject({ method: 'GET', url: '/api/v1/agencies?parent=000.00.00.H49' });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ items: { code: string; parentCode: string; demo: boolean }[]; nextAfter: string | null }>();
      expect(body.items.map((a) => a.code)).toEqual(['000.00.01.H49', '000.00.02.H49', '000.00.03.H49', '000.00.04.H49', '000.00.51.H49', '000.00.52.H49', '000.00.53.H49']);
      expect(body.items[0]).toEqual({
        code: '000.00.01.H49',
        name: 'Sở Tư pháp tỉnh Quảng Ninh',
        nameEn: 'Quảng Ninh Department of Justice',
        level: 2,
        level1: 'H49',
        parentCode: '000.00.00.H49',
        provinceCode: '22',
        communeCode: null,
        codeConfirmed: false,
        demo: true,
      });
      expect(body.nextAfter).toBeNull();
    });

    it('searches by name without accents', async () => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/agencies?q=${encodeURIComponent('van phong chinh phu')}` });
      expect(res.json<{ items: { code: string }[] }>().items.map((a) => a.code)).toEqual(['000.00.00.G22']);
    });

    it('validates the query', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/v1/agencies?parent=000.00.00.h49' })).json()).toMatchObject({ error: { code: 'agencies.code_invalid' } });
      expect((await app.inject({ method: 'GET', url: '/api/v1/agencies?limit=0' })).statusCode).toBe(400);
      expect((await app.inject({ method: 'GET', url: `/api/v1/agencies?parent=${'0'.repeat(40)}` })).statusCode).toBe(400);
    });

    it('returns one agency, 404 for an unknown one and 400 for a malformed code', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/agencies/000.00.00.G22' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ code: '000.00.00.G22', name: 'Văn phòng Chính phủ', nameEn: 'Government Office', codeConfirmed: true });
      const missing = await app.inject({ method: 'GET', url: '/api/v1/agencies/000.00.00.H99' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ error: { code: 'agencies.not_found' } });
      expect((await app.inject({ method: 'GET', url: '/api/v1/agencies/h49' })).statusCode).toBe(400);
    });

    it('lists provinces and the communes of one', async () => {
      const provinces = (await app.inject({ method: 'GET', url: '/api/v1/units/provinces' })).json<{ items: { code: string }[] }>();
      expect(provinces.items).toHaveLength(34);
      expect(provinces.items[0]).toEqual({ code: '01', name: 'Hà Nội', kind: 'city' });
      const communes = await app.inject({ method: 'GET', url: '/api/v1/units/provinces/22/communes' });
      expect(communes.statusCode).toBe(200);
      expect(communes.json<{ items: { code: string; provinceCode: string }[] }>().items).toContainEqual({ code: '06994', name: 'Đặc khu Vân Đồn', provinceCode: '22', demo: false });
      expect((await app.inject({ method: 'GET', url: '/api/v1/units/provinces/23/communes' })).statusCode).toBe(404);
      // Browsers keep the list: an ETag and max-age; the same tag again gets 304 without a body.
      const etag = communes.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]{27}"$/);
      expect(communes.headers['cache-control']).toBe('public, max-age=3600');
      const again = await app.inject({ method: 'GET', url: '/api/v1/units/provinces/22/communes', headers: { 'if-none-match': `W/${etag}, "other"` } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      const other = await app.inject({ method: 'GET', url: '/api/v1/units/provinces/01/communes', headers: { 'if-none-match': etag } });
      expect(other.statusCode).toBe(200);
      expect(other.headers.etag).not.toBe(etag);
    });

    it('documents its routes in the OpenAPI description, without the admin pages', async () => {
      const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
      expect(Object.keys(spec.paths)).toEqual(
        expect.arrayContaining(['/api/v1/agencies', '/api/v1/agencies/{code}', '/api/v1/units/provinces', '/api/v1/units/provinces/{code}/communes']),
      );
      expect(Object.keys(spec.paths).some((p) => p.startsWith('/admin'))).toBe(false);
    });
  });

  describe('admin pages', () => {
    const html = { accept: 'text/html' };

    async function csrf(url: string): Promise<{ token: string; cookie: string }> {
      const page = await app.inject({ method: 'GET', url, headers: html });
      expect(page.statusCode).toBe(200);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      const cookie = page.cookies.find((c) => c.name === '_csrf');
      if (!token || !cookie) throw new Error('no CSRF token on the page');
      return { token, cookie: `_csrf=${cookie.value}` };
    }

    it('sends a signed-out visitor to log in, and back here afterwards', async () => {
      signedIn = undefined;
      const res = await app.inject({ method: 'GET', url: '/admin/agencies', headers: html });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/login?next=%2Fadmin%2Fagencies');
    });

    it('shows an agency admin the tree of their province only', async () => {
      signedIn = actors.adminH49;
      const res = await app.inject({ method: 'GET', url: '/admin/agencies', headers: html });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Sở Tư pháp tỉnh Quảng Ninh');
      expect(res.body).toContain('Phòng Công chứng số 1');
      expect(res.body).not.toContain('000.00.00.H29');
      expect(res.body).not.toContain('Văn phòng Chính phủ');
    });

    it('refuses an agency admin the detail page of another province (403) and citizens everything', async () => {
      signedIn = actors.adminH49;
      expect((await app.inject({ method: 'GET', url: '/admin/agencies/000.00.00.H29', headers: html })).statusCode).toBe(403);
      signedIn = actors.citizen;
      expect((await app.inject({ method: 'GET', url: '/admin/agencies', headers: html })).statusCode).toBe(403);
    });

    it('shows a system admin every province, flags unconfirmed codes, in English too', async () => {
      signedIn = actors.admin;
      const res = await app.inject({ method: 'GET', url: '/admin/agencies', headers: { ...html, cookie: 'lang=en' } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<html lang="en"');
      expect(res.body).toContain('Government Office');
      expect(res.body).toMatch(/Hà Nội People's Committee<\/a> <code>000.00.00.H24<\/code><span class="hint"> \(code unconfirmed\)/);
    });

    it('creates a client and shows its secret once, then rotates and revokes it', async () => {
      signedIn = actors.adminH49;
      const detail = '/admin/agencies/000.00.01.H49';
      const { token, cookie } = await csrf(detail);

      const refused = await app.inject({ method: 'POST', url: `${detail}/clients`, headers: { ...html, cookie }, payload: { name: 'Không có mã' } });
      expect(refused.statusCode).toBe(403); // no CSRF token

      const created = await app.inject({ method: 'POST', url: `${detail}/clients`, headers: { ...html, cookie }, payload: { _csrf: token, name: 'Quản lý văn bản' } });
      expect(created.statusCode).toBe(201);
      expect(created.headers['cache-control']).toBe('no-store');
      const clientId = /<code>(sys_[0-9a-f]+)<\/code>/.exec(created.body)?.[1] ?? '';
      const secret = /<code data-secret="true">([^<]+)<\/code>/.exec(created.body)?.[1] ?? '';
      expect(clientId).not.toBe('');
      expect(await env.api.verifySignature(clientId, 'x', signPayload(secret, 'x'))).toBe(true);

      const page = await app.inject({ method: 'GET', url: detail, headers: html });
      expect(page.body).toContain(clientId);
      expect(page.body).toContain('Quản lý văn bản');
      expect(page.body).not.toContain(secret);

      const rotated = await app.inject({ method: 'POST', url: `${detail}/clients/${clientId}/rotate`, headers: { ...html, cookie }, payload: { _csrf: token, overlapHours: '24' } });
      expect(rotated.statusCode).toBe(200);
      const newSecret = /<code data-secret="true">([^<]+)<\/code>/.exec(rotated.body)?.[1] ?? '';
      expect(newSecret).not.toBe(secret);
      expect(await env.api.resolveClientSecrets(clientId)).toEqual([newSecret, secret]);

      // The client cannot be reached through another agency's path.
      const elsewhere = await app.inject({ method: 'POST', url: `/admin/agencies/000.00.00.H49/clients/${clientId}/revoke`, headers: { ...html, cookie }, payload: { _csrf: token } });
      expect(elsewhere.statusCode).toBe(404);

      const revoked = await app.inject({ method: 'POST', url: `${detail}/clients/${clientId}/revoke`, headers: { ...html, cookie }, payload: { _csrf: token } });
      expect(revoked.statusCode).toBe(303);
      expect(revoked.headers.location).toBe(`/admin/agencies/000.00.01.H49?revoked=${clientId}`);
      expect(await env.api.resolveClientSecrets(clientId)).toEqual([]);
      const after = await app.inject({ method: 'GET', url: revoked.headers.location ?? '', headers: html });
      expect(after.body).toContain('Đã thu hồi hệ thống');
    });

    it('keeps the form and explains a name that is too long', async () => {
      signedIn = actors.admin;
      const detail = '/admin/agencies/000.00.00.G22';
      const { token, cookie } = await csrf(detail);
      const res = await app.inject({ method: 'POST', url: `${detail}/clients`, headers: { ...html, cookie }, payload: { _csrf: token, name: 'x'.repeat(201) } });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Tên hệ thống có tối đa 200 ký tự.');
      expect(res.body).toContain('aria-invalid="true"');
    });

    it('refuses an agency admin of H49 creating a client for H29', async () => {
      signedIn = actors.adminH49;
      const { token, cookie } = await csrf('/admin/agencies/000.00.00.H49');
      const res = await app.inject({ method: 'POST', url: '/admin/agencies/000.00.00.H29/clients', headers: { ...html, cookie }, payload: { _csrf: token } });
      expect(res.statusCode).toBe(403);
      expect(await env.api.listClients(actors.admin, '000.00.00.H29')).toEqual([]);
    });
  });
});
