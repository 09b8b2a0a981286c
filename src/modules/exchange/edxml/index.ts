/**
 * edXML (QCVN 102:2016/BTTTT) parser and builder: a pure library, no I/O, no database.
 * The exchange module's public door will re-export what other code needs from here.
 */
export { parseEdxml, type ParseOptions } from './parse.ts';
export { buildEdxml } from './build.ts';
export { assertPackageSize, documentText } from './source.ts';
export { PARSE_CHUNK_BYTES, PARSE_LIMITS } from './limits.ts';
export { EdxmlError, type EdxmlErrorCode } from './errors.ts';
export {
  BUSSINESS_DOC_TYPES,
  DEFAULT_MAX_BYTES,
  EDXML_NAMESPACE,
  STATUS_CODES,
  attachmentBytes,
  type Attachment,
  type Bussiness,
  type BussinessDocType,
  type BussinessDocumentInfo,
  type ByteRange,
  type Code,
  type DocumentId,
  type DocumentPackage,
  type DocumentType,
  type EdxmlDate,
  type EdxmlPackage,
  type EdxmlWarning,
  type EdxmlWarningCode,
  type Manifest,
  type ManifestReference,
  type Organization,
  type OtherInfo,
  type ParsedEdxml,
  type Priority,
  type PromulgationInfo,
  type Receiver,
  type ReceiverType,
  type ReplacementInfo,
  type ResponseFor,
  type Signature,
  type SignerInfo,
  type StaffInfo,
  type StatusCode,
  type StatusPackage,
  type TraceHeader,
} from './model.ts';
