import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { pathOf } from './pages.ts';
import { samplePdf, samplePng } from '../src/platform/testing/sample-files.ts';

// A citizen files a birth registration online and tracks it signed out (issue #3, "Done when").

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

// Uploads are checked for their structure (a PDF must parse, a PNG must be whole).
const PDF = samplePdf();
const BIRTH = '1.001193.000.00.00.H49';

async function logInAt(page: Page, identifier: string): Promise<void> {
  expect(pathOf(page)).toBe('/login');
  await page.locator('main [name="identifier"]').fill(identifier);
  await page.locator('main [name="password"]').fill('Demo@2026egov');
  await Promise.all([page.waitForNavigation(), page.locator('main form[method="post"]:has([name="password"]) [type="submit"]').click()]);
}

async function submitForm(page: Page, buttonText: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.locator('main button[type="submit"]', { hasText: buttonText }).first().click()]);
}

describe('online application', () => {
  it('search → apply → fix an error → upload → check → submit → receipt PDF → track signed out', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    let code: string;
    try {
      // Accents optional: the search finds Đăng ký khai sinh, shown for the province the citizen
      // chose (Quảng Ninh, 22): a procedure each province publishes is one result.
      await page.goto(`/procedures?q=${encodeURIComponent('dang ky khai sinh')}&home=22`);
      const result = page.locator(`main h3 a[href="/procedures/${encodeURIComponent(BIRTH)}"]`).first();
      expect(await result.innerText()).toContain('Đăng ký khai sinh');
      await Promise.all([page.waitForNavigation(), result.click()]);

      // Applying needs an account: the procedure page's link leads to login, which brings the citizen back.
      await Promise.all([page.waitForNavigation(), page.locator('main a', { hasText: 'Nộp hồ sơ trực tuyến' }).click()]);
      await logInAt(page, '001090000001');
      expect(pathOf(page)).toBe(`/procedures/${encodeURIComponent(BIRTH)}/apply`);
      await expectAccessible(page, 'apply start');

      await page.locator('main [name="caseCode"]').selectOption('01');
      await page.locator('main [name="receivingAgency"]').selectOption('000.00.51.H49');
      await submitForm(page, 'Bắt đầu');
      expect(pathOf(page)).toMatch(/^\/applications\/[0-9a-f-]{36}\/form$/);

      // Prefilled from the account.
      expect(await page.locator('main [name="applicantPersonalId"]').inputValue()).toBe('001090000001');
      if ((await page.locator('main [name="applicantPhone"]').inputValue()) === '') await page.locator('main [name="applicantPhone"]').fill('0912345678');
      await page.locator('main [name="relation"]').selectOption('father');
      await page.locator('main [name="gender"]').selectOption('male');
      await page.locator('main [name="childBirthDate"]').fill('2026-11-01');
      await page.locator('main [name="ethnicity"]').fill('Kinh');
      await page.locator('main [name="motherName"]').fill('Lê Thị Hoa');
      await page.locator('main [name="motherPersonalId"]').fill('022192000123');
      await page.locator('main [name="fatherKnown"]').selectOption('no');
      // Province → commune with JavaScript: the commune list fills itself (without: e2e/narrow.e2e.ts).
      await page.locator('main [name="childBirthPlace.province"]').selectOption('22');
      await page.locator('main [name="childBirthPlace.street"]').fill('Bệnh viện đa khoa Vân Đồn');
      await page.locator('main [name="childBirthPlace.commune"]').selectOption('06994');
      // The child's name is left out: the server says so, next to the field.
      await submitForm(page, 'Lưu và tiếp tục');
      const summary = page.locator('.error-summary');
      expect(await summary.innerText()).toContain('Nhập Họ, chữ đệm và tên của trẻ');
      expect(await page.locator('#f-childName-error').innerText()).toContain('Nhập Họ, chữ đệm và tên của trẻ');
      expect(await page.locator('main [name="childBirthPlace.street"]').inputValue()).toBe('Bệnh viện đa khoa Vân Đồn');
      await expectAccessible(page, 'apply form with an error');
      await page.locator('main [name="childName"]').fill('Nguyễn Minh Khôi');
      await submitForm(page, 'Lưu và tiếp tục');
      expect(pathOf(page)).toMatch(/\/uploads$/);

      await expectAccessible(page, 'apply uploads');
      await page.locator('main input[name="c0"]').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.locator('main input[name="c1"]').setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
      await submitForm(page, 'Lưu và tiếp tục');
      expect(pathOf(page)).toMatch(/\/review$/);
      const review = await page.locator('main').innerText();
      expect(review).toContain('Nguyễn Minh Khôi');
      expect(review).toContain('giay-chung-sinh.pdf');
      await expectAccessible(page, 'apply review');
      await submitForm(page, 'Nộp hồ sơ');

      expect(pathOf(page)).toMatch(/^\/dossiers\/.+\/receipt$/);
      code = (await page.locator('main .notice strong').innerText()).trim();
      expect(code).toMatch(/^000\.00\.51\.H49-\d{6}-\d{4}$/);
      expect(await page.locator('main').innerText()).toContain('Mới đăng ký');
      await expectAccessible(page, 'receipt');
      const pdf = await page.request.get(`/dossiers/${encodeURIComponent(code)}/receipt.pdf`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }

    // Someone signed out finds it with the code and the applicant's ID number.
    const visitor = await newSession(browser, platform.baseUrl);
    try {
      await visitor.page.goto(`/track?code=${encodeURIComponent(code)}`);
      expect(await visitor.page.locator('main [name="code"]').inputValue()).toBe(code);
      await visitor.page.locator('main [name="verifier"]').fill('001090000002');
      await submitForm(visitor.page, 'Tra cứu');
      expect(await visitor.page.locator('main').innerText()).toContain('Không tìm thấy hồ sơ');
      await visitor.page.locator('main [name="verifier"]').fill('001090000001');
      await submitForm(visitor.page, 'Tra cứu');
      const text = await visitor.page.locator('main').innerText();
      expect(text).toContain('Mới đăng ký');
      expect(text).toContain('Đăng ký khai sinh');
      await expectAccessible(visitor.page, 'tracking result');
      expect(visitor.consoleErrors).toEqual([]);
    } finally {
      await visitor.context.close();
    }
  });

  it('a business applies for a construction permit, meets a missing-file error, submits, gets the receipt PDF and is found signed out', async () => {
    const PERMIT = '1.009995.000.00.00.H49';
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    let code: string;
    try {
      await page.goto(`/procedures?q=${encodeURIComponent('giay phep xay dung')}&home=22`);
      const result = page.locator(`main h3 a[href="/procedures/${encodeURIComponent(PERMIT)}"]`).first();
      expect(await result.innerText()).toContain('Cấp giấy phép xây dựng');
      await page.goto(`/procedures/${encodeURIComponent(PERMIT)}/apply`);
      await logInAt(page, '5700100256');
      await page.locator('main [name="receivingAgency"]').selectOption('000.00.04.H49');
      await submitForm(page, 'Bắt đầu');
      expect(await page.locator('main [name="applicantTaxCode"]').inputValue()).toBe('5700100256');
      if ((await page.locator('main [name="applicantPhone"]').inputValue()) === '') await page.locator('main [name="applicantPhone"]').fill('02033 846 123');
      await page.locator('main [name="address.province"]').selectOption('22');
      await page.locator('main [name="address.commune"]').selectOption('06994');
      await page.locator('main [name="address.street"]').fill('Số 5 đường Cái Rồng');
      await page.locator('main [name="note"]').fill('Xây dựng nhà xưởng chế biến hải sản');
      await submitForm(page, 'Lưu và tiếp tục');
      expect(pathOf(page)).toMatch(/\/uploads$/);
      // One file missing: the page names it.
      for (const index of [0, 1, 2, 3]) await page.locator(`main input[name="c${index}"]`).setInputFiles({ name: `giay-to-${index}.pdf`, mimeType: 'application/pdf', buffer: PDF });
      await submitForm(page, 'Lưu và tiếp tục');
      expect(await page.locator('.error-summary').innerText()).toContain('Văn bản thẩm duyệt thiết kế về phòng cháy và chữa cháy');
      await page.locator('main input[name="c4"]').setInputFiles({ name: 'pccc.png', mimeType: 'image/png', buffer: samplePng() });
      await submitForm(page, 'Lưu và tiếp tục');
      expect(pathOf(page)).toMatch(/\/review$/);
      await submitForm(page, 'Nộp hồ sơ');
      code = (await page.locator('main .notice strong').innerText()).trim();
      expect(code).toMatch(/^000\.00\.04\.H49-\d{6}-\d{4}$/);
      const pdf = await page.request.get(`/dossiers/${encodeURIComponent(code)}/receipt.pdf`);
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await page.goto('/my/dossiers');
      expect(await page.locator('main table').innerText()).toContain(code);
      await expectAccessible(page, 'my dossiers');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }

    // Signed out, the code and the business's tax code find it.
    const visitor = await newSession(browser, platform.baseUrl);
    try {
      await visitor.page.goto(`/track?code=${encodeURIComponent(code)}`);
      await visitor.page.locator('main [name="verifier"]').fill('5700100256');
      await submitForm(visitor.page, 'Tra cứu');
      const text = await visitor.page.locator('main').innerText();
      expect(text).toContain('Mới đăng ký');
      expect(text).toContain('Cấp giấy phép xây dựng');
      expect(visitor.consoleErrors).toEqual([]);
    } finally {
      await visitor.context.close();
    }
  });
});
