import type { Bussiness, DocumentPackage, Organization, StatusCode, StatusPackage } from './model.ts';

/**
 * Synthetic packages for tests (this module's and, later, the exchange service's). Every
 * value is what `parseEdxml` would produce for it, so `parseEdxml(buildEdxml(x)).package`
 * deep-equals `x`.
 */

export function sampleOrganization(organId: string, name: string): Organization {
  return {
    organId,
    organName: name,
    organizationInCharge: name,
    organAdd: 'Số 1 Hoàng Hoa Thám, Ba Đình, Hà Nội',
    email: 'vanthu@example.gov.vn',
    telephone: '024 3845 0000',
    fax: null,
    website: 'example.gov.vn',
  };
}

/** A new document from the Government Office to Quảng Ninh and Hồ Chí Minh City, with one attachment. */
export function sampleDocument(bussiness: Bussiness | null = null): DocumentPackage {
  return {
    kind: 'document',
    from: sampleOrganization('000.00.00.G22', 'Văn phòng Chính phủ'),
    to: [sampleOrganization('000.00.00.H49', 'UBND tỉnh Quảng Ninh'), sampleOrganization('000.00.00.H29', 'UBND Thành phố Hồ Chí Minh')],
    documentId: {
      raw: '000.00.00.G22,2026/03/02,123/VPCP-KSTT',
      issuerOrganId: '000.00.00.G22',
      date: { raw: '2026/03/02', iso: '2026-03-02' },
      codeNumberNotation: '123/VPCP-KSTT',
    },
    code: { codeNumber: '123', codeNotation: 'VPCP-KSTT' },
    promulgationInfo: { place: 'Hà Nội', promulgationDate: { raw: '2026/03/02', iso: '2026-03-02' } },
    documentType: { type: '1', typeDetail: '0', typeName: 'Công văn' },
    subject: 'V/v đôn đốc cập nhật dữ liệu thủ tục hành chính',
    content: 'Đề nghị các địa phương cập nhật dữ liệu trước ngày 15/3/2026.\nTrân trọng.',
    signerInfo: { competence: 'KT. BỘ TRƯỞNG, CHỦ NHIỆM', position: 'Phó Chủ nhiệm', fullName: 'Nguyễn Văn A' },
    dueDate: { raw: '2026/03/15', iso: '2026-03-15' },
    otherInfo: {
      priority: 1,
      sphereOfPromulgation: 'Liên thông văn bản quốc gia',
      typerNotation: 'NVB',
      promulgationAmount: 5,
      pageAmount: 2,
      direction: null,
      appendixes: ['Phụ lục I: danh sách thủ tục'],
    },
    responseFor: [],
    steeringType: '1',
    toPlaces: ['Như trên', 'Lưu: VT, KSTT'],
    traceHeaders: [{ organId: '000.00.00.G22', timestamp: { raw: '2026/03/02 08:30:00', iso: '2026-03-02T08:30:00+07:00' } }],
    bussiness,
    signature: null,
    manifest: {
      version: '1.0',
      references: [{ contentId: 'cid:1', contentType: 'application/pdf', description: 'Công văn 123', attachmentName: '123-VPCP-KSTT.pdf' }],
    },
    attachments: [
      {
        contentId: 'cid:1',
        attachmentName: '123-VPCP-KSTT.pdf',
        description: 'Công văn 123',
        contentType: 'application/pdf',
        encoding: 'base64',
        content: Buffer.from('%PDF-1.4 sample file').toString('base64'),
      },
    ],
  };
}

const staff = { department: 'Văn thư', staff: 'Trần Thị B', mobile: '0912000001', email: 'vanthu@example.gov.vn' };

/** The Bussiness block for each kind of document operation. */
export const sampleBussiness = {
  new: (): Bussiness => ({ ...base(0, 'Văn bản điện tử mới') }),
  revocation: (): Bussiness => ({ ...base(1, 'Thu hồi văn bản điện tử') }),
  update: (): Bussiness => ({
    ...base(2, 'Cập nhật văn bản điện tử'),
    bussinessDocumentInfo: {
      documentInfo: '0',
      documentReceiver: '1',
      receivers: [
        { organId: '000.00.00.H29', receiverType: 0 },
        { organId: '000.00.00.G15', receiverType: 1 },
      ],
    },
  }),
  replacement: (): Bussiness => ({
    ...base(3, 'Văn bản thay thế'),
    replacementInfo: [
      {
        documentId: {
          raw: '000.00.00.G22,2026/02/20,98/VPCP-KSTT',
          issuerOrganId: '000.00.00.G22',
          date: { raw: '2026/02/20', iso: '2026-02-20' },
          codeNumberNotation: '98/VPCP-KSTT',
        },
        organIds: ['000.00.00.H49', '000.00.00.H29'],
      },
    ],
  }),
};

function base(type: Bussiness['bussinessDocType'], reason: string): Bussiness {
  return {
    documentId: null,
    bussinessDocType: type,
    bussinessDocReason: reason,
    paper: '0',
    staffInfo: staff,
    bussinessDocumentInfo: null,
    replacementInfo: [],
  };
}

/** Quảng Ninh reports a status about the sample document. */
export function sampleStatus(statusCode: StatusCode): StatusPackage {
  return {
    kind: 'status',
    from: sampleOrganization('000.00.00.H49', 'UBND tỉnh Quảng Ninh'),
    responseFor: {
      organId: '000.00.00.G22',
      code: '123/VPCP-KSTT',
      promulgationDate: { raw: '2026/03/02', iso: '2026-03-02' },
      documentId: sampleDocument().documentId,
    },
    staffInfo: staff,
    statusCode,
    description: `Trạng thái ${statusCode}`,
    timestamp: { raw: '2026/03/02 09:00:00', iso: '2026-03-02T09:00:00+07:00' },
    traceHeaders: [],
    signature: null,
  };
}
