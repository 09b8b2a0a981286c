import { countingBody, createTestApp } from '../../platform/testing/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { writeWorkbook } from './catalog.excel.ts';
import { actors, csrfOf, sampleProcedure, setUpCatalog } from './catalog.test-support.ts';

const html = { accept: 'text/html' };

describe('catalog over HTTP', () => {
  let env: Awaited<ReturnType<typeof setUpCatalog>>;
  let app: HttpApp;
  // Stands in for the identity module: the test picks who is signed in per request.
  let signedIn: Actor | undefined;

  beforeAll(async () => {
    env = await setUpCatalog();
    app = await createTestApp(env.ctx, env.registration, () => signedIn);
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const csrf = (url: string) => csrfOf(app, url);

  describe('JSON API', () => {
    it('searches like the portal, with filters and paging', async () => {
      signedIn = undefined;
      const res = await app.inject({ method: 'GET', url: `/api/v1/procedures?q=${encodeURIComponent('dang ki khai sinh')}&province=22` });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ items: { code: string; name: string; url: string; processingTime: unknown; feeVnd: unknown; competentAgency: unknown }[]; total: number; page: number; pages: number }>();
      expect(body.items[0]).toEqual({
        code: '1.001193.000.00.00.H49',
        name: 'Đăng ký khai sinh',
        field: { code: 'G15-HT01', name: 'Hộ tịch' },
        competentAgency: { code: '000.00.00.H49', name: 'Ủy ban nhân dân tỉnh Quảng Ninh' },
        implementingLevel: 'commune',
        receivingAgencies: [
          { code: '000.00.51.H49', name: 'Ủy ban nhân dân phường Hồng Gai' },
          { code: '000.00.52.H49', name: 'Ủy ban nhân dân phường Bãi Cháy' },
          { code: '000.00.53.H49', name: 'Ủy ban nhân dân đặc khu Vân Đồn' },
        ],
        applicantTypes: ['citizen'],
        onlineLevel: 'toan_trinh',
        processingTime: { value: 1, unit: 'working_days' },
        feeVnd: { min: 0, max: 0 },
        url: '/procedures/1.001193.000.00.00.H49',
        // With the province filter (22), only Quảng Ninh's version of the procedure.
        provincialVersions: [{ code: '1.001193.000.00.00.H49', provinceCodes: ['22'], url: '/procedures/1.001193.000.00.00.H49' }],
      });
      // Without it, every province's version of the same procedure, one result.
      const all = (await app.inject({ method: 'GET', url: `/api/v1/procedures?q=${encodeURIComponent('đăng ký khai sinh')}` })).json<{ items: { code: string; provincialVersions: { code: string; provinceCodes: string[] }[] }[] }>();
      const birth = all.items.find((i) => i.provincialVersions.some((v) => v.code === '1.001193.000.00.00.H49'));
      expect(birth?.provincialVersions.map((v) => v.code).sort()).toEqual(['1.001193.000.00.00.H29', '1.001193.000.00.00.H49']);
      expect(all.items.filter((i) => i.provincialVersions.some((v) => v.code.startsWith('1.001193.')))).toHaveLength(1);
      const paged = (await app.inject({ method: 'GET', url: '/api/v1/procedures?applicant=business&pageSize=5&page=2' })).json<{ items: unknown[]; page: number; pageSize: number; total: number }>();
      expect(paged).toMatchObject({ page: 2, pageSize: 5 });
      expect(paged.items).toHaveLength(5);
      expect((await app.inject({ method: 'GET', url: '/api/v1/procedures?level=muc_4' })).statusCode).toBe(400);
      expect((await app.inject({ method: 'GET', url: '/api/v1/procedures?pageSize=500' })).statusCode).toBe(400);
    });

    it('returns a published procedure by code or case code, its versions by id, and 404 otherwise', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/procedures/1.010832' });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ code: string; version: number; versionId: number; publishedAt: string; document: Record<string, unknown> }>();
      expect(body).toMatchObject({ code: '1.010832', version: 1 });
      expect(Object.keys(body.document).slice(0, 3)).toEqual(['code', 'name', 'field']);
      expect(new Date(body.publishedAt).getTime()).toBeLessThanOrEqual(Date.now());
      expect((await app.inject({ method: 'GET', url: '/api/v1/procedures/1.010832.02' })).json()).toMatchObject({ code: '1.010832' });
      expect((await app.inject({ method: 'GET', url: `/api/v1/procedure-versions/${body.versionId}` })).json()).toMatchObject({ code: '1.010832', version: 1 });
      const missing = await app.inject({ method: 'GET', url: '/api/v1/procedures/9.123456' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ error: { code: 'catalog.procedure_not_found' } });
      expect((await app.inject({ method: 'GET', url: '/api/v1/procedure-versions/999999' })).statusCode).toBe(404);
    });

    it('documents the API in OpenAPI, without the pages', async () => {
      const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
      expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/procedures', '/api/v1/procedures/{code}', '/api/v1/procedure-versions/{id}', '/api/v1/procedures/import']));
      expect(Object.keys(spec.paths).some((p) => p.startsWith('/admin') || p.startsWith('/procedures'))).toBe(false);
    });

    it('imports a file sent as the body: CSRF and sign-in required, 422 with row errors, 200 when written', async () => {
      const content = await writeWorkbook([sampleProcedure({ code: '1.997001.000.00.00.H49', name: 'Thủ tục nhập qua API' })]);
      const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      signedIn = actors.adminH49;
      const { token, cookie } = await csrf('/admin/procedures/new');
      signedIn = undefined;
      expect((await app.inject({ method: 'POST', url: '/api/v1/procedures/import', headers: { 'content-type': type }, payload: content })).statusCode).toBe(403);
      const headers = { 'content-type': type, 'csrf-token': token, cookie };
      expect((await app.inject({ method: 'POST', url: '/api/v1/procedures/import', headers, payload: content })).statusCode).toBe(401);
      signedIn = actors.adminH29;
      const refused = await app.inject({ method: 'POST', url: '/api/v1/procedures/import', headers, payload: content });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ written: false, errors: [{ sheet: 'procedures', row: 2, column: 'competent_agency' }] });
      signedIn = actors.adminH49;
      const done = await app.inject({ method: 'POST', url: '/api/v1/procedures/import', headers, payload: content });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ total: 1, created: 1, written: true, errors: [] });
      const json = await app.inject({ method: 'POST', url: '/api/v1/procedures/import?dryRun=true', headers: { ...headers, 'content-type': 'application/json' }, payload: '[{"code": "1.997002"}]' });
      expect(json.statusCode).toBe(200);
      expect(json.json<{ errors: { column: string }[] }>().errors.map((e) => e.column)).toContain('name');
    });

    it('refuses an import without a session, a managing role or the CSRF header before reading the file', async () => {
      const LARGE = 8 * 1024 * 1024;
      signedIn = actors.adminH49;
      const { token, cookie } = await csrf('/admin/procedures/new');
      const cases: [Actor | undefined, Record<string, string>, number, string][] = [
        [undefined, { 'csrf-token': token, cookie }, 401, 'catalog.unauthenticated'],
        [actors.citizen, { 'csrf-token': token, cookie }, 403, 'catalog.forbidden'],
        [actors.clerkH49, { 'csrf-token': token, cookie }, 403, 'catalog.forbidden'],
        [actors.adminH49, { cookie }, 403, 'http.csrf_invalid'],
        [actors.adminH49, { 'csrf-token': 'forged', cookie }, 403, 'http.csrf_invalid'],
      ];
      for (const [actor, headers, status, code] of cases) {
        signedIn = actor;
        const body = countingBody(LARGE, Buffer.from('[{"code": "1.997003", "name": "'));
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/procedures/import',
          headers: { ...headers, 'content-type': 'application/json', 'content-length': String(LARGE) },
          payload: body.stream,
        });
        body.stream.destroy();
        expect(response.statusCode, code).toBe(status);
        expect(response.json<{ error: { code: string } }>().error.code).toBe(code);
        expect(body.read(), code).toBeLessThan(512 * 1024);
      }
    });

    it('refuses the import page of a visitor before reading the form, even a huge first field', async () => {
      const LARGE = 8 * 1024 * 1024;
      signedIn = actors.adminH49;
      const { cookie } = await csrf('/admin/procedures/import');
      for (const [actor, status] of [[undefined, 401], [actors.clerkH49, 403]] as const) {
        signedIn = actor;
        const boundary = '----egovhuge';
        const body = countingBody(LARGE, Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n`));
        const response = await app.inject({
          method: 'POST',
          url: '/admin/procedures/import',
          headers: { ...html, cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(LARGE) },
          payload: body.stream,
        });
        body.stream.destroy();
        expect(response.statusCode).toBe(status);
        expect(body.read()).toBeLessThan(512 * 1024);
      }
    });
  });

  describe('public pages', () => {
    it('shows search results without JavaScript, with filters kept in a shareable URL', async () => {
      signedIn = undefined;
      const res = await app.inject({ method: 'GET', url: '/procedures?q=dang+ky+khai+sinh&province=22', headers: html });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('<script');
      expect(res.body).toContain('<form method="get" action="/procedures" role="search"');
      expect(res.body).toMatch(/Tìm thấy \d+ thủ tục cho “dang ky khai sinh”/);
      expect(res.body).toContain('href="/procedures/1.001193.000.00.00.H49">Đăng ký khai sinh</a>');
      expect(res.body).not.toContain('1.001193.000.00.00.H29');
      expect(res.body).toContain('<option value="22" selected>Quảng Ninh</option>');

      const listing = await app.inject({ method: 'GET', url: '/procedures?province=22', headers: html });
      expect(listing.body).toContain('href="/procedures?province=22&amp;page=2" rel="next"');
      const english = await app.inject({ method: 'GET', url: '/procedures?q=ho+chieu&applicant=robot', headers: { ...html, cookie: 'lang=en' } });
      expect(english.statusCode).toBe(200);
      // One result: "1 procedure", the plural chosen by Intl.PluralRules.
      expect(english.body).toContain('1 procedure found for “ho chieu”');
    });

    it('shows a procedure with its cases, fees, documents and legal basis', async () => {
      const res = await app.inject({ method: 'GET', url: '/procedures/1.010832', headers: html });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<h1>Cấp hộ chiếu phổ thông ở trong nước tại Cục Quản lý xuất nhập cảnh</h1>');
      expect(res.body).toContain('<tr id="case-02">');
      expect(res.body).toContain('<strong>400.000 ₫</strong>');
      expect(res.body).toContain('8 ngày làm việc');
      expect(res.body).toContain('Tờ khai đề nghị cấp hộ chiếu phổ thông (mẫu TK01)');
      expect(res.body).toContain('Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14');
      expect(res.body).toContain('Bộ Công an');
      const caseLink = await app.inject({ method: 'GET', url: '/procedures/1.010832.02', headers: html });
      expect(caseLink.statusCode).toBe(301);
      expect(caseLink.headers.location).toBe('/procedures/1.010832#case-02');
      expect((await app.inject({ method: 'GET', url: '/procedures/9.123456', headers: html })).statusCode).toBe(404);
    });
  });
});
