import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newSession, randomCitizen, startPlatform, type RunningPlatform } from './harness.ts';
import { fillRegistration, logIn, logOut, pathOf, submit, switchLanguage } from './pages.ts';

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

const lang = (page: Page) => page.getAttribute('html', 'lang');

/** The text of a mail written by the platform (no SMTP in e2e: `DATA_DIR/mail/*.eml`). */
function mailText(raw: string): { to: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const to = /^to:\s*(.*)$/im.exec(headers)?.[1]?.trim() ?? '';
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return { to, text: Buffer.from(body, 'base64').toString('utf8') };
  if (encoding !== 'quoted-printable') return { to, text: body };
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return { to, text: Buffer.from(bytes, 'latin1').toString('utf8') };
}

/** The confirmation link mailed to `address`, once the platform's worker has written the mail. */
async function confirmationLinkFor(address: string): Promise<string> {
  const directory = path.join(platform.dataDir, 'mail');
  const find = async () => {
    const files = await readdir(directory).catch(() => [] as string[]);
    for (const file of files.filter((f) => f.endsWith('.eml')).sort().reverse()) {
      const mail = mailText(await readFile(path.join(directory, file), 'utf8'));
      const link = mail.to.includes(address) ? /https?:\/\/\S+\/register\/confirm\?token=\S+/.exec(mail.text)?.[0] : undefined;
      if (link) return link;
    }
    return undefined;
  };
  await expect.poll(find, { timeout: 15_000, interval: 250 }).toBeDefined();
  return (await find()) ?? '';
}
const heading = (page: Page) => page.locator('main h1').first().innerText();

describe('a citizen', () => {
  it('registers, confirms the e-mail, logs in with the personal ID, logs out, switches to English and back', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      const citizen = randomCitizen();
      await page.goto('/register');
      expect(await lang(page)).toBe('vi');
      await expectAccessible(page, 'register');
      await fillRegistration(page, citizen);
      await submit(page);
      // The same answer whether or not the identifiers were free: the rest is in the mail.
      expect(pathOf(page), await page.locator('main').innerText()).toBe('/register/sent');
      await expectAccessible(page, 'register sent');

      // Not confirmed yet: the right password is not enough.
      await logIn(page, citizen.personalId, citizen.password);
      expect(pathOf(page)).toBe('/login');
      expect(await page.locator('main a[href="/register/resend"]').count()).toBeGreaterThan(0);

      await page.goto(await confirmationLinkFor(citizen.email));
      await expectAccessible(page, 'confirm e-mail');
      await Promise.all([page.waitForNavigation(), page.locator('main form[action="/register/confirm"] [type="submit"]').click()]);
      expect(pathOf(page)).toBe('/login');
      await logIn(page, citizen.personalId, citizen.password);
      expect(pathOf(page), await page.locator('main').innerText()).toBe('/profile');
      // Signed in: the header offers the logout, the profile shows who this is.
      expect(await page.locator('header form[action="/logout"]').count()).toBe(1);
      expect(await page.locator('header nav').innerText()).toContain(citizen.fullName);
      expect(await page.locator('main').innerText()).toContain(citizen.personalId);
      await expectAccessible(page, 'profile');

      await logOut(page);
      expect(pathOf(page)).toBe('/');
      expect(await page.locator('header form[action="/logout"]').count()).toBe(0);
      // The profile is no longer reachable.
      const again = await page.goto('/profile');
      expect(pathOf(page) === '/login' || again?.status() === 401, `GET /profile after logout: ${again?.status()} ${page.url()}`).toBe(true);

      await page.goto('/login');
      await expectAccessible(page, 'login');
      await logIn(page, citizen.personalId, citizen.password);
      expect(pathOf(page)).toBe('/profile');
      const vietnameseHeading = await heading(page);

      await switchLanguage(page);
      expect(pathOf(page)).toBe('/profile');
      expect(await lang(page)).toBe('en');
      const englishHeading = await heading(page);
      expect(englishHeading).not.toBe(vietnameseHeading);
      expect(await page.locator('header').innerText()).toContain('Log out');
      await expectAccessible(page, 'profile (English)');

      await switchLanguage(page);
      expect(pathOf(page)).toBe('/profile');
      expect(await lang(page)).toBe('vi');
      expect(await heading(page)).toBe(vietnameseHeading);
      expect(await page.locator('header').innerText()).toContain('Đăng xuất');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('cannot log in with a wrong password, and is told so on an accessible page', async () => {
    const { context, page } = await newSession(browser, platform.baseUrl);
    try {
      await logIn(page, '001090000001', 'wrong-password-1');
      expect(pathOf(page)).toBe('/login');
      expect(await page.locator('header form[action="/logout"]').count()).toBe(0);
      await expectAccessible(page, 'login failed');
    } finally {
      await context.close();
    }
  });
});

describe('an official', () => {
  it('logs in and sees the console of their agency (Quảng Ninh)', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await logIn(page, 'lanhdao.h49@demo.egov.vn', 'Demo@2026egov');
      expect(pathOf(page), await page.locator('main').innerText()).toBe('/console');
      const main = await page.locator('main').innerText();
      expect(main).toContain('Quảng Ninh');
      expect(main).toContain('000.00.00.H49');
      expect(await page.locator('main h1').count()).toBe(1);
      await expectAccessible(page, 'console');

      await switchLanguage(page);
      expect(pathOf(page)).toBe('/console');
      expect(await lang(page)).toBe('en');
      await expectAccessible(page, 'console (English)');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works without JavaScript: a demo citizen logs in, reaches the profile and logs out', async () => {
    const { context, page } = await newSession(browser, platform.baseUrl, { javaScriptEnabled: false });
    try {
      await logIn(page, '022190000002', 'Demo@2026egov');
      expect(pathOf(page)).toBe('/profile');
      expect(await page.locator('header nav').innerText()).toContain('Trần Thị Bình');
      await logOut(page);
      expect(pathOf(page)).toBe('/');
      expect(await page.locator('header form[action="/logout"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('a citizen is not let into the console', async () => {
    const { context, page } = await newSession(browser, platform.baseUrl);
    try {
      await logIn(page, '001090000001', 'Demo@2026egov');
      expect(pathOf(page)).toBe('/profile');
      const response = await page.goto('/console');
      expect(response?.status()).toBe(403);
      // The error page still shows who is signed in.
      expect(await page.locator('header nav').innerText()).toContain('Nguyễn Văn An');
      await expectAccessible(page, 'forbidden');
    } finally {
      await context.close();
    }
  });
});

describe('a wrong registration', () => {
  it('shows the errors at the top and next to each field, tied to it with aria-describedby', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await page.goto('/register');
      const citizen = randomCitizen();
      await fillRegistration(page, { ...citizen, personalId: '12345', email: 'not-an-e-mail', passwordConfirm: `${citizen.password}x` });
      await submit(page);

      expect(new URL(page.url()).pathname).toBe('/register');
      const summary = page.locator('.error-summary');
      await expect.poll(() => summary.count()).toBe(1);
      const invalid = page.locator('main [aria-invalid="true"]');
      const names = await invalid.evaluateAll((els) => els.map((e) => e.getAttribute('name')));
      expect(names).toEqual(expect.arrayContaining(['personalId', 'email']));
      expect(names.some((n) => n === 'password' || n === 'passwordConfirm')).toBe(true);

      // Every invalid field points at a visible error message, and the summary links to the field.
      for (const name of names) {
        const field = page.locator(`main [name="${name}"]`);
        const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
        const texts = await Promise.all(describedBy.split(/\s+/).filter(Boolean).map((id) => page.locator(`[id="${id}"]`).innerText()));
        const errorText = texts.find((t) => t.trim().length > 0 && t.trim() !== '');
        expect(describedBy, `${name} has aria-describedby`).not.toBe('');
        expect(errorText, `${name} is described by an error`).toBeTruthy();
        const id = await field.getAttribute('id');
        expect(await summary.locator(`a[href="#${id}"]`).count(), `summary links to #${id}`).toBe(1);
      }

      // What the visitor typed (but never a password) is kept.
      expect(await page.locator('main [name="fullName"]').inputValue()).toBe(citizen.fullName);
      expect(await page.locator('main [name="password"]').inputValue()).toBe('');

      // The summary's link takes keyboard users to the field.
      const firstLink = summary.locator('a').first();
      const target = ((await firstLink.getAttribute('href')) ?? '').slice(1);
      await firstLink.click();
      await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toBe(`#${target}`);

      await expectAccessible(page, 'register with errors');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
