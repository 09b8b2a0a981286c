/**
 * The edXML package model (QCVN 102:2016/BTTTT, "Cấu trúc thông điệp dữ liệu công văn điện tử").
 *
 * Two kinds of package travel on the document axis: a document package (văn bản điện tử:
 * header, trace, signature, manifest and base64 attachments) and a status package
 * (trạng thái xử lý: one status code about one document). Both are modelled here as plain
 * data with no raw bytes: the hub keeps the original bytes of every package separately
 * and forwards those, so the model only has to carry the meaning. That is also what makes
 * `parseEdxml(buildEdxml(m)).package` deep-equal `m`.
 *
 * Conventions:
 * - text values are trimmed, with line ends normalised to `\n` (XML 1.0 §2.11);
 * - an element that is absent is `null` (or an empty list); an element present but empty is `''`;
 * - codes this hub does not interpret (document type, steering type, paper…) stay strings,
 *   so odd values survive unchanged; codes it acts on (priority, business type, status) are typed.
 * - field names follow the wire names, including the standard's own spelling "Bussiness".
 */

export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

/** Default refusal threshold for a whole package: attachments travel inline as base64. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * A date or timestamp as written (`yyyy/MM/dd` or `yyyy/MM/dd HH:mm:ss` in the standard)
 * and its ISO form: `yyyy-MM-dd` for a date, `yyyy-MM-ddTHH:mm:ss+07:00` for a timestamp
 * (edXML timestamps carry no zone; they are Vietnamese local time). `iso` is null when the
 * text is not a real date (`2014/02/30`); the parser then records an `invalid_date` warning.
 */
export interface EdxmlDate {
  raw: string;
  iso: string | null;
}

/**
 * Document identifier `<issuer OrganId>,<yyyy/MM/dd>,<number/notation>` (QCVN 102:2016,
 * MessageHeader/DocumentId). The parts are null when the raw text does not have three
 * comma-separated parts (warning `malformed_document_id`).
 */
export interface DocumentId {
  raw: string;
  issuerOrganId: string | null;
  date: EdxmlDate | null;
  codeNumberNotation: string | null;
}

/** A sending or receiving organisation (From, To). */
export interface Organization {
  organId: string;
  organName: string | null;
  organizationInCharge: string | null;
  organAdd: string | null;
  email: string | null;
  telephone: string | null;
  fax: string | null;
  website: string | null;
}

/** Số và ký hiệu: the number and the notation of the document. */
export interface Code {
  codeNumber: string | null;
  codeNotation: string | null;
}

export interface PromulgationInfo {
  place: string | null;
  promulgationDate: EdxmlDate | null;
}

export interface DocumentType {
  type: string | null;
  typeDetail: string | null;
  typeName: string | null;
}

export interface SignerInfo {
  competence: string | null;
  position: string | null;
  fullName: string | null;
}

/** Độ khẩn: 0 normal, 1 urgent (khẩn), 2 very urgent (thượng khẩn), 3 express (hỏa tốc), 4 timed express. */
export type Priority = 0 | 1 | 2 | 3 | 4;

export interface OtherInfo {
  priority: Priority | null;
  sphereOfPromulgation: string | null;
  typerNotation: string | null;
  promulgationAmount: number | null;
  pageAmount: number | null;
  /** `Direction` appears in the SDK's packages (`false`); its meaning is not in our copy of the standard. */
  direction: string | null;
  appendixes: string[];
}

/** The document this one answers (document packages) or the document a status is about. */
export interface ResponseFor {
  organId: string | null;
  code: string | null;
  promulgationDate: EdxmlDate | null;
  documentId: DocumentId;
}

/** The clerk who handled the package. */
export interface StaffInfo {
  department: string | null;
  staff: string | null;
  mobile: string | null;
  email: string | null;
}

/** One hop of the package: which organisation handled it and when. */
export interface TraceHeader {
  /** Null when the package does not say (no OrganId, empty, or the text `null`): a gap in the trace, flagged. */
  organId: string | null;
  timestamp: EdxmlDate | null;
}

/** BussinessDocType: what the package does to the document it carries. */
export type BussinessDocType = 0 | 1 | 2 | 3;
export const BUSSINESS_DOC_TYPES: Record<BussinessDocType, 'new' | 'revocation' | 'update' | 'replacement'> = {
  0: 'new',
  1: 'revocation',
  2: 'update',
  3: 'replacement',
};

/** In an update, a receiver is removed (0) from or added (1) to the distribution. */
export type ReceiverType = 0 | 1;

export interface Receiver {
  organId: string;
  receiverType: ReceiverType;
}

/** What an update changes: the document information, the receivers, or both ("1" = changed). */
export interface BussinessDocumentInfo {
  documentInfo: string | null;
  documentReceiver: string | null;
  receivers: Receiver[];
}

/** A document that this one replaces, and the organisations it had been sent to. */
export interface ReplacementInfo {
  documentId: DocumentId;
  organIds: string[];
}

export interface Bussiness {
  documentId: DocumentId | null;
  bussinessDocType: BussinessDocType;
  bussinessDocReason: string | null;
  /** Whether a paper copy also travels ("0"/"1"), kept as written. */
  paper: string | null;
  staffInfo: StaffInfo | null;
  bussinessDocumentInfo: BussinessDocumentInfo | null;
  replacementInfo: ReplacementInfo[];
}

/**
 * The XML-DSig `Signature` element of the header, exactly as it appeared in the package
 * text. It is kept for a later verification against the original bytes (xml-crypto); the
 * parser does not interpret it.
 */
export interface Signature {
  xml: string;
}

export interface ManifestReference {
  contentId: string | null;
  contentType: string | null;
  description: string | null;
  attachmentName: string | null;
}

export interface Manifest {
  version: string | null;
  references: ManifestReference[];
}

/**
 * An attachment (AttachmentEncoded/Attachment). `content` is the base64 text with
 * whitespace removed, not decoded: a hub only forwards it, and decoding a 50 MB package
 * twice would be waste. Use `attachmentBytes()` when the bytes are needed.
 */
export interface Attachment {
  contentId: string | null;
  attachmentName: string | null;
  description: string | null;
  contentType: string | null;
  encoding: 'base64';
  content: string;
}

export interface DocumentPackage {
  kind: 'document';
  from: Organization;
  to: Organization[];
  documentId: DocumentId;
  code: Code | null;
  promulgationInfo: PromulgationInfo | null;
  documentType: DocumentType | null;
  subject: string | null;
  content: string | null;
  signerInfo: SignerInfo | null;
  dueDate: EdxmlDate | null;
  otherInfo: OtherInfo | null;
  responseFor: ResponseFor[];
  steeringType: string | null;
  toPlaces: string[];
  traceHeaders: TraceHeader[];
  /** Null when the trace list carries no Bussiness element: a plain new document. */
  bussiness: Bussiness | null;
  signature: Signature | null;
  manifest: Manifest | null;
  attachments: Attachment[];
}

/** Status codes of QCVN 102:2016 used on the axis. */
export type StatusCode = '01' | '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16';
export const STATUS_CODES: Record<StatusCode, { en: string; vi: string }> = {
  '01': { en: 'arrived (inbox)', vi: 'Đã đến' },
  '02': { en: 'refused', vi: 'Từ chối tiếp nhận' },
  '03': { en: 'accepted and registered', vi: 'Đã tiếp nhận, vào sổ' },
  '04': { en: 'assigned', vi: 'Phân công xử lý' },
  '05': { en: 'processing', vi: 'Đang xử lý' },
  '06': { en: 'finished', vi: 'Hoàn thành' },
  '13': { en: 'sender asks to update or take back', vi: 'Yêu cầu cập nhật, lấy lại' },
  '15': { en: 'agrees to update or take back', vi: 'Đồng ý cập nhật, lấy lại' },
  '16': { en: 'refuses to update or take back', vi: 'Từ chối cập nhật, lấy lại' },
};

export interface StatusPackage {
  kind: 'status';
  from: Organization;
  responseFor: ResponseFor;
  staffInfo: StaffInfo | null;
  statusCode: StatusCode;
  description: string | null;
  timestamp: EdxmlDate | null;
  traceHeaders: TraceHeader[];
  signature: Signature | null;
}

export type EdxmlPackage = DocumentPackage | StatusPackage;

/** Something wrong but understood; the package is accepted. `element` is a path such as `MessageHeader/To[1]/OrganId`. */
export interface EdxmlWarning {
  code: EdxmlWarningCode;
  element: string | null;
  message: string;
}

export type EdxmlWarningCode =
  | 'leading_garbage'
  | 'trailing_garbage'
  | 'missing_namespace'
  | 'invalid_date'
  | 'malformed_agency_id'
  | 'malformed_document_id'
  | 'missing_element'
  | 'empty_element'
  | 'duplicate_element'
  | 'unknown_element'
  | 'invalid_value'
  | 'base64_unpadded'
  | 'manifest_mismatch';

/** A byte range of the package: [start, end). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ParsedEdxml {
  package: EdxmlPackage;
  warnings: EdxmlWarning[];
  /**
   * Where the XML document lies in the bytes, as the parser read it: from its first `<`
   * (after stray bytes) to the end of the root element (before trailing garbage). A
   * signature over the whole document is checked against exactly this (`documentText`).
   */
  source: ByteRange;
}

/** The decoded bytes of an attachment. */
export function attachmentBytes(attachment: Attachment): Buffer {
  return Buffer.from(attachment.content, 'base64');
}
