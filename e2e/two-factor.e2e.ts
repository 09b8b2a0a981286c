import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { logIn, logOut, pathOf, submit } from './pages.ts';

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

const clickSubmit = (page: Page) =>
  Promise.all([page.waitForNavigation(), page.locator('main form[method="post"] [type="submit"]').first().click()]);

describe('two-factor authentication', () => {
  it('a citizen enrols an authenticator, then logs in with a code (pages accessible at 360 and 1280 px)', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await logIn(page, '001090000001', 'Demo@2026egov');
      await page.goto('/account/two-factor');
      await expectAccessible(page, 'two-factor enrolment');
      const secret = (await page.locator('main code.secret-key').innerText()).replace(/\s/g, '');
      await page.locator('main [name="code"]').fill(await generate({ secret }));
      await clickSubmit(page);
      expect(await page.locator('main ul.recovery-codes li').count()).toBe(10);
      await expectAccessible(page, 'recovery codes');
      await page.goto('/account/two-factor');
      await expectAccessible(page, 'two-factor enrolled');

      await logOut(page);
      await page.goto('/login');
      await page.locator('main [name="identifier"]').fill('001090000001');
      await page.locator('main [name="password"]').fill('Demo@2026egov');
      await submit(page);
      expect(pathOf(page)).toBe('/login/second-factor');
      await expectAccessible(page, 'login code');
      await page.locator('main [name="code"]').fill('000000');
      await clickSubmit(page);
      expect(pathOf(page)).toBe('/login/second-factor');
      await expectAccessible(page, 'login code refused');
      // The next step's code: the one of this step was spent by the enrolment if it is the same step.
      await page.locator('main [name="code"]').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
      await clickSubmit(page);
      expect(pathOf(page)).toBe('/profile');

      await page.goto('/login/step-up?next=%2Fprofile');
      await expectAccessible(page, 'step-up');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a demo official logs in with the demo authenticator and reaches the console', async () => {
    const { context, page } = await newSession(browser, platform.baseUrl);
    try {
      await logIn(page, 'lanhdao.h49@demo.egov.vn', 'Demo@2026egov');
      expect(pathOf(page)).toBe('/console');
    } finally {
      await context.close();
    }
  });
});
