import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { writeWorkbook } from './catalog.excel.ts';
import type { ProcedureDocument } from './catalog.schemas.ts';
import { actors, sampleProcedure, setUpCatalog } from './catalog.test-support.ts';

/** `count` valid procedures of Quảng Ninh, codes 1.998000 … */
function batch(count: number, start = 0, base = 998_000): ProcedureDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    return sampleProcedure({
      code: `1.${String(base + n).padStart(6, '0')}`,
      name: `Thủ tục nhập thử số ${n}`,
      competentAgency: n % 2 === 0 ? '000.00.01.H49' : '000.00.02.H49',
      cases: [
        { code: '01', name: 'Cấp mới', processingTime: { value: 1 + (n % 10), unit: 'working_days' }, fees: [{ name: 'Lệ phí', amountVnd: 10_000 * (n % 5) }] },
        { code: '02', name: 'Cấp lại', processingTime: { value: 4, unit: 'hours' }, fees: [] },
      ],
      components: [
        { name: 'Đơn đề nghị', kind: 'original', copies: 1, requirement: 'required', templateFile: 'Mau-01.docx' },
        { name: 'Giấy tờ bị mất', kind: 'copy', copies: 2, requirement: 'conditional', condition: 'Khi cấp lại', cases: ['02'] },
      ],
      requirements: n % 3 === 0 ? ['Có năng lực hành vi dân sự đầy đủ'] : [],
    });
  });
}

async function editWorkbook(content: Buffer, edit: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  edit(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = workbook.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The Excel row of the first case of a procedure code in sheet `cases`. */
function caseRow(workbook: ExcelJS.Workbook, code: string): ExcelJS.Row {
  const sheet = workbook.getWorksheet('cases');
  let found: ExcelJS.Row | undefined;
  sheet?.eachRow((row) => {
    if (!found && row.getCell(1).value === code) found = row;
  });
  if (!found) throw new Error(`no case row for ${code}`);
  return found;
}

describe('import and export', () => {
  let env: Awaited<ReturnType<typeof setUpCatalog>>;
  const stored = async (prefix: string) => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM procedures WHERE code LIKE ${`${prefix}%`}`.execute(env.db)).rows[0]?.n);

  beforeAll(async () => {
    env = await setUpCatalog();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('imports nothing from an Excel file with one bad row and names that row; the fixed file imports everything', async () => {
    const good = await writeWorkbook(batch(40));
    let badRow = 0;
    const bad = await editWorkbook(good, (workbook) => {
      const row = caseRow(workbook, '1.998017');
      row.getCell(4).value = 'ba ngày';
      badRow = row.number;
    });
    const refused = await env.api.importProcedures(actors.admin, { format: 'xlsx', content: bad, source: 'thu-tuc.xlsx' });
    expect(refused).toMatchObject({ total: 40, created: 0, updated: 0, rejected: 1, written: false });
    expect(refused.errors).toEqual([{ sheet: 'cases', row: badRow, column: 'processing_time', message: 'must be number' }]);
    expect(await stored('1.998')).toBe(0);

    const progress: string[] = [];
    const imported = await env.api.importProcedures(actors.admin, { format: 'xlsx', content: good }, { onProgress: (phase, done, total) => progress.push(`${phase} ${done}/${total}`) });
    expect(imported).toMatchObject({ total: 40, created: 40, updated: 0, unchanged: 0, rejected: 0, written: true, errors: [] });
    expect(progress).toContain('check 40/40');
    expect(progress.at(-1)).toBe('write 40/40');
    const one = await env.api.getPublishedProcedure('1.998017');
    expect(one.document).toEqual(batch(40)[17]);
    const audit = await sql<{ action: string; data: { created: number } }>`SELECT action, data FROM audit_log WHERE action = 'procedures.imported' AND actor = ${actors.admin.accountId}`.execute(env.db);
    expect(audit.rows.map((r) => [r.action, r.data.created])).toEqual([['procedures.imported', 40]]);
  });

  it('with skip-invalid imports the good procedures and reports the bad ones by sheet, row and column', async () => {
    const file = await editWorkbook(await writeWorkbook(batch(5, 100)), (workbook) => {
      const procedures = sheet(workbook, 'procedures');
      procedures.getRow(3).getCell(7).value = '000.00.99.H49'; // competent_agency of 1.998101
      procedures.getRow(4).getCell(6).value = 'citizen, robot'; // applicant_types of 1.998102
      sheet(workbook, 'fees').addRow(['1.998103', '07', 'Phí lạ', 1000]);
      sheet(workbook, 'components').addRow(['1.998999', 'Giấy tờ mồ côi', 'copy', 1, 'required']);
    });
    const result = await env.api.importProcedures(actors.admin, { format: 'xlsx', content: file }, { skipInvalid: true });
    expect(result).toMatchObject({ total: 5, created: 2, rejected: 3, written: true });
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { sheet: 'procedures', row: 3, column: 'competent_agency', message: 'names agency 000.00.99.H49, which is not in the directory' },
        { sheet: 'procedures', row: 4, column: 'applicant_types', message: 'must be one of: citizen, business' },
        expect.objectContaining({ sheet: 'fees', column: 'case_code', message: 'procedure 1.998103 has no case 07' }),
        expect.objectContaining({ sheet: 'components', column: 'procedure_code', message: 'no procedure 1.998999 in sheet procedures' }),
      ]),
    );
    expect(await stored('1.99810')).toBe(2);
  });

  it('reads codes and amounts typed the way Excel keeps them', async () => {
    const file = await editWorkbook(await writeWorkbook(batch(1, 200)), (workbook) => {
      sheet(workbook, 'procedures').getRow(2).getCell(1).value = 1.9982; // 1.998200 typed as a number
      for (const name of ['cases', 'fees', 'components']) {
        sheet(workbook, name).eachRow((row, n) => {
          if (n > 1) row.getCell(1).value = 1.9982;
        });
      }
      const fees = sheet(workbook, 'fees');
      fees.getRow(2).getCell(2).value = 1; // case 01 typed as 1
      fees.getRow(2).getCell(4).value = '100.000';
    });
    const result = await env.api.importProcedures(actors.admin, { format: 'xlsx', content: file });
    expect(result.errors).toEqual([]);
    expect((await env.api.getPublishedProcedure('1.998200')).document.cases[0]?.fees).toEqual([{ name: 'Lệ phí', amountVnd: 100_000 }]);
  });

  it('round-trips: an export imported again changes nothing, in JSON and in Excel', async () => {
    for (const format of ['json', 'xlsx'] as const) {
      const exported = await env.api.exportProcedures(actors.admin, { format });
      expect(exported.count).toBeGreaterThanOrEqual(140);
      const result = await env.api.importProcedures(actors.admin, { format, content: exported.content });
      expect(result, format).toMatchObject({ total: exported.count, created: 0, updated: 0, unchanged: exported.count, written: true, errors: [] });
    }
    const json = JSON.parse((await env.api.exportProcedures(actors.admin, { format: 'json' })).content.toString('utf8')) as { format: string; procedures: { code: string }[] };
    expect(json.format).toBe('egov.procedures');
    expect(Object.keys(json.procedures[0] ?? {}).slice(0, 2)).toEqual(['code', 'name']);
  });

  it('exports only what an agency admin manages, and refuses their imports of other provinces row by row', async () => {
    const exported = JSON.parse((await env.api.exportProcedures(actors.adminH29, { format: 'json' })).content.toString('utf8')) as { procedures: ProcedureDocument[] };
    expect(exported.procedures.length).toBeGreaterThan(20);
    expect(exported.procedures.every((p) => p.code.endsWith('.H29'))).toBe(true);
    const result = await env.api.importProcedures(actors.adminH29, { format: 'json', content: JSON.stringify(batch(2, 300)) });
    expect(result.written).toBe(false);
    expect(result.errors).toEqual([
      { sheet: 'json', row: 1, column: 'competentAgency', message: 'your account may not manage this procedure (another level-1 body)' },
      { sheet: 'json', row: 2, column: 'competentAgency', message: 'your account may not manage this procedure (another level-1 body)' },
    ]);
    await expect(env.api.importProcedures(actors.clerkH49, { format: 'json', content: '[]' })).rejects.toMatchObject({ code: 'catalog.forbidden' });
  });

  it('names JSON problems by position and path, and duplicate codes by the first row', async () => {
    const docs: unknown[] = batch(3, 400);
    (docs[1] as { cases: { processingTime: { unit: string } }[] }).cases[0]!.processingTime.unit = 'days';
    docs.push(batch(1, 400)[0]);
    const result = await env.api.importProcedures(actors.admin, { format: 'json', content: JSON.stringify({ procedures: docs }) });
    expect(result.errors).toEqual([
      { sheet: 'json', row: 2, column: 'cases[0].processingTime.unit', message: 'must be one of: working_days, hours' },
      { sheet: 'json', row: 4, column: 'code', message: 'repeats procedure 1.998400 of row 1' },
    ]);
    expect((await env.api.importProcedures(actors.admin, { format: 'json', content: '{"x": 1' })).errors[0]?.message).toMatch(/^not valid JSON/);
  });

  it('checks thousands of rows first and writes them in batches, as drafts when asked', async () => {
    const many = batch(1500, 0, 970_000);
    const started = Date.now();
    const result = await env.api.importProcedures(actors.admin, { format: 'json', content: JSON.stringify(many) }, { publish: false, batchSize: 400 });
    expect(result).toMatchObject({ total: 1500, created: 1500, written: true });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(await env.api.findPublishedProcedure('1.971499')).toBeUndefined();
    const statuses = await sql<{ status: string; n: number }>`SELECT status, count(*) AS n FROM procedures WHERE code LIKE '1.97%' GROUP BY status`.execute(env.db);
    expect(statuses.rows.map((r) => [r.status, Number(r.n)])).toEqual([['draft', 1500]]);
  });
});
