import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { auditActions, createIdentityTestEnv, DEMO, seedDemo, TestBrowser, type IdentityTestEnv } from './identity.testing.ts';
import { requireRecentSecondFactor } from './index.ts';
import { configureStepUpWindow, currentTotpCode, STEP_UP_SECONDS } from './two-factor.service.ts';

let env: IdentityTestEnv;

beforeAll(async () => {
  env = await createIdentityTestEnv();
  await seedDemo(env);
});

afterAll(async () => {
  await env?.close();
});

const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();
const forgetLastCode = () => sql`UPDATE second_factors SET last_used_step = NULL`.execute(env.db);

/** Enrols the signed-in browser's account: the secret from the page, the first code, the recovery codes shown once. */
async function enrol(browser: TestBrowser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await browser.get('/account/two-factor');
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('data:image/svg+xml;base64,');
  const secret = (/<code class="secret-key">([^<]+)<\/code>/.exec(page.body)?.[1] ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const wrong = await browser.post('/account/two-factor', { code: '000000' === (await currentTotpCode(secret)) ? '111111' : '000000' });
  expect(wrong.statusCode).toBe(400);
  expect(wrong.body).toContain('Mã xác thực không đúng');
  const done = await browser.post('/account/two-factor', { code: await currentTotpCode(secret) });
  expect(done.statusCode).toBe(200);
  const recoveryCodes = [...done.body.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((m) => m[1] as string);
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}

describe('two-factor for citizens (optional)', () => {
  it('enrols, then a login needs a code; a recovery code works once; a TOTP code cannot be replayed', async () => {
    const browser = new TestBrowser(env.app);
    expect((await browser.logIn('001090000001', DEMO)).headers.location).toBe('/profile');
    const { secret, recoveryCodes } = await enrol(browser);
    const account = (await sql<{ id: string }>`SELECT id FROM accounts WHERE personal_id = '001090000001'`.execute(env.db)).rows[0]?.id ?? '';
    // Only digests are stored: neither the secret nor a recovery code appears in the tables.
    const stored = await sql<{ s: string }>`SELECT totp_secret AS s FROM second_factors UNION ALL SELECT code_hash FROM recovery_codes`.execute(env.db);
    expect(stored.rows.some((r) => r.s.includes(secret) || recoveryCodes.some((c) => r.s.includes(c)))).toBe(false);

    const next = new TestBrowser(env.app);
    const step1 = await next.logIn('001090000001', DEMO, { secondFactor: false });
    expect(step1.headers.location).toBe('/login/second-factor');
    // The half-done login signs nobody in.
    expect((await next.get('/profile')).headers.location).toBe('/login?next=%2Fprofile');
    const codePage = await next.get('/login/second-factor');
    expect(codePage.body).toContain('autocomplete="one-time-code"');
    expect((await next.post('/login/second-factor', { code: '12345' })).statusCode).toBe(400);
    const recovered = await next.post('/login/second-factor', { code: (recoveryCodes[0] ?? '').toLowerCase() });
    expect(recovered.headers.location).toBe('/profile');
    expect((await next.get('/profile')).statusCode).toBe(200);

    const again = new TestBrowser(env.app);
    await again.logIn('001090000001', DEMO, { secondFactor: false });
    const reused = await again.post('/login/second-factor', { code: recoveryCodes[0] ?? '' });
    expect(reused.statusCode).toBe(400);
    await forgetLastCode();
    const code = await currentTotpCode(secret);
    expect((await again.post('/login/second-factor', { code })).headers.location).toBe('/profile');

    const replay = new TestBrowser(env.app);
    await replay.logIn('001090000001', DEMO, { secondFactor: false });
    expect((await replay.post('/login/second-factor', { code })).statusCode).toBe(400);
    expect(await auditActions(env.db, account)).toEqual(expect.arrayContaining(['identity.second_factor_enrolled', 'identity.second_factor_passed']));
  });

  it('asks for a step-up before new recovery codes, and comes back to the page after it', async () => {
    const browser = new TestBrowser(env.app);
    await browser.logIn('022190000002', DEMO);
    const { secret } = await enrol(browser);
    // Enrolling counted as giving the second factor: new codes at once are fine.
    expect((await browser.post('/account/two-factor/recovery-codes', {})).statusCode).toBe(200);
    await sql`UPDATE sessions SET second_factor_at = now() - interval '6 minutes'`.execute(env.db);
    const asked = await browser.post('/account/two-factor/recovery-codes', {});
    expect(asked.headers.location).toBe('/login/step-up?next=%2Faccount%2Ftwo-factor');
    const stepUp = await browser.get(String(asked.headers.location));
    expect(stepUp.body).toContain('name="next" value="/account/two-factor"');
    expect(stepUp.body).toContain('trong vòng 5 phút gần nhất');
    // The text follows the window (STEP_UP_SECONDS), in the page's language.
    configureStepUpWindow(90);
    try {
      expect((await browser.get(String(asked.headers.location))).body).toContain('trong vòng 1 phút 30 giây gần nhất');
      browser.cookies.set('lang', 'en');
      expect((await browser.get(String(asked.headers.location))).body).toContain('from the last 1 minute 30 seconds.');
    } finally {
      browser.cookies.delete('lang');
      configureStepUpWindow(STEP_UP_SECONDS);
    }
    await forgetLastCode();
    const passed = await browser.post('/login/step-up', { code: await currentTotpCode(secret), next: '/account/two-factor' });
    expect(passed.headers.location).toBe('/account/two-factor');
    expect((await browser.post('/account/two-factor/recovery-codes', {})).statusCode).toBe(200);
    // A citizen may turn it off (after the step-up above): the password alone signs in again.
    expect((await browser.post('/account/two-factor/disable', {})).headers.location).toBe('/account/two-factor?done=off');
    expect((await new TestBrowser(env.app).logIn('022190000002', DEMO, { secondFactor: false })).headers.location).toBe('/profile');
  });
});

describe('two-factor for officials (required)', () => {
  it('an official without an authenticator is sent to enrol before reaching the console, and cannot turn it off', async () => {
    await sql`DELETE FROM second_factors WHERE account_id = (SELECT id FROM accounts WHERE email = 'chuyenvien.g15@demo.egov.vn')`.execute(env.db);
    const browser = new TestBrowser(env.app);
    const login = await browser.logIn('chuyenvien.g15@demo.egov.vn', DEMO);
    expect(login.headers.location).toBe('/console');
    const console = await browser.get('/console');
    expect(console.statusCode).toBe(303);
    expect(console.headers.location).toBe('/account/two-factor?next=%2Fconsole');
    expect((await browser.get('/api/v1/me')).statusCode).toBe(401);
    const page = await browser.get('/account/two-factor?next=%2Fconsole');
    expect(page.body).toContain('Cán bộ và quản trị viên phải bật xác thực hai lớp');
    await enrol(browser);
    expect((await browser.get('/console')).statusCode).toBe(200);
    const off = await browser.post('/account/two-factor/disable', {});
    expect(off.statusCode).toBe(403);
  });

  it('demo officials log in with the demo authenticator', async () => {
    const browser = new TestBrowser(env.app);
    const res = await browser.logIn('lanhdao.h49@demo.egov.vn', DEMO);
    expect(res.headers.location).toBe('/console');
    expect((await browser.get('/console')).statusCode).toBe(200);
  });
});

describe('requireRecentSecondFactor (the step-up check other modules call)', () => {
  const official: Actor = { accountId: '00000000-0000-0000-0000-000000000001', kind: 'official', displayName: 'x', agencyCode: '000.00.00.H49', roles: ['leader'] };
  const refused = (actor: Actor) => {
    try {
      requireRecentSecondFactor(actor);
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code;
    }
  };

  it('passes within five minutes of the second factor, and refuses without, after or in the future', () => {
    expect(refused({ ...official, secondFactorAt: at(10) })).toBeUndefined();
    expect(refused({ ...official, secondFactorAt: at(299) })).toBeUndefined();
    expect(refused(official)).toBe('identity.step_up_required');
    expect(refused({ ...official, secondFactorAt: null })).toBe('identity.step_up_required');
    expect(refused({ ...official, secondFactorAt: at(301) })).toBe('identity.step_up_required');
    expect(refused({ ...official, secondFactorAt: at(-3600) })).toBe('identity.step_up_required');
    expect(refused({ ...official, secondFactorAt: 'not a date' })).toBe('identity.step_up_required');
  });
});
