import { defineMessages, formatDate, storedTextTranslator } from '../../platform/i18n/index.ts';

export const dossierMessages = defineMessages(
  {
    errorComponentMissing: 'Chọn tệp "{name}" để tải lên',
    errorCase: 'Chọn trường hợp',
    errorAgency: 'Chọn cơ quan tiếp nhận hồ sơ',
    errorFileType: 'Tệp "{file}" phải là PDF, JPEG hoặc PNG',
    errorFileSize: 'Tệp "{file}" lớn hơn {max} MB',
    errorFileRejected: 'Tệp "{file}" không qua được kiểm tra an toàn (mã độc), hãy tải lên tệp khác',
    errorFileName: 'Tên tệp "{file}" không được chấp nhận: tên tệp phải kết thúc bằng .pdf, .jpg, .jpeg hoặc .png đúng với nội dung tệp, không có hai đuôi (như .pdf.exe) và không có ký tự đặc biệt. Hãy đổi tên tệp rồi tải lên lại',
    errorFileStructure: 'Tệp "{file}" bị hỏng hoặc không đúng định dạng PDF, JPEG, PNG. Hãy lưu hoặc quét lại tài liệu rồi tải lên lại',
    errorFileActive: 'Tệp "{file}" có chứa nội dung có thể thực thi (JavaScript, tệp đính kèm, chương trình hoặc mã trang web) nên không được chấp nhận. Hãy in tài liệu ra tệp PDF mới hoặc quét lại rồi tải lên',
    errorComponentUnknown: 'Thủ tục này không có thành phần hồ sơ số {index}; tệp không được lưu',
    errorComponentFiles: 'Mỗi thành phần hồ sơ chỉ nhận {max} tệp; tài liệu nhiều trang hãy gộp thành một tệp PDF',
    errorDraftBytes: 'Các tệp của hồ sơ này đã tới giới hạn {max} MB nên tệp "{file}" không được lưu. Hãy giảm dung lượng tệp (ví dụ quét với độ phân giải thấp hơn) rồi tải lên lại',
    errorAccountBytes: 'Hôm nay tài khoản của bạn đã tải lên tới giới hạn {max} MB nên tệp "{file}" không được lưu. Hãy tải lên lại vào ngày mai',
    errorRequestBytes: 'Lần gửi này vượt quá {max} MB nên tệp "{file}" và các tệp sau nó không được đọc. Hãy tải lên ít tệp hơn mỗi lần',
    answersInvalid: 'Thông tin khai chưa đúng, xem từng mục bên dưới',
    status1: 'Mới đăng ký',
    status2: 'Đã tiếp nhận',
    status3: 'Không được tiếp nhận',
    status4: 'Đang xử lý',
    status5: 'Yêu cầu bổ sung hồ sơ',
    status6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
    status7: 'Công dân, tổ chức đã rút hồ sơ',
    status8: 'Dừng xử lý',
    status9: 'Đã xử lý xong',
    status10: 'Đã trả kết quả',
    timelineSubmitted: 'Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công',
    mailSubject: 'Đã nhận hồ sơ {code}',
    mailBody:
      'Kính gửi {name},\n\nCổng Dịch vụ công đã nhận hồ sơ của bạn.\n\nMã hồ sơ: {code}\nThủ tục: {procedure}\nCơ quan tiếp nhận: {agency}\nNgày nộp: {received}\nNgày hẹn trả kết quả dự kiến: {due}\n\nTra cứu tình trạng hồ sơ: {trackUrl}\n(cần mã hồ sơ và số định danh cá nhân, mã số thuế hoặc 4 số cuối điện thoại của bạn)\n',
  },
  {
    errorComponentMissing: 'Select a file for "{name}"',
    errorCase: 'Select a case',
    errorAgency: 'Select the agency that receives the dossier',
    errorFileType: 'The file "{file}" must be a PDF, JPEG or PNG',
    errorFileSize: 'The file "{file}" is larger than {max} MB',
    errorFileRejected: 'The file "{file}" failed the safety check (malware); upload another file',
    errorFileName: 'The file name "{file}" is not accepted: it must end in .pdf, .jpg, .jpeg or .png matching the file\'s content, without a second extension (like .pdf.exe) or special characters. Rename the file and upload it again',
    errorFileStructure: 'The file "{file}" is damaged or not a real PDF, JPEG or PNG. Save or scan the document again and upload it',
    errorFileActive: 'The file "{file}" contains content that can run (JavaScript, attached files, programs or web page code) and is not accepted. Print the document to a new PDF or scan it again, then upload it',
    errorComponentUnknown: 'This procedure has no dossier component number {index}; the file was not saved',
    errorComponentFiles: 'Each dossier component takes {max, plural, one {# file} other {# files}}; put a document of several pages in one PDF',
    errorDraftBytes: 'The files of this dossier have reached the limit of {max} MB, so "{file}" was not saved. Make the file smaller (scan at a lower resolution, for example) and upload it again',
    errorAccountBytes: 'Your account has uploaded its limit of {max} MB today, so "{file}" was not saved. Upload it again tomorrow',
    errorRequestBytes: 'This upload is larger than {max} MB, so "{file}" and the files after it were not read. Upload fewer files at a time',
    answersInvalid: 'Some answers are not right: see each field below',
    status1: 'Newly registered',
    status2: 'Accepted',
    status3: 'Not accepted',
    status4: 'Being processed',
    status5: 'Additional documents requested',
    status6: 'Payment of fees requested',
    status7: 'Withdrawn by the applicant',
    status8: 'Processing stopped',
    status9: 'Processed',
    status10: 'Result returned',
    timelineSubmitted: 'Filed online on the Public Service Portal',
    mailSubject: 'Dossier {code} received',
    mailBody:
      'Dear {name},\n\nThe Public Service Portal has received your dossier.\n\nDossier code: {code}\nProcedure: {procedure}\nReceiving agency: {agency}\nFiled on: {received}\nExpected result date: {due}\n\nTrack its status: {trackUrl}\n(you need the dossier code and your personal ID, tax code or the last 4 digits of your phone)\n',
  },
);

export type DossierMessageKey = keyof typeof dossierMessages.vi;

/** A timeline note the platform wrote (stored in Vietnamese) in the page's language; an official's own words as written. */
export const timelineNote = storedTextTranslator(dossierMessages, ['timelineSubmitted']);

export function statusLabel(locale: 'vi' | 'en', status: number): string {
  const key = `status${status}` as DossierMessageKey;
  return key in dossierMessages.vi ? dossierMessages.t(locale, key) : String(status);
}

/**
 * The day a time limit ends, as people say it: a limit ending at 24:00 of 23/11 (stored as
 * the instant 00:00 of 24/11 in Vietnam) is "23/11".
 */
export function formatDueDate(dueAt: Date | null): string {
  return dueAt ? formatDate(new Date(dueAt.getTime() - 1)) : '—';
}
