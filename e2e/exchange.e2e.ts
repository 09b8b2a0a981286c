import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { logIn, pathOf } from './pages.ts';

// The document exchange (liên thông văn bản) as clerks use it: Quảng Ninh sends one
// document to Hồ Chí Minh City and to the Ministry of Justice; the ministry accepts and
// finishes it, the city refuses; Quảng Ninh sees both histories. One browser context
// per official, as each works at their own desk.

const PASSWORD = 'Demo@2026egov';
const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';
const G15 = '000.00.00.G15';

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

interface Desk {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
}

async function signedIn(identifier: string, password = PASSWORD): Promise<Desk> {
  const desk = await newSession(browser, platform.baseUrl);
  await logIn(desk.page, identifier, password);
  expect(pathOf(desk.page), `${identifier} could not log in: ${await desk.page.locator('main').innerText()}`).toBe('/console');
  return desk;
}

/** Submits the form whose action is `action` (inside main) and waits for the next page. */
async function submitForm(page: Page, action: string): Promise<void> {
  const button = page.locator(`main form[method="post"][action="${action}"] [type="submit"]`).first();
  await Promise.all([page.waitForNavigation(), button.click()]);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pdf = Buffer.from('%PDF-1.4\n% công văn thử nghiệm e2e\n%%EOF\n');

describe('document exchange between agencies (clerk UI)', () => {
  // The demo data has clerks (văn thư) at Quảng Ninh and the Ministry of Justice; the admin adds another
  // through the officials admin, so that adding a clerk is covered end to end too.
  const g15Clerk = { email: `vanthu.g15.${Date.now()}@demo.egov.vn`, password: 'Van-thu-G15-2026!', fullName: 'Trịnh Văn Thư' };
  const subject = `V/v phối hợp kiểm tra hồ sơ liên thông ${Date.now()}`;
  let documentPath = '';
  const desks: Desk[] = [];

  afterAll(async () => {
    for (const desk of desks) await desk.context.close();
  });

  it('the system administrator adds a clerk at the Ministry of Justice', async () => {
    const admin = await newSession(browser, platform.baseUrl);
    try {
      await logIn(admin.page, 'admin@demo.egov.vn', PASSWORD);
      await admin.page.goto('/admin/officials/new');
      const main = admin.page.locator('main');
      await main.locator('[name="fullName"]').fill(g15Clerk.fullName);
      await main.locator('[name="email"]').fill(g15Clerk.email);
      await main.locator('[name="agencyCode"]').fill(G15);
      await main.locator('[name="roles"][value="exchange_clerk"]').check();
      await main.locator('[name="password"]').fill(g15Clerk.password);
      await submitForm(admin.page, '/admin/officials/new');
      expect(pathOf(admin.page), await main.innerText()).toMatch(/^\/admin\/officials\/[^/]+$/);
      expect(admin.consoleErrors).toEqual([]);
    } finally {
      await admin.context.close();
    }
  });

  it('a Quảng Ninh clerk composes a very urgent document with a PDF and sends it to two agencies', async () => {
    const sender = await signedIn('vanthu.h49@demo.egov.vn');
    desks.push(sender);
    const { page } = sender;
    // The console links to the exchange for clerks and leaders.
    await Promise.all([page.waitForNavigation(), page.locator('header a[href="/exchange"]').first().click()]);
    expect(pathOf(page)).toBe('/exchange');
    expect(await page.locator('main').innerText()).toContain(H49);

    // The picker's state is in the URL: both recipients chosen (exchange-clerks.e2e.ts types them).
    await page.goto(`/exchange/compose?to=${H29}&to=${G15}`);
    await expectAccessible(page, 'exchange compose');
    const main = page.locator('main');
    await main.locator('[name="subject"]').fill(subject);
    await main.locator('[name="codeNumber"]').fill('77');
    await main.locator('[name="codeNotation"]').fill('UBND-NC');
    expect(await main.locator('#compose-form [name="recipients"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([H29, G15]);
    await main.locator('[name="priority"]').selectOption('2');
    await main.locator('[name="dueDate"]').fill('2026-12-31');
    await main.locator('[name="content"]').fill('Đề nghị phối hợp kiểm tra và phản hồi trước ngày 31/12/2026.');
    await main.locator('[name="attachment"]').setInputFiles({ name: 'cong-van-77.pdf', mimeType: 'application/pdf', buffer: pdf });
    await submitForm(page, '/exchange/compose');

    expect(pathOf(page), await main.innerText()).toBe('/exchange/sent');
    const row = main.locator('tr', { hasText: subject });
    expect(await row.count()).toBe(1);
    const text = await row.innerText();
    expect(text).toContain('Thượng khẩn');
    expect(text).toContain(H29);
    expect(text).toContain(G15);
    documentPath = (await row.locator('a').first().getAttribute('href')) ?? '';
    expect(documentPath).toMatch(/^\/exchange\/packages\/[0-9a-f-]{36}$/);
    await expectAccessible(page, 'exchange sent (just sent)');
    expect(sender.consoleErrors).toEqual([]);
  });

  it('the ministry clerk finds it in the inbox, downloads the PDF, accepts it and finishes it', async () => {
    const clerk = await signedIn(g15Clerk.email, g15Clerk.password);
    desks.push(clerk);
    const { page, context } = clerk;
    await page.goto('/exchange');
    const row = page.locator('main tr', { hasText: subject });
    expect(await row.count(), await page.locator('main').innerText()).toBe(1);
    const text = await row.innerText();
    expect(text).toContain('Thượng khẩn');
    expect(text).toContain('31/12/2026');
    expect(text).toContain(H49);
    await expectAccessible(page, 'exchange inbox');

    await Promise.all([page.waitForNavigation(), row.locator(`a[href="${documentPath}"]`).click()]);
    expect(pathOf(page)).toBe(documentPath);
    const main = page.locator('main');
    expect(await main.innerText()).toContain('77/UBND-NC');
    await expectAccessible(page, 'exchange document (recipient)');

    const download = main.locator(`a[href="${documentPath}/attachments/1"]`);
    expect(await download.innerText()).toContain('cong-van-77.pdf');
    const file = await context.request.get(`${documentPath}/attachments/1`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.from(await file.body()).equals(pdf)).toBe(true);

    for (const [code, description] of [
      ['03', 'Đã vào sổ văn bản đến'],
      ['06', 'Đã hoàn thành kiểm tra'],
    ] as const) {
      await main.locator('[name="code"]').selectOption(code);
      await main.locator('[name="description"]').fill(description);
      await submitForm(page, `${documentPath}/status`);
      expect(page.url(), await main.innerText()).toContain(`${documentPath}?done=1`);
      expect(await main.locator('.timeline').innerText()).toContain(description);
    }
    await expectAccessible(page, 'exchange document (status sent)');

    // Handled documents leave the inbox.
    await page.goto('/exchange');
    expect(await page.locator('main tr', { hasText: subject }).count()).toBe(0);
    expect(clerk.consoleErrors).toEqual([]);
  });

  it('the Hồ Chí Minh City leader refuses it and sees only their own history', async () => {
    const leader = await signedIn('lanhdao.h29@demo.egov.vn');
    desks.push(leader);
    const { page } = leader;
    await page.goto('/exchange');
    const row = page.locator('main tr', { hasText: subject });
    expect(await row.count(), await page.locator('main').innerText()).toBe(1);
    await Promise.all([page.waitForNavigation(), row.locator(`a[href="${documentPath}"]`).click()]);
    const main = page.locator('main');
    await main.locator('[name="code"]').selectOption('02');
    await main.locator('[name="description"]').fill('Không thuộc thẩm quyền giải quyết');
    await submitForm(page, `${documentPath}/status`);
    expect(page.url(), await main.innerText()).toContain(`${documentPath}?done=1`);
    const timeline = await main.locator('.timeline').innerText();
    expect(timeline).toContain('Không thuộc thẩm quyền giải quyết');
    // The ministry's statuses are the sender's business, not another recipient's.
    expect(timeline).not.toContain('Đã vào sổ văn bản đến');
    expect(timeline).not.toContain('Đã hoàn thành kiểm tra');

    await page.goto('/exchange');
    expect(await page.locator('main tr', { hasText: subject }).count()).toBe(0);
    expect(leader.consoleErrors).toEqual([]);
  });

  it('the Quảng Ninh clerk sees both recipients’ status histories', async () => {
    const sender = desks[0];
    if (!sender) throw new Error('the sender’s desk was not opened (an earlier step failed)');
    const { page } = sender;
    await page.goto('/exchange/sent');
    const row = page.locator('main tr', { hasText: subject });
    const text = await row.innerText();
    expect(text).toMatch(new RegExp(`${escape(G15)}: [^;\\n]+; 06`));
    expect(text).toMatch(new RegExp(`${escape(H29)}: [^;\\n]+; 02`));
    await expectAccessible(page, 'exchange sent (with statuses)');

    await Promise.all([page.waitForNavigation(), row.locator(`a[href="${documentPath}"]`).click()]);
    const main = page.locator('main');
    const timeline = await main.locator('.timeline').innerText();
    for (const description of ['Đã vào sổ văn bản đến', 'Đã hoàn thành kiểm tra', 'Không thuộc thẩm quyền giải quyết']) expect(timeline).toContain(description);
    // The ministry's steps in order: accepted (03) before finished (06).
    expect(timeline.indexOf('Đã vào sổ văn bản đến')).toBeLessThan(timeline.indexOf('Đã hoàn thành kiểm tra'));
    // The sender reports no status on its own document.
    expect(await main.locator(`form[action="${documentPath}/status"]`).count()).toBe(0);
    await expectAccessible(page, 'exchange document (sender)');
    expect(sender.consoleErrors).toEqual([]);
  });
});
