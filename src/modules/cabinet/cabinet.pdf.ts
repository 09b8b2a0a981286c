import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { PollView } from './cabinet.service.ts';

const require = createRequire(import.meta.url);
const fontDir = path.dirname(require.resolve('@expo-google-fonts/be-vietnam-pro/package.json'));
const REGULAR = path.join(fontDir, '400Regular', 'BeVietnamPro_400Regular.ttf');
const BOLD = path.join(fontDir, '700Bold', 'BeVietnamPro_700Bold.ttf');

const ANSWER_LABEL: Record<string, string> = { agree: 'Đồng ý', disagree: 'Không đồng ý', other: 'Ý kiến khác', no_reply: 'Không trả lời' };

/** "dd/MM/yyyy HH:mm" in Vietnam time. */
export function vietnamTime(d: Date): string {
  const v = new Date(d.getTime() + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(v.getUTCDate())}/${p(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${p(v.getUTCHours())}:${p(v.getUTCMinutes())}`;
}

/** How a member's answer reads in the result (a non-reply counted as agreement says so). */
export function answerText(a: { answer: string | null; deemed: boolean }): string {
  if (a.answer === null) return 'Chưa trả lời';
  if (a.deemed && a.answer === 'agree') return 'Không trả lời — tính là đồng ý';
  return ANSWER_LABEL[a.answer] ?? a.answer;
}

/** The result report of a closed poll (Vietnamese, Be Vietnam Pro embedded): the tally and every member's answer. */
export async function renderPollResultPdf(poll: PollView, printedFor: string, printedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Kết quả lấy ý kiến: ${poll.title}`, Author: 'Văn phòng Chính phủ', CreationDate: printedAt } });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const stamp = () => {
    // Per-reader mark on every page: who printed it and when.
    const { x, y } = doc;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor('#666666').text(`Bản của ${printedFor} — in lúc ${vietnamTime(printedAt)}`, 56, doc.page.height - 36, { lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black').fontSize(11);
    doc.x = x;
    doc.y = y;
  };
  stamp();
  doc.on('pageAdded', stamp);
  doc.font('bold').fontSize(11).text('VĂN PHÒNG CHÍNH PHỦ', { align: 'left' });
  doc.moveUp();
  doc.font('bold').text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'right' });
  doc.font('regular').text('Độc lập - Tự do - Hạnh phúc', { align: 'right' });
  doc.moveDown(1.5);
  doc.font('bold').fontSize(14).text('KẾT QUẢ LẤY Ý KIẾN THÀNH VIÊN CHÍNH PHỦ', { align: 'center' });
  doc.moveDown(0.5);
  doc.font('regular').fontSize(11).text(poll.title, { align: 'center' });
  doc.moveDown();
  const row = (label: string, value: string) => doc.font('bold').text(`${label}: `, { continued: true }).font('regular').text(value);
  row('Nội dung xin ý kiến', poll.question);
  row('Phát hành', vietnamTime(poll.issuedAt));
  row('Hạn trả lời', `${vietnamTime(poll.deadline)} (${poll.workingDays} ngày làm việc)`);
  row('Quy tắc', poll.silenceIsConsent ? 'Thành viên không trả lời đúng hạn được tính là đồng ý' : 'Không trả lời không được tính');
  if (poll.tally) {
    const t = poll.tally;
    row('Tổng số thành viên', String(poll.membersTotal));
    row('Đồng ý', `${t.agree}${t.deemedAgree > 0 ? ` (trong đó ${t.deemedAgree} không trả lời, tính là đồng ý)` : ''}`);
    row('Không đồng ý', String(t.disagree));
    row('Ý kiến khác', String(t.other));
    row('Không trả lời', String(t.noReply));
    row('Kết quả', `${t.result === 'passed' ? 'THÔNG QUA' : 'KHÔNG THÔNG QUA'} (quá nửa tổng số thành viên${t.tieBrokenByPm ? '; ngang nhau, theo ý kiến của Thủ tướng' : ''})`);
  }
  doc.moveDown();
  doc.font('bold').text('Ý kiến của từng thành viên');
  doc.moveDown(0.3);
  poll.answers.forEach((a, i) => {
    doc.font('bold').text(`${i + 1}. ${a.fullName}`, { continued: true }).font('regular').text(` — ${a.title}`);
    doc.text(`    ${answerText(a)}${a.answeredAt && !a.deemed ? ` (${vietnamTime(a.answeredAt)})` : ''}${a.comment ? `: ${a.comment}` : ''}`);
  });
  doc.end();
  return done;
}
