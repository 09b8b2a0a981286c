import ExcelJS from 'exceljs';
import type { Locale } from '../../platform/i18n/index.ts';
import { ReportingErrors } from './reporting.errors.ts';
import { labelOf, problemText } from './reporting.present.ts';
import type { Indicator, Regime, ReportingUnit } from './reporting.types.ts';
import { checkValues, readValues, valueKeysOf, type ValueProblem } from './reporting.validation.ts';

/**
 * The Excel template of a report (exceljs) and the reading of a filled one. Column A holds the
 * value key (hidden from nobody: it is how the row is matched, so a reordered sheet still
 * reads right), D the value. A file is taken whole or not at all: every problem is reported
 * at its cell (`BaoCao!D7`) with the indicator's name, and nothing is written while one remains.
 */
export const SHEET = 'BaoCao';
const FIRST_ROW = 6;
export const MAX_EXCEL_BYTES = 2 * 1024 * 1024;
const MAX_ROWS = 2_000;

export async function buildTemplate(regime: Regime, unit: ReportingUnit, period: string, indicators: readonly Indicator[], values: Record<string, number>, locale: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'egov';
  const sheet = workbook.addWorksheet(SHEET);
  const vi = locale === 'vi';
  sheet.getCell('A1').value = vi ? regime.name : regime.nameEn;
  sheet.getCell('A1').font = { bold: true, size: 13 };
  sheet.getCell('A2').value = `${vi ? 'Đơn vị' : 'Unit'}: ${unit.name} (${unit.code})`;
  sheet.getCell('A3').value = `${vi ? 'Kỳ báo cáo' : 'Period'}: ${period}`;
  sheet.getCell('A4').value = vi ? 'Chỉ điền cột D. Không sửa cột A.' : 'Fill in column D only. Do not change column A.';
  const header = sheet.getRow(FIRST_ROW - 1);
  header.values = vi ? ['Mã', 'Chỉ tiêu', 'Đơn vị tính', 'Giá trị'] : ['Code', 'Indicator', 'Unit', 'Value'];
  header.font = { bold: true };
  let row = FIRST_ROW;
  for (const indicator of indicators) {
    for (const key of valueKeysOf(indicator)) {
      const line = sheet.getRow(row++);
      line.values = [key, labelOf(key, indicators, locale), indicator.unit, values[key] ?? null];
      line.getCell(4).protection = { locked: false };
    }
  }
  sheet.getColumn(1).width = 34;
  sheet.getColumn(2).width = 60;
  sheet.getColumn(3).width = 14;
  sheet.getColumn(4).width = 18;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A cell's value as the validation reads it: a number, or the text typed. */
function cellInput(cell: ExcelJS.Cell): string | number | undefined {
  const value = cell.value;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'object' && 'result' in value) {
    const result = (value as { result?: unknown }).result;
    return typeof result === 'number' || typeof result === 'string' ? result : String(cell.text);
  }
  return cell.text;
}

export interface CellProblem {
  cell: string;
  key: string;
  text: string;
}

/**
 * Reads a filled template: the raw inputs by value key, or every problem by cell. Throws
 * `reporting.excel_unreadable` for a file that is not an .xlsx of this template.
 */
export async function readUpload(bytes: Buffer, indicators: readonly Indicator[], rules: Regime['rules'], locale: Locale): Promise<{ inputs: Record<string, string | number>; problems: CellProblem[] }> {
  if (bytes.length > MAX_EXCEL_BYTES) throw ReportingErrors.excelTooLarge();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw ReportingErrors.excelUnreadable();
  }
  const sheet = workbook.getWorksheet(SHEET) ?? workbook.worksheets[0];
  if (!sheet || sheet.rowCount > MAX_ROWS) throw ReportingErrors.excelUnreadable();
  const known = new Set(indicators.flatMap(valueKeysOf));
  const inputs: Record<string, string | number> = {};
  const cellOf = new Map<string, string>();
  const problems: CellProblem[] = [];
  const t = (p: Pick<ValueProblem, 'key' | 'kind' | 'params'>) => problemText(p, indicators, locale);
  for (let r = FIRST_ROW; r <= sheet.rowCount; r++) {
    const key = sheet.getCell(r, 1).text.trim();
    if (key === '') continue;
    const address = `${sheet.name}!D${r}`;
    if (!known.has(key)) {
      problems.push({ cell: `${sheet.name}!A${r}`, key, text: locale === 'vi' ? `Mã "${key.slice(0, 40)}" không thuộc chế độ báo cáo.` : `Code "${key.slice(0, 40)}" is not in the regime.` });
      continue;
    }
    cellOf.set(key, address);
    const input = cellInput(sheet.getCell(r, 4));
    if (input !== undefined) inputs[key] = input;
  }
  const read = readValues(indicators, inputs);
  const checked = checkValues(indicators, rules, read.values);
  for (const problem of [...read.problems, ...checked]) {
    problems.push({ cell: cellOf.get(problem.key) ?? `${sheet.name}!D?`, key: problem.key, text: t(problem) });
  }
  return { inputs, problems };
}
