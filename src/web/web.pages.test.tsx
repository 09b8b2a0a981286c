import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../platform/config/index.ts';
import { createHttpApp, type HttpApp } from '../platform/http/index.ts';
import { createLogger } from '../platform/logging/index.ts';
import { renderErrorPage, uiStaticRoots } from '../platform/ui/index.ts';
import { PLATFORM_SYSTEMS } from './web.messages.ts';
import { registerWebPages } from './web.pages.tsx';

// The public pages need no database: the app is the platform's HTTP shell plus these routes.
let app: HttpApp;

beforeAll(async () => {
  app = await createHttpApp({
    config: testConfig(),
    logger: createLogger('silent'),
    ready: async () => {},
    renderHtmlError: renderErrorPage,
    staticRoots: uiStaticRoots(),
  });
  registerWebPages(app);
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

const html = { accept: 'text/html' };

function langCookie(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = all.find((c) => c.startsWith('lang='));
  if (!found) throw new Error(`no lang cookie in ${JSON.stringify(all)}`);
  return found.split(';')[0] ?? '';
}

describe('home page', () => {
  it('is in Vietnamese by default with the search box, popular services and the steps', async () => {
    const res = await app.inject({ method: 'GET', url: '/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toMatch(/^<!doctype html><html lang="vi">/);
    expect(res.body).toContain('Dịch vụ công');
    // The search box submits GET /procedures?q= (the catalogue) and is labelled.
    expect(res.body).toMatch(/<form method="get" action="\/procedures" role="search"/);
    expect(res.body).toMatch(/<label for="f-q">Tìm dịch vụ công/);
    expect(res.body).toContain('name="q"');
    // Popular services link to the search with their Vietnamese name.
    expect(res.body).toContain(`href="/procedures?q=${encodeURIComponent('Đăng ký khai sinh')}"`);
    expect(res.body).toContain(`href="/procedures?q=${encodeURIComponent('Cấp giấy phép xây dựng')}"`);
    expect(res.body).toContain('Cách thực hiện');
    // One main landmark, a skip link to it, the language switch back to this page.
    expect(res.body.match(/<main /g)).toHaveLength(1);
    expect(res.body).toContain('<a class="skip-link" href="#main">');
    expect(res.body).toContain('href="/lang/en?next=%2F"');
    expect(res.body).toContain('<a href="/" aria-current="page">');
  });

  it('sends a CSP without unsafe-inline and the page has no inline script or style', async () => {
    const res = await app.inject({ method: 'GET', url: '/', headers: html });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.body).not.toMatch(/<script|\sstyle=|<style/i);
  });
});

describe('anonymous pages', () => {
  it('set no CSRF cookie when they have no form to protect', async () => {
    for (const url of ['/', '/about']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === '_csrf')).toBeUndefined();
      expect(res.body).not.toContain('name="_csrf"');
    }
  });
});

describe('language switch', () => {
  it('sets the cookie, redirects to the same page, which then renders in English', async () => {
    const switched = await app.inject({ method: 'GET', url: '/lang/en?next=/about', headers: html });
    expect(switched.statusCode).toBe(302);
    expect(switched.headers.location).toBe('/about');
    const cookie = langCookie(switched.headers['set-cookie']);
    expect(cookie).toBe('lang=en');

    const about = await app.inject({ method: 'GET', url: '/about', headers: { ...html, cookie } });
    expect(about.statusCode).toBe(200);
    expect(about.body).toContain('<html lang="en">');
    expect(about.body).toContain('<h1>About</h1>');
    expect(about.body).toContain('The systems of the platform');
    // The switch now offers Vietnamese, marked as such, and keeps the page.
    expect(about.body).toContain('<a class="lang-switch" href="/lang/vi?next=%2Fabout" hreflang="vi" lang="vi">Tiếng Việt</a>');
  });

  it('refuses to redirect off-site', async () => {
    const res = await app.inject({ method: 'GET', url: '/lang/vi?next=//evil.example', headers: html });
    expect(res.headers.location).toBe('/');
  });
});

describe('about page', () => {
  it('lists every system of the platform with its Vietnamese and English names', async () => {
    const res = await app.inject({ method: 'GET', url: '/about', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Giới thiệu</h1>');
    expect(PLATFORM_SYSTEMS.map((s) => s.key)).toEqual(['portal', 'one-stop', 'exchange', 'cabinet', 'reporting', 'operations', 'tasks', 'reform']);
    for (const system of PLATFORM_SYSTEMS) {
      expect(res.body).toContain(`<h3>${system.name.vi}</h3>`);
      expect(res.body).toContain(`<span lang="en">${system.name.en}</span>`);
    }
    expect(res.body).toContain('Trục liên thông văn bản quốc gia');
    expect(res.body).toContain('National Document Exchange Axis');
  });
});

describe('services entry', () => {
  it('sends old /services links to the procedure search, keeping the query', async () => {
    const res = await app.inject({ method: 'GET', url: `/services?q=${encodeURIComponent('Đăng ký khai sinh')}`, headers: html });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`/procedures?q=${encodeURIComponent('Đăng ký khai sinh')}`);
    const bare = await app.inject({ method: 'GET', url: '/services', headers: html });
    expect(bare.headers.location).toBe('/procedures');
  });

  it('rejects an over-long query with an HTML error page', async () => {
    const res = await app.inject({ method: 'GET', url: `/services?q=${'a'.repeat(201)}`, headers: html });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<html lang="vi">');
  });
});

describe('self-hosted assets', () => {
  it('serves the stylesheet and the Be Vietnam Pro fonts it references', async () => {
    const css = await app.inject({ method: 'GET', url: '/assets/app.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    const fonts = [...css.body.matchAll(/url\('([^']+\.woff2)'\)/g)].map((m) => m[1] ?? '');
    expect(fonts.length).toBeGreaterThanOrEqual(9);
    for (const font of fonts) {
      const res = await app.inject({ method: 'GET', url: font });
      expect(res.statusCode, font).toBe(200);
    }
    const icon = await app.inject({ method: 'GET', url: '/assets/favicon.svg' });
    expect(icon.statusCode).toBe(200);
  });
});
