import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { officials, setUpBackoffice } from './backoffice.test-support.ts';

/** A browser without JavaScript: cookies and the last CSRF token, signed in as `actor`. */
class Session {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly app: HttpApp, private readonly actor: Actor) {}
  private headers() {
    return { ...actorHeader(this.actor), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html' };
  }
  private remember(res: { headers: Record<string, unknown>; body: string }) {
    const raw = res.headers['set-cookie'];
    for (const c of Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : []) {
      const [pair] = c.split(';');
      this.cookies.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
  }
  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: this.headers() });
    this.remember(res);
    return res;
  }
  async post(url: string, fields: Record<string, string>) {
    const res = await this.app.inject({ method: 'POST', url, payload: new URLSearchParams({ _csrf: this.csrf, ...fields }).toString(), headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' } });
    this.remember(res);
    return res;
  }
}

describe('backoffice pages', () => {
  let env: Awaited<ReturnType<typeof setUpBackoffice>>;
  let app: HttpApp;
  beforeAll(async () => {
    env = await setUpBackoffice();
    app = await env.platform.http();
  }, 180_000);
  afterAll(async () => env?.close());

  it('queue with names linking to the dossier; a stale form is told the dossier changed; another unit gets 404 for page and file', async () => {
    const { code } = await env.apply();
    const clerk = new Session(app, officials.clerk);
    const queue = await clerk.get('/console/work');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`href="/console/work/${encodeURIComponent(code)}"`);
    expect(queue.body).toContain('Nguyễn Văn An');
    const page = await clerk.get(`/console/work/${encodeURIComponent(code)}`);
    expect(page.statusCode).toBe(200);
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? '';
    const fileHref = /href="(\/console\/work\/[^"]+\/files\/\d+)"/.exec(page.body)?.[1] ?? '';
    expect((await clerk.get(fileHref.replace(/&amp;/g, '&'))).headers['content-type']).toBe('application/pdf');

    const forged = await app.inject({ method: 'POST', url: `/console/work/${encodeURIComponent(code)}/accept`, payload: `version=${version}`, headers: { ...actorHeader(officials.clerk), 'content-type': 'application/x-www-form-urlencoded' } });
    expect(forged.statusCode).toBe(403);

    const accepted = await clerk.post(`/console/work/${encodeURIComponent(code)}/accept`, { version });
    expect(accepted.statusCode).toBe(303);
    // A second official on the page as it was: the same version.
    const second = new Session(app, officials.clerk);
    await second.get(`/console/work/${encodeURIComponent(code)}`);
    const stale = await second.post(`/console/work/${encodeURIComponent(code)}/refuse`, { version, reasons: 'Thiếu giấy tờ' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toMatch(/vừa được người khác thay đổi|trạng thái/);

    const form05 = await clerk.get(`/console/work/${encodeURIComponent(code)}/form-05`);
    expect(form05.headers['content-type']).toBe('application/pdf');
    const outsider = new Session(app, officials.otherClerk);
    expect((await outsider.get(`/console/work/${encodeURIComponent(code)}/form-05`)).statusCode).toBe(404);
    expect((await outsider.get(`/console/work/${encodeURIComponent(code)}`)).statusCode).toBe(404);
    expect((await outsider.get(fileHref)).statusCode).toBe(404);

    const progress = await new Session(app, env.citizen).get(`/dossiers/${encodeURIComponent(code)}/progress`);
    expect(progress.statusCode).toBe(200);
    expect(progress.body).toContain('Mẫu 01');
    const documentHref = /href="(\/dossiers\/[^"]+\/progress\/documents\/\d+)"/.exec(progress.body)?.[1] ?? '';
    const form01 = await new Session(app, env.citizen).get(documentHref);
    expect(form01.headers['content-type']).toBe('application/pdf');
    expect(form01.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
