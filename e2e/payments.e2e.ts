import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { fillBirthApplication, logIn, press } from './pages.ts';
import { samplePdf } from '../src/platform/testing/sample-files.ts';

// Fees and payments (issue #14, "Done when"): a citizen applies; the ward accepts; the
// specialist requests the financial obligation (status 6); a declined payment leaves the
// dossier waiting with a clear message; a payment through the local VNPay gateway, whose IPN
// arrives twice, is applied once and the dossier moves on; the receipt PDF has the amount in words.

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

const PDF = samplePdf();
const WARD_STAFF = { clerk: 'motcua.51h49@demo.egov.vn', specialist: 'chuyenvien.51h49@demo.egov.vn' };
const WORDS = 'Sáu trăm năm mươi nghìn đồng';

async function official(login: string, act: (page: Page) => Promise<void>): Promise<void> {
  const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
  try {
    await logIn(page, login, 'Demo@2026egov');
    await act(page);
    expect(consoleErrors).toEqual([]);
  } finally {
    await context.close();
  }
}

/** From the order page to the local gateway's page. */
async function toGateway(page: Page): Promise<void> {
  await press(page, 'Thanh toán trực tuyến qua VNPay');
  await Promise.all([page.waitForNavigation(), page.locator('main #to-gateway').click()]);
  expect(new URL(page.url()).pathname).toBe('/local-gateway/vnpay/paymentv2/vpcpay.html');
  expect(await page.locator('main').innerText()).toContain('650.000 ₫');
}

describe('payments', () => {
  it('status 6 → declined (still waiting) → paid through the local gateway, IPN twice, applied once → the dossier moves on → receipt with the amount in words', async () => {
    const citizen = await newSession(browser, platform.baseUrl);
    const page = citizen.page;
    await logIn(page, '001090000001', 'Demo@2026egov');
    await fillBirthApplication(page);
    await page.locator('main input[name="c0"]').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.locator('main input[name="c1"]').setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
    await press(page, 'Lưu và tiếp tục');
    // The check-answers page says what the case costs (birth registration on time: nothing).
    expect(await page.locator('main').innerText()).toContain('Không thu phí, lệ phí');
    await press(page, 'Nộp hồ sơ');
    const code = (await page.locator('main .panel-confirmation strong').innerText()).trim();
    expect(code).toMatch(/^000\.00\.51\.H49-\d{6}-\d{4}$/);
    const dossierPath = `/console/work/${encodeURIComponent(code)}`;

    // The clerk accepts; the specialist on the review step requests the financial obligation.
    await official(WARD_STAFF.clerk, async (p) => {
      await p.goto(dossierPath);
      await press(p, 'Tiếp nhận hồ sơ');
      expect(await p.locator('main').innerText()).toContain('Đã lưu');
    });
    await official(WARD_STAFF.specialist, async (p) => {
      await p.goto(dossierPath);
      await Promise.all([p.waitForNavigation(), p.locator('main a', { hasText: 'Yêu cầu thực hiện nghĩa vụ tài chính' }).click()]);
      await expectAccessible(p, 'financial obligation form');
      await p.locator('main [name="amountVnd"]').fill('650000');
      await p.locator('main [name="description"]').fill('Lệ phí cấp giấy phép');
      await press(p, 'Gửi yêu cầu');
      expect(await p.locator('main').innerText()).toContain('Đã lưu');
    });

    // The citizen finds the fee and declines it at the gateway: the dossier still waits, and the page says so.
    await page.goto('/payments');
    await expectAccessible(page, 'my fees');
    await Promise.all([page.waitForNavigation(), page.locator('main .card h2 a', { hasText: 'Lệ phí cấp giấy phép' }).first().click()]);
    let text = await page.locator('main').innerText();
    expect(text).toContain(code);
    expect(text).toContain('650.000 ₫');
    expect(text).toContain(WORDS);
    expect(await page.locator('#order-status').innerText()).toBe('Chờ thanh toán');
    await expectAccessible(page, 'fee to pay');
    const orderUrl = page.url();
    await toGateway(page);
    await expectAccessible(page, 'local gateway');
    await press(page, 'Từ chối giao dịch');
    expect(page.url()).toContain('result=failed');
    text = await page.locator('main').innerText();
    expect(text).toContain('Thanh toán không thành công');
    expect(text).toContain('hồ sơ vẫn đang chờ thực hiện nghĩa vụ tài chính');
    expect(await page.locator('#order-status').innerText()).toBe('Chờ thanh toán');
    await expectAccessible(page, 'declined payment');
    await page.goto(`/dossiers/${encodeURIComponent(code)}/progress`);
    expect(await page.locator('main').innerText()).toContain('Yêu cầu thực hiện nghĩa vụ tài chính');

    // Paid, the IPN sent twice at once (the gateway page's default): paid once.
    await page.goto(orderUrl);
    await toGateway(page);
    expect(await page.locator('main #twice').isChecked()).toBe(true);
    await press(page, 'Thanh toán');
    expect(page.url()).toContain('result=success');
    expect(await page.locator('#order-status').innerText()).toBe('Đã thanh toán');
    text = await page.locator('main').innerText();
    expect(text.match(/Thành công/g)).toHaveLength(1);
    await expectAccessible(page, 'paid fee');

    // The worker moves the dossier on once (status 4, "Đang xử lý").
    let progress = '';
    for (let i = 0; i < 40; i++) {
      await page.goto(`/dossiers/${encodeURIComponent(code)}/progress`);
      progress = await page.locator('main').innerText();
      if (progress.includes('Đã thực hiện nghĩa vụ tài chính')) break;
      await page.waitForTimeout(500);
    }
    expect(progress.match(/Đã thực hiện nghĩa vụ tài chính/g)).toHaveLength(1);
    expect(progress).toContain('Đang xử lý');

    // The receipt: a PDF whose amount in words is readable in its metadata (UTF-16BE, as PDF strings are).
    await page.goto(orderUrl);
    const href = await page.locator('main a', { hasText: 'Tải biên lai điện tử (PDF)' }).getAttribute('href');
    const receipt = await page.request.get(String(href));
    expect(receipt.status()).toBe(200);
    const bytes = await receipt.body();
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.indexOf(Buffer.from(WORDS, 'utf16le').swap16())).toBeGreaterThan(0);
    expect(citizen.consoleErrors).toEqual([]);
    await citizen.context.close();
  }, 400_000);
});
