import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader, createTestPlatform } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { IdentityApi } from '../identity/index.ts';

let platform: Awaited<ReturnType<typeof createTestPlatform>>;
let app: HttpApp;
let citizen: Actor;

beforeAll(async () => {
  platform = await createTestPlatform({ modules: ['helpdesk'], seed: ['agencies', 'identity', 'helpdesk'] });
  app = await platform.http();
  citizen = await platform.api<IdentityApi>('identity').authenticate({ identifier: '001090000001', password: 'Demo@2026egov', ip: '192.0.2.1' });
}, 180_000);
afterAll(async () => platform?.close());

/** Sends the web form as a browser at `ip` would: the form page first (CSRF cookie and token), then the POST. */
async function ask(ip: string, options: { lang?: 'en'; actor?: Actor } = {}) {
  const headers = { accept: 'text/html', ...(options.actor ? actorHeader(options.actor) : {}) };
  const lang = options.lang ? `; lang=${options.lang}` : '';
  const form = await app.inject({ method: 'GET', url: '/support/new', remoteAddress: ip, headers: { ...headers, ...(lang ? { cookie: lang.slice(2) } : {}) } });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const csrf = form.cookies.find((c) => c.name === '_csrf')?.value ?? '';
  const payload = new URLSearchParams({ _csrf: token, category: 'account', subject: 'Không đăng nhập được', body: 'Tôi quên mật khẩu.', requesterName: 'Lê Văn Cường', requesterContact: 'cuong@example.vn' }).toString();
  return app.inject({ method: 'POST', url: '/support/tickets', remoteAddress: ip, headers: { ...headers, cookie: `_csrf=${csrf}${lang}`, 'content-type': 'application/x-www-form-urlencoded' }, payload });
}

describe('help requests sent without an account', () => {
  it('are limited per source: after 10 an hour, a 429 page says how long to wait, in the page’s language', async () => {
    for (let i = 0; i < 10; i++) expect((await ask('198.51.100.7')).statusCode).toBe(200);
    const refused = await ask('198.51.100.7');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    expect(refused.body).toContain('Bạn đã gửi quá nhiều yêu cầu hỗ trợ');
    expect(refused.body).toMatch(/Vui lòng thử lại sau (59|60) phút/);
    const english = await ask('198.51.100.7', { lang: 'en' });
    expect(english.statusCode).toBe(429);
    expect(english.body).toContain('You have sent too many help requests');
    expect(english.body).toMatch(/Please try again in (59|60) minutes/);
    // Another source, and a signed-in applicant from the same one, are not refused.
    expect((await ask('198.51.100.8')).statusCode).toBe(200);
    expect((await ask('198.51.100.7', { actor: citizen })).statusCode).toBe(303);
  });
});
