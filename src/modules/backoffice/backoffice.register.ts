import { statusLabel, type DossierState, type ProgressEntry } from '../dossiers/index.ts';
import { tableWriter, vietnamesePdf } from '../../platform/pdf/index.ts';
import { formatDate, formatDateTime, type Locale } from '../../platform/i18n/index.ts';
import { pageMessages } from './backoffice.page-messages.ts';

/**
 * Form 06, the dossier register (sổ theo dõi hồ sơ, NĐ 61/2018; DOMAIN §4: forms 05 and 06 are
 * the audit records): one line a dossier of a queue, as Excel (exceljs) and as PDF.
 */
export interface RegisterLine {
  code: string;
  procedureName: string;
  applicantName: string;
  unitName: string;
  receivedAt: Date;
  dueAt: Date | null;
  status: number;
  flag: 'overdue' | 'due_soon' | null;
}

export interface RegisterSheet {
  title: string;
  subtitle: string;
  headers: string[];
  rows: string[][];
  /** Column widths in characters; the register's by default. */
  widths?: number[];
}

/** Column widths, in characters (Excel) and as shares of the printed width (PDF). */
const WIDTHS = [6, 26, 40, 24, 28, 16, 12, 18, 14];

const lastDay = (dueAt: Date | null) => (dueAt ? formatDate(new Date(dueAt.getTime() - 1)) : '');

/** The register's lines in the reader's language. */
export function registerSheet(locale: Locale, lines: readonly RegisterLine[], queueName: string, unitName: string, now: Date): RegisterSheet {
  const t = pageMessages.for(locale);
  return {
    title: t('form06Title'),
    subtitle: `${unitName} — ${queueName} — ${t('form06At', { at: formatDateTime(now) })}`,
    headers: [t('form06No'), t('code'), t('procedure'), t('applicant'), t('unit'), t('receivedAt'), t('dueAt'), t('status'), t('form06Note')],
    rows: lines.map((l, i) => [String(i + 1), l.code, l.procedureName, l.applicantName, l.unitName, formatDateTime(l.receivedAt), lastDay(l.dueAt), statusLabel(locale, l.status), l.flag ? t(`flag_${l.flag}`) : '']),
  };
}

/** Form 05, the process-control sheet of one dossier, as a sheet: one line a progress entry. */
export function controlSheet(locale: Locale, dossier: DossierState, unitName: string, progress: readonly ProgressEntry[]): RegisterSheet {
  const t = pageMessages.for(locale);
  return {
    title: t('form05Title'),
    subtitle: `${dossier.code} — ${dossier.procedureName} — ${dossier.applicantName} — ${unitName}`,
    headers: [t('form06No'), t('form05At'), t('status'), t('form05Who'), t('form05Note'), t('form05StepDue')],
    rows: progress.map((p, i) => [String(i + 1), formatDateTime(p.at), statusLabel(locale, p.status), [p.byName, p.byPosition, p.unitName].filter(Boolean).join(', '), p.note ?? '', lastDay(p.stepDueAt)]),
    widths: [6, 18, 18, 36, 60, 14],
  };
}

/** The register as an Excel workbook (exceljs is large: loaded only when a register is exported). */
export async function registerWorkbook(sheet: RegisterSheet): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'egov';
  const ws = workbook.addWorksheet('Mau06', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.addRow([sheet.title]).font = { bold: true, size: 14 };
  ws.addRow([sheet.subtitle]);
  const header = ws.addRow(sheet.headers);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const row of sheet.rows) ws.addRow(row).alignment = { wrapText: true, vertical: 'top' };
  ws.columns.forEach((column, i) => {
    column.width = (sheet.widths ?? WIDTHS)[i] ?? 15;
  });
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  ws.pageSetup.printTitlesRow = '3:3';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The register as a landscape A4 PDF, Be Vietnam Pro embedded. */
export async function registerPdf(sheet: RegisterSheet, createdAt: Date): Promise<Buffer> {
  const { doc, done } = vietnamesePdf({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: sheet.title, CreationDate: createdAt } });
  const line = tableWriter(doc, WIDTHS, sheet.headers);
  doc.font('regular').fontSize(9).text('Mẫu số 06', { align: 'right' });
  doc.font('bold').fontSize(13).text(sheet.title, { align: 'center' });
  doc.font('regular').fontSize(10).text(sheet.subtitle, { align: 'center' });
  doc.moveDown(0.8);
  line(sheet.headers, 'bold');
  for (const row of sheet.rows) line(row, 'regular');
  doc.end();
  return done;
}
