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

let serial = 0;
/** A well-formed citizen registration nobody has used yet. */
function newCitizen(overrides: Record<string, string> = {}) {
  serial += 1;
  const n = String(serial).padStart(4, '0');
  return {
    accountType: 'citizen',
    personalId: `07920010${n}`,
    fullName: 'Lê Thị Hoa',
    email: `hoa.${n}@example.vn`,
    phone: '0912345678',
    password: 'mat-khau-2026',
    passwordConfirm: 'mat-khau-2026',
    ...overrides,
  };
}

async function register(ip: string, form: Record<string, string>) {
  const browser = new TestBrowser(env.app, ip);
  await browser.get('/register');
  const res = await browser.post('/register', form);
  return { res, browser };
}

const mailsSince = async (count: number) => (await queuedMails(env.db)).slice(count);
const linkIn = (text: string | undefined, path: string) => {
  const match = new RegExp(`${env.config.baseUrl}${path}\\?token=(\\S+)`).exec(text ?? '');
  return match ? decodeURIComponent(match[1] ?? '') : undefined;
};

describe('registration', () => {
  it('asks the account type as radios, each revealing its own identifier (progressive enhancement)', async () => {
    const page = await new TestBrowser(env.app, '198.51.100.59').get('/register');
    const html = page.body;
    // Without JavaScript both fields show, each after its radio, with a hint saying whom it is for.
    expect(html).toMatch(/<input id="f-accountType" type="radio" name="accountType" value="citizen" checked data-reveal="f-accountType-reveal-citizen"/);
    expect(html).toMatch(/<div class="conditional" id="f-accountType-reveal-citizen">[^]*name="personalId"[^]*<\/div>[^]*value="business"[^]*<div class="conditional" id="f-accountType-reveal-business">[^]*name="taxCode"/);
    expect(html).not.toMatch(/<div class="conditional"[^>]* hidden/);
    // With it, the script hides the choice not taken.
    expect(html).toContain('<script src="/assets/conditional-reveal.js" defer>');
    const script = await new TestBrowser(env.app, '198.51.100.59').get('/assets/conditional-reveal.js');
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('target.hidden = !radio.checked');
  });

  it('answers "check your e-mail" alike for free and taken identifiers, and mails the right people', async () => {
    const before = (await queuedMails(env.db)).length;
    const free = newCitizen();
    const answers = [];
    for (const form of [
      free,
      newCitizen({ email: 'NguyenVanAn@demo.egov.vn' }),
      newCitizen({ personalId: '022190000002', email: 'ke-gia-mao@example.vn' }),
      { ...newCitizen(), accountType: 'business', taxCode: '5700100256', email: 'ke-gia-mao-2@example.vn' },
    ]) {
      const { res, browser } = await register('198.51.100.60', form);
      answers.push({ status: res.statusCode, location: res.headers.location, body: res.body, session: browser.session });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 303, location: '/register/sent', session: undefined });

    const page = await new TestBrowser(env.app).get('/register/sent');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Kiểm tra hộp thư');

    const mails = await mailsSince(before);
    expect(mails.map((m) => m.to).sort()).toEqual([free.email, 'halongxanh@demo.egov.vn', 'nguyenvanan@demo.egov.vn', 'tranthibinh@demo.egov.vn'].sort());
    const to = (address: string) => mails.find((m) => m.to === address);
    expect(linkIn(to(free.email)?.text, '/register/confirm')).toBeDefined();
    for (const owner of ['nguyenvanan@demo.egov.vn', 'tranthibinh@demo.egov.vn', 'halongxanh@demo.egov.vn']) {
      expect(to(owner)?.text).toContain(`${env.config.baseUrl}/password/forgot`);
      expect(to(owner)?.text).not.toContain('token=');
    }
    // Only the free registration made an account.
    const made = await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts WHERE email LIKE 'ke-gia-mao%' OR email = ${free.email}`.execute(env.db);
    expect(made.rows[0]?.n).toBe(1);
  });

  it('keeps the form errors of a malformed registration as they were', async () => {
    const { res } = await register('198.51.100.61', newCitizen({ personalId: '07920001234' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Số định danh cá nhân gồm đúng 12 chữ số.');
  });

  it('lets a new account sign in only once its e-mail is confirmed, and sends the link again on request', async () => {
    const citizen = newCitizen();
    const before = (await queuedMails(env.db)).length;
    await register('198.51.100.62', citizen);
    const first = linkIn((await mailsSince(before))[0]?.text, '/register/confirm');
    expect(first).toBeDefined();

    const browser = new TestBrowser(env.app, '198.51.100.62');
    const early = await browser.logIn(citizen.personalId, citizen.password);
    expect(early.statusCode).toBe(403);
    expect(early.body).toContain('chưa được xác nhận');
    expect(early.body).toContain('href="/register/resend"');
    expect(browser.session).toBeUndefined();
    // A wrong password still gets the ordinary answer.
    expect((await browser.logIn(citizen.email, 'sai-mat-khau-1')).statusCode).toBe(401);

    // Asking again answers the same whoever asks; only the waiting account gets a (new) link.
    await browser.get('/register/resend');
    const resent = await browser.post('/register/resend', { email: citizen.email.toUpperCase() });
    const unknown = await browser.post('/register/resend', { email: 'khong-co@example.vn' });
    const confirmed = await browser.post('/register/resend', { email: 'lanhdao.h49@demo.egov.vn' });
    expect(resent.statusCode).toBe(200);
    expect(unknown.body).toBe(resent.body);
    expect(confirmed.body).toBe(resent.body);
    expect(confirmed.statusCode).toBe(200);
    const again = await mailsSince(before + 1);
    expect(again.map((m) => m.to)).toEqual([citizen.email]);
    const second = linkIn(again[0]?.text, '/register/confirm') ?? '';
    // The newer link replaces the older one.
    expect((await browser.get(`/register/confirm?token=${encodeURIComponent(first ?? '')}`)).statusCode).toBe(400);

    const form = await browser.get(`/register/confirm?token=${encodeURIComponent(second)}`);
    expect(form.statusCode).toBe(200);
    const done = await browser.post('/register/confirm', { token: second });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/login?confirmed=1');
    expect((await browser.get('/login?confirmed=1')).body).toContain('đã được xác nhận');
    expect((await browser.logIn(citizen.personalId, citizen.password)).headers.location).toBe('/profile');
    // A link works once.
    const other = new TestBrowser(env.app);
    await other.get('/register/resend');
    expect((await other.post('/register/confirm', { token: second })).statusCode).toBe(400);
  });

  it('refuses an expired confirmation link', async () => {
    const citizen = newCitizen();
    const before = (await queuedMails(env.db)).length;
    await register('198.51.100.63', citizen);
    const token = linkIn((await mailsSince(before))[0]?.text, '/register/confirm') ?? '';
    await sql`UPDATE email_confirmations SET expires_at = now() - interval '1 minute'`.execute(env.db);
    const browser = new TestBrowser(env.app);
    await browser.get('/register/resend');
    const res = await browser.post('/register/confirm', { token });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Liên kết xác nhận không hợp lệ');
    expect((await new TestBrowser(env.app, '198.51.100.63').logIn(citizen.email, citizen.password)).statusCode).toBe(403);
  });

  it('throttles registrations per source (an IPv6 /64 is one source)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await register(`2001:db8:60:1::${i + 1}`, newCitizen())).res.statusCode);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(303));
    expect(statuses[20]).toBe(429);
    const refused = await register('2001:db8:60:1::ff', newCitizen({ personalId: '1' }));
    expect(refused.res.statusCode).toBe(429);
    expect(refused.res.body).toContain('Có quá nhiều yêu cầu đăng ký từ địa chỉ mạng của bạn.');
    // Refused before its body is read: a body far over the form limit gets the same answer.
    const huge = await env.app.inject({
      method: 'POST',
      url: '/register',
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      payload: `fullName=${'x'.repeat(1_000_000)}`,
      remoteAddress: '2001:db8:60:1::fe',
    });
    expect(huge.statusCode).toBe(429);
    expect(huge.headers['retry-after']).toBeDefined();
    expect((await register('2001:db8:60:2::1', newCitizen())).res.statusCode).toBe(303);
  });

  it('demo and earlier accounts are confirmed', async () => {
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM accounts WHERE email LIKE '%@demo.egov.vn' AND email_confirmed_at IS NULL`.execute(env.db);
    expect(rows.rows[0]?.n).toBe(0);
    expect((await new TestBrowser(env.app, '198.51.100.64').logIn('001090000001', DEMO)).statusCode).toBe(303);
  });
});

describe('changing the e-mail address', () => {
  it('does not tell a taken address from a free one: the change waits for the new address to confirm it', async () => {
    const browser = new TestBrowser(env.app, '198.51.100.65');
    await browser.logIn('022190000002', DEMO);
    await browser.get('/profile');
    const before = (await queuedMails(env.db)).length;
    const change = (email: string) => browser.post('/profile', { fullName: 'Trần Thị Bình', email, phone: '0983000002', currentPassword: DEMO });
    const taken = await change('Admin@demo.egov.vn');
    const free = await change('binh.tran@example.vn');
    expect(taken.statusCode).toBe(303);
    expect(free.statusCode).toBe(303);
    expect(taken.headers.location).toBe(free.headers.location);
    const notice = (await browser.get(String(free.headers.location))).body;
    expect(notice).toContain('liên kết xác nhận');
    expect(notice).toContain('value="tranthibinh@demo.egov.vn"');

    const mails = await mailsSince(before);
    expect(mails.map((m) => m.to)).toEqual(['admin@demo.egov.vn', 'binh.tran@example.vn']);
    expect(mails[0]?.text).not.toContain('token=');
    const token = linkIn(mails[1]?.text, '/register/confirm') ?? '';

    // Until the link is opened, the old address is the login.
    expect((await new TestBrowser(env.app, '198.51.100.65').logIn('binh.tran@example.vn', DEMO)).statusCode).toBe(401);
    const confirmed = await browser.post('/register/confirm', { token });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe('/profile?emailChanged=1');
    expect((await new TestBrowser(env.app, '198.51.100.65').logIn('binh.tran@example.vn', DEMO)).statusCode).toBe(303);
  });
});
