import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../src/modules/cabinet/cabinet.pdf-text.ts';
import { samplePdf } from '../src/platform/testing/sample-files.ts';
import { expectAccessible, launchBrowser, MOBILE, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { DEMO_TOTP_SECRET, logIn, pathOf } from './pages.ts';

// The e-Cabinet (issue #15, "Done when"): the secretariat creates a session with three items;
// members record positions; one item is adopted without debate; a named vote passes with a tie
// broken by the Prime Minister's side; a poll is issued, two members reply, the deadline passes
// (the secretariat moves the test clock, outside production only), non-replies count as
// agreeing, and the result PDF lists every member. The Prime Minister uses a 360 px phone.

let platform: RunningPlatform;
let browser: Browser;
const PASSWORD = 'Demo@2026egov';
const SECRETARIAT = 'thuky.vpcp@demo.egov.vn';
const PM = 'thutuong@demo.egov.vn';
const MEMBERS = {
  pm: PM,
  dpm1: 'phothutuong1@demo.egov.vn',
  dpm2: 'phothutuong2@demo.egov.vn',
  finance: 'botruong.g12@demo.egov.vn',
  justice: 'botruong.g15@demo.egov.vn',
  home: 'botruong.g09@demo.egov.vn',
  health: 'botruong.g18@demo.egov.vn',
  education: 'botruong.g03@demo.egov.vn',
};
const NAMES = ['Nguyễn Quốc Khánh', 'Trần Văn Đức', 'Lê Thị Thu Hà', 'Phạm Minh Tuấn', 'Đặng Thị Ngọc', 'Hoàng Văn Sơn', 'Vũ Thị Mai Anh', 'Bùi Quang Vinh', 'Ngô Thanh Bình'];
const ITEMS = ['Dự thảo Nghị định về quản lý dữ liệu', 'Dự án Luật Đầu tư công (sửa đổi)', 'Báo cáo tình hình kinh tế - xã hội tháng 11'];

interface Person {
  login: string;
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  loggedInStep: number;
}
const people = new Map<string, Person>();

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
}, 150_000);

afterAll(async () => {
  for (const p of people.values()) await p.context.close();
  await browser?.close();
  await platform?.stop();
});

async function as(login: string, mobile = false): Promise<Person> {
  const known = people.get(login);
  if (known) return known;
  const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
  if (mobile) await page.setViewportSize(MOBILE);
  await logIn(page, login, PASSWORD);
  const person = { login, context, page, consoleErrors, loggedInStep: Math.floor(Date.now() / 30_000) + 1 };
  people.set(login, person);
  return person;
}

/** "yyyy-MM-ddTHH:mm" in Vietnam, `hours` from now. */
function vietnamLocal(hours: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + hours * 3_600_000).toISOString().slice(0, 16);
}

async function press(page: Page, scope: string | undefined, text: string): Promise<void> {
  const root = scope ? page.locator('main section.card', { hasText: scope }) : page.locator('main');
  await Promise.all([page.waitForNavigation(), root.locator('button[type="submit"]', { hasText: text }).first().click()]);
}

/** A code for the step-up page, on a 30-second step later than the one the login used. */
async function stepUpIfAsked(person: Person): Promise<void> {
  if (pathOf(person.page) !== '/login/step-up') return;
  const step = Math.max(Math.floor(Date.now() / 30_000), person.loggedInStep + 1);
  while (step > Math.floor(Date.now() / 30_000) + 1) await new Promise((resolve) => setTimeout(resolve, 1000));
  person.loggedInStep = step;
  await person.page.locator('main [name="code"]').fill(await generate({ secret: DEMO_TOTP_SECRET, epoch: step * 30 }));
  await Promise.all([person.page.waitForNavigation(), person.page.locator('main form[method="post"] [type="submit"]').first().click()]);
}

describe('e-Cabinet', () => {
  let sessionPath = '';

  it('the secretariat creates a session with three items and a document, and sends it to members', async () => {
    const sec = await as(SECRETARIAT);
    const page = sec.page;
    await page.goto('/cabinet');
    await Promise.all([page.waitForNavigation(), page.locator('main a[href="/cabinet/sessions/new"]').click()]);
    await expectAccessible(page, 'cabinet new session');
    await page.locator('main [name="kind"]').selectOption('regular');
    await page.locator('main [name="title"]').fill('Phiên họp Chính phủ thường kỳ tháng 12');
    await page.locator('main [name="startsAt"]').fill(vietnamLocal(72));
    await page.locator('main [name="positionsCutoff"]').fill(vietnamLocal(24));
    await page.locator('main [name="location"]').fill('Trụ sở Chính phủ');
    await press(page, undefined, 'Tạo');
    sessionPath = pathOf(page);
    expect(sessionPath).toMatch(/^\/cabinet\/sessions\/\d+$/);
    for (const title of ITEMS) {
      await page.locator('main section.card', { hasText: 'Thêm nội dung' }).locator('[name="title"]').fill(title);
      await page.locator('main section.card', { hasText: 'Thêm nội dung' }).locator('[name="presenter"]').fill('Bộ trưởng trình');
      await press(page, 'Thêm nội dung', 'Thêm nội dung');
    }
    await page.locator('main section.card', { hasText: ITEMS[0] }).locator('form[action$="/documents"] input[type="file"]').setInputFiles({ name: 'du-thao-nghi-dinh.pdf', mimeType: 'application/pdf', buffer: samplePdf() });
    await press(page, ITEMS[0], 'Tải tài liệu lên');
    expect(await page.locator('main').innerText()).toContain('du-thao-nghi-dinh.pdf');
    await expectAccessible(page, 'cabinet session being prepared');
    await press(page, undefined, 'Gửi chương trình tới thành viên');
    expect(await page.locator('main').innerText()).toContain('Đã gửi thành viên');
    expect(sec.consoleErrors).toEqual([]);
  });

  it('members record positions (the Prime Minister on a 360 px phone); one item is adopted without debate', async () => {
    const pm = await as(PM, true);
    await pm.page.goto('/cabinet');
    expect(await pm.page.locator('main').innerText()).toContain('Phiên họp Chính phủ thường kỳ tháng 12');
    await expectAccessible(pm.page, 'cabinet member home');
    await pm.page.setViewportSize(MOBILE);
    await pm.page.goto(sessionPath);
    await expectAccessible(pm.page, 'cabinet session for a member');
    await pm.page.setViewportSize(MOBILE);
    // The member reads the document (audited, served as an attachment).
    const doc = await pm.page.request.get(await pm.page.locator('main a[href^="/cabinet/documents/"]').first().getAttribute('href') ?? '');
    expect(doc.status()).toBe(200);
    expect((await doc.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await press(pm.page, ITEMS[0], 'Đồng ý');
    await press(pm.page, ITEMS[2], 'Đồng ý');
    expect(await pm.page.locator('main section.card', { hasText: ITEMS[0] }).innerText()).toContain('Ý kiến của bạn: Đồng ý');

    const finance = await as(MEMBERS.finance);
    await finance.page.goto(sessionPath);
    await press(finance.page, ITEMS[1], 'Phản đối');
    const dpm1 = await as(MEMBERS.dpm1);
    await dpm1.page.goto(sessionPath);
    await press(dpm1.page, ITEMS[2], 'Đăng ký phát biểu');

    // Someone outside the Government cannot read the documents.
    const outsider = await as('chuyenvien.g15@demo.egov.vn');
    const refused = await outsider.page.request.get(sessionPath);
    expect(refused.status()).toBe(403);

    // The cut-off passes (the test clock, outside production only).
    const sec = await as(SECRETARIAT);
    await sec.page.goto('/cabinet');
    await sec.page.locator('main [name="hours"]').fill('30');
    await press(sec.page, undefined, 'Chuyển thời gian');
    await sec.page.goto(sessionPath);
    const first = sec.page.locator('main section.card', { hasText: ITEMS[0] });
    expect(await first.innerText()).toContain('Đề xuất thông qua không thảo luận');
    expect(await sec.page.locator('main section.card', { hasText: ITEMS[1] }).innerText()).not.toContain('Đề xuất thông qua không thảo luận');
    await press(sec.page, ITEMS[0], 'Xác nhận thông qua không thảo luận');
    expect(await sec.page.locator('main section.card', { hasText: ITEMS[0] }).innerText()).toContain('Đã thông qua không thảo luận');
  });

  it('a named vote on the disputed item passes 4–4 on the Prime Minister’s side', async () => {
    const sec = await as(SECRETARIAT);
    await sec.page.goto(sessionPath);
    await press(sec.page, ITEMS[1], 'Bắt đầu thảo luận nội dung này');
    await press(sec.page, ITEMS[1], 'Mở biểu quyết');
    const ballots: [string, string][] = [
      [MEMBERS.pm, 'Tán thành'],
      [MEMBERS.dpm1, 'Tán thành'],
      [MEMBERS.finance, 'Tán thành'],
      [MEMBERS.justice, 'Tán thành'],
      [MEMBERS.dpm2, 'Không tán thành'],
      [MEMBERS.home, 'Không tán thành'],
      [MEMBERS.health, 'Không tán thành'],
      [MEMBERS.education, 'Không tán thành'],
    ];
    for (const [login, choice] of ballots) {
      const person = await as(login, login === PM);
      await person.page.goto(sessionPath);
      if (login === PM) {
        expect(await person.page.locator('main').innerText()).toContain('Đang thảo luận');
        await expectAccessible(person.page, 'cabinet vote on a phone');
        await person.page.setViewportSize(MOBILE);
      }
      await press(person.page, ITEMS[1], choice);
      await stepUpIfAsked(person);
      if (pathOf(person.page) !== sessionPath) await person.page.goto(sessionPath);
      const card = person.page.locator('main section.card', { hasText: ITEMS[1] });
      if (!(await card.innerText()).includes('Bạn đã biểu quyết')) await press(person.page, ITEMS[1], choice);
      expect(await person.page.locator('main section.card', { hasText: ITEMS[1] }).innerText()).toContain(`Bạn đã biểu quyết: ${choice}`);
    }
    await sec.page.goto(sessionPath);
    await press(sec.page, ITEMS[1], 'Kết thúc biểu quyết');
    const card = await sec.page.locator('main section.card', { hasText: ITEMS[1] }).innerText();
    expect(card).toContain('Kết quả: THÔNG QUA — 4 tán thành, 4 không tán thành, 0 không biểu quyết, 1 không tham gia (tổng số 9 thành viên)');
    expect(card).toContain('Số phiếu ngang nhau: theo ý kiến của Thủ tướng.');
    await sec.page.locator('main section.card', { hasText: ITEMS[1] }).locator('[name="conclusion"]').fill('Chính phủ thông qua dự án Luật; Bộ Tài chính hoàn thiện hồ sơ trình Quốc hội.');
    await sec.page.locator('main section.card', { hasText: ITEMS[1] }).locator('[name="taskContent"]').fill('Hoàn thiện hồ sơ dự án Luật trình Quốc hội');
    await sec.page.locator('main section.card', { hasText: ITEMS[1] }).locator('[name="taskAgency"]').fill('000.00.00.G12');
    await sec.page.locator('main section.card', { hasText: ITEMS[1] }).locator('[name="taskDeadline"]').fill('2027-01-15');
    await press(sec.page, ITEMS[1], 'Ghi kết luận');
    expect(await sec.page.locator('main section.card', { hasText: ITEMS[1] }).innerText()).toContain('Đã kết luận');
  });

  it('a poll: two members reply, the deadline passes, non-replies count as agreeing, the result PDF lists every member', async () => {
    const sec = await as(SECRETARIAT);
    await sec.page.goto('/cabinet/polls/new');
    await expectAccessible(sec.page, 'cabinet new poll');
    await sec.page.locator('main [name="title"]').fill('Dự thảo Nghị quyết về chuyển đổi số quốc gia');
    await sec.page.locator('main [name="question"]').fill('Thành viên Chính phủ có đồng ý thông qua dự thảo Nghị quyết?');
    await sec.page.locator('main [name="workingDays"]').fill('2');
    await press(sec.page, undefined, 'Phát phiếu');
    const pollPath = pathOf(sec.page);
    expect(pollPath).toMatch(/^\/cabinet\/polls\/\d+$/);

    const pm = await as(PM, true);
    await pm.page.setViewportSize(MOBILE);
    await pm.page.goto('/cabinet');
    const pending = pm.page.locator('main .card', { hasText: 'Dự thảo Nghị quyết về chuyển đổi số quốc gia' });
    expect(await pending.innerText()).toContain('Hạn trả lời');
    await Promise.all([pm.page.waitForNavigation(), pending.locator('a').click()]);
    await expectAccessible(pm.page, 'cabinet poll on a phone');
    await pm.page.setViewportSize(MOBILE);
    await pm.page.locator('main [name="answer"]').selectOption('agree');
    await press(pm.page, undefined, 'Gửi ý kiến');
    expect(await pm.page.locator('main').innerText()).toContain('Bạn đã trả lời: Đồng ý');

    const finance = await as(MEMBERS.finance);
    await finance.page.goto(pollPath);
    await finance.page.locator('main [name="answer"]').selectOption('disagree');
    await finance.page.locator('main [name="comment"]').fill('Đề nghị đánh giá thêm chi phí');
    await press(finance.page, undefined, 'Gửi ý kiến');

    // The deadline passes: ten days on the test clock.
    await sec.page.goto('/cabinet');
    await sec.page.locator('main [name="hours"]').fill('240');
    await press(sec.page, undefined, 'Chuyển thời gian');
    await sec.page.goto(pollPath);
    const text = await sec.page.locator('main').innerText();
    expect(text).toContain('Kết quả: THÔNG QUA — 8 đồng ý (trong đó 7 không trả lời, tính là đồng ý), 1 không đồng ý');
    expect(await sec.page.locator('main tbody tr').count()).toBe(9);
    expect(await sec.page.locator('main tbody tr', { hasText: 'Không trả lời — tính là đồng ý' }).count()).toBe(7);
    await expectAccessible(sec.page, 'cabinet poll result');
    const pdf = await sec.page.request.get(`${pollPath}/result.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const content = pdfText(await pdf.body());
    for (const name of NAMES) expect(content).toContain(name);
    expect(content).toContain('Đề nghị đánh giá thêm chi phí');
    expect(content.split('Không trả lời — tính là đồng ý').length - 1).toBe(7);
    for (const p of people.values()) expect(p.consoleErrors, p.login).toEqual([]);
  });
});
