import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, MOBILE, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { logIn, pathOf } from './pages.ts';

// A clerk's (văn thư) day on the document exchange, with the demo clerks of Quảng Ninh and the
// Ministry of Justice and the ministry's specialist: find a recipient by typing part of its
// name, send; accept (register number), assign, reply; the sender sees the reply linked to the
// original; the incoming register lists the document and exports it to Excel.

const PASSWORD = 'Demo@2026egov';
const H49 = '000.00.00.H49';
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

async function signedIn(identifier: string): Promise<Desk> {
  const desk = await newSession(browser, platform.baseUrl);
  await logIn(desk.page, identifier, PASSWORD);
  expect(pathOf(desk.page), `${identifier} could not log in: ${await desk.page.locator('main').innerText()}`).toBe('/console');
  return desk;
}

async function submitForm(page: Page, action: string): Promise<void> {
  const button = page.locator(`main form[method="post"][action="${action}"] [type="submit"]`).first();
  await Promise.all([page.waitForNavigation(), button.click()]);
}

const pdf = Buffer.from('%PDF-1.4\n% công văn văn thư e2e\n%%EOF\n');

describe('the clerks’ document exchange', () => {
  const subject = `V/v đề nghị cung cấp số liệu hộ tịch ${Date.now()}`;
  const replySubject = `Trả lời: cung cấp số liệu hộ tịch ${Date.now()}`;
  let documentPath = '';
  const desks: Desk[] = [];

  afterAll(async () => {
    for (const desk of desks) await desk.context.close();
  });

  it('the Quảng Ninh clerk finds the ministry by typing part of its name, and sends', async () => {
    const sender = await signedIn('vanthu.h49@demo.egov.vn');
    desks.push(sender);
    const { page } = sender;
    await page.goto('/exchange/compose');
    const main = page.locator('main');
    await main.locator('#picker-q').pressSequentially('tư pháp', { delay: 20 });
    const add = main.locator(`#picker-results button[name="add"][value="${G15}"]`);
    await add.waitFor();
    expect(await main.locator('#picker-results').innerText()).toContain('Bộ Tư pháp');
    await add.click();
    await main.locator(`#picker-selected li[data-code="${G15}"]`).waitFor();
    expect(await main.locator(`#compose-form input[name="recipients"][value="${G15}"]`).count()).toBe(1);
    // Still on the page: the type-ahead changed it in place.
    expect(pathOf(page)).toBe('/exchange/compose');
    await expectAccessible(page, 'exchange compose (recipient chosen)');
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(2500);
    // The choice made by typing is saved as a list of the agency, offered next time.
    await main.locator('#save-list summary').click();
    await main.locator('#save-list [name="listName"]').fill('Bộ ngành thường gửi');
    await submitForm(page, '/exchange/recipient-lists');
    expect(await main.locator('.notice').innerText()).toContain('Bộ ngành thường gửi');
    expect(await main.locator('button[name="list"]', { hasText: 'Bộ ngành thường gửi (1)' }).count()).toBe(1);
    await main.locator(`#picker-selected li[data-code="${G15}"]`).waitFor();
    await expectAccessible(page, 'exchange compose (list saved)');

    await main.locator('[name="subject"]').fill(subject);
    await main.locator('[name="codeNumber"]').fill('215');
    await main.locator('[name="codeNotation"]').fill('UBND-TP');
    await main.locator('[name="priority"]').selectOption('1');
    await main.locator('[name="attachment"]').setInputFiles({ name: 'cong-van-215.pdf', mimeType: 'application/pdf', buffer: pdf });
    await submitForm(page, '/exchange/compose');
    expect(pathOf(page), await main.innerText()).toBe('/exchange/sent');
    const row = main.locator('tr', { hasText: subject });
    expect(await row.innerText()).toContain('Bộ Tư pháp');
    documentPath = (await row.locator('a').first().getAttribute('href')) ?? '';
    expect(documentPath).toMatch(/^\/exchange\/packages\/[0-9a-f-]{36}$/);
    await expectAccessible(page, 'exchange sent');
    expect(sender.consoleErrors).toEqual([]);
  });

  it('the ministry clerk accepts it (register number given), assigns it to a specialist and replies', async () => {
    const clerk = await signedIn('vanthu.g15@demo.egov.vn');
    desks.push(clerk);
    const { page } = clerk;
    await page.goto('/exchange');
    const main = page.locator('main');
    const row = main.locator('tr', { hasText: subject });
    expect(await row.innerText()).toContain('Quảng Ninh');
    await page.setViewportSize(MOBILE);
    // At 360 px the inbox is one card per document, every value labelled.
    expect(await row.evaluate((tr) => getComputedStyle(tr).display)).toBe('block');
    await expectAccessible(page, 'exchange inbox');
    await Promise.all([page.waitForNavigation(), row.locator(`a[href="${documentPath}"]`).click()]);

    await main.locator('[name="code"]').selectOption('03');
    await main.locator('[name="description"]').fill('Đã tiếp nhận');
    await submitForm(page, `${documentPath}/status`);
    expect(await main.locator('.notice, [role="status"]').first().innerText()).toMatch(/số đến \d+\/\d{4}/);
    expect(await main.innerText()).toMatch(/Số đến \d+\/\d{4}/);

    const specialist = main.locator('[name="assignee"] option', { hasText: 'Bùi Đức Anh' });
    await main.locator('[name="assignee"]').selectOption((await specialist.getAttribute('value')) ?? '');
    await main.locator(`form[action="${documentPath}/assign"] [name="dueDate"]`).fill('2026-12-20');
    await main.locator('[name="note"]').fill('Đề nghị tổng hợp số liệu');
    await submitForm(page, `${documentPath}/assign`);
    expect(page.url()).toContain('done=assigned');
    expect(await main.innerText()).toContain('Bùi Đức Anh');
    await expectAccessible(page, 'exchange document (assigned)');

    await Promise.all([page.waitForNavigation(), main.locator('a', { hasText: 'Trả lời' }).first().click()]);
    expect(await main.locator(`#compose-form input[name="recipients"][value="${H49}"]`).count()).toBe(1);
    await main.locator('[name="subject"]').fill(replySubject);
    await main.locator('[name="codeNumber"]').fill('88');
    await main.locator('[name="codeNotation"]').fill('BTP-HT');
    await submitForm(page, '/exchange/compose');
    expect(pathOf(page), await main.innerText()).toBe('/exchange/sent');
    expect(await main.innerText()).toContain(replySubject);
    expect(clerk.consoleErrors).toEqual([]);
  });

  it('the specialist finds it in their own list', async () => {
    const desk = await signedIn('chuyenvien.g15@demo.egov.vn');
    desks.push(desk);
    const { page } = desk;
    await page.goto('/exchange/assigned');
    const main = page.locator('main');
    const text = await main.innerText();
    expect(text).toContain(subject);
    expect(text).toContain('20/12/2026');
    await expectAccessible(page, 'exchange assigned');
    await Promise.all([page.waitForNavigation(), main.locator(`a[href="${documentPath}"]`).click()]);
    expect(await main.innerText()).toContain('Đề nghị tổng hợp số liệu');
    expect(desk.consoleErrors).toEqual([]);
  });

  it('the sender sees the reply linked to the original', async () => {
    const sender = desks[0];
    if (!sender) throw new Error('the sender’s desk was not opened (an earlier step failed)');
    const { page } = sender;
    await page.goto(documentPath);
    const main = page.locator('main');
    const replies = main.locator('section[aria-labelledby="responses"]');
    expect(await replies.innerText()).toContain(replySubject);
    await Promise.all([page.waitForNavigation(), replies.locator('a', { hasText: replySubject }).click()]);
    expect(await main.innerText()).toContain('Trả lời cho văn bản');
    expect(await main.locator(`a[href="${documentPath}"]`).count()).toBe(1);
    await expectAccessible(page, 'exchange reply (sender of the original)');
    expect(sender.consoleErrors).toEqual([]);
  });

  it('the incoming register lists the document and exports it to Excel', async () => {
    const clerk = desks[1];
    if (!clerk) throw new Error('the ministry clerk’s desk was not opened (an earlier step failed)');
    const { page, context } = clerk;
    await page.goto('/exchange/registers/in');
    const main = page.locator('main');
    const row = main.locator('tr', { hasText: subject });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('215/UBND-TP');
    await expectAccessible(page, 'exchange incoming register');
    await main.locator('#reg-subject').fill('hộ tịch');
    await Promise.all([page.waitForNavigation(), main.locator('form.register-search button[type="submit"]').click()]);
    expect(await main.locator('tr', { hasText: subject }).count()).toBe(1);
    const href = (await main.locator('a', { hasText: 'Xuất Excel' }).getAttribute('href')) ?? '';
    const file = await context.request.get(href);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await file.body()) as unknown as ArrayBuffer);
    const values: string[] = [];
    workbook.worksheets[0]?.eachRow((r) => values.push(...(r.values as unknown[]).map(String)));
    expect(values).toContain(subject);
    expect(clerk.consoleErrors).toEqual([]);
  });
});
