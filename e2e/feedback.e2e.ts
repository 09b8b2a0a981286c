import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { logIn, pathOf, press } from './pages.ts';

// Feedback and petitions, and satisfaction ratings (issue #14, "Done when"): a citizen files a
// petition naming no agency; the portal's operator forwards it to the competent department,
// which answers and publishes it (the citizen consented); anyone finds it on the public page.
// The citizen rates a finished dossier once; the second attempt is refused.

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

const PASSWORD = 'Demo@2026egov';
const INTAKE_OFFICER = 'pakn.g22@demo.egov.vn';
const JUSTICE_OFFICER = 'pakn.01h49@demo.egov.vn';
const FINISHED = '000.00.51.H49-251110-0901';
const TITLE = 'Đề nghị hướng dẫn rõ hơn về chứng thực bản sao';

/** An official signs in, opens the item from the queue and does what `act` says. */
async function asOfficial(login: string, id: string, act: (page: Page) => Promise<void>, checkAccessibility = false): Promise<void> {
  const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
  try {
    await logIn(page, login, PASSWORD);
    await page.goto('/console/feedback');
    if (checkAccessibility) await expectAccessible(page, 'feedback queue');
    const card = page.locator('main .card', { hasText: `${id}` }).filter({ hasText: TITLE });
    await Promise.all([page.waitForNavigation(), card.locator('h3 a').click()]);
    expect(pathOf(page)).toBe(`/console/feedback/${id}`);
    if (checkAccessibility) await expectAccessible(page, 'feedback item for an official');
    await act(page);
    expect(consoleErrors).toEqual([]);
  } finally {
    await context.close();
  }
}

describe('feedback and satisfaction ratings', () => {
  it('file → forward → answer → publish → public search; rate a finished dossier once', async () => {
    const citizen = await newSession(browser, platform.baseUrl);
    const page = citizen.page;
    await logIn(page, '001090000001', PASSWORD);
    await page.goto('/feedback/new');
    await expectAccessible(page, 'feedback form');
    await page.locator('main [name="kind"]').selectOption('petition');
    await page.locator('main [name="category"]').selectOption('procedure');
    await page.locator('main [name="title"]').fill(TITLE);
    await page.locator('main [name="content"]').fill('Trên Cổng chưa nêu rõ cần mang bản chính khi chứng thực bản sao. Đề nghị bổ sung hướng dẫn.');
    await page.locator('main [name="consent"]').check();
    await press(page, 'Gửi phản ánh, kiến nghị');
    const notice = await page.locator('main .notice').innerText();
    const id = /số (\d+)/.exec(notice)?.[1] ?? '';
    expect(id).toMatch(/^\d+$/);
    expect(await page.locator('main').innerText()).toContain('Văn phòng Chính phủ');
    await expectAccessible(page, 'feedback item for its sender');

    // The portal's operator forwards it to the Department of Justice.
    await asOfficial(
      INTAKE_OFFICER,
      id,
      async (p) => {
        await p.locator('main [name="toAgencyCode"]').selectOption('000.00.01.H49');
        await p.locator('main [name="note"]').fill('Thuộc thẩm quyền của Sở Tư pháp');
        await press(p, 'Chuyển');
        expect(pathOf(p)).toBe('/console/feedback');
      },
      true,
    );

    // The department answers and publishes.
    await asOfficial(JUSTICE_OFFICER, id, async (p) => {
      expect(await p.locator('main').innerText()).toContain('Chuyển đến Sở Tư pháp tỉnh Quảng Ninh');
      await p.locator('main [name="answer"]').fill('Sở Tư pháp đã bổ sung hướng dẫn: người yêu cầu chứng thực mang bản chính để đối chiếu.');
      await press(p, 'Gửi câu trả lời');
      expect(await p.locator('main .notice').innerText()).toContain('Đã lưu');
      await press(p, 'Công khai câu trả lời');
      expect(await p.locator('main').innerText()).toContain('Đã công khai');
    });

    // Anyone finds it, without accents, and reads the answer without the sender's name.
    const visitor = await newSession(browser, platform.baseUrl);
    await visitor.page.goto('/feedback/published');
    await visitor.page.locator('main [name="q"]').fill('chung thuc ban sao');
    await press(visitor.page, 'Tìm kiếm');
    await expectAccessible(visitor.page, 'published feedback');
    await Promise.all([visitor.page.waitForNavigation(), visitor.page.locator('main .card a', { hasText: TITLE }).click()]);
    const text = await visitor.page.locator('main').innerText();
    expect(text).toContain('mang bản chính để đối chiếu');
    expect(text).not.toContain('Nguyễn Văn An');
    await expectAccessible(visitor.page, 'published feedback item');
    expect(visitor.consoleErrors).toEqual([]);
    await visitor.context.close();

    // The citizen sees the answer, then rates a finished dossier once.
    await page.goto(`/feedback/${id}`);
    expect(await page.locator('main').innerText()).toContain('mang bản chính để đối chiếu');
    await page.goto('/feedback');
    await expectAccessible(page, 'feedback home of a citizen');
    await Promise.all([page.waitForNavigation(), page.locator(`main a[href="/feedback/ratings/${encodeURIComponent(FINISHED)}"]`).click()]);
    await expectAccessible(page, 'rating form');
    // The same form open in a second tab, sent after the first one.
    const secondTab = await citizen.context.newPage();
    await secondTab.goto(`/feedback/ratings/${encodeURIComponent(FINISHED)}`);
    const answer = async (p: Page, scores: string[]) => {
      const questions = ['publicity', 'progress', 'online', 'conduct', 'overall'];
      for (const [i, question] of questions.entries()) await p.locator(`main input[name="${question}"][value="${scores[i]}"]`).check();
    };
    await answer(page, ['5', '4', '5', '5', '4']);
    await press(page, 'Gửi đánh giá');
    expect(await page.locator('main .notice').innerText()).toContain(`Cảm ơn bạn đã đánh giá hồ sơ ${FINISHED}`);
    expect(await page.locator('main').innerText()).toContain('Đã đánh giá');

    // A second attempt is refused in plain words: the form sent from the other tab, and the form reopened.
    await answer(secondTab, ['1', '1', '1', '1', '1']);
    await press(secondTab, 'Gửi đánh giá');
    expect(await secondTab.locator('main').innerText()).toContain('Mỗi hồ sơ chỉ được đánh giá một lần.');
    await secondTab.close();
    await page.goto(`/feedback/ratings/${encodeURIComponent(FINISHED)}`);
    expect(await page.locator('main').innerText()).toContain('Mỗi hồ sơ chỉ được đánh giá một lần.');
    await expectAccessible(page, 'rating refused');
    expect(citizen.consoleErrors).toEqual([]);
    await citizen.context.close();
  }, 400_000);

  it('helpdesk: a visitor finds a help article and sends a request; an agent takes it and answers with a canned answer', async () => {
    const visitor = await newSession(browser, platform.baseUrl);
    const page = visitor.page;
    await page.goto('/support');
    await page.locator('main [name="q"]').fill('mat khau');
    await press(page, 'Tìm kiếm');
    await expectAccessible(page, 'help page');
    await Promise.all([page.waitForNavigation(), page.locator('main a', { hasText: 'Cách đặt lại mật khẩu tài khoản' }).click()]);
    expect(await page.locator('main').innerText()).toContain('Quên mật khẩu');
    await page.goto('/support/new');
    await expectAccessible(page, 'help request form');
    await page.locator('main [name="category"]').selectOption('account');
    await page.locator('main [name="subject"]').fill('Không nhận được thư đặt lại mật khẩu');
    await page.locator('main [name="body"]').fill('Tôi đã chọn Quên mật khẩu hai lần nhưng không nhận được thư.');
    await page.locator('main [name="requesterName"]').fill('Lê Văn Cường');
    await page.locator('main [name="requesterContact"]').fill('cuong@example.vn');
    await press(page, 'Gửi yêu cầu');
    const sent = await page.locator('main .notice').innerText();
    const id = /số (\d+)/.exec(sent)?.[1] ?? '';
    expect(id).toMatch(/^\d+$/);
    expect(visitor.consoleErrors).toEqual([]);
    await visitor.context.close();

    const agent = await newSession(browser, platform.baseUrl);
    const desk = agent.page;
    await logIn(desk, 'hotro@demo.egov.vn', PASSWORD);
    await desk.goto('/console/helpdesk');
    await expectAccessible(desk, 'helpdesk queue');
    await Promise.all([desk.waitForNavigation(), desk.locator('main .card h3 a', { hasText: 'Không nhận được thư đặt lại mật khẩu' }).click()]);
    expect(pathOf(desk)).toBe(`/console/helpdesk/${id}`);
    await press(desk, 'Giao');
    expect(await desk.locator('main').innerText()).toContain('Đặng Thị Hồng');
    await desk.locator('main [name="canned"]').selectOption({ label: 'Quên mật khẩu' });
    await press(desk, 'Chèn vào câu trả lời');
    expect(await desk.locator('main [name="answer"]').inputValue()).toContain('Quên mật khẩu');
    await expectAccessible(desk, 'helpdesk ticket');
    await press(desk, 'Gửi câu trả lời');
    expect(await desk.locator('main').innerText()).toContain('Đã trả lời');
    expect(agent.consoleErrors).toEqual([]);
    await agent.context.close();
  }, 200_000);
});
