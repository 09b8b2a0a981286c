import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newSession, startPlatform, type RunningPlatform } from './harness.ts';
import { logIn, pathOf } from './pages.ts';

// The status sync hub end to end: an administrator issues an integration client to Quảng
// Ninh's one-stop system; the system logs in and pushes a dossier and its progress through
// the legacy DVCQG contract; the citizen (demo account Nguyễn Văn An, ID 001090000001) sees
// that dossier — which exists only through the sync — in "my dossiers" and in the public lookup.

const PASSWORD = 'Demo@2026egov';
const H49 = '000.00.00.H49';
const CITIZEN_ID = '001090000001';

let platform: RunningPlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
}, Number(process.env.E2E_READY_SECONDS ?? 110) * 1000 + 30_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

async function dvcqg(path: string, body: object): Promise<{ error_code: string; message: string; session?: string }> {
  const response = await fetch(`${platform.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as { error_code: string; message: string; session?: string };
}

describe('a dossier that arrives only through the status sync', () => {
  const code = `${H49}-261205-${String(Date.now() % 100000).padStart(5, '0')}`;

  it('is pushed by the agency\'s one-stop system with a client the administrator issued', async () => {
    const admin = await newSession(browser, platform.baseUrl);
    try {
      await logIn(admin.page, 'admin@demo.egov.vn', PASSWORD);
      await admin.page.goto(`/admin/agencies/${encodeURIComponent(H49)}`);
      await admin.page.locator('main input[name="name"]').fill('Hệ thống một cửa Quảng Ninh');
      await Promise.all([admin.page.waitForNavigation(), admin.page.locator(`main form[action="/admin/agencies/${H49}/clients"] [type="submit"]`).click()]);
      const clientId = (await admin.page.locator('main dl code').first().innerText()).trim();
      const secret = (await admin.page.locator('main code[data-secret="true"]').innerText()).trim();

      const login = await dvcqg('/api/dvcqg/login', { username: clientId, password: secret });
      expect(login.error_code).toBe('0');
      const session = login.session as string;
      const synced = await dvcqg('/api/dvcqg', {
        session,
        madonvi: H49,
        service: 'DongBoHoSoMC',
        isUpdating: 'False',
        data: [
          {
            MaHoSo: code,
            MaTTHC: '1.001193',
            TenTTHC: 'Thủ tục đăng ký khai sinh',
            ChuHoSo: 'Nguyễn Văn An',
            LoaiDoiTuong: '1',
            MaDoiTuong: null,
            SoGiayToChuHoSo: CITIZEN_ID,
            SoDienThoai: '0912000001',
            NgayTiepNhan: '20261205083015',
            NgayHenTra: '20261208163000',
            TrangThaiHoSo: '2',
            DonViXuLy: 'Ủy ban nhân dân tỉnh Quảng Ninh',
            TaiLieuNop: [],
          },
        ],
      });
      expect(synced).toMatchObject({ error_code: '0' });
      const progress = await dvcqg('/mapi/g', {
        session,
        madonvi: H49,
        service: 'CapNhatTienDoHoSoMC',
        data: [{ MaHoSo: code, NguoiXuLy: 'Lê Văn Hùng', ChucDanh: 'Công chức tư pháp', ThoiDiemXuLy: '20261205091000', NoiDungXuLy: 'Chuyển công chức tư pháp - hộ tịch xử lý', TrangThai: '4' }],
      });
      expect(progress.error_code).toBe('0');
      expect(progress.message).toContain('thành công');
    } finally {
      await admin.context.close();
    }
  });

  it('appears in the citizen\'s "my dossiers"', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await logIn(page, CITIZEN_ID, PASSWORD);
      await page.goto('/my/dossiers');
      expect(pathOf(page)).toBe('/my/dossiers');
      const main = await page.locator('main').innerText();
      expect(main).toContain(code);
      expect(main).toContain('Thủ tục đăng ký khai sinh');
      await expectAccessible(page, 'my dossiers with a synced dossier');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is found by the public lookup with its code and the ID number, with its progress in the timeline', async () => {
    const { context, page, consoleErrors } = await newSession(browser, platform.baseUrl);
    try {
      await page.goto(`/track?code=${encodeURIComponent(code)}`);
      await page.locator('main input[name="verifier"]').fill(CITIZEN_ID);
      await Promise.all([page.waitForNavigation(), page.locator('main form[action="/track"] [type="submit"]').click()]);
      const main = await page.locator('main').innerText();
      expect(main).toContain(code);
      expect(main).toContain('Chuyển công chức tư pháp - hộ tịch xử lý');
      await expectAccessible(page, 'public lookup of a synced dossier');
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
