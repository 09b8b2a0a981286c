import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/index.ts';
import { createLogger } from '../logging/index.ts';
import { createHttpApp, safeRedirect, type HttpApp } from './index.ts';

const ORIGIN = 'http://egov.test';

/** Where a browser on our origin goes with this Location. */
const browserTarget = (location: string) => new URL(location, `${ORIGIN}/some/page`);

// Each one leaves the site in a browser (WHATWG URL parsing: tab and newline removed,
// "\" read as "/", dot segments resolved) or breaks the header.
const LEAVING = [
  '//evil.example/x',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\\evil.example',
  '\\/evil.example',
  '/\\\\evil.example',
  '/.//evil.example',
  '/x/..//evil.example',
  ' //evil.example',
  'https://evil.example/phish',
  'https://a//evil.example/x',
  'http:evil.example',
  'javascript:alert(1)',
  'evil.example',
];

describe('safeRedirect', () => {
  it('keeps a relative path of this site, query and fragment included', () => {
    expect(safeRedirect('/profile?tab=1')).toBe('/profile?tab=1');
    expect(safeRedirect('/procedures?q=h%E1%BB%99%20t%E1%BB%8Bch#case-02')).toBe('/procedures?q=h%E1%BB%99%20t%E1%BB%8Bch#case-02');
    expect(safeRedirect('/')).toBe('/');
  });

  it('sends home every target that a browser would resolve to another origin', () => {
    for (const target of LEAVING) {
      const location = safeRedirect(target);
      expect(location, JSON.stringify(target)).toBe('/');
      expect(browserTarget(location).origin).toBe(ORIGIN);
    }
  });

  it('never returns a control character, so the Location header can always be set', () => {
    for (const target of ['/x\r\nSet-Cookie: a=b', '/x\u0000y', '/x\u007f', '/x\u0085\u2028']) {
      // eslint-disable-next-line no-control-regex -- the characters a header must not carry
      expect(safeRedirect(target)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    }
    expect(safeRedirect('/x\r\nSet-Cookie: a=b')).toBe('/');
  });

  it('escapes what a header cannot carry as it is and a browser would escape anyway', () => {
    expect(safeRedirect('/thủ tục')).toBe('/th%E1%BB%A7%20t%E1%BB%A5c');
  });

  it('uses the fallback given for anything refused or absent', () => {
    expect(safeRedirect(undefined, '/console')).toBe('/console');
    expect(safeRedirect('//evil.example', '/console')).toBe('/console');
    expect(safeRedirect('/profile', '/console')).toBe('/profile');
  });
});

describe('GET /lang/:locale', () => {
  let app: HttpApp;
  beforeAll(async () => {
    app = await createHttpApp({ config: testConfig({ baseUrl: 'https://dichvucong.example.vn' }), logger: createLogger('silent'), ready: async () => undefined });
    await app.ready();
  });
  afterAll(() => app.close());

  const lang = (query: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: `/lang/en${query}`, headers });

  it('returns to `next` when it is a path of this site', async () => {
    const response = await lang(`?next=${encodeURIComponent('/about?x=1')}`);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/about?x=1');
  });

  it('never leaves the site through `next`, and a line break in it is no server error', async () => {
    for (const target of [...LEAVING, '/x\r\nSet-Cookie: a=b', '/x\r\n\r\n<script>']) {
      const response = await lang(`?next=${encodeURIComponent(target)}`);
      expect(response.statusCode, JSON.stringify(target)).toBe(302);
      expect(browserTarget(String(response.headers.location)).origin, JSON.stringify(target)).toBe(ORIGIN);
    }
  });

  it('falls back on the Referer only when it is a page of this site', async () => {
    expect((await lang('', { referer: 'https://dichvucong.example.vn/procedures?q=1', host: 'dichvucong.example.vn' })).headers.location).toBe('/procedures?q=1');
    // Behind a proxy the Host may differ from the public URL: the public URL's host counts too.
    expect((await lang('', { referer: 'https://dichvucong.example.vn/about', host: '127.0.0.1:3000' })).headers.location).toBe('/about');
    expect((await lang('', { referer: 'http://127.0.0.1:3000/about', host: '127.0.0.1:3000' })).headers.location).toBe('/about');
    for (const referer of ['https://evil.example/x', 'https://a//evil.example/x', 'https://dichvucong.example.vn//evil.example/x', 'https://dichvucong.example.vn.evil.example/x', 'not a url']) {
      const response = await lang('', { referer, host: 'dichvucong.example.vn' });
      expect(browserTarget(String(response.headers.location)).origin, referer).toBe(ORIGIN);
      expect(response.headers.location, referer).toBe('/');
    }
  });
});
