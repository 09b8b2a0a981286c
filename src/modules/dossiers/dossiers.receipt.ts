import QRCode from 'qrcode';
import { vietnamesePdf } from '../../platform/pdf/index.ts';
import { formatDateTime, type Locale } from '../../platform/i18n/index.ts';
import { formatDueDate, statusLabel } from './dossiers.messages.ts';
import { pageMessages } from './dossiers.page-messages.ts';
import type { UploadRow } from './dossiers.repository.ts';

export interface ReceiptData {
  code: string;
  procedureName: string;
  procedureCode: string;
  agencyName: string;
  applicantName: string;
  status: number;
  receivedAt: Date;
  dueAt: Date | null;
  uploads: UploadRow[];
  componentNames: string[];
  trackUrl: string;
  /** The case's fees, as one line (paid online under "Fees"). */
  fees?: string;
}

/**
 * The receipt (giấy tiếp nhận) as a PDF: Be Vietnam Pro (full Vietnamese coverage, embedded
 * so every reader shows the diacritics) and a QR code of the tracking URL.
 */
export async function renderReceiptPdf(data: ReceiptData, locale: Locale): Promise<Buffer> {
  const t = pageMessages.for(locale);
  const qr = await QRCode.toDataURL(data.trackUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const { doc, done } = vietnamesePdf({ size: 'A4', margin: 56, info: { Title: `${t('pdfTitle')} ${data.code}`, Author: 'Cổng Dịch vụ công' } });

  doc.font('bold').fontSize(11).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'center' });
  doc.font('regular').text('Độc lập - Tự do - Hạnh phúc', { align: 'center' });
  doc.moveDown(1.5);
  doc.font('bold').fontSize(15).text(t('pdfTitle'), { align: 'center' });
  doc.moveDown();
  const row = (label: string, value: string) => {
    doc.font('bold').fontSize(11).text(`${label}: `, { continued: true }).font('regular').text(value);
    doc.moveDown(0.3);
  };
  row(t('code'), data.code);
  row(t('procedure'), `${data.procedureName} (${data.procedureCode})`);
  row(t('agency'), data.agencyName);
  row(t('applicant'), data.applicantName);
  row(t('receivedAt'), formatDateTime(data.receivedAt));
  row(t('dueAt'), formatDueDate(data.dueAt));
  row(t('status'), statusLabel(locale, data.status));
  if (data.fees) row(t('feesLabel'), data.fees);
  doc.moveDown();
  doc.font('bold').text(t('pdfFiles'));
  doc.font('regular');
  for (const u of data.uploads) doc.text(`• ${data.componentNames[u.componentIndex] ?? u.componentIndex}: ${u.originalName} — SHA-256 ${u.sha256.slice(0, 16)}…`);
  doc.moveDown();
  const y = doc.y;
  doc.image(qr, doc.page.margins.left, y, { width: 110 });
  doc.font('regular').fontSize(10).text(t('pdfScan'), doc.page.margins.left + 125, y + 20, { width: 300 });
  doc.text(data.trackUrl, { width: 300, link: data.trackUrl });
  doc.end();
  return done;
}
