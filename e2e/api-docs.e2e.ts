import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchBrowser, MOBILE, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { pathOf, switchLanguage } from './pages.ts';

// The API documentation as a visitor and an integrator meet it: reached from the footer of
// any page, framed by the site in both languages, axe clean at 360 and 1280 px, every
// operation of the served OpenAPI document on it, and a way back.

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

/**
 * Stricter than the harness's expectAccessible (which fails on serious and critical rules):
 * no axe violation of any impact, and no sideways scrolling at 360 px. One axe run per width
 * (the page is long: every operation of the document).
 */
async function expectAxeClean(page: Page, label: string): Promise<void> {
  const problems: string[] = [];
  for (const viewport of [MOBILE, DESKTOP]) {
    await page.setViewportSize(viewport);
    const results = await new AxeBuilder({ page }).options({ rules: { 'target-size': { enabled: true } } }).analyze();
    for (const v of results.violations) problems.push(`${label} at ${viewport.width}px: [${v.impact}] ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${label} at ${viewport.width}px: scrolls sideways by ${overflow}px`);
  }
  expect(problems).toEqual([]);
}

describe('API documentation (/api/docs)', () => {
  it('from the footer, in Vietnamese then English: the site around it, every operation, details without script, axe clean, a way back', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      const document = (await (await page.request.get('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
      const operationIds = Object.values(document.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));

      await page.goto('/');
      await Promise.all([page.waitForURL('**/api/docs'), page.locator('footer a[href="/api/docs"]').click()]);
      expect(await page.getAttribute('html', 'lang')).toBe('vi');
      expect(await page.title()).toMatch(/^Tài liệu API · /);
      expect(await page.locator('h1').innerText()).toBe('Tài liệu API');
      expect(await page.locator('article.api-operation').count()).toBe(operationIds.length);
      for (const id of operationIds.slice(0, 5)) expect(await page.locator(`article[id="${id}"]`).count()).toBe(1);
      // The operations' own texts are English, and say so.
      expect(await page.locator('article.api-operation p[lang="en"]').count()).toBeGreaterThan(0);

      // Details open natively; the schemes are linked from each operation.
      const signed = page.locator('article#postSyncDossiers');
      await signed.locator('summary').click();
      await expect.poll(() => signed.locator('pre.api-schema').first().isVisible()).toBe(true);
      await signed.locator('a[href="#scheme-egovSignedRequest"]').click();
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#scheme-egovSignedRequest');

      await expectAxeClean(page, 'api docs vi');

      await switchLanguage(page);
      expect(pathOf(page)).toBe('/api/docs');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.locator('h1').innerText()).toBe('API documentation');
      await expectAxeClean(page, 'api docs en');

      await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('link', { name: 'Back to the home page of the public service portal' }).click()]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
