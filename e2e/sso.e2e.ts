import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { logIn, pathOf } from './pages.ts';

// An agency portal (a tiny local server standing for the relying party) signs a citizen in
// through egov in a real browser: the admin page, the consent page and the profile pages.

let platform: RunningPlatform;
let browser: Browser;
let portal: http.Server;
let portalUrl: string;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  portal = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html lang="vi"><title>Portal</title><main><h1>Portal</h1></main></html>'));
  await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
  portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await new Promise((resolve) => portal?.close(resolve));
});

describe('single sign-on', () => {
  let clientId = '';

  it('the administrator registers an agency portal', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await logIn(page, 'admin@demo.egov.vn', 'Demo@2026egov');
      await page.goto('/admin/relying-parties');
      await expectAccessible(page, 'relying parties');
      const main = page.locator('main');
      await main.locator('[name="name"]').fill('Cổng dịch vụ công thử nghiệm');
      await main.locator('[name="kind"]').selectOption('public');
      await main.locator('[name="redirectUris"]').fill(`${portalUrl}/cb`);
      await main.locator('[name="contactEmail"]').fill('portal@example.vn');
      await Promise.all([page.waitForNavigation(), main.locator('form[action="/admin/relying-parties"] [type="submit"]').click()]);
      clientId = (await main.locator('code').filter({ hasText: /^rp-/ }).first().innerText()).trim();
      expect(clientId).toMatch(/^rp-/);
      await expectAccessible(page, 'relying party registered');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a citizen consents once and is sent back to the portal with a code; the profile lists the service', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await logIn(page, '001090000001', 'Demo@2026egov');
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const query = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid profile', redirect_uri: `${portalUrl}/cb`, code_challenge: challenge, code_challenge_method: 'S256', state: 'xyz' });
      await page.goto(`/oidc/auth?${query.toString()}`);
      expect(pathOf(page)).toMatch(/^\/oidc\/interaction\//);
      await expectAccessible(page, 'consent');
      await Promise.all([page.waitForURL(`${portalUrl}/cb**`), page.locator('main form[action$="/consent"] [type="submit"]').click()]);
      const back = new URL(page.url());
      expect(back.searchParams.get('code')).toBeTruthy();
      expect(back.searchParams.get('state')).toBe('xyz');

      await page.goto(`${platform.baseUrl}/profile`);
      await expectAccessible(page, 'profile');
      await page.goto(`${platform.baseUrl}/profile/connected-services`);
      expect(await page.locator('main').innerText()).toContain('Cổng dịch vụ công thử nghiệm');
      await expectAccessible(page, 'connected services');
      await page.goto(`${platform.baseUrl}/account/assurance`);
      await expectAccessible(page, 'assurance');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
