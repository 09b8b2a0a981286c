import { describe, expect, it } from 'vitest';
import { defineMessages } from './i18n.ts';
import { storedTextTranslator } from './stored-text.ts';

const messages = defineMessages(
  { submitted: 'Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công', sentBack: 'Trả lại bước trước: {reason}', apology: 'Xin lỗi vì trễ hẹn; hẹn trả lại ngày {due}. Lý do: {reason}', other: 'Khác' },
  { submitted: 'Filed online on the Public Service Portal', sentBack: 'Sent back to the previous step: {reason}', apology: 'Apology for the delay; new return date {due}. Reason: {reason}', other: 'Other' },
);
const note = storedTextTranslator(messages, ['submitted', 'sentBack', 'apology']);

describe('storedTextTranslator', () => {
  it('puts a stored Vietnamese catalogue text into the page language, parameters kept', () => {
    expect(note('Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công', 'en')).toBe('Filed online on the Public Service Portal');
    expect(note('Trả lại bước trước: thiếu chữ ký (1+1)?', 'en')).toBe('Sent back to the previous step: thiếu chữ ký (1+1)?');
    expect(note('Xin lỗi vì trễ hẹn; hẹn trả lại ngày 12/01/2027. Lý do: mất điện\nhai ngày', 'en')).toBe('Apology for the delay; new return date 12/01/2027. Reason: mất điện\nhai ngày');
  });

  it('leaves Vietnamese pages, other texts and keys not asked for alone', () => {
    expect(note('Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công', 'vi')).toBe('Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công');
    expect(note('Ý kiến của cán bộ', 'en')).toBe('Ý kiến của cán bộ');
    expect(note('Khác', 'en')).toBe('Khác');
    expect(note('Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công.', 'en')).toBe('Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công.');
  });

  it('shows a parameter holding a label of the catalogue ({step} ↔ step_…) in the page language, and only such a parameter', () => {
    const steps = defineMessages(
      { assigned: 'Phân công {name} xử lý bước {step}', sentBack: 'Trả lại bước trước: {reason}', step_review: 'Chuyên viên thẩm định', step_approval: 'Lãnh đạo phê duyệt' },
      { assigned: '{name} assigned to step {step}', sentBack: 'Sent back to the previous step: {reason}', step_review: 'Specialist review', step_approval: 'Leader approval' },
    );
    const translate = storedTextTranslator(steps, ['assigned', 'sentBack']);
    expect(translate('Phân công Trần Văn Minh xử lý bước Chuyên viên thẩm định', 'en')).toBe('Trần Văn Minh assigned to step Specialist review');
    expect(translate('Phân công Lê Thị Hoa xử lý bước Bước riêng của thủ tục', 'en')).toBe('Lê Thị Hoa assigned to step Bước riêng của thủ tục');
    // A reason is the official's words, even when they read like a label.
    expect(translate('Trả lại bước trước: Chuyên viên thẩm định', 'en')).toBe('Sent back to the previous step: Chuyên viên thẩm định');
    // A name is never a label.
    expect(translate('Phân công Lãnh đạo phê duyệt xử lý bước Lãnh đạo phê duyệt', 'en')).toBe('Lãnh đạo phê duyệt assigned to step Leader approval');
  });
});
