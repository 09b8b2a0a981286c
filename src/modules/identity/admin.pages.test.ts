import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createIdentityTestEnv, DEMO, queuedMails, seedDemo, TestBrowser, type IdentityTestEnv } from './identity.testing.ts';

let env: IdentityTestEnv;

beforeAll(async () => {
  env = await createIdentityTestEnv();
  await seedDemo(env);
});

afterAll(async () => {
  await env?.close();
});

async function signedIn(login: string, lang?: 'en'): Promise<TestBrowser> {
  const browser = new TestBrowser(env.app);
  if (lang) browser.cookies.set('lang', lang);
  const res = await browser.logIn(login, DEMO);
  if (res.statusCode !== 303) throw new Error(`login of ${login} failed: ${res.statusCode}`);
  return browser;
}

describe('officials console', () => {
  it("shows the official's agency, its code and the roles in Vietnamese, and the work the modules contribute", async () => {
    const browser = await signedIn('lanhdao.h49@demo.egov.vn');
    const res = await browser.get('/console');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<main[^>]*><h1>Bảng điều khiển<\/h1>/);
    expect(res.body).toContain('Ủy ban nhân dân tỉnh Quảng Ninh (000.00.00.H49)');
    expect(res.body).toContain('<li>Lãnh đạo</li>');
    // The console's links come from the modules: the dossiers' queue, the exchange's pages (a leader works them).
    expect(res.body).toContain('<a href="/console/dossiers">Hồ sơ tiếp nhận của cơ quan</a>');
    expect(res.body).toContain('<a href="/exchange">Văn bản đến và đi</a>');
    // The header names the official and links to the console, but not to administration.
    expect(res.body).toContain('Phạm Quốc Hưng');
    expect(res.body).toMatch(/<a href="\/console"[^>]*>Bảng điều khiển<\/a>/);
    expect(res.body).not.toMatch(/<a href="\/admin"[ >]/);
  });

  it('speaks English when asked, with the role names translated', async () => {
    const browser = await signedIn('motcua.h49@demo.egov.vn', 'en');
    const res = await browser.get('/console');
    expect(res.body).toContain('<h1>Console</h1>');
    expect(res.body).toContain('<li>Reception clerk</li>');
  });

  it('shows the specialist of a department the department', async () => {
    const res = await (await signedIn('chuyenvien.h49@demo.egov.vn')).get('/console');
    expect(res.body).toContain('Sở Tư pháp tỉnh Quảng Ninh (000.00.01.H49)');
    expect(res.body).toContain('<li>Chuyên viên</li>');
  });

  it('is for officials only', async () => {
    expect((await (await signedIn('001090000001')).get('/console')).statusCode).toBe(403);
    expect((await (await signedIn('admin@demo.egov.vn')).get('/console')).statusCode).toBe(403);
    const anonymous = await new TestBrowser(env.app).get('/console');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fconsole');
  });
});

describe('administration pages', () => {
  it('opens the admin home to system and agency administrators only', async () => {
    const admin = await (await signedIn('admin@demo.egov.vn')).get('/admin');
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain('href="/admin/officials"');
    expect(admin.body).toContain('href="/admin/agencies"');
    expect(admin.body).toContain('Bạn quản trị toàn hệ thống.');
    const agencyAdmin = await (await signedIn('quantri.h49@demo.egov.vn')).get('/admin');
    expect(agencyAdmin.statusCode).toBe(200);
    // An agency admin's header links to both the console and administration.
    expect(agencyAdmin.body).toMatch(/<a href="\/console"[^>]*>Bảng điều khiển<\/a>/);
    expect(agencyAdmin.body).toMatch(/<a href="\/admin"[^>]*>Quản trị<\/a>/);
    expect(agencyAdmin.body).toContain('kết thúc bằng H49');
    expect((await (await signedIn('lanhdao.h29@demo.egov.vn')).get('/admin')).statusCode).toBe(403);
    expect((await (await signedIn('022190000002')).get('/admin/officials')).statusCode).toBe(403);
  });

  it("forbids an H29 official the H49 officials page (403), while H49's agency admin reads it", async () => {
    const h29Admin = await signedIn('quantri.h29@demo.egov.vn');
    const refused = await h29Admin.get('/admin/officials?agency=000.00.00.H49');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain('lanhdao.h49@demo.egov.vn');
    const h29Leader = await signedIn('lanhdao.h29@demo.egov.vn');
    expect((await h29Leader.get('/admin/officials?agency=000.00.00.H49')).statusCode).toBe(403);

    const h49Admin = await signedIn('quantri.h49@demo.egov.vn');
    const allowed = await h49Admin.get('/admin/officials?agency=000.00.00.H49');
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain('lanhdao.h49@demo.egov.vn');
    expect(allowed.body).toContain('Lãnh đạo');
    expect(allowed.body).not.toContain('chuyenvien.h49@demo.egov.vn');
    // Without a filter: the whole province, and nothing of another one.
    const province = await h49Admin.get('/admin/officials');
    expect(province.body).toContain('chuyenvien.h49@demo.egov.vn');
    expect(province.body).toContain('Sở Tư pháp tỉnh Quảng Ninh');
    expect(province.body).not.toContain('h29@demo.egov.vn');
    expect(province.body).not.toContain('g15@demo.egov.vn');
  });

  it('refuses to create an official in another province (403) and keeps the form', async () => {
    const h29Admin = await signedIn('quantri.h29@demo.egov.vn');
    await h29Admin.get('/admin/officials/new');
    const res = await h29Admin.post('/admin/officials/new', {
      fullName: 'Người Lạ',
      email: 'nguoila@example.vn',
      agencyCode: '000.00.00.H49',
      roles: ['agency_admin'],
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Bạn chỉ được quản lý tài khoản trong phạm vi cơ quan mình quản trị.');
    expect(res.body).toContain('value="Người Lạ"');
    const created = await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts WHERE email = 'nguoila@example.vn'`.execute(env.db);
    expect(created.rows[0]?.n).toBe(0);
  });

  it('creates an official from the form, with an invitation, then edits the roles', async () => {
    const h49Admin = await signedIn('quantri.h49@demo.egov.vn');
    const form = await h49Admin.get('/admin/officials/new');
    // An agency admin starts from their own agency.
    expect(form.body).toContain('value="000.00.00.H49"');
    const missing = await h49Admin.post('/admin/officials/new', { fullName: 'Trịnh Văn Đức', email: 'duc.trinh@quangninh.gov.vn', agencyCode: '000.00.01.H49' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Chọn ít nhất một vai trò.');
    expect(missing.body).toContain('value="duc.trinh@quangninh.gov.vn"');

    const res = await h49Admin.post('/admin/officials/new', {
      fullName: 'Trịnh Văn Đức',
      email: 'duc.trinh@quangninh.gov.vn',
      agencyCode: '000.00.01.H49',
      roles: ['specialist', 'leader'],
    });
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/admin\/officials\/[0-9a-f-]{36}\?created=1&invited=1$/);
    const page = await h49Admin.get(location);
    expect(page.body).toContain('Đã tạo tài khoản cho Trịnh Văn Đức.');
    expect(page.body).toContain('Thư mời tự đặt mật khẩu đã được gửi tới duc.trinh@quangninh.gov.vn.');
    expect(page.body).toMatch(/value="leader" checked/);
    expect((await queuedMails(env.db)).some((m) => m.to === 'duc.trinh@quangninh.gov.vn')).toBe(true);

    const editUrl = location.split('?')[0] ?? '';
    const saved = await h49Admin.post(editUrl, { roles: 'clerk', status: 'active' });
    expect(saved.statusCode).toBe(303);
    const after = await h49Admin.get(String(saved.headers.location));
    expect(after.body).toContain('Đã lưu thay đổi.');
    expect(after.body).toMatch(/value="clerk" checked/);
    expect(after.body).not.toMatch(/value="leader" checked/);
    const none = await h49Admin.post(editUrl, { status: 'active' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Chọn ít nhất một vai trò.');

    // Another province's admin can neither see nor change this account.
    const h29Admin = await signedIn('quantri.h29@demo.egov.vn');
    expect((await h29Admin.get(editUrl)).statusCode).toBe(403);
    await h29Admin.get('/admin');
    expect((await h29Admin.post(editUrl, { roles: 'agency_admin', status: 'active' })).statusCode).toBe(403);
  });

  it('answers JSON clients through /api/v1/me', async () => {
    const browser = await signedIn('quantri.h49@demo.egov.vn');
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `egov_session=${browser.session}` } });
    expect(res.json()).toMatchObject({ kind: 'official', agencyCode: '000.00.00.H49', roles: ['agency_admin'], displayName: 'Đỗ Minh Tuấn' });
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });
});
