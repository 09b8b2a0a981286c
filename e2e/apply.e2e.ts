import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { pathOf, fillBirthAnswers } from './pages.ts';
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

// The words the journey reads and presses, in each language of the portal.
const WORDS = {
  vi: { applyOnline: 'Nộp hồ sơ trực tuyến', start: 'Bắt đầu', continue: 'Lưu và tiếp tục', submit: 'Nộp hồ sơ', track: 'Tra cứu', childNameMissing: 'Nhập họ, chữ đệm và tên của trẻ', newlyRegistered: 'Mới đăng ký', whatNext: 'Việc gì diễn ra tiếp theo', notFound: 'Không tìm thấy hồ sơ' },
  en: { applyOnline: 'Apply online', start: 'Start', continue: 'Save and continue', submit: 'Submit the dossier', track: 'Track', childNameMissing: "Enter the child's full name", newlyRegistered: 'Newly registered', whatNext: 'What happens next', notFound: 'No dossier matches' },
} as const;

/** The whole citizen journey in one language; expectAccessible runs axe at 360 and 1280 px on every page. */
async function applyAndTrack(locale: keyof typeof WORDS): Promise<void> {
  const w = WORDS[locale];
  const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
  let code: string;
  try {
      if (locale === 'en') await page.goto('/lang/en?next=/');
      // Accents optional: the search finds Đăng ký khai sinh, shown for the province the citizen
      // chose (Quảng Ninh, 22): a procedure each province publishes is one result.
      await page.goto(`/procedures?q=${encodeURIComponent('dang ky khai sinh')}&home=22`);
      const result = page.locator(`main h3 a[href="/procedures/${encodeURIComponent(BIRTH)}"]`).first();
      if (locale === 'vi') expect(await result.innerText()).toContain('Đăng ký khai sinh');
      await Promise.all([page.waitForNavigation(), result.click()]);

      // Applying needs an account: the procedure page's link leads to login, which brings the citizen back.
      await Promise.all([page.waitForNavigation(), page.locator('main a', { hasText: w.applyOnline }).click()]);
      await logInAt(page, '001090000001');
      expect(pathOf(page)).toBe(`/procedures/${encodeURIComponent(BIRTH)}/apply`);
      await expectAccessible(page, 'apply start');

      await page.locator('main [name="caseCode"]').selectOption('01');
      await page.locator('main [name="receivingAgency"]').selectOption('000.00.51.H49');
      await submitForm(page, w.start);
      expect(pathOf(page)).toMatch(/^\/applications\/[0-9a-f-]{36}\/form$/);

      // Prefilled from the account.
      expect(await page.locator('main [name="applicantPersonalId"]').inputValue()).toBe('001090000001');
      await fillBirthAnswers(page, { childName: null });
      // The child's name is left out: the server says so, next to the field.
      await submitForm(page, w.continue);
      const summary = page.locator('.error-summary');
      expect(await summary.innerText()).toContain(w.childNameMissing);
      expect(await page.locator('#f-childName-error').innerText()).toContain(w.childNameMissing);
      expect(await page.locator('main [name="childBirthPlace.street"]').inputValue()).toBe('Bệnh viện đa khoa Vân Đồn');
      await expectAccessible(page, 'apply form with an error');
      await page.locator('main [name="childName"]').fill('Nguyễn Minh Khôi');
      await submitForm(page, w.continue);
      expect(pathOf(page)).toMatch(/\/uploads$/);
      // Every step has a Back link to the one before.
      expect(await page.locator('main a.back-link').getAttribute('href')).toMatch(/\/form$/);

      await expectAccessible(page, 'apply uploads');
      await page.locator('main input[name="c0"]').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.locator('main input[name="c1"]').setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
      await submitForm(page, w.continue);
      expect(pathOf(page)).toMatch(/\/review$/);
      const review = await page.locator('main').innerText();
      expect(review).toContain('Nguyễn Minh Khôi');
      expect(review).toContain('giay-chung-sinh.pdf');
      await expectAccessible(page, 'apply review');
      await submitForm(page, w.submit);

      expect(pathOf(page)).toMatch(/^\/dossiers\/.+\/receipt$/);
      code = (await page.locator('main .panel-confirmation strong').innerText()).trim();
      expect(code).toMatch(/^000\.00\.51\.H49-\d{6}-\d{4}$/);
      expect(await page.locator('main').innerText()).toContain(w.newlyRegistered);
      // What happens next, and where to track it: the progress page, "my dossiers", the lookup by code.
      expect(await page.locator('main h2', { hasText: w.whatNext }).count()).toBe(1);
      expect(await page.locator('main a[href="/my/dossiers"]').count()).toBe(1);
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
      if (locale === 'en') await visitor.page.goto('/lang/en?next=/');
      await visitor.page.goto(`/track?code=${encodeURIComponent(code)}`);
      expect(await visitor.page.locator('main [name="code"]').inputValue()).toBe(code);
      await visitor.page.locator('main [name="verifier"]').fill('001090000002');
      await submitForm(visitor.page, w.track);
      expect(await visitor.page.locator('main').innerText()).toContain(w.notFound);
      await visitor.page.locator('main [name="verifier"]').fill('001090000001');
      await submitForm(visitor.page, w.track);
      const text = await visitor.page.locator('main').innerText();
      expect(text).toContain(w.newlyRegistered);
      if (locale === 'vi') expect(text).toContain('Đăng ký khai sinh');
      await expectAccessible(visitor.page, 'tracking result');
      expect(visitor.consoleErrors).toEqual([]);
    } finally {
      await visitor.context.close();
    }
}

describe('online application', () => {
  it('search → apply → fix an error → upload → check → submit → receipt PDF → track signed out', () => applyAndTrack('vi'));

  it('the same journey in English, every page accessible at 360 and 1280 px', () => applyAndTrack('en'));

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
      code = (await page.locator('main .panel-confirmation strong').innerText()).trim();
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
