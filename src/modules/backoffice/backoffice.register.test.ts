import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeader } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { officials, setUpBackoffice } from './backoffice.test-support.ts';

// Form 06, the dossier register (sổ theo dõi hồ sơ) of a queue, as Excel and PDF.
describe('backoffice: form 06, the register of a queue', () => {
  let env: Awaited<ReturnType<typeof setUpBackoffice>>;
  let app: HttpApp;
  beforeAll(async () => {
    env = await setUpBackoffice();
    app = await env.platform.http();
  }, 180_000);
  afterAll(async () => env?.close());

  const get = (url: string, actor?: Actor) => app.inject({ method: 'GET', url, headers: { ...(actor ? actorHeader(actor) : {}), accept: 'text/html' } });

  async function sheetOf(body: Buffer): Promise<string[][]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const rows: string[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    return rows;
  }

  it('exports the queue the official sees, one line a dossier, in Excel and PDF; another unit\'s register does not list it; audited', async () => {
    const a = await env.apply();
    const b = await env.apply();
    const xlsx = await get('/console/work/form-06.xlsx?bucket=receive', officials.clerk);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const rows = await sheetOf(xlsx.rawPayload);
    expect(rows[0]?.[0]).toBe('SỔ THEO DÕI HỒ SƠ');
    const header = rows[2]!;
    expect(header).toEqual(expect.arrayContaining(['STT', 'Mã hồ sơ', 'Người nộp', 'Ngày tiếp nhận', 'Hạn trả kết quả', 'Trạng thái']));
    const codeColumn = header.indexOf('Mã hồ sơ');
    const lines = rows.slice(3);
    expect(lines.map((l) => l[codeColumn])).toEqual(expect.arrayContaining([a.code, b.code]));
    const line = lines.find((l) => l[codeColumn] === a.code)!;
    expect(line[header.indexOf('Người nộp')]).toBe('Nguyễn Văn An');
    expect(line[header.indexOf('Trạng thái')]).toBe('Mới đăng ký');
    expect(lines.map((l) => l[0])).toEqual(lines.map((_, i) => String(i + 1)));

    const pdf = await get('/console/work/form-06.pdf?bucket=receive', officials.clerk);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const outsider = await sheetOf((await get('/console/work/form-06.xlsx?bucket=receive', officials.otherClerk)).rawPayload);
    expect(outsider.flat()).not.toContain(a.code);
    expect((await get('/console/work/form-06.xlsx?bucket=receive')).statusCode).toBe(303);
    const citizen = await get('/console/work/form-06.xlsx', env.citizen);
    expect(citizen.statusCode).toBe(403);

    const audited = await env.db.selectFrom('audit_log' as never).select(['action' as never, 'data' as never]).where('action' as never, '=', 'backoffice.register_exported' as never).execute();
    expect((audited as { data: { lines: number } }[]).length).toBeGreaterThanOrEqual(3);
  });

  it('form 05 of a dossier as Excel: one line a progress entry; not for another unit', async () => {
    const { code } = await env.apply();
    const v = await env.api.dossierView(officials.clerk, code);
    await env.api.accept(officials.clerk, code, { version: v.dossier.version });
    const res = await get(`/console/work/${encodeURIComponent(code)}/form-05.xlsx`, officials.clerk);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await sheetOf(res.rawPayload);
    expect(rows[0]?.[0]).toBe('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    expect(rows[1]?.[0]).toContain(code);
    expect(rows.slice(3).map((r) => r[2])).toEqual(['Mới đăng ký', 'Đã tiếp nhận']);
    expect(rows.slice(3)[1]?.[4]).toContain('Tiếp nhận hồ sơ, hẹn trả kết quả');
    expect((await get(`/console/work/${encodeURIComponent(code)}/form-05.xlsx`, officials.otherClerk)).statusCode).toBe(404);
  });

  it('the queue page links to the register of the queue on screen', async () => {
    const page = await get('/console/work?bucket=processing', officials.clerk);
    expect(page.body).toContain('href="/console/work/form-06.xlsx?bucket=processing&amp;unit=000.00.51.H49"');
    expect(page.body).toContain('href="/console/work/form-06.pdf?bucket=processing&amp;unit=000.00.51.H49"');
  });
});
