import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { logIn, pathOf } from './pages.ts';

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

describe('a procedure requiring an assurance level', () => {
  it('a level-1 citizen applying is told the level needed and how to raise it (accessible at 360 and 1280 px)', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await logIn(page, '001090000001', 'Demo@2026egov');
      await page.goto(`/procedures/${encodeURIComponent('1.004873.000.00.00.H49')}/apply`);
      await page.locator('main [name="caseCode"]').selectOption('01');
      const agency = page.locator('main [name="receivingAgency"] option:not([value=""])').first();
      await page.locator('main [name="receivingAgency"]').selectOption((await agency.getAttribute('value')) ?? '');
      await Promise.all([page.waitForNavigation(), page.locator('main form[method="post"] [type="submit"]').first().click()]);
      expect(await page.locator('main h1').innerText()).toBe('Cần nâng mức độ xác thực tài khoản');
      expect(await page.locator('main a[href^="/account/assurance"]').count()).toBe(1);
      await expectAccessible(page, 'assurance level required');
      expect(consoleErrors.filter((e) => !e.includes('403'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('personal data (NĐ 13/2023)', () => {
  it('a citizen finds their data page from the profile, downloads the summary, and erases the account (pages accessible at 360 and 1280 px)', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await logIn(page, '022190000002', 'Demo@2026egov');
      await page.goto('/profile');
      await Promise.all([page.waitForNavigation(), page.locator('main a[href="/profile/my-data"]').click()]);
      expect(pathOf(page)).toBe('/profile/my-data');
      await expectAccessible(page, 'my data');
      const pdf = await page.request.get('/profile/my-data.pdf');
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

      await page.locator('main [name="confirm"]').check();
      await Promise.all([page.waitForNavigation(), page.locator('main form[action="/profile/my-data/erase"] [type="submit"]').click()]);
      expect(await page.locator('main h1').innerText()).toBe('Dữ liệu của bạn đã được xoá');
      await expectAccessible(page, 'erased');
      await page.goto('/profile');
      expect(pathOf(page)).toBe('/login');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
