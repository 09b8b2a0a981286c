import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, MOBILE, newSession, startPlatform, type RunningPlatform } from './harness.ts';
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

describe('procedure search as citizens type it', () => {
  it('a sentence finds the procedure, the first result near the top at 360 px; accessible', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await page.setViewportSize(MOBILE);
      await page.goto('/procedures');
      await page.getByLabel('Tên thủ tục, lĩnh vực hoặc mã thủ tục').fill('làm giấy khai sinh cho con');
      await page.getByRole('button', { name: 'Tìm kiếm', exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('q') === 'làm giấy khai sinh cho con');
      const first = page.locator('.procedure-results h3 a').first();
      expect(await first.innerText()).toBe('Đăng ký khai sinh');
      // Filters are collapsed: the first result shows on the first screen of a phone.
      const box = await first.boundingBox();
      expect(box && box.y + box.height).toBeLessThan(MOBILE.height);
      expect(await page.locator('.procedure-results li').first().innerText()).toContain('Cấp xã');
      await expectAccessible(page, 'search sentence');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('pages beyond the first page', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await page.goto(`/procedures?q=${encodeURIComponent('dang ky')}`);
      const firstPage = await page.locator('.procedure-results h3').allInnerTexts();
      await page.getByRole('link', { name: 'Trang sau' }).click();
      await page.waitForURL((url) => url.searchParams.get('page') === '2');
      expect(await page.locator('.pagination p').innerText()).toMatch(/^Trang 2 trên \d+$/);
      const secondPage = await page.locator('.procedure-results h3').allInnerTexts();
      expect(secondPage.length).toBeGreaterThan(0);
      expect(secondPage.filter((n) => firstPage.includes(n))).toEqual([]);
      await expectAccessible(page, 'search page 2');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a procedure published by each province: chosen for a province on the result, or with the province asked in the filters', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await page.goto(`/procedures?q=${encodeURIComponent('đăng ký kết hôn')}`);
      const card = page.locator('.procedure-results li.card').first();
      expect(await card.locator('h3').innerText()).toBe('Đăng ký kết hôn');
      await card.getByRole('link', { name: 'Quảng Ninh' }).click();
      await page.waitForURL((url) => url.pathname === '/procedures/1.000894.000.00.00.H49');
      expect(await page.locator('h1').innerText()).toBe('Đăng ký kết hôn');
      await expectAccessible(page, 'procedure chosen for a province');

      await page.goto(`/procedures?q=${encodeURIComponent('đăng ký kết hôn')}`);
      await page.locator('details.filters summary').click();
      await page.getByLabel('Tỉnh, thành phố nơi bạn làm thủ tục').selectOption('79');
      await page.getByRole('button', { name: 'Lọc' }).click();
      await page.waitForURL((url) => url.searchParams.get('home') === '79');
      expect(await page.locator('.procedure-results h3 a').first().getAttribute('href')).toBe('/procedures/1.000894.000.00.00.H29');
      await expectAccessible(page, 'search with a province');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an administrator edits a case’s fee through the form, at 360 px, and the draft shows it', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await logIn(page, 'admin@demo.egov.vn', 'Demo@2026egov');
      await page.setViewportSize(MOBILE);
      await page.goto(`/admin/procedures?q=${encodeURIComponent('khai sinh')}`);
      const first = page.locator('main table a').first();
      const procedurePath = (await first.getAttribute('href')) ?? '';
      await page.goto(`${procedurePath}/edit`);
      const main = page.locator('main');
      // Cases, fees and documents are ordinary fields; no JSON to type.
      expect(await main.locator('textarea[name="cases"], textarea[name="components"]').count()).toBe(0);
      await Promise.all([page.waitForNavigation(), main.locator('button[name="rowAction"][value="addFee.0"]').click()]);
      const fees = main.locator('input[name^="cases.0.fees."][name$=".amount"]');
      const last = (await fees.count()) - 1;
      await main.locator(`[name="cases.0.fees.${last}.name"]`).fill('Phí thẩm định');
      await main.locator(`[name="cases.0.fees.${last}.amount"]`).fill('65 nghìn');
      await Promise.all([page.waitForNavigation(), main.locator('form[method="post"] button:not([name])').first().click()]);
      // The amount is refused, named by its field, and the error summary links to it.
      const summary = main.locator('.error-summary');
      expect(await summary.innerText()).toContain(`Trường hợp 1 – phí ${last + 1} – Số tiền (đồng): nhập số tiền bằng chữ số`);
      await expectAccessible(page, 'catalogue admin: fee refused');
      await main.locator(`[name="cases.0.fees.${last}.amount"]`).fill('650.000');
      await Promise.all([page.waitForNavigation(), main.locator('form[method="post"] button:not([name])').first().click()]);
      expect(pathOf(page)).toBe(procedurePath);
      expect(await main.innerText()).toContain('650.000 ₫');
      expect(await main.innerText()).toContain('Phí thẩm định');
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${procedurePath}/edit`);
      await expectAccessible(page, 'catalogue admin: edit form');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
