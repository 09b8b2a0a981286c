import ExcelJS from 'exceljs';
import { Compile } from 'typebox/compile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { TaskChanged } from './tasks.facts.ts';
import { IMPORT_HEADERS } from './tasks.import.ts';
import { finance, monitor, setUpTasks } from './tasks.test-support.ts';

// Excel import of task lists: checked row by row, nothing imported while a cell is wrong.

let env: Awaited<ReturnType<typeof setUpTasks>>;
beforeAll(async () => {
  env = await setUpTasks('2027-01-06');
});
afterAll(async () => {
  await env?.close();
});

async function workbook(rows: (string | number | Date)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('NhiemVu');
  sheet.addRow(IMPORT_HEADERS);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const good = ['decision', '000.00.00.G22,2027/01/05,15/QĐ-TTg', 'Quyết định', 'Xây dựng đề án', '000.00.00.G12', '000.00.00.G15', 'date', '2027-03-31', '', '', '', 'Đề án', 'high'];

describe('Excel import', () => {
  it('names every wrong cell and imports nothing; a good file is imported whole', async () => {
    const bad = await workbook([good, ['decision', 'không phải DocumentId', '', '', 'X', '', 'date', '31/02/2027', '', '', '', '', 'normal'], ['resolution', '000.00.00.G22,2027/01/05,1/NQ-CP', '', 'Báo cáo quý', '000.00.00.G15', '', 'periodic', '', 'quarterly', 40, '', '', '']]);
    const refused = await env.api.importWorkbook(monitor, bad).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'tasks.import_invalid' });
    expect((refused as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['B3', 'D3', 'E3', 'H3', 'J4']);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM tasks`.execute(env.platform.ctx.db)).rows[0]!.n).toBe(0);
    await expect(env.api.importWorkbook(monitor, Buffer.from('not a workbook'))).rejects.toMatchObject({ code: 'tasks.import_invalid' });
    await expect(env.api.importWorkbook(finance, await workbook([good]))).rejects.toMatchObject({ code: 'tasks.monitors_only' });
    const ok = await workbook([good, ['resolution', '000.00.00.G22,2027/01/05,1/NQ-CP', '', 'Báo cáo quý', '000.00.00.G15', '', 'periodic', '', 'quarterly', 20, '', '', ''], [...good.slice(0, 7), new Date('2027-04-30T00:00:00Z'), ...good.slice(8)]]);
    const result = await env.api.importWorkbook(monitor, ok);
    expect(result.imported).toBe(3);
    const tasks = await Promise.all(result.ids.map(async (id) => (await env.api.get(monitor, id)).task));
    expect(tasks.map((t) => [t.deadlineKind, t.dueOn, t.priority])).toEqual([
      ['date', '2027-03-31', 'high'],
      ['periodic', '2027-03-22', 'normal'], // 20 March 2027 is a Saturday
      ['date', '2027-05-04', 'high'], // 30 April, 1 May and the weekend are days off
    ]);
  });

  it('every fact written matches its schema', async () => {
    const check = Compile(TaskChanged);
    const facts = (await sql<{ payload: unknown }>`SELECT payload FROM event_facts WHERE type = 'tasks.task_changed'`.execute(env.platform.ctx.db)).rows;
    expect(facts.length).toBeGreaterThan(0);
    for (const f of facts) expect(check.Check(f.payload), JSON.stringify(f.payload)).toBe(true);
  });
});
