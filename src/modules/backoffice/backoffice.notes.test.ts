import { describe, expect, it } from 'vitest';
import { progressNote } from './backoffice.notes.ts';

describe('progressNote', () => {
  it('shows the notes the platform wrote in English on English pages, the officials’ words as written', () => {
    expect(progressNote('Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công', 'en')).toBe('Filed online on the Public Service Portal');
    expect(progressNote('Tiếp nhận hồ sơ, hẹn trả kết quả ngày 12/01/2027', 'en')).toBe('Dossier accepted; result due on 12/01/2027');
    expect(progressNote('Trả lại bước trước: thiếu bản sao', 'en')).toBe('Sent back to the previous step: thiếu bản sao');
    expect(progressNote('Đã thực hiện nghĩa vụ tài chính: 8.000 ₫ (mã thanh toán ABC)', 'en')).toBe('Financial obligation paid: 8.000 ₫ (payment reference ABC)');
    expect(progressNote('Lãnh đạo đã phê duyệt', 'en')).toBe('Approved by the leader');
    expect(progressNote('Lãnh đạo đã phê duyệt: đồng ý cấp', 'en')).toBe('Approved by the leader: đồng ý cấp');
    expect(progressNote('Ghi chú riêng', 'en')).toBe('Ghi chú riêng');
    expect(progressNote('Trả lại bước trước: thiếu bản sao', 'vi')).toBe('Trả lại bước trước: thiếu bản sao');
  });
});
