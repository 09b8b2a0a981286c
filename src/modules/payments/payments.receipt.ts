import { formatDateTime, formatMoney } from '../../platform/i18n/index.ts';
import { vietnamesePdf } from '../../platform/pdf/index.ts';
import type { PaymentAttempt, PaymentOrder } from './payments.model.ts';
import { amountInWords } from './payments.words.ts';

/**
 * The receipt of a paid fee (biên lai thu phí, lệ phí) as a PDF in Be Vietnam Pro: the
 * lines, the total in figures and in words. The amount in words is also the document's
 * Subject, so that a reader (and a test) finds it without parsing the page's glyphs.
 */
export async function renderPaymentReceipt(order: PaymentOrder, attempt: PaymentAttempt | undefined): Promise<Buffer> {
  const words = amountInWords(order.amountVnd);
  const { doc, done } = vietnamesePdf({ size: 'A4', margin: 56, info: { Title: `Biên lai ${order.receiptNo ?? order.reference}`, Subject: words, Author: 'Cổng Dịch vụ công' } });
  doc.font('bold').fontSize(11).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'center' });
  doc.font('regular').text('Độc lập - Tự do - Hạnh phúc', { align: 'center' });
  doc.moveDown(1.5);
  doc.font('bold').fontSize(15).text('BIÊN LAI THU PHÍ, LỆ PHÍ', { align: 'center' });
  doc.font('regular').fontSize(10).text('(Thanh toán trực tuyến)', { align: 'center' });
  doc.moveDown();
  const row = (label: string, value: string) => {
    doc.font('bold').fontSize(11).text(`${label}: `, { continued: true }).font('regular').text(value);
    doc.moveDown(0.3);
  };
  row('Số biên lai', order.receiptNo ?? '—');
  row('Mã thanh toán', order.reference);
  row('Mã hồ sơ', order.dossierCode);
  row('Người nộp', order.applicantName);
  row('Nội dung', order.description);
  doc.moveDown(0.5);
  for (const line of order.lines) doc.font('regular').text(`• ${line.name}: ${formatMoney(line.amountVnd)}`);
  doc.moveDown(0.5);
  row('Tổng số tiền', formatMoney(order.amountVnd));
  row('Số tiền bằng chữ', words);
  if (attempt) {
    row('Hình thức', `Cổng thanh toán ${attempt.gateway.toUpperCase()}${attempt.bankCode ? ` (${attempt.bankCode})` : ''}`);
    row('Mã giao dịch', attempt.transactionNo ?? attempt.txnRef);
  }
  row('Thời điểm thanh toán', order.paidAt ? formatDateTime(order.paidAt) : '—');
  if (order.status === 'refunded') row('Ghi chú', 'Khoản thu đã được hoàn trả');
  doc.end();
  return done;
}
