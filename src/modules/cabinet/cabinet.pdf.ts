import { formatDeadline } from './cabinet.rules.ts';
import { vietnamesePdf } from '../../platform/pdf/index.ts';
import type { PollView, SessionView } from './cabinet.service.ts';

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

const KIND: Record<string, string> = { regular: 'Phiên họp Chính phủ thường kỳ', thematic: 'Phiên họp Chính phủ chuyên đề', extraordinary: 'Phiên họp Chính phủ bất thường' };
const MODE: Record<string, string> = { room: 'tại phòng họp', remote: 'trực tuyến', absent: 'vắng' };
const CHOICE: Record<string, string> = { for: 'tán thành', against: 'không tán thành', abstain: 'không biểu quyết' };
const RESULT: Record<string, string> = { passed: 'THÔNG QUA', rejected: 'KHÔNG THÔNG QUA', no_quorum: 'KHÔNG ĐỦ SỐ THÀNH VIÊN THAM GIA' };

function startDocument(title: string, printedFor: string, printedAt: Date, issuer: string) {
  const { doc, done } = vietnamesePdf({ size: 'A4', margin: 56, info: { Title: title, Author: 'Văn phòng Chính phủ', CreationDate: printedAt } });
  const stamp = () => {
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
  doc.font('bold').fontSize(11).text(issuer, { align: 'left' });
  doc.moveUp();
  doc.font('bold').text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'right' });
  doc.font('regular').text('Độc lập - Tự do - Hạnh phúc', { align: 'right' });
  doc.moveDown(1.5);
  return { doc, done };
}

/** The minutes of a session (Vietnamese): attendance, each item's positions, named votes, conclusions and tasks, the sign-off. */
export async function renderMinutesPdf(view: SessionView, printedFor: string, printedAt: Date): Promise<Buffer> {
  const { doc, done } = startDocument(`Biên bản: ${view.title}`, printedFor, printedAt, 'CHÍNH PHỦ');
  doc.font('bold').fontSize(14).text('BIÊN BẢN PHIÊN HỌP', { align: 'center' });
  doc.font('regular').fontSize(11).text(`${KIND[view.kind] ?? view.kind}: ${view.title}`, { align: 'center' });
  doc.moveDown();
  doc.text(`Thời gian: ${vietnamTime(view.startsAt)}${view.location ? ` — Địa điểm: ${view.location}` : ''}`);
  doc.moveDown(0.5).font('bold').text('Thành phần');
  for (const a of view.attendance) doc.font('regular').text(`- ${a.fullName}: ${a.mode ? MODE[a.mode] : 'chưa ghi'}${a.reason ? ` (${a.reason})` : ''}`);
  view.items.forEach((item) => {
    doc.moveDown(0.7).font('bold').text(`${item.ordinal}. ${item.title}${item.secret ? ' (MẬT)' : ''}`);
    doc.font('regular');
    if (item.presenter) doc.text(`Trình bày: ${item.presenter}`);
    doc.text(`Ý kiến trước phiên họp: ${item.positions.agree} đồng ý, ${item.positions.objection} phản đối, ${item.positions.wishToSpeak} đăng ký phát biểu.`);
    if (item.vote?.tally) {
      const t = item.vote.tally;
      doc.text(`Biểu quyết "${item.vote.question}": ${RESULT[t.result]} — ${t.for} tán thành, ${t.against} không tán thành, ${t.abstain} không biểu quyết, ${t.notVoting} không tham gia (tổng số ${item.vote.membersTotal} thành viên)${t.tieBrokenByPm ? '; số phiếu ngang nhau, theo ý kiến của Thủ tướng' : ''}.`);
      for (const b of item.vote.ballots) doc.text(`    ${b.fullName}: ${b.choice ? CHOICE[b.choice] : 'không tham gia'}${b.castBy ? ` (do ${b.castBy} biểu quyết thay theo ủy quyền)` : ''}`);
    }
    doc.text(`Kết luận: ${item.conclusion ?? 'chưa có kết luận'}`);
    for (const task of item.tasks) doc.text(`    Nhiệm vụ: ${task.content} — cơ quan chủ trì ${task.leadAgencyCode}, hạn ${task.deadline.split('-').reverse().join('/')}`);
  });
  doc.moveDown();
  doc.font('bold').text(view.minutesSigned ? `Thư ký phiên họp đã ký xác nhận: ${view.minutesSigned.by}, lúc ${vietnamTime(view.minutesSigned.at)}` : 'DỰ THẢO — chưa được Thư ký phiên họp ký xác nhận');
  doc.end();
  return done;
}

/** The result report of a closed poll (Vietnamese, Be Vietnam Pro embedded): the tally and every member's answer. */
export async function renderPollResultPdf(poll: PollView, printedFor: string, printedAt: Date): Promise<Buffer> {
  const { doc, done } = startDocument(`Kết quả lấy ý kiến: ${poll.title}`, printedFor, printedAt, 'VĂN PHÒNG CHÍNH PHỦ');
  doc.font('bold').fontSize(14).text('KẾT QUẢ LẤY Ý KIẾN THÀNH VIÊN CHÍNH PHỦ', { align: 'center' });
  doc.moveDown(0.5);
  doc.font('regular').fontSize(11).text(poll.title, { align: 'center' });
  doc.moveDown();
  const row = (label: string, value: string) => doc.font('bold').text(`${label}: `, { continued: true }).font('regular').text(value);
  row('Nội dung xin ý kiến', poll.question);
  row('Phát hành', vietnamTime(poll.issuedAt));
  row('Hạn trả lời', `${formatDeadline(poll.deadline)} (${poll.workingDays} ngày làm việc)`);
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
    doc.text(`    ${answerText(a)}${a.answeredBy ? `, do ${a.answeredBy} trả lời thay theo ủy quyền` : ''}${a.answeredAt && !a.deemed ? ` (${vietnamTime(a.answeredAt)})` : ''}${a.comment ? `: ${a.comment}` : ''}`);
  });
  doc.end();
  return done;
}
