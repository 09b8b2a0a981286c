import { once } from 'node:events';
import { constants, crc32, createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { createTestApp } from '../../platform/testing/index.ts';
import { readWorkbook, writeWorkbook } from './catalog.excel.ts';
import { actors, sampleProcedure, setUpCatalog } from './catalog.test-support.ts';
import { EXCEL_IMPORT_LIMITS } from './xlsx-package.ts';

// Files are built here byte by byte, the way an attacker would: the zip directory may tell
// the truth about gigabytes of XML, or lie about it.

interface ZipPart {
  name: string;
  data: Buffer;
  size: number;
  crc: number;
  /** What the zip's headers claim, when they lie. */
  declaredSize?: number;
}

/**
 * A deflated part made of `text` pieces, each repeated `times`, without ever holding the
 * inflated content: after a full flush a compressed block depends on nothing before it, so
 * one block is repeated as it is.
 */
async function deflatedPart(name: string, pieces: [text: string, times: number][]): Promise<ZipPart> {
  const deflater = createDeflateRaw({ level: 9 });
  const output: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => output.push(chunk));
  const blocks: Buffer[] = [];
  let size = 0;
  let crc = 0;
  for (const [text, times] of pieces) {
    const bytes = Buffer.from(text);
    deflater.write(bytes);
    await new Promise<void>((resolve) => deflater.flush(constants.Z_FULL_FLUSH, () => resolve()));
    const block = Buffer.concat(output.splice(0));
    for (let i = 0; i < times; i++) {
      blocks.push(block);
      crc = crc32(bytes, crc);
    }
    size += bytes.length * times;
  }
  deflater.end();
  await once(deflater, 'end');
  blocks.push(Buffer.concat(output.splice(0)));
  return { name, data: Buffer.concat(blocks), size, crc };
}

/** A zip of `parts` (deflated), with a central directory that states `declaredSize` when given. */
function zipOf(parts: ZipPart[]): Buffer {
  const chunks: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const size = part.declaredSize ?? part.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.crc, 14);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.crc, 16);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    chunks.push(local, name, part.data);
    directory.push(central, name);
    offset += 30 + name.length + part.data.length;
  }
  const centralDirectory = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, centralDirectory, end]);
}

/** The parts of a real export of `count` procedures, with some replaced. */
async function workbookWith(count: number, replace: (name: string) => Promise<ZipPart | undefined> = async () => undefined): Promise<Buffer> {
  const documents = Array.from({ length: count }, (_, i) => sampleProcedure({ code: `1.${996_000 + i}`, name: `Thủ tục giới hạn số ${i}` }));
  const zip = await JSZip.loadAsync(await writeWorkbook(documents));
  const parts: ZipPart[] = [];
  for (const file of Object.values(zip.files)) {
    if (file.dir) continue;
    const replaced = await replace(file.name);
    parts.push(replaced ?? (await deflatedPart(file.name, [[await file.async('string'), 1]])));
  }
  return zipOf(parts);
}

const SST_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

describe('limits of the Excel import', () => {
  let env: Awaited<ReturnType<typeof setUpCatalog>>;
  const stored = async () => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM procedures WHERE code LIKE '1.996%'`.execute(env.db)).rows[0]?.n);
  /** Whether exceljs' streaming reader was started at all. */
  let readerStarted: ReturnType<typeof vi.spyOn>;

  beforeAll(async () => {
    env = await setUpCatalog();
  });
  afterAll(async () => {
    await env?.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const watchReader = () => {
    readerStarted = vi.spyOn(ExcelJS.stream.xlsx.WorkbookReader.prototype, 'parse');
  };

  it('refuses a workbook whose 25 million shared strings would take gigabytes, from the zip directory, before reading any of it', async () => {
    const file = await workbookWith(2, async (name) => (name === 'xl/sharedStrings.xml' ? deflatedPart(name, [[SST_HEAD, 1], ['<si><t>x</t></si>'.repeat(65_536), 382], ['</sst>', 1]]) : undefined));
    expect(file.length).toBeLessThan(2 * 1024 * 1024);
    watchReader();
    await expect(env.api.importProcedures(actors.admin, { format: 'xlsx', content: file })).rejects.toMatchObject({
      code: 'catalog.import_too_large',
      details: { limit: 'part_bytes', max: EXCEL_IMPORT_LIMITS.partBytes, part: 'xl/sharedStrings.xml' },
    });
    expect(readerStarted).not.toHaveBeenCalled();
    expect(await stored()).toBe(0);
  });

  it('refuses a part compressed like a zip bomb', async () => {
    const sheet = '<row r="2"><c r="A2" t="inlineStr"><is><t>1.996999</t></is></c></row>';
    const file = await workbookWith(1, async (name) => (name === 'xl/worksheets/sheet3.xml' ? deflatedPart(name, [['<worksheet><sheetData>', 1], [sheet.repeat(4096), 100], ['</sheetData></worksheet>', 1]]) : undefined));
    watchReader();
    await expect(env.api.importProcedures(actors.admin, { format: 'xlsx', content: file })).rejects.toMatchObject({
      code: 'catalog.import_too_large',
      details: { limit: 'compression_ratio', max: EXCEL_IMPORT_LIMITS.compressionRatio, part: 'xl/worksheets/sheet3.xml' },
    });
    expect(readerStarted).not.toHaveBeenCalled();
  });

  it('counts shared strings as it inflates them and stops past the limit, before exceljs reads the workbook', async () => {
    const strings = Array.from({ length: EXCEL_IMPORT_LIMITS.sharedStrings + 1 }, (_, i) => `<si><t>${i}</t></si>`).join('');
    const file = await workbookWith(2, async (name) => (name === 'xl/sharedStrings.xml' ? deflatedPart(name, [[`${SST_HEAD}${strings}</sst>`, 1]]) : undefined));
    watchReader();
    await expect(env.api.importProcedures(actors.admin, { format: 'xlsx', content: file })).rejects.toMatchObject({
      code: 'catalog.import_too_large',
      details: { limit: 'shared_strings', max: EXCEL_IMPORT_LIMITS.sharedStrings },
    });
    expect(readerStarted).not.toHaveBeenCalled();
  });

  it('refuses a part that inflates beyond the size its headers declare', async () => {
    const file = await workbookWith(2, async (name) =>
      name === 'xl/sharedStrings.xml' ? { ...(await deflatedPart(name, [[SST_HEAD, 1], ['<si><t>x</t></si>'.repeat(65_536), 8], ['</sst>', 1]])), declaredSize: 4096 } : undefined,
    );
    watchReader();
    const result = await env.api.importProcedures(actors.admin, { format: 'xlsx', content: file });
    expect(result).toMatchObject({ total: 0, written: false });
    expect(result.errors).toEqual([{ sheet: '', row: 0, column: '', message: 'not an Excel (.xlsx) file: xl/sharedStrings.xml holds more than its declared 4096 bytes' }]);
    expect(readerStarted).not.toHaveBeenCalled();
  });

  it('refuses a row with more filled cells than any sheet of the layout needs', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await writeWorkbook([sampleProcedure({ code: '1.996500' })])) as unknown as ArrayBuffer);
    const row = workbook.getWorksheet('cases')!.getRow(2);
    for (let col = 6; col <= 6 + EXCEL_IMPORT_LIMITS.cellsPerRow; col++) row.getCell(col).value = `ô ${col}`;
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(env.api.importProcedures(actors.admin, { format: 'xlsx', content: file })).rejects.toMatchObject({
      code: 'catalog.import_too_large',
      details: { limit: 'cells_per_row', max: EXCEL_IMPORT_LIMITS.cellsPerRow, part: 'cases #2' },
    });
    expect(await stored()).toBe(0);
  });

  it('stops at the first row over the row limit', async () => {
    const file = await writeWorkbook(Array.from({ length: 30 }, (_, i) => sampleProcedure({ code: `1.${996_100 + i}` })));
    // 31 rows of procedures, then cases: the limit falls in the second sheet.
    await expect(readWorkbook(file, { ...EXCEL_IMPORT_LIMITS, rows: 40 })).rejects.toMatchObject({ code: 'catalog.import_too_large', details: { limit: 'rows', max: 40, part: 'cases' } });
    expect((await readWorkbook(file)).entries).toHaveLength(30);
  });

  it('counts shared strings exactly, whatever chunks the inflater hands over', async () => {
    const file = await writeWorkbook(Array.from({ length: 300 }, (_, i) => sampleProcedure({ code: `1.${996_200 + i}`, name: `Thủ tục đếm chuỗi số ${i}` })));
    const sharedStrings = (await (await JSZip.loadAsync(file)).file('xl/sharedStrings.xml')!.async('string')).match(/<si>/g)?.length ?? 0;
    expect(sharedStrings).toBeGreaterThan(300);
    expect((await readWorkbook(file, { ...EXCEL_IMPORT_LIMITS, sharedStrings })).entries).toHaveLength(300);
    await expect(readWorkbook(file, { ...EXCEL_IMPORT_LIMITS, sharedStrings: sharedStrings - 1 })).rejects.toMatchObject({ code: 'catalog.import_too_large', details: { limit: 'shared_strings' } });
  });

  it('names a file that is not a workbook as such', async () => {
    const notZip = await readWorkbook(Buffer.from('PK ceci n’est pas un classeur'));
    expect(notZip.fileErrors).toEqual([{ sheet: '', row: 0, column: '', message: 'not an Excel (.xlsx) file: no zip directory (is it an .xlsx file?)' }]);
    const zipOfText = await readWorkbook(zipOf([await deflatedPart('readme.txt', [['xin chào', 1]])]));
    expect(zipOfText.fileErrors[0]?.message).toBe('not an Excel (.xlsx) file: xl/workbook.xml is missing (is it an .xlsx workbook?)');
  });

  it('says on the import page, in Vietnamese, why a file was refused', async () => {
    let signedIn: Actor | undefined = actors.admin;
    const app: HttpApp = await createTestApp(env.ctx, env.registration, () => signedIn);
    try {
      const page = await app.inject({ method: 'GET', url: '/admin/procedures/import', headers: { accept: 'text/html' } });
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const cookie = `_csrf=${page.cookies.find((c) => c.name === '_csrf')?.value ?? ''}`;
      const file = await workbookWith(2, async (name) => (name === 'xl/sharedStrings.xml' ? deflatedPart(name, [[SST_HEAD, 1], ['<si><t>x</t></si>'.repeat(65_536), 382], ['</sst>', 1]]) : undefined));
      const boundary = '----egovlimits';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bom.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const refused = await app.inject({ method: 'POST', url: '/admin/procedures/import', headers: { accept: 'text/html', cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Tệp quá lớn: phần xl/sharedStrings.xml vượt 64 MB sau khi giải nén.');
    } finally {
      signedIn = undefined;
      await app.close();
    }
  });
});
