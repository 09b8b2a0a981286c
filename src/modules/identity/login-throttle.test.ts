import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createIdentityTestEnv, DEMO, queuedMails, seedDemo, TestBrowser, type IdentityTestEnv } from './identity.testing.ts';
import { sourceOf } from './login-throttle.ts';

let env: IdentityTestEnv;

beforeAll(async () => {
  env = await createIdentityTestEnv();
  await seedDemo(env);
});

afterAll(async () => {
  await env?.close();
});

// Each test starts with no failure on record, so moving the clock of the counters moves it for that test only.
beforeEach(async () => {
  await sql`DELETE FROM login_failures`.execute(env.db);
  await sql`DELETE FROM login_locks`.execute(env.db);
  await sql`DELETE FROM auth_throttle`.execute(env.db);
});

/** As if `seconds` had passed since every failure on record. */
const elapse = (seconds: number) =>
  sql`UPDATE login_failures SET last_failed_at = last_failed_at - ${seconds}::int * interval '1 second', next_attempt_at = next_attempt_at - ${seconds}::int * interval '1 second'`.execute(env.db);

/** Pairs past their free tries wait 10 more minutes: a refusal that does not depend on how fast this machine is. */
const stillWaiting = () => sql`UPDATE login_failures SET next_attempt_at = now() + interval '10 minutes' WHERE failures >= 3`.execute(env.db);

/** The delay each pair earned by its last failure, in seconds. */
const storedDelays = async () =>
  (await sql<{ s: number }>`SELECT extract(epoch FROM next_attempt_at - last_failed_at)::int AS s FROM login_failures ORDER BY s`.execute(env.db)).rows.map((r) => Number(r.s));

async function attempt(ip: string, identifier: string, password: string) {
  const res = await new TestBrowser(env.app, ip).logIn(identifier, password);
  const message = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.body)?.[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  return { status: res.statusCode, retryAfter: res.headers['retry-after'], message, body: res.body };
}

describe('login throttling by account and source', () => {
  it('an attacker at one address cannot keep the owner out from another address', async () => {
    const attacker = new TestBrowser(env.app, '198.51.100.20');
    await attacker.get('/login');
    const guess = (password: string) => attacker.post('/login', { identifier: 'tranthibinh@demo.egov.vn', password });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await guess(`sai-mat-khau-${i}`)).statusCode);
    await stillWaiting();
    statuses.push((await guess('sai-mat-khau-3')).statusCode);
    // Three free tries, then an attempt inside its delay is refused (and not counted).
    expect(statuses).toEqual([401, 401, 401, 429]);

    // However long the attacker has kept at it, the owner signs in from home.
    await sql`UPDATE login_failures SET failures = 60, next_attempt_at = now() + interval '15 minutes'`.execute(env.db);
    for (let i = 0; i < 5; i++) expect((await guess(`sai-mat-khau-${i + 10}`)).statusCode).toBe(429);
    const owner = new TestBrowser(env.app, '203.0.113.20');
    expect((await owner.logIn('tranthibinh@demo.egov.vn', DEMO)).statusCode).toBe(303);
    expect((await new TestBrowser(env.app, '203.0.113.21').logIn('022190000002', DEMO)).statusCode).toBe(303);
    // The attacker's address stays delayed, even with the right password.
    expect((await attacker.post('/login', { identifier: '022190000002', password: DEMO })).statusCode).toBe(429);
    expect(attacker.session).toBeUndefined();
  });

  it('delays grow after the third failure: 1 s, doubling, capped at 15 minutes; a success forgets them', async () => {
    const ip = '198.51.100.21';
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      expect((await attempt(ip, '5700100256', `sai-mat-khau-${i}`)).status).toBe(401);
      const [delay = -1] = await storedDelays();
      delays.push(delay);
      await elapse(delay);
    }
    expect(delays).toEqual([0, 0, 1, 2, 4, 8, 16, 32]);

    // Inside the delay an attempt is refused, with the wait, and not counted.
    const [delay = 0] = await storedDelays();
    await elapse(-delay);
    const refused = await attempt(ip, '5700100256', DEMO);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(16);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(32);
    expect(refused.message).toContain('Vui lòng đợi');
    const counted = await sql<{ failures: number }>`SELECT failures FROM login_failures`.execute(env.db);
    expect(counted.rows).toEqual([{ failures: 8 }]);

    await sql`UPDATE login_failures SET failures = 40`.execute(env.db);
    await elapse(3600);
    expect((await attempt(ip, '5700100256', 'sai-mat-khau-z')).status).toBe(401);
    expect(await storedDelays()).toEqual([900]);

    await elapse(900);
    expect((await attempt(ip, '5700100256', DEMO)).status).toBe(303);
    // After a success the address starts again with its free tries.
    for (let i = 0; i < 3; i++) expect((await attempt(ip, '5700100256', `sai-mat-khau-${i}`)).status).toBe(401);
  });

  it('counts an IPv6 client per /64: addresses of one network share their delays, another network does not', async () => {
    for (const ip of ['2001:db8:10:20::1', '2001:db8:10:20::2', '2001:db8:10:20:ffff::3']) {
      expect((await attempt(ip, 'halongxanh@demo.egov.vn', 'sai-mat-khau-1')).status).toBe(401);
    }
    await stillWaiting();
    expect((await attempt('2001:db8:10:20::abcd', 'halongxanh@demo.egov.vn', DEMO)).status).toBe(429);
    expect((await attempt('2001:db8:10:21::1', 'halongxanh@demo.egov.vn', DEMO)).status).toBe(303);
  });

  it('locks an account only when failures come from many sources, and mails its owner once', async () => {
    const before = (await queuedMails(env.db)).length;
    const statuses: number[] = [];
    for (let i = 1; i <= 10; i++) statuses.push((await attempt(`192.0.2.${100 + i}`, 'nguyenvanan@demo.egov.vn', 'sai-mat-khau-1')).status);
    // Nine sources are not enough; the tenth failure locks the account.
    expect(statuses).toEqual(Array(10).fill(401));

    const owner = await attempt('203.0.113.30', '001090000001', DEMO);
    expect(owner.status).toBe(429);
    expect(owner.message).toContain('tạm thời bị khóa');
    expect(Number(owner.retryAfter)).toBeGreaterThan(3000);
    for (let i = 11; i <= 15; i++) expect((await attempt(`192.0.2.${100 + i}`, 'nguyenvanan@demo.egov.vn', 'sai-mat-khau-2')).status).toBe(429);

    const mails = (await queuedMails(env.db)).slice(before);
    expect(mails.map((m) => m.to)).toEqual(['nguyenvanan@demo.egov.vn']);
    expect(mails[0]?.text).toContain('Nguyễn Văn An');
    expect(mails[0]?.text).toContain(`${env.config.baseUrl}/password/forgot`);
    expect(mails[0]?.text).toContain('10');

    // Choosing a new password through the mailed link ends the lock.
    const browser = new TestBrowser(env.app, '203.0.113.30');
    await browser.get('/password/forgot');
    await browser.post('/password/forgot', { email: 'nguyenvanan@demo.egov.vn' });
    const resetMail = (await queuedMails(env.db)).at(-1);
    const token = decodeURIComponent(/token=(\S+)/.exec(resetMail?.text ?? '')?.[1] ?? '');
    expect((await browser.post('/password/reset', { token, password: 'MatKhauMoi2026', passwordConfirm: 'MatKhauMoi2026' })).statusCode).toBe(303);
    expect((await attempt('203.0.113.30', '001090000001', 'MatKhauMoi2026')).status).toBe(303);
  });

  it('answers an unknown login exactly like a known one, delays and locks included, and mails nobody', async () => {
    const before = (await queuedMails(env.db)).length;
    const run = async (identifier: string, network: string) => {
      const seen: unknown[] = [];
      for (let i = 0; i < 3; i++) seen.push(await attempt(`${network}.1`, identifier, 'sai-mat-khau-1'));
      await stillWaiting();
      seen.push(await attempt(`${network}.1`, identifier, 'sai-mat-khau-1'));
      for (let i = 2; i <= 10; i++) seen.push(await attempt(`${network}.${i}`, identifier, 'sai-mat-khau-1'));
      seen.push(await attempt(`${network}.50`, identifier, 'sai-mat-khau-1'));
      return seen.map((s) => {
        const { status, message, retryAfter } = s as Awaited<ReturnType<typeof attempt>>;
        return { status, message, waits: retryAfter !== undefined };
      });
    };
    const known = await run('lanhdao.h29@demo.egov.vn', '198.18.1');
    const unknown = await run('khong-ai-ca@demo.egov.vn', '198.18.2');
    expect(unknown).toEqual(known);
    expect(known.map((k) => k.status)).toEqual([401, 401, 401, 429, ...Array(9).fill(401), 429]);
    const mails = (await queuedMails(env.db)).slice(before);
    expect(mails.map((m) => m.to)).toEqual(['lanhdao.h29@demo.egov.vn']);
  });

  it('stops credential stuffing: 30 failures from one source across accounts close it for everyone there', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await attempt(`2001:db8:30:40::${(i % 5) + 1}`, `nobody${i}@example.vn`, 'sai-mat-khau-1')).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    const right = await attempt('2001:db8:30:40::99', '5700100256', DEMO);
    expect(right.status).toBe(429);
    expect(right.message).toContain('Có quá nhiều lần đăng nhập sai từ địa chỉ mạng của bạn.');
    expect(right.retryAfter).toBeDefined();
    expect((await attempt('2001:db8:30:41::1', '5700100256', DEMO)).status).toBe(303);
  });

  it('the API answers like the pages: the owner from another address is let in', async () => {
    for (let i = 0; i < 8; i++) {
      await env.api.authenticate({ identifier: 'motcua.h49@demo.egov.vn', password: 'sai-mat-khau-1', ip: '198.51.100.40' }).catch(() => undefined);
    }
    await stillWaiting();
    await expect(env.api.authenticate({ identifier: 'motcua.h49@demo.egov.vn', password: DEMO, ip: '198.51.100.40' })).rejects.toMatchObject({ code: 'identity.login_throttled' });
    expect(await env.api.authenticate({ identifier: 'motcua.h49@demo.egov.vn', password: DEMO, ip: '203.0.113.40' })).toMatchObject({ kind: 'official' });
  });

  it('keeps no identifier or address in clear in its tables', async () => {
    await attempt('198.51.100.41', 'quantri.h49@demo.egov.vn', 'sai-mat-khau-1');
    const rows = await sql<{ subject_hash: string; source_hash: string }>`SELECT subject_hash, source_hash FROM login_failures`.execute(env.db);
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows.every((r) => /^[0-9a-f]{64}$/.test(r.subject_hash) && /^[0-9a-f]{64}$/.test(r.source_hash))).toBe(true);
  });
});

describe('sources', () => {
  it('are IPv4 addresses, or IPv6 /64 networks (IPv4-mapped addresses are IPv4)', () => {
    expect(sourceOf('192.0.2.7')).toBe('192.0.2.7');
    expect(sourceOf('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(sourceOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceOf('2001:0DB8:0000:0000:ffff:1:2:3')).toBe('2001:db8:0:0::/64');
    expect(sourceOf('2001:db8:1:2:3:4:192.0.2.1')).toBe('2001:db8:1:2::/64');
    expect(sourceOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(sourceOf('::1')).toBe('0:0:0:0::/64');
  });
});
