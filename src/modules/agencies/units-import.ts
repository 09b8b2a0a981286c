import { parse as parseCsv } from 'csv-parse/sync';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { AgenciesErrors } from './agencies.errors.ts';
import { assertSystemAdmin } from './agencies.policy.ts';
import * as repo from './agencies.repository.ts';

/**
 * Loading communes (QĐ 19/2025 code table) from CSV (`code,name,province_code`) or a JSON
 * array of `{code, name, province_code}`. Every row is checked; the errors name the row,
 * the valid rows are written (unless `atomic`), in batches, in one transaction.
 */

export type UnitsFileFormat = 'csv' | 'json';

export interface ImportRowError {
  /** 1-based number of the data row (the CSV header is not counted; JSON: array index + 1). */
  row: number;
  /** CSV line where the record ends, to find it in an editor. */
  line?: number;
  field?: 'code' | 'name' | 'province_code';
  message: string;
}

export interface ImportUnitsResult {
  total: number;
  inserted: number;
  updated: number;
  /** Valid rows identical to what was already stored. */
  unchanged: number;
  /** Communes retired because the file no longer lists them (with `retireMissing`). */
  retired: string[];
  errors: ImportRowError[];
  /** False when `atomic` was asked and some row failed: nothing was written. */
  written: boolean;
}

export interface ImportUnitsOptions {
  /** Called after validation and after each batch with rows processed so far. */
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
  /** Write nothing when any row fails. */
  atomic?: boolean;
  /**
   * The file is the whole official table of its provinces: their communes it does not list are
   * retired (kept, with their history), and a retired commune listed again is in force again.
   * Refused when some row fails, so a bad row cannot retire its commune.
   */
  retireMissing?: boolean;
}

interface RawRow {
  row: number;
  line?: number;
  code: unknown;
  name: unknown;
  provinceCode: unknown;
}

export function detectUnitsFormat(fileName: string, content: string): UnitsFileFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return content.trimStart().startsWith('[') ? 'json' : 'csv';
}

function readRows(format: UnitsFileFormat, content: string): RawRow[] {
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(content);
    } catch (error) {
      throw AgenciesErrors.importInvalid(`The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!Array.isArray(data)) throw AgenciesErrors.importInvalid('The JSON file must hold an array of {code, name, province_code}');
    return data.map((item: unknown, index) => {
      const record = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
      return { row: index + 1, code: record.code, name: record.name, provinceCode: record.province_code ?? record.provinceCode };
    });
  }
  let columns: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(content, {
      bom: true,
      columns: (header: string[]) => (columns = header.map((c) => c.trim())),
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
    });
  } catch (error) {
    throw AgenciesErrors.importInvalid(`The CSV file cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const missing = ['code', 'name', 'province_code'].filter((c) => !columns.includes(c));
  if (missing.length > 0) throw AgenciesErrors.importInvalid(`The CSV header must name the columns code,name,province_code (missing: ${missing.join(', ')})`);
  return records.map(({ record, info }, index) => ({
    row: index + 1,
    line: info.lines,
    code: record.code,
    name: record.name,
    provinceCode: record.province_code,
  }));
}

function validate(rows: RawRow[], provinces: Set<string>) {
  const errors: ImportRowError[] = [];
  const valid: { code: string; name: string; provinceCode: string }[] = [];
  const firstSeen = new Map<string, number>();
  for (const raw of rows) {
    const at = { row: raw.row, ...(raw.line !== undefined ? { line: raw.line } : {}) };
    const rowErrors: ImportRowError[] = [];
    const code = typeof raw.code === 'string' ? raw.code.trim() : undefined;
    const name = typeof raw.name === 'string' ? raw.name.trim() : '';
    const provinceCode = typeof raw.provinceCode === 'string' ? raw.provinceCode.trim() : undefined;
    if (typeof raw.code === 'number') {
      rowErrors.push({ ...at, field: 'code', message: 'code must be a string of 5 digits (as a number it loses its leading zeros)' });
    } else if (!code || !/^\d{5}$/.test(code)) {
      rowErrors.push({ ...at, field: 'code', message: `code must be 5 digits (got "${String(raw.code ?? '').slice(0, 20)}")` });
    } else if (firstSeen.has(code)) {
      rowErrors.push({ ...at, field: 'code', message: `code ${code} already appears in row ${firstSeen.get(code)}` });
    }
    if (name === '') rowErrors.push({ ...at, field: 'name', message: 'name must not be empty' });
    else if (name.length > 200) rowErrors.push({ ...at, field: 'name', message: 'name must have at most 200 characters' });
    if (!provinceCode || !/^\d{2}$/.test(provinceCode)) {
      rowErrors.push({ ...at, field: 'province_code', message: `province_code must be 2 digits (got "${String(raw.provinceCode ?? '').slice(0, 20)}")` });
    } else if (!provinces.has(provinceCode)) {
      rowErrors.push({ ...at, field: 'province_code', message: `province ${provinceCode} does not exist` });
    }
    if (code && /^\d{5}$/.test(code) && !firstSeen.has(code)) firstSeen.set(code, raw.row);
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else if (code && provinceCode) valid.push({ code, name, provinceCode });
  }
  return { errors, valid };
}

export async function importUnits(
  db: Db,
  actor: Actor | undefined,
  input: { format: UnitsFileFormat; content: string; source?: string },
  options: ImportUnitsOptions = {},
): Promise<ImportUnitsResult> {
  assertSystemAdmin(actor);
  const rows = readRows(input.format, input.content);
  const provinces = new Set((await repo.listProvinces(db)).map((p) => p.code));
  const { errors, valid } = validate(rows, provinces);
  const total = rows.length;
  const progress = options.onProgress ?? (() => undefined);
  const failedRows = new Set(errors.map((e) => e.row)).size;
  progress(failedRows, total);
  const result: ImportUnitsResult = { total, inserted: 0, updated: 0, unchanged: 0, retired: [], errors, written: false };
  if ((options.atomic || options.retireMissing) && errors.length > 0) return result;
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  await db.transaction().execute(async (tx) => {
    for (let start = 0; start < valid.length; start += batchSize) {
      const batch = valid.slice(start, start + batchSize);
      const { inserted, updated } = await repo.upsertCommunesInTx(tx, batch);
      result.inserted += inserted;
      result.updated += updated;
      progress(failedRows + start + batch.length, total);
    }
    if (options.retireMissing) {
      result.retired = await repo.retireCommunesMissingInTx(tx, [...new Set(valid.map((v) => v.provinceCode))], valid.map((v) => v.code));
    }
    await appendAuditInTx(tx, {
      actor: actor.accountId,
      action: 'units.communes_imported',
      entityType: 'commune_import',
      entityId: input.source ?? 'upload',
      data: { total, inserted: result.inserted, updated: result.updated, failedRows, retired: result.retired },
    });
  });
  result.unchanged = valid.length - result.inserted - result.updated;
  result.written = true;
  return result;
}
