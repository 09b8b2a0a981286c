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
});
