import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../platform/config/index.ts';
import { createHttpApp, type HttpApp } from '../platform/http/index.ts';
import { createLogger } from '../platform/logging/index.ts';
import { renderErrorPage, uiStaticRoots } from '../platform/ui/index.ts';
import { PLANNED, WORKS_TODAY } from './web.capabilities.ts';
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
    expect(about.body).toContain('<h2 id="works-title">What works</h2>');
    // The switch now offers Vietnamese, marked as such, and keeps the page.
    expect(about.body).toContain('<a class="lang-switch" href="/lang/vi?next=%2Fabout" hreflang="vi" lang="vi">Tiếng Việt</a>');
  });

  it('refuses to redirect off-site', async () => {
    const res = await app.inject({ method: 'GET', url: '/lang/vi?next=//evil.example', headers: html });
    expect(res.headers.location).toBe('/');
  });
});

/** Words that announce what does not exist yet: outside a "planned" section, a page must not use them. */
const NOT_YET = /điều hành|Operations Cent|quản trị nghiệp vụ/i;

/** The page's text outside its `planned` section(s). */
function outsidePlanned(html: string): string {
  return html.replace(/<section[^>]*class="[^"]*\bplanned\b[^"]*"[\s\S]*?<\/section>/g, '');
}

describe('what the platform promises', () => {
  it('the home page names as available only what works, and says what does not work yet', async () => {
    for (const [lang, notice] of [
      ['vi', 'hồ sơ liên thông giữa nhiều cơ quan chưa được xử lý'],
      ['en', 'dossiers handed between several agencies are not processed'],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: '/', headers: { ...html, cookie: `lang=${lang}` } });
      expect(res.body).toContain(`<html lang="${lang}">`);
      expect(outsidePlanned(res.body)).not.toMatch(NOT_YET);
      expect(res.body).toContain(notice);
      expect(res.body).toMatch(/<section class="[^"]*\bplanned\b[^"]*" aria-labelledby="planned-title">/);
    }
  });

  it('the About page lists what works, then, apart, what is planned and not available yet', async () => {
    expect(WORKS_TODAY.map((c) => c.key)).toEqual(['catalog', 'applications', 'tracking', 'accounts', 'sso', 'agencies', 'exchange', 'status-sync', 'calendar', 'audit', 'reporting', 'cabinet', 'one-stop', 'payments', 'feedback', 'ratings', 'helpdesk', 'tasks']);
    expect(PLANNED.map((c) => c.key)).toEqual(['operations']);
    for (const lang of ['vi', 'en'] as const) {
      const res = await app.inject({ method: 'GET', url: '/about', headers: { ...html, cookie: `lang=${lang}` } });
      expect(res.statusCode).toBe(200);
      const works = outsidePlanned(res.body);
      expect(works).not.toMatch(NOT_YET);
      for (const c of WORKS_TODAY) {
        expect(works).toContain(`<h3>${c.title[lang]}</h3>`);
        expect(works).toContain(c.summary[lang]);
      }
      const planned = /<section[^>]*class="[^"]*\bplanned\b[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? '';
      for (const c of PLANNED) expect(planned).toContain(c.title[lang]);
    }
  });

  it('the README and package.json name as available only what works; the README lists the planned parts apart, in both languages', () => {
    const root = resolve(import.meta.dirname, '../..');
    const description = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { description: string }).description;
    expect(description).not.toMatch(NOT_YET);
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    // A planned section runs from its heading to the next heading (or the end).
    const plannedSection = /^#+ (Planned|Đang xây dựng)\b.*\n[\s\S]*?(?=^#+ |(?![\s\S]))/gm;
    const planned = readme.match(plannedSection) ?? [];
    expect(planned).toHaveLength(2);
    expect(readme.replace(plannedSection, '')).not.toMatch(NOT_YET);
    for (const section of planned) expect(section).toMatch(/e-Cabinet/);
  });

  it('the About page is in Vietnamese by default, with the planned list marked as not available', async () => {
    const res = await app.inject({ method: 'GET', url: '/about', headers: html });
    expect(res.body).toContain('<h1>Giới thiệu</h1>');
    expect(res.body).toContain('<h2 id="works-title">Đã hoạt động</h2>');
    expect(res.body).toContain('<h2 id="planned-title">Đang xây dựng, chưa sử dụng được</h2>');
    expect(res.body).toContain('<a href="/procedures">');
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
