import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createIdentityTestEnv, DEMO, fakeAgencies, queuedMails, seedDemo, TestBrowser, type IdentityTestEnv } from './identity.testing.ts';
import { sessionCookieOptions, sessionIdOf } from './sessions.service.ts';
import { deleteDeadSessions } from './sessions.repository.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { createThrottle } from './throttle.ts';

let env: IdentityTestEnv;

beforeAll(async () => {
  env = await createIdentityTestEnv();
  await seedDemo(env);
});

afterAll(async () => {
  await env?.close();
});

async function signIn(login: string): Promise<{ browser: TestBrowser; token: string; id: string }> {
  const browser = new TestBrowser(env.app);
  const res = await browser.logIn(login, DEMO);
  if (res.statusCode !== 303 || !browser.session) throw new Error(`login of ${login} failed: ${res.statusCode}`);
  return { browser, token: browser.session, id: sessionIdOf(browser.session) };
}

const ago = (id: string, column: 'last_seen_at' | 'expires_at', interval: string) =>
  sql`UPDATE sessions SET ${sql.ref(column)} = now() - ${interval}::interval WHERE id = ${id}`.execute(env.db);

const lastSeen = async (id: string) =>
  (await sql<{ seconds: number }>`SELECT extract(epoch from now() - last_seen_at)::int AS seconds FROM sessions WHERE id = ${id}`.execute(env.db)).rows[0]
    ?.seconds;

describe('session lifetime', () => {
  it('ends an official session after 2 idle hours, a citizen one only after 24', async () => {
    const official = await signIn('lanhdao.h29@demo.egov.vn');
    const person = await signIn('022190000002');
    await ago(official.id, 'last_seen_at', '3 hours');
    await ago(person.id, 'last_seen_at', '3 hours');
    expect(await env.api.resolveSession(official.token)).toBeUndefined();
    expect(await env.api.resolveSession(person.token)).toMatchObject({ kind: 'citizen' });
    await ago(person.id, 'last_seen_at', '25 hours');
    expect(await env.api.resolveSession(person.token)).toBeUndefined();
    // The browser is told to drop a dead cookie.
    const res = await person.browser.get('/profile');
    expect(res.statusCode).toBe(303);
    expect(person.browser.session).toBeUndefined();
  });

  it('ends any session at its absolute expiry, however active', async () => {
    const { token, id } = await signIn('5700100256');
    await ago(id, 'expires_at', '1 second');
    expect(await env.api.resolveSession(token)).toBeUndefined();
  });

  it('records activity at most once a minute', async () => {
    const { token, id } = await signIn('chuyenvien.g15@demo.egov.vn');
    await ago(id, 'last_seen_at', '30 seconds');
    await env.api.resolveSession(token);
    expect(await lastSeen(id)).toBeGreaterThanOrEqual(29);
    await ago(id, 'last_seen_at', '5 minutes');
    await env.api.resolveSession(token);
    expect(await lastSeen(id)).toBeLessThan(5);
  });

  it('ignores tokens that are not ours without touching the database much', async () => {
    expect(await env.api.resolveSession('')).toBeUndefined();
    expect(await env.api.resolveSession('x'.repeat(500))).toBeUndefined();
    expect(await env.api.resolveSession('made-up-token')).toBeUndefined();
  });

  it('sweeps dead sessions and spent throttle counters, leaving live ones', async () => {
    const live = await signIn('lanhdao.h49@demo.egov.vn');
    const dead = await signIn('quantri.h29@demo.egov.vn');
    await ago(dead.id, 'expires_at', '1 minute');
    expect(await deleteDeadSessions(env.db)).toBeGreaterThanOrEqual(1);
    const ids = (await sql<{ id: string }>`SELECT id FROM sessions`.execute(env.db)).rows.map((r) => r.id);
    expect(ids).toContain(live.id);
    expect(ids).not.toContain(dead.id);

    const throttle = createThrottle(env.config.secretKey);
    await throttle.count(env.db, [['login_source', '192.0.2.1'], ['login_source', '192.0.2.2']]);
    await sql`UPDATE auth_throttle SET window_started_at = now() - interval '2 days'`.execute(env.db);
    await throttle.count(env.db, [['login_source', '192.0.2.2']]);
    expect(await throttle.prune(env.db)).toBe(1);
    const left = await sql<{ failures: number }>`SELECT failures FROM auth_throttle`.execute(env.db);
    expect(left.rows).toEqual([{ failures: 1 }]);

    // Login failures are forgotten a day after the last one.
    const logins = createLoginThrottle(env.config.secretKey);
    await logins.begin(env.db, { typed: 'old@example.vn' }, '192.0.2.1');
    await logins.begin(env.db, { typed: 'recent@example.vn' }, '192.0.2.1');
    await sql`UPDATE login_failures SET last_failed_at = now() - interval '25 hours'`.execute(env.db);
    await logins.begin(env.db, { typed: 'recent@example.vn' }, '192.0.2.1');
    expect(await logins.prune(env.db)).toBe(1);
    const failures = await sql<{ failures: number }>`SELECT failures FROM login_failures`.execute(env.db);
    expect(failures.rows).toEqual([{ failures: 1 }]);
  });

  it('marks the cookie Secure when the site is served over HTTPS', () => {
    expect(sessionCookieOptions({ ...env.config, baseUrl: 'https://dichvucong.example.vn' })).toMatchObject({ secure: true, httpOnly: true, sameSite: 'lax', path: '/' });
    expect(sessionCookieOptions(env.config).secure).toBe(false);
  });
});

describe('profile', () => {
  it('updates contact details, asking for the password only to change the e-mail', async () => {
    const { browser } = await signIn('halongxanh@demo.egov.vn');
    const page = await browser.get('/profile');
    expect(page.body).toContain('5700100256');
    expect(page.body).toContain('value="Công ty TNHH Hạ Long Xanh"');

    const phoneOnly = await browser.post('/profile', { fullName: 'Công ty TNHH Hạ Long Xanh', email: 'halongxanh@demo.egov.vn', phone: '0203 3826 789' });
    expect(phoneOnly.statusCode).toBe(400);
    expect(phoneOnly.body).toContain('Số điện thoại di động gồm 10 chữ số');
    const ok = await browser.post('/profile', { fullName: 'Công ty TNHH Hạ Long Xanh', email: 'halongxanh@demo.egov.vn', phone: '0912 888 999' });
    expect(ok.headers.location).toBe('/profile?saved=1');
    expect((await browser.get('/profile?saved=1')).body).toContain('value="0912888999"');

    const noPassword = await browser.post('/profile', { fullName: 'Công ty TNHH Hạ Long Xanh', email: 'lienhe@halongxanh.vn', phone: '' });
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.body).toContain('Nhập mật khẩu hiện tại để đổi địa chỉ thư điện tử.');
    expect(noPassword.body).toContain('value="lienhe@halongxanh.vn"');
    const wrong = await browser.post('/profile', { fullName: 'X', email: 'lienhe@halongxanh.vn', currentPassword: 'sai-mat-khau-1' });
    expect(wrong.body).toContain('Mật khẩu hiện tại không đúng.');

    // The new address takes effect once the link mailed to it is opened.
    const before = (await queuedMails(env.db)).length;
    const moved = await browser.post('/profile', { fullName: 'Công ty TNHH Hạ Long Xanh', email: 'LienHe@HaLongXanh.vn', phone: '', currentPassword: DEMO });
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe('/profile?emailSent=1');
    expect((await browser.get('/profile?emailSent=1')).body).toContain('value="halongxanh@demo.egov.vn"');
    const mail = (await queuedMails(env.db)).slice(before);
    expect(mail.map((m) => m.to)).toEqual(['lienhe@halongxanh.vn']);
    const token = decodeURIComponent(/token=(\S+)/.exec(mail[0]?.text ?? '')?.[1] ?? '');
    expect((await browser.post('/register/confirm', { token })).headers.location).toBe('/profile?emailChanged=1');
    expect((await env.api.authenticate({ identifier: 'lienhe@halongxanh.vn', password: DEMO, ip: '127.0.0.1' })).kind).toBe('business');
  });

  it('delays wrong current passwords like wrong logins from the same address, and only there', async () => {
    const { browser } = await signIn('chuyenvien.h49@demo.egov.vn');
    await browser.get('/profile');
    const form = { fullName: 'Hoàng Thu Trang', email: 'trang.hoang@example.vn' };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await browser.post('/profile', { ...form, currentPassword: `sai-${i}-matkhau` })).statusCode);
    // As if the delay earned were longer: the refusal does not depend on how fast this machine is.
    await sql`UPDATE login_failures SET next_attempt_at = now() + interval '10 minutes' WHERE failures >= 3`.execute(env.db);
    statuses.push((await browser.post('/profile', { ...form, currentPassword: DEMO })).statusCode);
    expect(statuses).toEqual([400, 400, 400, 429]);
    expect((await new TestBrowser(env.app).logIn('chuyenvien.h49@demo.egov.vn', DEMO)).statusCode).toBe(429);
    expect((await new TestBrowser(env.app, '203.0.113.77').logIn('chuyenvien.h49@demo.egov.vn', DEMO)).statusCode).toBe(303);
  });
});

describe('demo seed', () => {
  it('is idempotent', async () => {
    const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts WHERE email LIKE '%@demo.egov.vn'`.execute(env.db)).rows[0]?.n;
    const before = await count();
    const lines = await seedDemo(env);
    expect(lines[0]).toContain('0 demo account(s) created');
    expect(await count()).toBe(before);
  });

  it('puts the Quảng Ninh specialist in the Justice department when the directory has it, and skips officials of missing agencies', async () => {
    const other = await createIdentityTestEnv({ agencies: fakeAgencies({ '000.00.00.H49': 'UBND tỉnh Quảng Ninh', '000.00.03.H49': 'Sở Tư pháp tỉnh Quảng Ninh' }) });
    try {
      const lines = await seedDemo(other);
      expect(lines.join('\n')).toContain('skipped demo official lanhdao.h29@demo.egov.vn');
      expect(lines.join('\n')).toContain('chuyenvien.h49@demo.egov.vn    specialist at 000.00.03.H49');
      const rows = await sql<{ email: string }>`SELECT email FROM accounts ORDER BY email`.execute(other.db);
      const emails = rows.rows.map((r) => r.email);
      expect(emails).toContain('nguyenvanan@demo.egov.vn');
      expect(emails).toContain('quantri.h49@demo.egov.vn');
      expect(emails).not.toContain('chuyenvien.g15@demo.egov.vn');
    } finally {
      await other.close();
    }
  });
});
