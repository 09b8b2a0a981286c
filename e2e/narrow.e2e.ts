import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { NARROW, overflowingElements, sidewaysScroll } from './narrow.ts';
import { logIn, pathOf, submit } from './pages.ts';

// At 360 px no main page scrolls sideways and lists are stacked rows, not squeezed tables
// (the whole set, every page of every demo account: npm run screenshots).

let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

async function expectNoSidewaysScroll(page: Page, urls: string[]): Promise<void> {
  await page.setViewportSize(NARROW);
  const problems: string[] = [];
  for (const url of urls) {
    for (const lang of ['vi', 'en']) {
      await page.context().addCookies([{ name: 'lang', value: lang, url: platform.baseUrl }]);
      await page.goto(url);
      const sideways = await sidewaysScroll(page);
      if (sideways > 0) problems.push(`${url} (${lang}): ${sideways} px — ${(await overflowingElements(page)).join(', ')}`);
    }
  }
  expect(problems).toEqual([]);
}

describe('at 360 px', () => {
  it('public pages and the citizen’s pages do not scroll sideways; “my dossiers” is one card per dossier, each cell labelled', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await expectNoSidewaysScroll(page, ['/', '/procedures?q=khai+sinh', '/procedures/1.001193.000.00.00.H49', '/track', '/support', '/login', '/register', '/nowhere']);
      await logIn(page, '001090000001', 'Demo@2026egov');
      await expectNoSidewaysScroll(page, ['/my/dossiers', '/profile', '/payments', '/feedback']);
      await page.goto('/my/dossiers');
      const table = page.locator('main table.responsive-table').first();
      if ((await table.count()) > 0) {
        // Stacked: the header row is off screen, each cell shows its column's name and is wider than a word.
        expect(await table.locator('thead').boundingBox().then((b) => (b?.width ?? 0) <= 1)).toBe(true);
        const cell = table.locator('tbody td').first();
        expect(await cell.getAttribute('data-label')).toBeTruthy();
        expect((await cell.boundingBox())?.width ?? 0).toBeGreaterThan(250);
        // At a desktop width it is a table again, its headers visible.
        await page.setViewportSize({ width: 1280, height: 800 });
        expect((await table.locator('thead th').first().boundingBox())?.width ?? 0).toBeGreaterThan(20);
      }
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('staff work lists do not scroll sideways', async () => {
    for (const [login, urls] of [
      ['motcua.51h49@demo.egov.vn', ['/console', '/console/work', '/console/dossiers']],
      ['vanthu.h49@demo.egov.vn', ['/exchange', '/exchange/sent']],
      ['admin@demo.egov.vn', ['/admin/agencies', '/admin/officials', '/admin/calendar']],
    ] as const) {
      const { context, page } = await newSession(browser, platform.baseUrl);
      try {
        await logIn(page, login, 'Demo@2026egov');
        await expectNoSidewaysScroll(page, [...urls]);
      } finally {
        await context.close();
      }
    }
  });

  it('an anonymous visitor of a page that needs signing in goes to the login page and comes back to it', async () => {
    const { context, page } = await newSession(browser, platform.baseUrl);
    try {
      await page.goto('/console/work?bucket=new');
      expect(pathOf(page)).toBe('/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/console/work?bucket=new');
      await page.goto('/my/dossiers?page=1');
      expect(pathOf(page)).toBe('/login');
      await page.locator('main [name="identifier"]').fill('001090000001');
      await page.locator('main [name="password"]').fill('Demo@2026egov');
      await submit(page);
      expect(page.url()).toBe(`${platform.baseUrl}/my/dossiers?page=1`);
    } finally {
      await context.close();
    }
  });
});

describe('the commune list of an address', () => {
  async function openBirthForm(page: Page): Promise<void> {
    await logIn(page, '022190000002', 'Demo@2026egov');
    await page.goto('/procedures/1.001193.000.00.00.H49/apply');
    await page.locator('main [name="caseCode"]').selectOption('01');
    await page.locator('main [name="receivingAgency"]').selectOption('000.00.51.H49');
    await Promise.all([page.waitForNavigation(), page.locator('main button[type="submit"]', { hasText: 'Bắt đầu' }).click()]);
  }

  it('follows the province in the browser with JavaScript (no round trip), from the cached list', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await openBirthForm(page);
      const formUrl = page.url();
      expect(await page.locator('main [data-no-script]').first().isHidden()).toBe(true);
      const communes = page.waitForResponse((r) => r.url().includes('/api/v1/units/provinces/22/communes'));
      await page.locator('main [name="childBirthPlace.province"]').selectOption('22');
      const response = await communes;
      expect(response.headers()['cache-control']).toBe('public, max-age=3600');
      expect(response.headers().etag).toBeTruthy();
      await page.locator('main [name="childBirthPlace.commune"]').selectOption('06994');
      expect(page.url()).toBe(formUrl);
      expect(await page.locator('main [data-picker-status]').first().innerText()).toMatch(/\d+ xã/);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('without JavaScript, the update button asks the server', async () => {
    const { context, page } = await newSession(browser, platform.baseUrl, { javaScriptEnabled: false });
    try {
      await openBirthForm(page);
      await page.locator('main [name="childBirthPlace.province"]').selectOption('22');
      expect(await page.locator('main [name="childBirthPlace.commune"] option[value="06994"]').count()).toBe(0);
      await Promise.all([page.waitForNavigation(), page.locator('main button[type="submit"]', { hasText: 'Cập nhật danh sách xã, phường' }).first().click()]);
      await page.locator('main [name="childBirthPlace.commune"]').selectOption('06994');
    } finally {
      await context.close();
    }
  });
});
