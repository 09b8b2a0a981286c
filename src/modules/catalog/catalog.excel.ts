import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { isDomainError } from '../../platform/errors/index.ts';
import { CatalogErrors } from './catalog.errors.ts';
import type { ProcedureDocument } from './catalog.schemas.ts';
import type { ImportError, SourceEntry } from './import-source.ts';
import { EXCEL_IMPORT_LIMITS, readDirectory, storedWorkbook, verifyParts, type ExcelImportLimits } from './xlsx-package.ts';

/**
 * The Excel layout of the catalogue (export and import, round-trip):
 *
 * - sheet `procedures`, one row per procedure: code, name, field_code, field_name,
 *   implementing_level (central|province|commune), applicant_types (citizen, business),
 *   competent_agency, receiving_agencies (one code per line), online_level
 *   (toan_trinh|mot_phan, empty when not online), channels (in_person, online, postal),
 *   steps, results, requirements, legal_basis (one item per line);
 * - sheet `cases`, one row per case: procedure_code, case_code (01, 02 …), case_name,
 *   processing_time (a number), processing_unit (working_days|hours), min_assurance_level (optional: 2 or 3);
 * - sheet `fees`, one row per fee of a case: procedure_code, case_code, fee_name, amount_vnd;
 * - sheet `components`, one row per dossier component: procedure_code, name, kind
 *   (original|copy), copies, requirement (required|conditional), condition, template_file,
 *   cases (case codes, empty for every case);
 * - sheet `guide` (ignored on import) repeats this.
 *
 * Row numbers in errors are the row numbers Excel shows (the header is row 1). Items of a
 * list cell are separated by line breaks, so an item cannot itself contain one.
 */

export const SHEETS = {
  procedures: ['code', 'name', 'field_code', 'field_name', 'implementing_level', 'applicant_types', 'competent_agency', 'receiving_agencies', 'online_level', 'channels', 'steps', 'results', 'requirements', 'legal_basis'],
  cases: ['procedure_code', 'case_code', 'case_name', 'processing_time', 'processing_unit', 'min_assurance_level'],
  fees: ['procedure_code', 'case_code', 'fee_name', 'amount_vnd'],
  components: ['procedure_code', 'name', 'kind', 'copies', 'requirement', 'condition', 'template_file', 'cases'],
} as const;
type SheetName = keyof typeof SHEETS;
/** Columns a hand-made file may leave out (the export writes them all). */
const OPTIONAL_COLUMNS = new Set(['procedures.online_level', 'procedures.requirements', 'components.condition', 'components.template_file', 'components.cases', 'cases.min_assurance_level']);

const GUIDE: [string, string][] = [
  ['procedures', 'One row per procedure. Lists (receiving_agencies, steps, results, requirements, legal_basis) hold one item per line; applicant_types and channels are separated by commas.'],
  ['procedures.code', 'd.dddddd, or d.dddddd.<agency code> for an agency\'s variant (1.001193.000.00.00.H49)'],
  ['procedures.implementing_level', 'central | province | commune'],
  ['procedures.applicant_types', 'citizen, business'],
  ['procedures.online_level', 'toan_trinh | mot_phan; empty when the procedure is not offered online'],
  ['procedures.channels', 'in_person, online, postal'],
  ['cases', 'One row per case (trường hợp) of a procedure; every procedure has at least one. processing_unit: working_days | hours; min_assurance_level: 2 or 3 when applying online needs an account verified in person (2) or by the national identity provider (3), empty otherwise'],
  ['fees', 'One row per fee of a case, amount in đồng (no fee: no row)'],
  ['components', 'One row per dossier component. kind: original | copy; requirement: required | conditional (then condition is required); cases: the case codes it applies to, empty for all'],
  ['import', 'egov import procedures FILE.xlsx [--skip-invalid]: every row is checked first; by default nothing is imported when any row is wrong'],
];

const lines = (items: readonly string[]) => items.join('\n');
const commas = (items: readonly string[]) => items.join(', ');

/** The workbook of `documents` in the layout above. */
/** exceljs is large (over a second to load here): only imports and exports pay for it. */
async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

export async function writeWorkbook(documents: readonly ProcedureDocument[]): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = 'egov';
  const sheet = (name: SheetName) => {
    const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = SHEETS[name].map((key) => ({ header: key, key, width: key === 'name' || key === 'steps' || key === 'case_name' ? 60 : 22 }));
    ws.getRow(1).font = { bold: true };
    return ws;
  };
  const procedures = sheet('procedures');
  const cases = sheet('cases');
  const fees = sheet('fees');
  const components = sheet('components');
  for (const d of documents) {
    procedures.addRow({
      code: d.code,
      name: d.name,
      field_code: d.field.code,
      field_name: d.field.name,
      implementing_level: d.implementingLevel,
      applicant_types: commas(d.applicantTypes),
      competent_agency: d.competentAgency,
      receiving_agencies: lines(d.receivingAgencies),
      online_level: d.onlineLevel ?? '',
      channels: commas(d.channels),
      steps: lines(d.steps),
      results: lines(d.results),
      requirements: lines(d.requirements),
      legal_basis: lines(d.legalBasis),
    });
    for (const c of d.cases) {
      cases.addRow({ procedure_code: d.code, case_code: c.code, case_name: c.name, processing_time: c.processingTime.value, processing_unit: c.processingTime.unit, min_assurance_level: c.minAssuranceLevel ?? '' });
      for (const f of c.fees) fees.addRow({ procedure_code: d.code, case_code: c.code, fee_name: f.name, amount_vnd: f.amountVnd });
    }
    for (const c of d.components) {
      components.addRow({
        procedure_code: d.code,
        name: c.name,
        kind: c.kind,
        copies: c.copies,
        requirement: c.requirement,
        condition: c.condition ?? '',
        template_file: c.templateFile ?? '',
        cases: commas(c.cases ?? []),
      });
    }
  }
  const guide = workbook.addWorksheet('guide');
  guide.columns = [
    { header: 'sheet / column', key: 'what', width: 32 },
    { header: 'meaning', key: 'meaning', width: 120 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const [what, meaning] of GUIDE) guide.addRow({ what, meaning });
  // Text columns must stay text: a code like 1.001193 typed in Excel would become a number.
  for (const ws of [procedures, cases, fees, components]) {
    ws.eachRow((row) => {
      row.alignment = { wrapText: true, vertical: 'top' };
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The text of a cell whatever Excel stored (rich text, hyperlink, formula result, number). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return String(value.text);
  if ('result' in value) return value.result === undefined || typeof value.result === 'object' ? '' : String(value.result);
  if ('error' in value) return String(value.error);
  return '';
}

/** Numbers as people type them in Vietnam: `0,5`, `100.000` (thousands) or a plain number. */
function toNumber(text: string): number | string {
  const t = text.trim().replace(/\s/g, '');
  if (/^-?\d+$/.test(t)) return Number(t);
  if (/^\d{1,3}(\.\d{3})+$/.test(t)) return Number(t.replace(/\./g, ''));
  if (/^-?\d+[.,]\d+$/.test(t)) return Number(t.replace(',', '.'));
  return text;
}

const splitLines = (text: string) => text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');
const splitList = (text: string) => text.split(/[,;\n]/).map((s) => s.trim()).filter((s) => s !== '');

interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

/** Rows read so far across the sheets, against the limit. */
interface RowBudget {
  rows: number;
  limits: ExcelImportLimits;
}

/** Reads one sheet row by row as exceljs streams it, stopping at the first row over a limit. */
async function readSheet(ws: ExcelJS.stream.xlsx.WorksheetReader, name: SheetName, errors: ImportError[], budget: RowBudget): Promise<SheetRow[]> {
  const header = new Map<number, string>();
  const rows: SheetRow[] = [];
  let previous = 0;
  for await (const row of ws) {
    if (++budget.rows > budget.limits.rows) throw CatalogErrors.importTooLarge('rows', budget.limits.rows, name);
    // `r` is optional in the file format: a row without it follows the one before.
    const rowNumber = Number.isInteger(row.number) && row.number > previous ? row.number : previous + 1;
    previous = rowNumber;
    if (row.actualCellCount > budget.limits.cellsPerRow) throw CatalogErrors.importTooLarge('cells_per_row', budget.limits.cellsPerRow, `${name} #${rowNumber}`);
    if (rowNumber === 1) {
      row.eachCell((cell, col) => header.set(col, cellText(cell.value).trim().toLowerCase()));
      continue;
    }
    const cells: Record<string, string> = {};
    let empty = true;
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const key = header.get(col);
      if (!key) return;
      const value = cell.value;
      // Codes typed into Excel become numbers (1.001190 → 1.00119, 01 → 1): put the zeros back.
      const text =
        typeof value === 'number' && (key === 'code' || key === 'procedure_code') && Number.isFinite(value)
          ? value.toFixed(6)
          : typeof value === 'number' && (key === 'case_code' || key === 'cases') && Number.isInteger(value)
            ? String(value).padStart(2, '0')
            : cellText(value);
      if (text.trim() !== '') empty = false;
      cells[key] = text;
    });
    if (!empty) rows.push({ row: rowNumber, cells });
  }
  const present = new Set(header.values());
  const missing = SHEETS[name].filter((c) => !present.has(c) && !OPTIONAL_COLUMNS.has(`${name}.${c}`));
  for (const column of missing) errors.push({ sheet: name, row: 1, column, message: 'column is missing from the header row' });
  return rows;
}

const notExcel = (reason: string): { entries: SourceEntry[]; fileErrors: ImportError[] } => ({
  entries: [],
  fileErrors: [{ sheet: '', row: 0, column: '', message: `not an Excel (.xlsx) file: ${reason}` }],
});

/**
 * The four sheets of the layout, read with exceljs' streaming reader after the zip container
 * passed its checks (xlsx-package.ts). A file over a limit throws `catalog.import_too_large`.
 */
async function readSheets(content: Uint8Array, limits: ExcelImportLimits, errors: ImportError[]): Promise<Map<SheetName, SheetRow[]>> {
  const zip = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const parts = readDirectory(zip, limits);
  await verifyParts(zip, parts, limits);
  const source = Readable.from(storedWorkbook(zip, parts));
  const reader = new (await excel()).stream.xlsx.WorkbookReader(source, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  const sheets = new Map<SheetName, SheetRow[]>();
  const budget: RowBudget = { rows: 0, limits };
  try {
    for await (const ws of reader) {
      // The typings leave out the sheet name the reader takes from the workbook part.
      const name = (ws as unknown as { name: string }).name;
      if (!Object.hasOwn(SHEETS, name) || sheets.has(name as SheetName)) continue;
      sheets.set(name as SheetName, await readSheet(ws, name as SheetName, errors, budget));
    }
  } finally {
    source.destroy();
  }
  return sheets;
}

/** Where each part of a document came from, to name the sheet, row and column of a problem. */
function locator(procRow: number, caseRows: number[], feeRows: number[][], componentRows: number[]) {
  const procedureColumns: Record<string, string> = {
    code: 'code',
    name: 'name',
    field: 'field_code',
    'field.code': 'field_code',
    'field.name': 'field_name',
    implementingLevel: 'implementing_level',
    applicantTypes: 'applicant_types',
    competentAgency: 'competent_agency',
    receivingAgencies: 'receiving_agencies',
    onlineLevel: 'online_level',
    channels: 'channels',
    steps: 'steps',
    results: 'results',
    requirements: 'requirements',
    legalBasis: 'legal_basis',
    cases: '(rows in sheet cases)',
    components: '(rows in sheet components)',
  };
  const caseColumns: Record<string, string> = { code: 'case_code', name: 'case_name', processingTime: 'processing_time', 'processingTime.value': 'processing_time', 'processingTime.unit': 'processing_unit', fees: '(rows in sheet fees)', minAssuranceLevel: 'min_assurance_level' };
  const feeColumns: Record<string, string> = { name: 'fee_name', amountVnd: 'amount_vnd' };
  const componentColumns: Record<string, string> = { name: 'name', kind: 'kind', copies: 'copies', requirement: 'requirement', condition: 'condition', templateFile: 'template_file', cases: 'cases' };
  return (path: string): Omit<ImportError, 'message'> => {
    let m = /^cases\[(\d+)\]\.fees\[(\d+)\](?:\.(\w+))?/.exec(path);
    if (m) {
      const row = feeRows[Number(m[1])]?.[Number(m[2])];
      if (row !== undefined) return { sheet: 'fees', row, column: feeColumns[m[3] ?? ''] ?? 'fee_name' };
    }
    m = /^cases\[(\d+)\](?:\.(processingTime\.\w+|\w+))?/.exec(path);
    if (m) {
      const row = caseRows[Number(m[1])];
      if (row !== undefined) return { sheet: 'cases', row, column: caseColumns[m[2] ?? ''] ?? 'case_code' };
    }
    m = /^components\[(\d+)\](?:\.(\w+))?/.exec(path);
    if (m) {
      const row = componentRows[Number(m[1])];
      if (row !== undefined) return { sheet: 'components', row, column: componentColumns[m[2] ?? ''] ?? 'name' };
    }
    const top = /^([\w]+(?:\.\w+)?)/.exec(path.replace(/\[\d+\].*$/, ''))?.[1] ?? '';
    return { sheet: 'procedures', row: procRow, column: procedureColumns[top] ?? procedureColumns[top.split('.')[0] ?? ''] ?? (path || 'code') };
  };
}

/** Reads the workbook into one entry per procedures row (raw documents, checked later). */
export async function readWorkbook(content: Uint8Array, limits: ExcelImportLimits = EXCEL_IMPORT_LIMITS): Promise<{ entries: SourceEntry[]; fileErrors: ImportError[] }> {
  const fileErrors: ImportError[] = [];
  let sheets: Map<SheetName, SheetRow[]>;
  try {
    sheets = await readSheets(content, limits, fileErrors);
  } catch (error) {
    if (isDomainError(error)) throw error;
    return notExcel(error instanceof Error ? error.message : String(error));
  }
  const sheet = (name: SheetName, required: boolean) => {
    const rows = sheets.get(name);
    if (!rows && required) fileErrors.push({ sheet: name, row: 0, column: '', message: `the workbook has no sheet "${name}"` });
    return rows ?? [];
  };
  const procedures = sheet('procedures', true);
  const cases = sheet('cases', true);
  const fees = sheet('fees', false);
  const components = sheet('components', true);
  if (fileErrors.length > 0) return { entries: [], fileErrors };

  const known = new Set(procedures.map((p) => p.cells.code?.trim() ?? ''));
  const byProcedure = <T extends SheetRow>(rows: T[], sheet: SheetName) => {
    const map = new Map<string, T[]>();
    for (const r of rows) {
      const code = r.cells.procedure_code?.trim() ?? '';
      if (!known.has(code) || code === '') {
        fileErrors.push({ sheet, row: r.row, column: 'procedure_code', message: code ? `no procedure ${code} in sheet procedures` : 'is required' });
        continue;
      }
      map.set(code, [...(map.get(code) ?? []), r]);
    }
    return map;
  };
  const casesOf = byProcedure(cases, 'cases');
  const feesOf = byProcedure(fees, 'fees');
  const componentsOf = byProcedure(components, 'components');

  const entries = procedures.map((p): SourceEntry => {
    const c = p.cells;
    const code = c.code?.trim() ?? '';
    const caseRows = casesOf.get(code) ?? [];
    const feeRowsByCase: number[][] = [];
    const caseDocs = caseRows.map((cr, i) => {
      const caseCode = cr.cells.case_code?.trim() ?? '';
      const feeRows = (feesOf.get(code) ?? []).filter((f) => (f.cells.case_code?.trim() ?? '') === caseCode);
      feeRowsByCase[i] = feeRows.map((f) => f.row);
      return {
        code: caseCode,
        name: cr.cells.case_name ?? '',
        processingTime: { value: toNumber(cr.cells.processing_time ?? ''), unit: cr.cells.processing_unit?.trim() ?? '' },
        fees: feeRows.map((f) => ({ name: f.cells.fee_name ?? '', amountVnd: toNumber(f.cells.amount_vnd ?? '') })),
        ...(cr.cells.min_assurance_level?.trim() ? { minAssuranceLevel: toNumber(cr.cells.min_assurance_level) } : {}),
      };
    });
    const entryErrors: ImportError[] = [];
    const caseCodes = new Set(caseDocs.map((d) => d.code));
    for (const f of feesOf.get(code) ?? []) {
      if (!caseCodes.has(f.cells.case_code?.trim() ?? '')) entryErrors.push({ sheet: 'fees', row: f.row, column: 'case_code', message: `procedure ${code} has no case ${f.cells.case_code ?? ''}` });
    }
    const componentRows = componentsOf.get(code) ?? [];
    const raw = {
      code,
      name: c.name ?? '',
      field: { code: c.field_code ?? '', name: c.field_name ?? '' },
      implementingLevel: c.implementing_level ?? '',
      applicantTypes: splitList(c.applicant_types ?? ''),
      competentAgency: c.competent_agency ?? '',
      receivingAgencies: splitLines(c.receiving_agencies ?? ''),
      onlineLevel: c.online_level ?? '',
      channels: splitList(c.channels ?? ''),
      cases: caseDocs,
      steps: splitLines(c.steps ?? ''),
      components: componentRows.map((r) => ({
        name: r.cells.name ?? '',
        kind: r.cells.kind?.trim() ?? '',
        copies: toNumber(r.cells.copies ?? ''),
        requirement: r.cells.requirement?.trim() ?? '',
        condition: r.cells.condition ?? '',
        templateFile: r.cells.template_file ?? '',
        cases: splitList(r.cells.cases ?? ''),
      })),
      results: splitLines(c.results ?? ''),
      requirements: splitLines(c.requirements ?? ''),
      legalBasis: splitLines(c.legal_basis ?? ''),
    };
    return { sheet: 'procedures', row: p.row, raw, errors: entryErrors, locate: locator(p.row, caseRows.map((r) => r.row), feeRowsByCase, componentRows.map((r) => r.row)) };
  });
  return { entries, fileErrors };
}
