import ExcelJS from 'exceljs';
import type { FieldError } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { calendarFor, recordChange, requireMonitor, today, viewerOf, whoOf, type TasksContext } from './tasks.context.ts';
import { TasksErrors } from './tasks.errors.ts';
import { readNewTask, type NewTaskInput } from './tasks.input.ts';
import * as repo from './tasks.repository.ts';

/** The columns of a task list, in order (row 1 is the header; one task a row from row 2). */
export const IMPORT_COLUMNS: readonly (keyof NewTaskInput)[] = [
  'sourceKind', 'sourceRef', 'sourceTitle', 'content', 'leadAgencyCode', 'coordinatingAgencies', 'deadlineKind', 'deadline', 'period', 'periodDay', 'periodicUntil', 'expectedProduct', 'priority',
];
export const IMPORT_HEADERS = ['Loại văn bản giao', 'Số/ký hiệu (DocumentId)', 'Trích yếu văn bản', 'Nội dung nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Loại thời hạn', 'Thời hạn', 'Định kỳ', 'Ngày trong kỳ', 'Định kỳ đến ngày', 'Sản phẩm', 'Mức độ ưu tiên'];
export const IMPORT_MAX_ROWS = 5000;
const COLUMN_LETTER = (i: number) => String.fromCharCode(65 + i);

/** A cell as text: dates as yyyy-MM-dd (also dd/MM/yyyy typed as text), numbers as written. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  const text = String(value).trim();
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  return vn ? `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}` : text;
}

export function createTasksImport(ctx: TasksContext) {
  return {
    /**
     * Reads the first sheet and checks every row; any wrong cell refuses the whole file, each
     * problem named by its cell (`B7`). Otherwise every task is assigned in one transaction.
     */
    async importWorkbook(actor: Actor | undefined, content: Buffer): Promise<{ imported: number; ids: number[] }> {
      const v = viewerOf(ctx, actor);
      requireMonitor(v);
      const book = new ExcelJS.Workbook();
      try {
        await book.xlsx.load(content as unknown as ArrayBuffer);
      } catch {
        throw TasksErrors.importInvalid([{ field: 'file', message: 'tasks.not_a_workbook' }]);
      }
      const sheet = book.worksheets[0];
      if (!sheet) throw TasksErrors.importInvalid([{ field: 'file', message: 'tasks.empty_workbook' }]);
      const inputs: { row: number; input: NewTaskInput }[] = [];
      sheet.eachRow({ includeEmpty: false }, (row, n) => {
        if (n === 1) return;
        const input: Record<string, string> = {};
        IMPORT_COLUMNS.forEach((key, i) => (input[key] = cellText(row.getCell(i + 1).value)));
        if (Object.values(input).every((x) => x === '')) return;
        inputs.push({ row: n, input });
      });
      if (inputs.length === 0) throw TasksErrors.importInvalid([{ field: 'file', message: 'tasks.empty_workbook' }]);
      if (inputs.length > IMPORT_MAX_ROWS) throw TasksErrors.importInvalid([{ field: 'file', message: 'tasks.too_many_rows' }]);
      const day = today(ctx);
      const latest = inputs.reduce((max, r) => (/^\d{4}-\d{2}-\d{2}$/.test(r.input.deadline ?? '') && r.input.deadline! > max ? r.input.deadline! : max), day);
      const calendar = await calendarFor(ctx, day, latest < '2100-01-01' ? latest : day);
      const problems: FieldError[] = [];
      const rows = inputs.map(({ row, input }) => {
        const own: FieldError[] = [];
        const task = readNewTask(input, calendar, day, own);
        for (const p of own) problems.push({ field: `${COLUMN_LETTER(IMPORT_COLUMNS.indexOf(p.field as keyof NewTaskInput))}${row}`, message: p.message });
        return task;
      });
      if (problems.length > 0) throw TasksErrors.importInvalid(problems);
      const at = ctx.now();
      const inserted = await ctx.db.transaction().execute(async (tx) => {
        const out = await repo.insertTasks(tx, rows.map((t) => ({ ...t!, cabinet_item_id: null, cabinet_session_id: null, source_ordinal: null })));
        for (const r of out) await recordChange(tx, whoOf(v.actor), r, 'assigned', at, { note: 'import' });
        return out;
      });
      return { imported: inserted.length, ids: inserted.map((r) => r.id) };
    },
  };
}

/** An empty task list with its header row and one example (the template offered on the import page). */
export async function importTemplate(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('NhiemVu');
  sheet.addRow(IMPORT_HEADERS);
  sheet.addRow(['decision', '000.00.00.G22,2027/01/05,15/QĐ-TTg', 'Quyết định giao nhiệm vụ năm 2027', 'Xây dựng báo cáo chuyên đề', '000.00.00.G12', '000.00.00.G15', 'date', '2027-03-31', '', '', '', 'Báo cáo', 'normal']);
  sheet.columns.forEach((c) => (c.width = 22));
  return Buffer.from(await book.xlsx.writeBuffer());
}
