import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, MOBILE, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { logIn, pathOf } from './pages.ts';

// Task tracking (issue #16, "Done when"): a conclusion of a cabinet session creates two tasks;
// the lead ministry (Justice) reports progress and completes one with a document its clerk sent
// through the exchange; the other (Finance, its deadline already past) is on the Government
// Office's overdue list; the conclusion's page shows both tasks and the document. axe clean.

const PASSWORD = 'Demo@2026egov';
const SECRETARIAT = 'thuky.vpcp@demo.egov.vn';
const MONITOR = 'theodoi.vpcp@demo.egov.vn';
const JUSTICE_OFFICER = 'nhiemvu.g15@demo.egov.vn';
const JUSTICE_CLERK = 'vanthu.g15@demo.egov.vn';
const G12 = '000.00.00.G12';
const G15 = '000.00.00.G15';
const stamp = Date.now();
const ITEM = `Dự án Luật Hộ tịch (sửa đổi) ${stamp}`;
const TASK_DONE = `Hoàn thiện hồ sơ dự án Luật Hộ tịch ${stamp}`;
const TASK_LATE = `Báo cáo kinh phí thực hiện Luật Hộ tịch ${stamp}`;

let platform: RunningPlatform;
let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[][] = [];

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
}, 150_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await platform?.stop();
});

async function as(login: string): Promise<Page> {
  const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
  contexts.push(context);
  errors.push(consoleErrors);
  await logIn(page, login, PASSWORD);
  return page;
}

async function press(page: Page, root: ReturnType<Page['locator']>, text: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), root.locator('button[type="submit"]', { hasText: text }).first().click()]);
}

/** A day `days` from today in Vietnam, yyyy-MM-dd. */
const vnDay = (days: number) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const vnLocal = (hours: number) => new Date(Date.now() + 7 * 3_600_000 + hours * 3_600_000).toISOString().slice(0, 16);

describe('task tracking', () => {
  let sessionPath = '';
  let documentId = '';

  it('a cabinet conclusion creates two tasks, shown on the conclusion’s page', async () => {
    const page = await as(SECRETARIAT);
    await page.goto('/cabinet/sessions/new');
    await page.locator('main [name="kind"]').selectOption('regular');
    await page.locator('main [name="title"]').fill(`Phiên họp Chính phủ ${stamp}`);
    await page.locator('main [name="startsAt"]').fill(vnLocal(72));
    await page.locator('main [name="positionsCutoff"]').fill(vnLocal(24));
    await press(page, page.locator('main'), 'Tạo');
    sessionPath = pathOf(page);
    expect(sessionPath).toMatch(/^\/cabinet\/sessions\/\d+$/);
    const add = page.locator('main section.card', { hasText: 'Thêm nội dung' });
    await add.locator('[name="title"]').fill(ITEM);
    await press(page, add, 'Thêm nội dung');
    await press(page, page.locator('main'), 'Gửi chương trình tới thành viên');
    const card = page.locator('main section.card', { hasText: ITEM });
    await card.locator('[name="conclusion"]').fill('Chính phủ thống nhất thông qua dự án Luật.');
    await card.locator('[name="taskContent"]').fill(TASK_DONE);
    await card.locator('[name="taskAgency"]').fill(G15);
    await card.locator('[name="taskDeadline"]').fill(vnDay(30));
    await card.locator('[name="taskContent2"]').fill(TASK_LATE);
    await card.locator('[name="taskAgency2"]').fill(G12);
    // Already past: the task is overdue as soon as it is tracked.
    await card.locator('[name="taskDeadline2"]').fill(vnDay(-10));
    await press(page, card, 'Ghi kết luận');
    // The tasks module reads the conclusion from the log (the worker's consumer): wait for it.
    for (let i = 0; i < 30 && !(await page.locator('main section.card', { hasText: ITEM }).innerText()).includes(TASK_LATE); i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await page.goto(sessionPath);
    }
    const text = await page.locator('main section.card', { hasText: ITEM }).innerText();
    expect(text).toContain('Nhiệm vụ giao theo kết luận');
    expect(text).toContain(TASK_DONE);
    expect(text).toContain(TASK_LATE);
    expect(text).toContain('Quá hạn');
    await expectAccessible(page, 'cabinet conclusion with its tasks');
  });

  it('the ministry’s clerk sends the resulting document through the exchange', async () => {
    const page = await as(JUSTICE_CLERK);
    await page.goto('/exchange/compose');
    const main = page.locator('main');
    await main.locator('#picker-q').pressSequentially('văn phòng chính phủ', { delay: 20 });
    const add = main.locator('#picker-results button[name="add"][value="000.00.00.G22"]');
    await add.waitFor();
    await add.click();
    await main.locator('#picker-selected li[data-code="000.00.00.G22"]').waitFor();
    await main.locator('[name="subject"]').fill(`Tờ trình dự án Luật Hộ tịch (sửa đổi) ${stamp}`);
    await main.locator('[name="codeNumber"]').fill(String(stamp % 1000));
    await main.locator('[name="codeNotation"]').fill('TTr-BTP');
    await main.locator('[name="attachment"]').setInputFiles({ name: 'to-trinh.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% tờ trình\n%%EOF\n') });
    await Promise.all([page.waitForNavigation(), main.locator('form[method="post"][action="/exchange/compose"] [type="submit"]').first().click()]);
    expect(pathOf(page), await main.innerText()).toBe('/exchange/sent');
    const href = (await main.locator('tr', { hasText: `${stamp}` }).locator('a').first().getAttribute('href')) ?? '';
    await page.goto(href);
    documentId = (await page.locator('main dt:has-text("Mã định danh văn bản") + dd').innerText()).trim();
    expect(documentId).toMatch(/^000\.00\.00\.G15,\d{4}\/\d{2}\/\d{2},/);
  });

  it('the lead ministry accepts, reports progress and completes with that document, on a 360 px phone', async () => {
    const page = await as(JUSTICE_OFFICER);
    await page.setViewportSize(MOBILE);
    await page.goto('/console/tasks');
    expect(await page.locator('main').innerText()).not.toContain(TASK_LATE); // another ministry's task
    await Promise.all([page.waitForNavigation(), page.locator('main a', { hasText: TASK_DONE }).click()]);
    const taskPath = pathOf(page);
    await expectAccessible(page, 'task page (assigned)');
    await page.setViewportSize(MOBILE);
    await press(page, page.locator('main'), 'Tiếp nhận nhiệm vụ');
    await page.locator('main [name="percent"]').fill('60');
    await page.locator('main [name="note"]').fill('Đã lấy ý kiến các bộ, ngành; đang hoàn thiện tờ trình.');
    await press(page, page.locator('main'), 'Gửi báo cáo');
    expect(await page.locator('main').innerText()).toContain('Đang thực hiện');
    await page.locator('main [name="productDocumentId"]').fill(documentId);
    await page.locator('main [name="productNote"]').fill('Tờ trình gửi Chính phủ');
    await press(page, page.locator('main'), 'Báo cáo hoàn thành');
    expect(pathOf(page)).toBe(taskPath);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Đã hoàn thành');
    expect(text).toContain(documentId);
    await expectAccessible(page, 'task page (completed, with its trail)');
  });

  it('the other task is on the Government Office’s overdue list; the conclusion shows both tasks and the document', async () => {
    const monitor = await as(MONITOR);
    await monitor.goto('/console/tasks/overdue');
    const overdue = await monitor.locator('main').innerText();
    expect(overdue).toContain(TASK_LATE);
    expect(overdue).not.toContain(TASK_DONE);
    expect(overdue).toMatch(/Quá hạn \d+ ngày làm việc/);
    await expectAccessible(monitor, 'overdue list');
    await monitor.goto('/console/tasks/monitor');
    expect(await monitor.locator('main').innerText()).toContain('Tỷ lệ hoàn thành theo kỳ');
    await expectAccessible(monitor, 'task monitoring');

    const sec = await as(SECRETARIAT);
    await sec.goto(sessionPath);
    const card = await sec.locator('main section.card', { hasText: ITEM }).innerText();
    expect(card).toContain(TASK_DONE);
    expect(card).toContain(TASK_LATE);
    expect(card).toContain(documentId);
    expect(card).toContain('Đã hoàn thành');
    // Lineage the other way: from the task back to the conclusion.
    await Promise.all([sec.waitForNavigation(), sec.locator('main a', { hasText: TASK_DONE }).click()]);
    expect(pathOf(sec)).toMatch(/^\/console\/tasks\/\d+$/);
    await Promise.all([sec.waitForNavigation(), sec.locator('main a', { hasText: 'Xem kết luận phiên họp' }).click()]);
    expect(pathOf(sec)).toBe(sessionPath);
    for (const e of errors) expect(e).toEqual([]);
  });
});
