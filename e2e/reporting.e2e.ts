import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { logIn, press } from './pages.ts';

// The Government Reporting System (issue #17, "Done when"), on the demo data of `npm start`:
// Hồng Gai ward enters its December report through the form, Bãi Cháy through an Excel upload
// whose one bad cell is refused and named, then fixed; each ward's leader sends its report up;
// Quảng Ninh reviews and accepts both; the Government Office (the receiving unit) sees the
// national roll-up change; Vân Đồn, which never sent November's report, shows as overdue and
// got its reminder by e-mail (DATA_DIR/mail).

let platform: RunningPlatform;
let browser: Browser;

// The demo seed (3,321 communes, a year of reports) makes the start slow on a shared machine.
beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

const PASSWORD = 'Demo@2026egov';
const REPORT = '/console/reporting/KTXH-THANG/2026-M12';
const FIGURES = '/console/reporting/KTXH-THANG/figures?unit=VN&period=2026-M12';

const HONG_GAI: Record<string, number> = {
  POPULATION: 40_000,
  'POPULATION|sex=male': 19_500,
  'POPULATION|sex=female': 20_500,
  HOUSEHOLDS: 11_000,
  POOR_HOUSEHOLDS: 220,
  BUDGET_REVENUE: 150_000,
  BUDGET_REVENUE_PLAN: 1_800_000,
  NEW_ENTERPRISES: 12,
  NEW_JOBS: 80,
  HEALTH_INSURANCE_COVERAGE: 93.5,
  DOSSIERS_RECEIVED: 420,
  DOSSIERS_ON_TIME: 410,
  TRAFFIC_ACCIDENTS: 1,
  MAX_DAILY_RAINFALL: 35.5,
  LOWEST_TEMPERATURE: 14.2,
};
const BAI_CHAY: Record<string, number> = { ...HONG_GAI, POPULATION: 31_000, 'POPULATION|sex=male': 15_200, 'POPULATION|sex=female': 15_800, NEW_ENTERPRISES: 7 };

/** Signs in as `login` in a fresh session, runs `act`, and fails on any console error. */
async function as(login: string, act: (page: Page) => Promise<void>): Promise<void> {
  const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
  try {
    await logIn(page, login, PASSWORD);
    await act(page);
    expect(consoleErrors).toEqual([]);
  } finally {
    await context.close();
  }
}

/** The national figure of an indicator for 2026-M12 as the figures page shows it. */
async function nationalFigure(page: Page, indicatorName: string): Promise<string> {
  await page.goto(FIGURES);
  const row = page.locator('main table').first().locator('tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${indicatorName}$`) }) });
  return (await row.locator('td').nth(1).innerText()).trim();
}

/** Sends the report up: the officer submits, the leader approves. */
async function approveAsLeader(login: string): Promise<void> {
  await as(login, async (page) => {
    await page.goto(REPORT);
    await press(page, 'Phê duyệt và gửi lên');
    expect(await page.locator('main .notice').innerText()).toContain('Đã phê duyệt và gửi lên.');
    expect(await page.locator('main').innerText()).toContain('Đã duyệt, đã gửi');
  });
}

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

async function mailsTo(address: string): Promise<string[]> {
  const directory = path.join(platform.dataDir, 'mail');
  const files = (await readdir(directory).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
  const texts: string[] = [];
  for (const file of files) {
    const mail = mailText(await readFile(path.join(directory, file), 'utf8'));
    if (mail.to.includes(address)) texts.push(mail.text);
  }
  return texts;
}

describe('the Government Reporting System', () => {
  it('form and Excel entry → leaders send → the province accepts → the national roll-up; a late ward and its reminder', async () => {
    // Before: nothing of December is rolled up at the national level.
    await as('baocao.g22@demo.egov.vn', async (page) => {
      expect(await nationalFigure(page, 'Dân số trung bình')).toBe('—');
    });

    // Hồng Gai's officer fills in the form, saves and submits to the leader.
    await as('baocao.honggai@demo.egov.vn', async (page) => {
      await page.goto('/console/reporting');
      await expectAccessible(page, 'reporting console');
      await page.goto(REPORT);
      await expectAccessible(page, 'report form');
      for (const [key, value] of Object.entries(HONG_GAI)) await page.locator(`main [name="v.${key}"]`).fill(String(value));
      await page.locator('main [name="n.situation"]').fill('Tình hình kinh tế - xã hội ổn định; thu ngân sách đạt tiến độ.');
      await press(page, 'Lưu');
      expect(await page.locator('main .notice').innerText()).toContain('Đã lưu báo cáo.');
      await press(page, 'Trình lãnh đạo');
      expect(await page.locator('main .notice').innerText()).toContain('Đã trình lãnh đạo.');
    });
    await approveAsLeader('lanhdao.honggai@demo.egov.vn');

    // Bãi Cháy's officer downloads the template, fills it with one bad cell, is refused at that cell, fixes it.
    await as('baocao.baichay@demo.egov.vn', async (page) => {
      await page.goto(REPORT);
      const template = await page.request.get(`${REPORT}/template.xlsx`);
      expect(template.status()).toBe(200);
      const fill = async (badCell: boolean): Promise<{ file: Buffer; badAddress: string }> => {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load((await template.body()) as unknown as ArrayBuffer);
        const sheet = workbook.getWorksheet('BaoCao')!;
        let badAddress = '';
        sheet.eachRow((row, number) => {
          const key = String(row.getCell(1).value ?? '');
          if (!(key in BAI_CHAY)) return;
          if (badCell && key === 'NEW_ENTERPRISES') {
            row.getCell(4).value = 'bảy';
            badAddress = `BaoCao!D${number}`;
          } else row.getCell(4).value = BAI_CHAY[key]!;
        });
        return { file: Buffer.from(await workbook.xlsx.writeBuffer()), badAddress };
      };
      const upload = async (file: Buffer) => {
        await page.locator('main input[type="file"][name="file"]').setInputFiles({ name: 'bai-chay-2026-12.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
        await press(page, 'Tải lên');
      };
      const bad = await fill(true);
      expect(bad.badAddress).toMatch(/^BaoCao!D\d+$/);
      await upload(bad.file);
      const refused = await page.locator('main').innerText();
      expect(refused).toContain('Tệp Excel không được ghi');
      expect(refused).toContain(`Ô ${bad.badAddress} (Số doanh nghiệp thành lập mới)`);
      await expectAccessible(page, 'Excel upload refused');
      // Nothing of the refused file was written: the stored draft still lacks the other figures.
      await page.goto(REPORT);
      expect(await page.locator('main [name="v.HOUSEHOLDS"]').inputValue()).toBe('');
      await upload((await fill(false)).file);
      expect(await page.locator('main .notice').innerText()).toContain('Đã nhập số liệu từ tệp Excel.');
      expect(await page.locator('main [name="v.NEW_ENTERPRISES"]').inputValue()).toBe('7');
      await press(page, 'Trình lãnh đạo');
      expect(await page.locator('main .notice').innerText()).toContain('Đã trình lãnh đạo.');
    });
    await approveAsLeader('lanhdao.baichay@demo.egov.vn');

    // Quảng Ninh reviews each ward's report before accepting it.
    await as('lanhdaobaocao.h49@demo.egov.vn', async (page) => {
      await page.goto(REPORT);
      await expectAccessible(page, 'province report with its wards');
      for (const [ward, population] of [['Hồng Gai', '40.000'], ['Bãi Cháy', '31.000']] as const) {
        await page.goto(REPORT);
        await Promise.all([page.waitForNavigation(), page.locator('main table a', { hasText: ward }).click()]);
        const review = await page.locator('main').innerText();
        expect(review).toContain('Đã duyệt, đã gửi');
        expect(review).toContain(population);
        await expectAccessible(page, `ward report reviewed by the province (${ward})`);
        await press(page, 'Tiếp nhận');
        expect(await page.locator('main .notice').innerText()).toContain('Đã tiếp nhận báo cáo.');
      }
      await page.goto('/console/reporting/KTXH-THANG/2026-M12/progress');
      const rows = await page.locator('main table tbody tr').allInnerTexts();
      expect(rows.filter((r) => r.includes('Đã được tiếp nhận'))).toHaveLength(2);
    });

    // The Government Office sees the national roll-up of December, and who is late in November.
    await as('baocao.g22@demo.egov.vn', async (page) => {
      expect(await nationalFigure(page, 'Dân số trung bình')).toBe('71.000');
      expect(await nationalFigure(page, 'Số doanh nghiệp thành lập mới')).toBe('19');
      await expectAccessible(page, 'national figures');
      await page.goto('/console/reporting/KTXH-THANG/2026-M11/progress?unit=P.22');
      const vanDon = page.locator('main table tbody tr', { hasText: 'Vân Đồn' });
      expect(await vanDon.innerText()).toContain('Quá hạn, chưa gửi');
      expect(await page.locator('main table tbody tr', { hasText: 'Hồng Gai' }).innerText()).toContain('Gửi muộn');
      await expectAccessible(page, 'who has sent, November');
    });

    // Vân Đồn got its reminder on the deadline day (written by the platform's outbox worker).
    await expect.poll(async () => (await mailsTo('baocao.c-06994@demo.egov.vn')).length, { timeout: 20_000, interval: 250 }).toBeGreaterThan(0);
    const [reminder] = await mailsTo('baocao.c-06994@demo.egov.vn');
    expect(reminder).toContain('kỳ 2026-M11');
    expect(reminder).toContain('Đơn vị chưa gửi báo cáo');
  }, 600_000);
});
