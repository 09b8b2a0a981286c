import { defineMessages } from '../../platform/i18n/index.ts';

/** Words of the document wallet (kho giấy tờ), Vietnamese first. */
export const walletMessages = defineMessages(
  {
    title: 'Kho giấy tờ',
    lead: 'Kết quả giải quyết thủ tục hành chính được cấp cho bạn được lưu tại đây. Khi nộp hồ sơ mới, bạn có thể chọn giấy tờ trong kho thay cho việc tải tệp lên. Chỉ bạn xem được các giấy tờ này; mỗi lần xem hoặc sử dụng đều được ghi lại.',
    empty: 'Kho giấy tờ của bạn chưa có giấy tờ nào. Kết quả của hồ sơ đã giải quyết sẽ tự động được lưu vào đây.',
    issuedBy: 'Cơ quan cấp',
    issuedOn: 'Ngày cấp',
    dossier: 'Hồ sơ',
    size: 'Dung lượng',
    download: 'Tải về',
    chooseLabel: 'Hoặc chọn từ kho giấy tờ của tôi',
    chooseNone: '— Không chọn —',
    attached: 'Đã chọn từ kho giấy tờ',
    errorComponent: 'Thủ tục này không có thành phần hồ sơ đó.',
    errorNotYours: 'Không tìm thấy giấy tờ này trong kho giấy tờ của bạn.',
    errorBoth: 'Chọn tệp tải lên hoặc giấy tờ trong kho, không chọn cả hai.',
  },
  {
    title: 'Document wallet',
    lead: 'Results of administrative procedures issued to you are kept here. When you apply again, you can choose a document from your wallet instead of uploading a file. Only you can see these documents; every view and use is recorded.',
    empty: 'Your document wallet is empty. Results of your finished dossiers are added here automatically.',
    issuedBy: 'Issued by',
    issuedOn: 'Issued on',
    dossier: 'Dossier',
    size: 'Size',
    download: 'Download',
    chooseLabel: 'Or choose from my document wallet',
    chooseNone: '— None —',
    attached: 'Chosen from the document wallet',
    errorComponent: 'This procedure has no such dossier component.',
    errorNotYours: 'This document is not in your wallet.',
    errorBoth: 'Choose either a file to upload or a wallet document, not both.',
  },
);
