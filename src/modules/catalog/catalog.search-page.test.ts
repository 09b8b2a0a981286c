import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp, type HttpApp } from '../../platform/http/index.ts';
import { renderErrorPage, type Viewer } from '../../platform/ui/index.ts';
import { setUpCatalog } from './catalog.test-support.ts';

const html = { accept: 'text/html' };

/** The search page keeps rendered pages with cached results: what is kept must never cross visitors, viewers, languages or URLs. */
describe('search results page, kept with the cached result', () => {
  let env: Awaited<ReturnType<typeof setUpCatalog>>;
  let app: HttpApp;
  // Stands in for the identity module: who is looking at the page.
  let viewer: Viewer | undefined;

  beforeAll(async () => {
    env = await setUpCatalog();
    app = await createHttpApp({ config: env.ctx.config, logger: env.ctx.logger, ready: async () => undefined, renderHtmlError: renderErrorPage });
    app.decorateRequest('actor', undefined);
    app.decorateRequest('viewer', undefined);
    app.addHook('onRequest', async (request) => {
      request.viewer = viewer;
    });
    await env.registration.registerRoutes?.(app);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers: { ...html, ...headers } });

  it('gives a visitor the same page twice, without a CSRF cookie, and links the language switch to the URL asked for', async () => {
    viewer = undefined;
    const first = await get('/procedures?q=dang+ky+khai+sinh');
    const again = await get('/procedures?q=dang+ky+khai+sinh');
    expect(again.body).toBe(first.body);
    expect(first.cookies.find((c) => c.name === '_csrf')).toBeUndefined();
    expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(first.headers['content-security-policy']).toContain("script-src 'self'");
    expect(Number(first.headers['content-length'])).toBe(Buffer.byteLength(first.body));
    expect(first.body).toContain(`href="/lang/en?next=${encodeURIComponent('/procedures?q=dang+ky+khai+sinh')}"`);

    // Another spelling of the same search: same results, its own language switch link.
    const spelt = await get('/procedures?q=dang+ky+khai+sinh&agency=');
    expect(spelt.body).toContain(`href="/lang/en?next=${encodeURIComponent('/procedures?q=dang+ky+khai+sinh&agency=')}"`);
    expect(spelt.body.replace(/next=[^"]+"/, '')).toBe(first.body.replace(/next=[^"]+"/, ''));

    const english = await get('/procedures?q=dang+ky+khai+sinh', { cookie: 'lang=en' });
    expect(english.body).toMatch(/^<!doctype html><html lang="en">/);
    expect(english.body).toContain('procedures found for “dang ky khai sinh”');
  });

  it('renders the shell for a signed-in viewer on every request: their name and a logout form with their CSRF token', async () => {
    viewer = undefined;
    const visitorPage = (await get('/procedures?q=ho+chieu')).body;
    viewer = { displayName: 'Nguyễn Văn An', homeUrl: '/profile', links: [] };
    const signedIn = await get('/procedures?q=ho+chieu');
    expect(signedIn.body).toContain('<a href="/profile">Nguyễn Văn An</a>');
    const token = /name="_csrf" value="([^"]+)"/.exec(signedIn.body)?.[1];
    expect(token).toBeTruthy();
    expect(signedIn.cookies.find((c) => c.name === '_csrf')).toBeDefined();
    viewer = { displayName: 'Trần Thị Bình', homeUrl: '/profile', links: [] };
    const other = await get('/procedures?q=ho+chieu');
    expect(other.body).toContain('Trần Thị Bình');
    expect(other.body).not.toContain('Nguyễn Văn An');
    viewer = undefined;
    const visitorAgain = (await get('/procedures?q=ho+chieu')).body;
    expect(visitorAgain).toBe(visitorPage);
    expect(visitorAgain).not.toContain('action="/logout"');
    expect(visitorAgain).not.toContain('Trần Thị Bình');
  });
});
