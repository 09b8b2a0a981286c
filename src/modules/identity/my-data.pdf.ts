import { formatDateTime } from '../../platform/i18n/index.ts';
import { vietnamesePdf } from '../../platform/pdf/index.ts';
import type { MyDataService } from './my-data.service.ts';

type Export = Awaited<ReturnType<MyDataService['exportOf']>>;

const KIND: Record<string, string> = { citizen: 'Công dân', business: 'Tổ chức, doanh nghiệp', official: 'Cán bộ', admin: 'Quản trị hệ thống' };
const ACCESS_SHOWN = 300;

const who = (by: unknown): string => {
  if (by === 'you') return 'Bạn';
  if (by === 'system') return 'Hệ thống';
  const named = by as { name?: string; agencyCode?: string | null; id?: string };
  return named.name ? `${named.name}${named.agencyCode ? ` (${named.agencyCode})` : ''}` : `tài khoản ${named.id ?? ''}`;
};

/**
 * The PDF summary of a person's data, in Vietnamese (NĐ 13/2023): the account, each module's
 * section and who opened the records. The JSON export is the complete copy; this is for reading.
 */
export async function renderMyDataPdf(data: Export): Promise<Buffer> {
  const { doc, done } = vietnamesePdf({ size: 'A4', margin: 56, info: { Title: 'Dữ liệu cá nhân của tôi', Author: 'Cổng Dịch vụ công' } });
  const line = (label: string, value: string | null | undefined) => {
    doc.font('bold').fontSize(10).text(`${label}: `, { continued: true }).font('regular').text(value ?? '—');
  };
  const heading = (text: string) => {
    doc.moveDown(0.8).font('bold').fontSize(13).text(text).moveDown(0.3);
  };

  doc.font('bold').fontSize(16).text('DỮ LIỆU CÁ NHÂN CỦA TÔI', { align: 'center' });
  doc.font('regular').fontSize(10).text(`Trích xuất lúc ${formatDateTime(new Date(data.exportedAt))} từ ${data.controller}`, { align: 'center' });
  doc.moveDown(0.5).fontSize(9).text('Bản tóm tắt theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Bản đầy đủ là tệp JSON tải cùng trang.', { align: 'center' });

  heading('Tài khoản');
  const a = data.account;
  line('Loại tài khoản', KIND[a.kind] ?? a.kind);
  line('Họ và tên', a.fullName);
  line('Số định danh cá nhân', a.personalId);
  line('Mã số thuế', a.taxCode);
  line('Thư điện tử', a.email);
  line('Điện thoại', a.phone);
  line('Ngày sinh', a.birthDate);
  line('Mức độ xác thực', String(a.assuranceLevel));
  line('Tạo lúc', formatDateTime(new Date(a.createdAt)));
  line('Xác thực hai lớp', data.twoFactor.enrolled ? 'Đã bật' : 'Chưa bật');
  line('Dịch vụ được chia sẻ dữ liệu', data.connectedServices.map((c) => c.name).join(', ') || 'Không có');
  line('Phiên đăng nhập đang lưu', String(data.sessions.length));

  for (const summary of data.summaries) {
    heading(summary.heading);
    if (summary.lines.length === 0) doc.font('regular').fontSize(10).text('Không có.');
    for (const text of summary.lines) doc.font('regular').fontSize(10).text(`• ${text}`);
  }

  heading('Ai đã mở, xử lý dữ liệu của tôi');
  const entries = data.accessLog.filter((e) => e.by !== 'you');
  if (entries.length === 0) doc.font('regular').fontSize(10).text('Chưa có ai khác.');
  for (const e of entries.slice(-ACCESS_SHOWN)) {
    doc.font('regular').fontSize(9).text(`${formatDateTime(new Date(e.at))} · ${who(e.by)} · ${e.action} · ${e.about}`);
  }
  if (entries.length > ACCESS_SHOWN) doc.font('regular').fontSize(9).text(`… và ${entries.length - ACCESS_SHOWN} lượt trước đó (xem tệp JSON).`);
  doc.end();
  return done;
}
