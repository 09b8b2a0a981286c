import { createTestApp } from '../../platform/testing/index.ts';
import { sql } from '../../platform/db/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { writeWorkbook } from './catalog.excel.ts';
import { actors, csrfOf, sampleProcedure, setUpCatalog } from './catalog.test-support.ts';

/** The officials' catalogue pages: sign-in, the procedure form, publishing, versions, import. */

const html = { accept: 'text/html' };

type Part = { name: string; value: string } | { name: string; filename: string; type: string; content: Buffer };

/** A multipart/form-data body, as a browser sends a form with a file. */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----egov${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('filename' in part) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}\r\n\r\n`), part.content, Buffer.from('\r\n'));
    } else chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('catalog officials’ pages over HTTP', () => {
  let env: Awaited<ReturnType<typeof setUpCatalog>>;
  let app: HttpApp;
  // Stands in for the identity module: the test picks who is signed in per request.
  let signedIn: Actor | undefined;

  beforeAll(async () => {
    env = await setUpCatalog();
    app = await createTestApp(env.ctx, env.registration, () => signedIn);
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const csrf = (url: string) => csrfOf(app, url);

  const code = '1.997100.000.00.00.H49';

  it('asks visitors to sign in and refuses citizens', async () => {
    signedIn = undefined;
    const res = await app.inject({ method: 'GET', url: '/admin/procedures', headers: html });
    expect([res.statusCode, res.headers.location]).toEqual([303, '/login?next=%2Fadmin%2Fprocedures']);
    signedIn = actors.citizen;
    expect((await app.inject({ method: 'GET', url: '/admin/procedures', headers: html })).statusCode).toBe(403);
  });

  it('lists the procedures an agency admin manages, with their status', async () => {
    signedIn = actors.adminH49;
    const res = await app.inject({ method: 'GET', url: '/admin/procedures?q=khai+sinh', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('1.001193.000.00.00.H49');
    expect(res.body).not.toContain('1.001193.000.00.00.H29');
    expect(res.body).toContain('Đã công bố');
  });

  it('keeps the form and names each problem, storing nothing, then saves a valid draft', async () => {
    signedIn = actors.adminH49;
    const { token, cookie } = await csrf('/admin/procedures/new');
    const form = {
      _csrf: token,
      code,
      name: 'Cấp giấy xác nhận thử nghiệm',
      fieldCode: 'G15-HT01',
      fieldName: 'Hộ tịch',
      implementingLevel: 'commune',
      applicantTypes: ['citizen'],
      competentAgency: '000.00.99.H49',
      receivingAgencies: '000.00.51.H49\n000.00.52.H49',
      onlineLevel: 'toan_trinh',
      channels: ['in_person', 'online'],
      'cases.0.code': '01',
      'cases.0.name': 'Thông thường',
      'cases.0.timeValue': '3',
      'cases.0.timeUnit': 'working_days',
      'cases.0.fees.0.name': 'Lệ phí',
      'cases.0.fees.0.amount': '15 nghìn',
      steps: 'Nộp hồ sơ\nNhận kết quả',
      'components.0.name': 'Tờ khai',
      'components.0.kind': 'original',
      'components.0.copies': '1',
      'components.0.requirement': 'required',
      results: 'Giấy xác nhận',
      requirements: '',
      legalBasis: 'Luật Hộ tịch số 60/2014/QH13',
    };
    const refused = await app.inject({ method: 'POST', url: '/admin/procedures', headers: { ...html, cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString() });
    expect(refused.statusCode).toBe(400);
    // Every problem named by its field, with no JSON path or parser message.
    expect(refused.body).toContain('Trường hợp 1 – phí 1 – Số tiền (đồng): nhập số tiền bằng chữ số, ví dụ 650000 hoặc 650.000');
    expect(refused.body).toContain('href="#f-cases-0-fees-0-amount"');
    expect(refused.body).toContain('Mã cơ quan có thẩm quyền: cơ quan 000.00.99.H49 không có trong danh mục');
    expect(refused.body).not.toMatch(/JSON|amountVnd|cases\[0\]/);
    expect(refused.body).toContain('Cấp giấy xác nhận thử nghiệm');
    expect(await env.api.findPublishedProcedure(code)).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: `/admin/procedures/${code}`, headers: html })).statusCode).toBe(404);

    const valid = { ...form, competentAgency: '000.00.00.H49', 'cases.0.fees.0.amount': '15.000' };
    const body = new URLSearchParams(Object.entries(valid).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString();
    const saved = await app.inject({ method: 'POST', url: '/admin/procedures', headers: { ...html, cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/admin/procedures/${code}?notice=saved&v=1`);
    const preview = await app.inject({ method: 'GET', url: saved.headers.location ?? '', headers: html });
    expect(preview.body).toContain('Đã lưu bản nháp phiên bản 1.');
    expect(preview.body).toContain('Bản nháp phiên bản 1');
    expect(preview.body).toContain('15.000 ₫');
    expect((await app.inject({ method: 'GET', url: `/procedures/${code}`, headers: html })).statusCode).toBe(404);
  });

  it('adds and removes cases, fees and documents with buttons, saving nothing until the draft is saved', async () => {
    signedIn = actors.adminH49;
    const { token, cookie } = await csrf(`/admin/procedures/${code}/edit`);
    const edit = await app.inject({ method: 'GET', url: `/admin/procedures/${code}/edit`, headers: html });
    // The stored fee is in ordinary fields; no JSON is shown.
    expect(edit.body).toContain('name="cases.0.fees.0.amount" type="text" value="15000"');
    expect(edit.body).not.toContain('amountVnd');
    const fields = (html: string) => {
      const out = new URLSearchParams([['_csrf', token]]);
      for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) if (m[1] !== '_csrf' && !['applicantTypes', 'channels'].includes(m[1] ?? '')) out.append(m[1] ?? '', (m[2] ?? '').replaceAll('&amp;', '&'));
      for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>[\s\S]*?<option value="([^"]*)" selected/g)) out.append(m[1] ?? '', m[2] ?? '');
      for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) out.append(m[1] ?? '', m[2] ?? '');
      return out;
    };
    const press = async (body: URLSearchParams, action: string) => {
      body.set('rowAction', action);
      return app.inject({ method: 'POST', url: `/admin/procedures/${code}/edit`, headers: { ...html, cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
    };
    const withFee = await press(fields(edit.body), 'addFee.0');
    expect(withFee.statusCode).toBe(200);
    expect(withFee.body).toContain('Đã thay đổi danh sách; chưa lưu.');
    expect(withFee.body).toContain('name="cases.0.fees.1.amount"');
    const withCase = await press(fields(withFee.body), 'addCase');
    expect(withCase.body).toContain('<legend>Trường hợp 2</legend>');
    expect(withCase.body).toContain('name="cases.1.code" type="text" value="02"');
    const withDoc = await press(fields(withCase.body), 'addComponent');
    expect(withDoc.body).toContain('name="components.1.name"');
    const fewer = await press(fields(withDoc.body), 'removeFee.0.0');
    expect(fewer.body).not.toContain('value="15000"');
    expect((await press(fields(fewer.body), 'removeFee.9.9')).statusCode).toBe(400);
    // Nothing of it was stored.
    const view = await app.inject({ method: 'GET', url: `/admin/procedures/${code}`, headers: html });
    expect(view.body).toContain('15.000 ₫');
    expect(view.body).not.toContain('Phiên bản 2');
  });

  it('publishes with a CSRF token, edits into version 2, withdraws — and an H29 admin can do none of it', async () => {
    signedIn = actors.adminH49;
    const { token, cookie } = await csrf(`/admin/procedures/${code}`);
    expect((await app.inject({ method: 'POST', url: `/admin/procedures/${code}/publish`, headers: { ...html, cookie }, payload: {} })).statusCode).toBe(403);
    signedIn = actors.adminH29;
    expect((await app.inject({ method: 'POST', url: `/admin/procedures/${code}/publish`, headers: { ...html, cookie }, payload: { _csrf: token } })).statusCode).toBe(403);
    signedIn = actors.adminH49;
    const published = await app.inject({ method: 'POST', url: `/admin/procedures/${code}/publish`, headers: { ...html, cookie }, payload: { _csrf: token } });
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(`/admin/procedures/${code}?notice=published&v=1`);
    expect((await app.inject({ method: 'GET', url: `/procedures/${code}`, headers: html })).statusCode).toBe(200);

    const edit = await app.inject({ method: 'GET', url: `/admin/procedures/${code}/edit`, headers: html });
    expect(edit.body).toContain('Thủ tục đang được công bố.');
    expect(edit.body).toContain('value="Cấp giấy xác nhận thử nghiệm"');
    const fields = new URLSearchParams();
    for (const [k, v] of Object.entries({ _csrf: token, name: 'Cấp giấy xác nhận thử nghiệm (sửa đổi)', fieldCode: 'G15-HT01', fieldName: 'Hộ tịch', implementingLevel: 'commune', competentAgency: '000.00.00.H49', receivingAgencies: '000.00.51.H49', onlineLevel: 'toan_trinh', 'cases.0.code': '01', 'cases.0.name': 'Thông thường', 'cases.0.timeValue': '2', 'cases.0.timeUnit': 'working_days', 'cases.0.minAssurance': '2', steps: 'Nộp hồ sơ', 'components.0.name': 'Tờ khai', 'components.0.kind': 'original', 'components.0.copies': '1', 'components.0.requirement': 'required', results: 'Giấy xác nhận', legalBasis: 'Luật Hộ tịch số 60/2014/QH13' })) fields.append(k, v);
    fields.append('applicantTypes', 'citizen');
    fields.append('channels', 'in_person');
    fields.append('channels', 'online');
    const saved = await app.inject({ method: 'POST', url: `/admin/procedures/${code}/edit`, headers: { ...html, cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: fields.toString() });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/admin/procedures/${code}?notice=saved&v=2`);
    // The assurance level chosen in the form is the case's, and the form shows it again.
    const stored = await sql<{ document: { cases: { minAssuranceLevel?: number }[] } }>`SELECT v.document FROM procedures p JOIN procedure_versions v ON v.id = p.draft_version_id WHERE p.code = ${code}`.execute(env.db);
    expect(stored.rows[0]?.document.cases[0]?.minAssuranceLevel).toBe(2);
    expect((await app.inject({ method: 'GET', url: `/admin/procedures/${code}/edit`, headers: html })).body).toMatch(/name="cases\.0\.minAssurance"[^]*?<option value="2" selected>/);
    const publicPage = await app.inject({ method: 'GET', url: `/procedures/${code}`, headers: html });
    expect(publicPage.body).toContain('<h1>Cấp giấy xác nhận thử nghiệm</h1>');
    const versions = await app.inject({ method: 'GET', url: `/admin/procedures/${code}?version=1`, headers: html });
    expect(versions.body).toContain('Phiên bản 2');
    expect(versions.body).toContain('Phiên bản 1 đang được công bố.');

    const withdrawn = await app.inject({ method: 'POST', url: `/admin/procedures/${code}/withdraw`, headers: { ...html, cookie }, payload: { _csrf: token } });
    expect(withdrawn.statusCode).toBe(303);
    expect((await app.inject({ method: 'GET', url: `/procedures/${code}`, headers: html })).statusCode).toBe(404);
  });

  it('downloads the catalogue as Excel and JSON, and imports an uploaded Excel file or pasted JSON, all or nothing', async () => {
    signedIn = actors.adminH49;
    const xlsx = await app.inject({ method: 'GET', url: '/admin/procedures/export.xlsx' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toMatch(/^attachment; filename="thu-tuc-hanh-chinh-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const json = (await app.inject({ method: 'GET', url: '/admin/procedures/export.json' })).json<{ procedures: { code: string }[] }>();
    expect(json.procedures.every((p) => p.code.endsWith('.H49'))).toBe(true);

    const { token, cookie } = await csrf('/admin/procedures/import');
    const post = (parts: Part[]) => {
      const body = multipart(parts);
      return app.inject({ method: 'POST', url: '/admin/procedures/import', headers: { ...html, cookie, ...body.headers }, payload: body.payload });
    };
    // An Excel file with one bad row: nothing imported, the row named; the fixed file: imported.
    const good = await writeWorkbook([sampleProcedure({ code: '1.997300.000.00.00.H49', name: 'Thủ tục nhập từ Excel' }), sampleProcedure({ code: '1.997301.000.00.00.H49' })]);
    const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const badFile = await (async () => {
      const ExcelJS = (await import('exceljs')).default;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(good as unknown as ArrayBuffer);
      const cell = workbook.getWorksheet('cases')?.getRow(3).getCell(5);
      if (cell) cell.value = 'days';
      return Buffer.from(await workbook.xlsx.writeBuffer());
    })();
    expect((await post([{ name: 'skipInvalid', value: 'false' }, { name: 'file', filename: 'thu-tuc.xlsx', type: xlsxType, content: badFile }])).statusCode).toBe(403);
    const refusedFile = await post([{ name: '_csrf', value: token }, { name: 'publish', value: 'true' }, { name: 'file', filename: 'thu-tuc.xlsx', type: xlsxType, content: badFile }]);
    expect(refusedFile.statusCode).toBe(400);
    expect(refusedFile.body).toContain('Không nhập thủ tục nào vì có lỗi.');
    expect(refusedFile.body).toContain('cases #3 <code>processing_unit</code>');
    expect(await env.api.findPublishedProcedure('1.997300.000.00.00.H49')).toBeUndefined();
    const importedFile = await post([{ name: '_csrf', value: token }, { name: 'publish', value: 'true' }, { name: 'file', filename: 'thu-tuc.xlsx', type: xlsxType, content: good }]);
    expect(importedFile.statusCode).toBe(200);
    expect(importedFile.body).toContain('2 thủ tục: 2 thêm mới, 0 cập nhật, 0 không đổi, 0 bị từ chối.');
    expect((await env.api.getPublishedProcedure('1.997300.000.00.00.H49')).document.name).toBe('Thủ tục nhập từ Excel');

    // Pasted JSON, all or nothing, then skipping the bad procedure.
    const content = JSON.stringify([sampleProcedure({ code: '1.997200.000.00.00.H49' }), { ...sampleProcedure({ code: '1.997201.000.00.00.H49' }), steps: [] }]);
    const refused = await post([{ name: '_csrf', value: token }, { name: 'publish', value: 'true' }, { name: 'content', value: content }]);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('json #2 <code>steps</code>');
    expect(await env.api.findPublishedProcedure('1.997200.000.00.00.H49')).toBeUndefined();
    const skipped = await post([{ name: '_csrf', value: token }, { name: 'skipInvalid', value: 'true' }, { name: 'publish', value: 'true' }, { name: 'content', value: content }]);
    expect(skipped.statusCode).toBe(200);
    expect(skipped.body).toContain('2 thủ tục: 1 thêm mới, 0 cập nhật, 0 không đổi, 1 bị từ chối.');
    expect(await env.api.findPublishedProcedure('1.997200.000.00.00.H49')).toBeDefined();
  });
});
