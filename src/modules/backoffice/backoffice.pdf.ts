import QRCode from 'qrcode';
import { vietnamesePdf } from '../../platform/pdf/index.ts';

export interface FormPdf {
  /** "Mẫu số 01" … or the result's name. */
  formNumber: string | null;
  issuer: string;
  title: string;
  rows: [label: string, value: string][];
  /** A heading and its items (gaps, reasons). */
  list?: { heading: string; items: string[] };
  paragraphs?: string[];
  /** A verification link printed as a QR code with its text. */
  qr?: { url: string; caption: string };
  /** Fixed for a result, so that the same issue renders the same bytes. */
  createdAt: Date;
}

/**
 * The back office's documents (forms 01–04 of NĐ 61/2018 and results) as PDF: Be Vietnam Pro
 * embedded, so every reader shows the diacritics.
 */
export async function renderFormPdf(data: FormPdf): Promise<Buffer> {
  const qr = data.qr ? await QRCode.toDataURL(data.qr.url, { errorCorrectionLevel: 'M', margin: 1, width: 240 }) : undefined;
  const { doc, done } = vietnamesePdf({ size: 'A4', margin: 56, info: { Title: data.title, Author: data.issuer, CreationDate: data.createdAt } });
  if (data.formNumber) doc.font('regular').fontSize(9).text(data.formNumber, { align: 'right' });
  doc.font('bold').fontSize(11).text(data.issuer.toUpperCase(), { align: 'left' });
  doc.moveUp();
  doc.font('bold').text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'right' });
  doc.font('regular').text('Độc lập - Tự do - Hạnh phúc', { align: 'right' });
  doc.moveDown(1.5);
  doc.font('bold').fontSize(15).text(data.title, { align: 'center' });
  doc.moveDown();
  for (const [label, value] of data.rows) {
    doc.font('bold').fontSize(11).text(`${label}: `, { continued: true }).font('regular').text(value);
    doc.moveDown(0.3);
  }
  if (data.list) {
    doc.moveDown(0.5);
    doc.font('bold').text(data.list.heading);
    doc.font('regular');
    data.list.items.forEach((item, i) => doc.text(`${i + 1}. ${item}`));
  }
  for (const p of data.paragraphs ?? []) {
    doc.moveDown(0.5);
    doc.font('regular').text(p);
  }
  if (qr && data.qr) {
    doc.moveDown();
    const y = doc.y;
    doc.image(qr, doc.page.margins.left, y, { width: 110 });
    doc.font('regular').fontSize(10).text(data.qr.caption, doc.page.margins.left + 125, y + 20, { width: 300 });
    doc.text(data.qr.url, { width: 300, link: data.qr.url });
  }
  doc.end();
  return done;
}
