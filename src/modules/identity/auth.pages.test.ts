import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { auditActions, createIdentityTestEnv, DEMO, queuedMails, seedDemo, TestBrowser, tokenMailedTo, type IdentityTestEnv } from './identity.testing.ts';

let env: IdentityTestEnv;

beforeAll(async () => {
  env = await createIdentityTestEnv();
  await seedDemo(env);
});

afterAll(async () => {
  await env?.close();
});

const citizen = {
  accountType: 'citizen',
  personalId: '079200012345',
  fullName: 'Lê Thị Hoa',
  email: 'Hoa.Le@Example.vn',
  phone: '0912345678',
  password: 'mat-khau-2026',
  passwordConfirm: 'mat-khau-2026',
};

function setCookieHeader(res: { headers: Record<string, unknown> }, name: string): string {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  const found = all.find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie in ${JSON.stringify(all)}`);
  return found;
}

describe('registration', () => {
  it('registers a citizen with a 12-digit personal ID, who signs in once the e-mail is confirmed', async () => {
    const browser = new TestBrowser(env.app);
    await browser.get('/register');
    const res = await browser.post('/register', citizen);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/register/sent');
    expect(browser.session).toBeUndefined();
    // E-mail addresses are stored lower-cased.
    const token = await tokenMailedTo(env.db, 'hoa.le@example.vn', '/register/confirm');
    expect((await browser.post('/register/confirm', { token: token ?? '' })).statusCode).toBe(303);
    expect((await browser.logIn('079200012345', citizen.password)).headers.location).toBe('/profile');
    const profile = await browser.get('/profile');
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('Lê Thị Hoa');
    expect(profile.body).toContain('079200012345');
    expect(profile.body).toContain('hoa.le@example.vn');
    expect(await auditActions(env.db)).toEqual(expect.arrayContaining(['identity.account_registered', 'identity.email_confirmed']));
  });

  it('refuses a personal ID that is not 12 digits, keeping what was typed except the password', async () => {
    const browser = new TestBrowser(env.app);
    await browser.get('/register');
    const res = await browser.post('/register', { ...citizen, personalId: '07920001234', email: 'other@example.vn' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Số định danh cá nhân gồm đúng 12 chữ số.');
    // The message is tied to its field and linked from the summary.
    expect(res.body).toContain('href="#f-personalId"');
    expect(res.body).toMatch(/<p class="error-message" id="f-personalId-error">/);
    expect(res.body).toContain('value="07920001234"');
    expect(res.body).toContain('value="Lê Thị Hoa"');
    expect(res.body).not.toContain('mat-khau-2026');
    expect(browser.session).toBeUndefined();
  });

  it('registers a business with a branch tax code and refuses a malformed one', async () => {
    const browser = new TestBrowser(env.app);
    await browser.get('/register');
    const business = {
      accountType: 'business',
      taxCode: '0101234567-001',
      fullName: 'Chi nhánh Công ty CP Sông Hồng',
      email: 'songhong@example.vn',
      password: 'SongHong2026',
      passwordConfirm: 'SongHong2026',
    };
    const bad = await browser.post('/register', { ...business, taxCode: '0101234567-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Mã số thuế gồm 10 chữ số');
    const ok = await browser.post('/register', business);
    expect(ok.statusCode).toBe(303);
    await browser.post('/register/confirm', { token: (await tokenMailedTo(env.db, 'songhong@example.vn', '/register/confirm')) ?? '' });
    const again = new TestBrowser(env.app);
    expect((await again.logIn('0101234567-001', 'SongHong2026')).headers.location).toBe('/profile');
  });

  it('reports every broken rule at once, in English when asked', async () => {
    const browser = new TestBrowser(env.app);
    browser.cookies.set('lang', 'en');
    await browser.get('/register');
    const res = await browser.post('/register', { accountType: 'citizen', personalId: '', fullName: '', email: 'not-an-email', phone: '12345', password: 'short', passwordConfirm: 'short' });
    expect(res.statusCode).toBe(400);
    for (const text of [
      'Enter the personal identification number.',
      'Enter the full name.',
      'Enter an e-mail address in the right format',
      'A mobile number has 10 digits',
      'The password needs at least 10 characters, with both letters and digits.',
    ]) {
      expect(res.body).toContain(text);
    }
  });

});

describe('login and sessions', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and sends each kind to its home', async () => {
    const browser = new TestBrowser(env.app);
    await browser.get('/login');
    const res = await browser.post('/login', { identifier: '001090000001', password: DEMO });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/profile');
    const cookie = setCookieHeader(res, 'egov_session');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    // Plain http in tests: a Secure cookie would never come back.
    expect(cookie).not.toMatch(/Secure/i);
    // The database holds a digest of the token, never the token.
    const token = browser.session ?? '';
    const stored = await sql<{ id: string }>`SELECT id FROM sessions`.execute(env.db);
    expect(stored.rows.some((r) => r.id === token)).toBe(false);
    expect(await env.api.resolveSession(token)).toMatchObject({ kind: 'citizen', displayName: 'Nguyễn Văn An' });

    expect((await new TestBrowser(env.app).logIn('lanhdao.h49@demo.egov.vn', DEMO)).headers.location).toBe('/console');
    expect((await new TestBrowser(env.app).logIn('ADMIN@demo.egov.vn', DEMO)).headers.location).toBe('/admin');
    const business = await new TestBrowser(env.app).logIn('5700100256', DEMO);
    expect(business.statusCode, business.body.slice(0, 2000)).toBe(303);
    expect(business.headers.location).toBe('/profile');
  });

  it('rotates the session at login: the token held before stops working', async () => {
    const browser = new TestBrowser(env.app);
    await browser.logIn('022190000002', DEMO);
    const first = browser.session ?? '';
    await browser.logIn('022190000002', DEMO);
    const second = browser.session ?? '';
    expect(second).not.toBe(first);
    expect(await env.api.resolveSession(first)).toBeUndefined();
    expect(await env.api.resolveSession(second)).toMatchObject({ displayName: 'Trần Thị Bình' });
  });

  it('goes back to the page that asked for a login, but never to another site', async () => {
    const browser = new TestBrowser(env.app);
    const asked = await browser.get('/console');
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe('/login?next=%2Fconsole');
    const form = await browser.get('/login?next=%2Fconsole');
    expect(form.body).toContain('name="next" value="/console"');
    const res = await browser.post('/login', { identifier: 'motcua.h49@demo.egov.vn', password: DEMO, next: '/console' });
    // Officials give their authenticator's code next; `next` goes along.
    expect(res.headers.location).toBe('/login/second-factor?next=%2Fconsole');
    expect((await browser.passSecondFactor(String(res.headers.location))).headers.location).toBe('/console');
    const other = new TestBrowser(env.app);
    await other.get('/login');
    const evil = await other.post('/login', { identifier: 'motcua.h49@demo.egov.vn', password: DEMO, next: '//evil.example/x' });
    expect((await other.passSecondFactor(String(evil.headers.location))).headers.location).toBe('/console');
  });

  it('sends to the account home a `next` that a browser would resolve to another site, or that holds a line break', async () => {
    // As a browser parses Location (WHATWG URL): tab and newline dropped, "\" read as "/".
    const origin = 'https://dichvucong.example.vn';
    for (const next of ['/\t/evil.example', 'https://a//evil.example/x', '/\\evil.example', '/.//evil.example', '/x\r\nSet-Cookie: a=b']) {
      const browser = new TestBrowser(env.app);
      await browser.get('/login');
      const first = await browser.post('/login', { identifier: 'motcua.h49@demo.egov.vn', password: DEMO, next });
      expect(first.statusCode, JSON.stringify(next)).toBe(303);
      const res = await browser.passSecondFactor(String(first.headers.location));
      expect(res.statusCode, JSON.stringify(next)).toBe(303);
      expect(new URL(String(res.headers.location), `${origin}/login`).origin, JSON.stringify(next)).toBe(origin);
      expect(res.headers.location, JSON.stringify(next)).toBe('/console');
    }
  });

  it('logs out: the session row is gone and the cookie no longer opens pages', async () => {
    const browser = new TestBrowser(env.app);
    await browser.logIn('001090000001', DEMO);
    const token = browser.session ?? '';
    expect((await browser.get('/profile')).statusCode).toBe(200);
    const res = await browser.post('/logout', {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(browser.session).toBeUndefined();
    expect(await env.api.resolveSession(token)).toBeUndefined();
    // Even a copy of the old cookie is worthless now.
    const replay = new TestBrowser(env.app);
    replay.cookies.set('egov_session', token);
    expect((await replay.get('/profile')).statusCode).toBe(303);
  });

  it('answers the same for an unknown login and a wrong password', async () => {
    const unknown = await new TestBrowser(env.app, '198.51.100.1').logIn('999999999999', 'whatever-123');
    const wrong = await new TestBrowser(env.app, '198.51.100.1').logIn('5700100256', 'whatever-123');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toContain('Thông tin đăng nhập không đúng.');
    expect(wrong.body).toContain('Thông tin đăng nhập không đúng.');
    // What was typed as login stays in the form; the password does not.
    expect(wrong.body).toContain('value="5700100256"');
    expect(wrong.body).not.toContain('whatever-123');
  });

  it('refuses a form post without its CSRF token (403), even with the CSRF cookie', async () => {
    const browser = new TestBrowser(env.app);
    const bare = await browser.post('/login', { identifier: '001090000001', password: DEMO }, { csrf: false });
    expect(bare.statusCode).toBe(403);
    await browser.get('/login');
    const withCookieOnly = await browser.post('/login', { identifier: '001090000001', password: DEMO }, { csrf: false });
    expect(withCookieOnly.statusCode).toBe(403);
    expect(withCookieOnly.body).toContain('Phiên làm việc của biểu mẫu đã hết hạn');
    expect(browser.session).toBeUndefined();
    const forged = await browser.post('/logout', { _csrf: 'forged' }, { csrf: false });
    expect(forged.statusCode).toBe(403);
  });
});

describe('throttling (see login-throttle.test.ts)', () => {
  it('keeps no identifier or address in clear in the counters', async () => {
    const rows = await sql<{ key_hash: string }>`SELECT key_hash FROM auth_throttle`.execute(env.db);
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash))).toBe(true);
  });
});

describe('password reset', () => {
  it('mails a one-time link, sets the new password, ends old sessions, and the link works once', async () => {
    const holder = new TestBrowser(env.app);
    await holder.logIn('nguyenvanan@demo.egov.vn', DEMO);
    const oldToken = holder.session ?? '';
    const before = (await queuedMails(env.db)).length;

    const browser = new TestBrowser(env.app, '192.0.2.50');
    await browser.get('/password/forgot');
    const sent = await browser.post('/password/forgot', { email: 'NguyenVanAn@demo.egov.vn' });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Nếu địa chỉ này thuộc về một tài khoản');
    const mails = await queuedMails(env.db);
    expect(mails).toHaveLength(before + 1);
    const mail = mails[mails.length - 1];
    expect(mail?.to).toBe('nguyenvanan@demo.egov.vn');
    const link = /(http:\/\/\S+\/password\/reset\?token=(\S+))/.exec(mail?.text ?? '');
    expect(link?.[1]).toMatch(new RegExp(`^${env.config.baseUrl}/password/reset\\?token=`));
    const token = decodeURIComponent(link?.[2] ?? '');
    // Only a digest of the token is stored.
    const stored = await sql<{ token_hash: string }>`SELECT token_hash FROM password_tokens`.execute(env.db);
    expect(stored.rows.some((r) => r.token_hash === token)).toBe(false);

    const form = await browser.get(`/password/reset?token=${encodeURIComponent(token)}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`name="token" value="${token}"`);
    const weak = await browser.post('/password/reset', { token, password: 'short', passwordConfirm: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain(`name="token" value="${token}"`);
    const done = await browser.post('/password/reset', { token, password: 'MatKhauMoi2026', passwordConfirm: 'MatKhauMoi2026' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/login?reset=1');

    expect(await env.api.resolveSession(oldToken)).toBeUndefined();
    expect((await new TestBrowser(env.app).logIn('001090000001', DEMO)).statusCode).toBe(401);
    expect((await new TestBrowser(env.app).logIn('001090000001', 'MatKhauMoi2026')).statusCode).toBe(303);

    const reused = await browser.post('/password/reset', { token, password: 'KhacNua20261', passwordConfirm: 'KhacNua20261' });
    expect(reused.statusCode).toBe(400);
    expect(reused.body).toContain('Liên kết đặt lại mật khẩu không hợp lệ, đã hết hạn hoặc đã được dùng.');
    expect((await browser.get(`/password/reset?token=${encodeURIComponent(token)}`)).statusCode).toBe(400);
    const account = await sql<{ id: string }>`SELECT id FROM accounts WHERE personal_id = '001090000001'`.execute(env.db);
    expect(await auditActions(env.db, account.rows[0]?.id)).toEqual(expect.arrayContaining(['identity.password_reset_requested', 'identity.password_reset']));
  });

  it('gives the same answer for an unknown address and queues nothing', async () => {
    const before = (await queuedMails(env.db)).length;
    const browser = new TestBrowser(env.app, '192.0.2.51');
    await browser.get('/password/forgot');
    const res = await browser.post('/password/forgot', { email: 'khong-co@example.vn' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Nếu địa chỉ này thuộc về một tài khoản');
    expect(await queuedMails(env.db)).toHaveLength(before);
  });

  it('refuses an expired link', async () => {
    const browser = new TestBrowser(env.app, '192.0.2.52');
    await browser.get('/password/forgot');
    await browser.post('/password/forgot', { email: 'halongxanh@demo.egov.vn' });
    const mails = await queuedMails(env.db);
    const token = decodeURIComponent(/token=(\S+)/.exec(mails[mails.length - 1]?.text ?? '')?.[1] ?? '');
    await sql`UPDATE password_tokens SET expires_at = now() - interval '1 minute'`.execute(env.db);
    const res = await browser.post('/password/reset', { token, password: 'MatKhauMoi2026', passwordConfirm: 'MatKhauMoi2026' });
    expect(res.statusCode).toBe(400);
    expect((await new TestBrowser(env.app).logIn('5700100256', DEMO)).statusCode).toBe(303);
  });

  it('throttles reset requests per address', async () => {
    const browser = new TestBrowser(env.app, '192.0.2.53');
    await browser.get('/password/forgot');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await browser.post('/password/forgot', { email: 'throttle-me@example.vn' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
