import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { fillBirthApplication, giveStepUpCode, logIn, pathOf, press } from './pages.ts';
import { samplePdf } from '../src/platform/testing/sample-files.ts';

// The one-stop back office closes the citizen's loop (issue #12, "Done when"): a citizen applies;
// the ward's clerk asks for a missing document; the citizen uploads it; the clerk accepts; a
// specialist and a leader approve; the result is issued; the citizen downloads it and the QR
// page confirms it. The leader signed in longer ago than the step-up window (shortened to a minute
// for this run, STEP_UP_SECONDS) before approving: the approval
// asks for a fresh authenticator code (step-up, issue #13) and comes back to finish.
// A second scenario runs the liên thông procedure 1.003200 across the ward and the province's police.

let platform: RunningPlatform;
let browser: Browser;
/** The ward leader's session, opened first so that it is older than the step-up window when the leader approves. */
let leader: Awaited<ReturnType<typeof newSession>>;
let leaderSignedInAt = 0;

beforeAll(async () => {
  platform = await startPlatform({ STEP_UP_SECONDS: String(STEP_UP_SECONDS) });
  browser = await launchBrowser();
  leader = await newSession(browser, platform.baseUrl);
  await logIn(leader.page, WARD_STAFF.leader, 'Demo@2026egov');
  leaderSignedInAt = Date.now();
});

afterAll(async () => {
  await leader?.context.close();
  await browser?.close();
  await platform?.stop();
});

const PDF = samplePdf();
const WARD_STAFF = { clerk: 'motcua.51h49@demo.egov.vn', specialist: 'chuyenvien.51h49@demo.egov.vn', leader: 'lanhdao.51h49@demo.egov.vn' };
/** The province's police (one demo official holding clerk, specialist and leader). */
const POLICE_STAFF = 'motcua.3h49@demo.egov.vn';
const INTERAGENCY = '1.003200.000.00.00.H49';
/** The step-up window of this run (5 minutes by default): long enough for one official's action. */
const STEP_UP_SECONDS = 60;
const STEP_UP_MS = STEP_UP_SECONDS * 1000 + 5_000;

/** An official signs in, opens the dossier from their queue and presses one action. */
async function actAs(login: string, code: string, bucket: string, button: string | string[], fill?: (page: Page) => Promise<void>, checkAccessibility = false): Promise<void> {
  const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
  try {
    await logIn(page, login, 'Demo@2026egov');
    await page.goto(`/console/work?bucket=${bucket}`);
    const row = page.locator('main .card', { hasText: code });
    expect(await row.innerText()).toContain('Nguyễn Văn An');
    if (checkAccessibility) await expectAccessible(page, `queue ${bucket}`);
    await Promise.all([page.waitForNavigation(), row.locator('h3 a').click()]);
    expect(pathOf(page)).toBe(`/console/work/${encodeURIComponent(code)}`);
    if (checkAccessibility) await expectAccessible(page, 'dossier for an official');
    await fill?.(page);
    for (const b of typeof button === 'string' ? [button] : button) {
      await press(page, b);
      expect(await page.locator('main').innerText()).toContain('Đã lưu');
    }
    expect(consoleErrors).toEqual([]);
  } finally {
    await context.close();
  }
}

describe('back office', () => {
  // First, while the leader's sign-in ages past the step-up window (see beforeAll).
  it('liên thông: the ward hands 1.003200 to the police and gets it back; both queues show it', async () => {
    const citizen = await newSession(browser, platform.baseUrl);
    const page = citizen.page;
    await logIn(page, '001090000001', 'Demo@2026egov');
    await page.goto(`/procedures/${encodeURIComponent(INTERAGENCY)}/apply`);
    await page.locator('main [name="caseCode"]').selectOption('01');
    await page.locator('main [name="receivingAgency"]').selectOption('000.00.51.H49');
    await press(page, 'Bắt đầu');
    if ((await page.locator('main [name="applicantPhone"]').inputValue()) === '') await page.locator('main [name="applicantPhone"]').fill('0912345678');
    await page.locator('main [name="address.province"]').selectOption('22');
    await page.locator('main [name="address.street"]').fill('Số 5 đường Cái Rồng');
    await page.locator('main [name="address.commune"]').selectOption('06994');
    await page.locator('main [name="note"]').fill('Khai sinh, thường trú và thẻ BHYT cho cháu Nguyễn Minh Khôi');
    await press(page, 'Lưu và tiếp tục');
    await page.locator('main input[name="c0"]').setInputFiles({ name: 'to-khai-lien-thong.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.locator('main input[name="c1"]').setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
    await press(page, 'Lưu và tiếp tục');
    await press(page, 'Nộp hồ sơ');
    const code = (await page.locator('main .panel-confirmation strong').innerText()).trim();
    expect(code).toMatch(/^000\.00\.51\.H49-\d{6}-\d{4}$/);

    await actAs(WARD_STAFF.clerk, code, 'receive', 'Tiếp nhận hồ sơ');
    // The specialist finds it in "my work" (the steps they hold).
    await actAs(WARD_STAFF.specialist, code, 'mine', 'Duyệt và chuyển bước tiếp theo', undefined, true);
    // The ward's leader approves the birth registration: the dossier goes to the police.
    await actAs(WARD_STAFF.leader, code, 'processing', 'Duyệt và chuyển bước tiếp theo');

    // The police finds it in its "Liên thông" queue, with the trail, reviews and approves: back to the ward.
    const police = await newSession(browser, platform.baseUrl);
    await logIn(police.page, POLICE_STAFF, 'Demo@2026egov');
    await police.page.goto('/console/work?bucket=interagency');
    await expectAccessible(police.page, 'inter-agency queue');
    // Form 06, the register of this queue, as Excel.
    const register = await police.page.request.get(String(await police.page.locator('main a', { hasText: 'Excel' }).getAttribute('href')));
    expect(register.status()).toBe(200);
    expect(register.headers()['content-type']).toContain('spreadsheetml');
    expect((await register.body()).subarray(0, 2).toString()).toBe('PK');
    await Promise.all([police.page.waitForNavigation(), police.page.locator('main .card', { hasText: code }).locator('h3 a').click()]);
    const handed = await police.page.locator('main').innerText();
    expect(handed).toContain('Liên thông giữa các cơ quan');
    expect(handed).toContain('Chuyển liên thông đến');
    await expectAccessible(police.page, 'dossier handed to another agency');
    await press(police.page, 'Duyệt và chuyển bước tiếp theo');
    await press(police.page, 'Duyệt và chuyển bước tiếp theo');
    expect(await police.page.locator('main').innerText()).toContain('Chuyển trả kết quả liên thông về');
    expect(police.consoleErrors).toEqual([]);
    await police.context.close();

    // The ward's desk returns the result; the citizen sees the whole trail.
    await actAs(WARD_STAFF.clerk, code, 'processing', 'Ban hành và trả kết quả');
    await page.goto(`/dossiers/${encodeURIComponent(code)}/progress`);
    const progress = await page.locator('main').innerText();
    expect(progress).toContain('Đã trả kết quả');
    expect(progress).toContain('Chuyển liên thông đến');
    expect(citizen.consoleErrors).toEqual([]);
    await citizen.context.close();
  }, 400_000);

  it('apply → supplement → upload → accept → review → approval → result → download → verify', async () => {
    const citizen = await newSession(browser, platform.baseUrl);
    const page = citizen.page;
    // The citizen applies (the path of apply.e2e.ts, shortened).
    await logIn(page, '001090000001', 'Demo@2026egov');
    await fillBirthApplication(page);
    await page.locator('main input[name="c0"]').setInputFiles({ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.locator('main input[name="c1"]').setInputFiles({ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
    await press(page, 'Lưu và tiếp tục');
    await press(page, 'Nộp hồ sơ');
    const code = (await page.locator('main .panel-confirmation strong').innerText()).trim();
    expect(code).toMatch(/^000\.00\.51\.H49-\d{6}-\d{4}$/);

    // The clerk asks for a document, listing the gaps (form 02).
    await actAs(WARD_STAFF.clerk, code, 'receive', 'Yêu cầu bổ sung', async (p) => p.locator('main [name="gaps"]').fill('Bản sao giấy chứng sinh có chứng thực'), true);

    // The citizen sees the request, uploads the document and sends the dossier back.
    await page.goto(`/dossiers/${encodeURIComponent(code)}/progress`);
    const progress = await page.locator('main').innerText();
    expect(progress).toContain('Bản sao giấy chứng sinh có chứng thực');
    await expectAccessible(page, 'progress with a supplement request');
    await page.locator('main input[name="c1"]').setInputFiles({ name: 'chung-sinh-ban-sao.pdf', mimeType: 'application/pdf', buffer: PDF });
    await press(page, 'Tải lên');
    expect(await page.locator('main').innerText()).toContain('chung-sinh-ban-sao.pdf');
    await press(page, 'Đã bổ sung đủ');
    expect(await page.locator('main').innerText()).toContain('Mới đăng ký');

    // Reception, review, approval, result.
    await actAs(WARD_STAFF.clerk, code, 'receive', 'Tiếp nhận hồ sơ');
    await actAs(WARD_STAFF.specialist, code, 'processing', 'Duyệt và chuyển bước tiếp theo');
    // The leader signed in longer ago than the window: the approval asks for a fresh code first.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, leaderSignedInAt + STEP_UP_MS - Date.now())));
    const lp = leader.page;
    await lp.goto('/console/work?bucket=processing');
    await Promise.all([lp.waitForNavigation(), lp.locator('main .card', { hasText: code }).locator('h3 a').click()]);
    await press(lp, 'Duyệt và chuyển bước tiếp theo');
    expect(pathOf(lp)).toBe('/login/step-up');
    await expectAccessible(lp, 'step-up before approval');
    await giveStepUpCode(lp, WARD_STAFF.leader);
    expect(pathOf(lp)).toBe(`/console/work/${encodeURIComponent(code)}`);
    expect(await lp.locator('main').innerText()).toContain('Bấm lại nút thao tác để hoàn tất');
    await press(lp, 'Duyệt và chuyển bước tiếp theo');
    expect(await lp.locator('main').innerText()).toContain('Đã lưu');
    expect(leader.consoleErrors).toEqual([]);
    await actAs(WARD_STAFF.clerk, code, 'processing', 'Ban hành và trả kết quả');

    // The citizen downloads the result from the dossier's page.
    await page.goto(`/dossiers/${encodeURIComponent(code)}/progress`);
    expect(await page.locator('main').innerText()).toContain('Đã trả kết quả');
    await expectAccessible(page, 'progress with the result');
    const href = await page.locator('main .notice a').getAttribute('href');
    const pdf = await page.request.get(String(href));
    expect(pdf.status()).toBe(200);
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

    // The result is in the citizen's document wallet; a second application attaches it instead of a file.
    await page.goto('/my/wallet');
    const walletText = await page.locator('main').innerText();
    expect(walletText).toContain('Kho giấy tờ');
    expect(walletText).toContain(code);
    await expectAccessible(page, 'document wallet');
    const walletFile = await page.request.get(String(await page.locator('main .card', { hasText: code }).locator('a[download]').getAttribute('href')));
    expect(walletFile.status()).toBe(200);
    expect((await walletFile.body()).equals(bytes)).toBe(true);
    await fillBirthApplication(page);
    const fromWallet = page.locator('main [name="w1"] option', { hasText: code });
    await page.locator('main [name="w1"]').selectOption(String(await fromWallet.getAttribute('value')));
    await page.locator('main input[name="c0"]').setInputFiles({ name: 'to-khai-2.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expectAccessible(page, 'uploads with the wallet choice');
    await press(page, 'Lưu và tiếp tục');
    expect(await page.locator('main').innerText()).toContain(`ket-qua-${code}.pdf`);
    await press(page, 'Nộp hồ sơ');
    const second = (await page.locator('main .panel-confirmation strong').innerText()).trim();
    expect(second).toMatch(/^000\.00\.51\.H49-\d{6}-\d{4}$/);
    expect(second).not.toBe(code);
    expect(citizen.consoleErrors).toEqual([]);
    await citizen.context.close();

    // The QR leads to the public page confirming the document, without personal data.
    const verifyUrl = /\/URI \((http[^)]+\/verify\/[A-Za-z0-9_-]+)\)/.exec(bytes.toString('latin1'))?.[1];
    expect(verifyUrl).toBeTruthy();
    const visitor = await newSession(browser, platform.baseUrl);
    await visitor.page.goto(new URL(String(verifyUrl)).pathname);
    const text = await visitor.page.locator('main').innerText();
    expect(text).toContain('Văn bản này do cơ quan nhà nước ban hành');
    expect(text.replace(/\s/g, '')).toContain(createHash('sha256').update(bytes).digest('hex'));
    expect(text).not.toContain('Nguyễn Văn An');
    await expectAccessible(visitor.page, 'verification page');
    await visitor.context.close();
  }, 700_000);
});
