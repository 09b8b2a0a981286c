import { tableWriter, vietnamesePdf } from '../../platform/pdf/index.ts';

/** A register as printed: a title, its year, the column names and the lines, already in the reader's language. */
export interface RegisterSheet {
  title: string;
  year: number;
  headers: string[];
  rows: string[][];
}

/** Column widths, in characters (Excel) and as shares of the printed width (PDF). */
const WIDTHS = [8, 17, 18, 32, 48, 12, 12, 22];

/** The register as an Excel workbook (exceljs is large: loaded only when a register is exported). */
export async function registerWorkbook(sheet: RegisterSheet): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'egov';
  const ws = workbook.addWorksheet(String(sheet.year), { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.addRow([sheet.title]).font = { bold: true, size: 14 };
  ws.addRow([]);
  const header = ws.addRow(sheet.headers);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const row of sheet.rows) ws.addRow(row).alignment = { wrapText: true, vertical: 'top' };
  ws.columns.forEach((column, i) => {
    column.width = WIDTHS[i] ?? 15;
  });
  // The header repeats on every printed page, as on a paper register.
  ws.pageSetup.printTitlesRow = '3:3';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The register as a landscape A4 PDF, Be Vietnam Pro embedded so that every reader shows the diacritics. */
export async function registerPdf(sheet: RegisterSheet): Promise<Buffer> {
  const { doc, done } = vietnamesePdf({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: sheet.title } });
  const line = tableWriter(doc, WIDTHS, sheet.headers);

  doc.font('bold').fontSize(13).text(sheet.title, { align: 'center' });
  doc.moveDown(0.8);
  line(sheet.headers, 'bold');
  for (const row of sheet.rows) line(row, 'regular');
  doc.end();
  return done;
}
