import { EdxmlError } from './errors.ts';
import { STATUS_CODES } from './model.ts';
import type {
  Attachment,
  Bussiness,
  BussinessDocType,
  DocumentPackage,
  EdxmlDate,
  EdxmlWarning,
  Manifest,
  Organization,
  OtherInfo,
  ParsedEdxml,
  Priority,
  Receiver,
  ReplacementInfo,
  ResponseFor,
  Signature,
  StaffInfo,
  StatusCode,
  StatusPackage,
  TraceHeader,
} from './model.ts';
import { XmlNode, missing } from './reader.ts';
import { assertPackageSize } from './source.ts';
import { readTree } from './stream.ts';
import { checkAgencyId, readCount, readDate, readDocumentId } from './values.ts';
import type { Warn } from './values.ts';

export interface ParseOptions {
  /** Refuse packages bigger than this many bytes before reading them (default 50 MB). */
  maxBytes?: number;
  /**
   * `skip`: attachments come with `content: ''`; their content is checked and counted but
   * never kept. For callers that keep the bytes, like the hub, which stores and forwards
   * them. Default `keep`. Both modes read the package the same way (one pass of the XML
   * parser, content.ts for the content): they differ only in what is kept.
   */
  attachmentContent?: 'keep' | 'skip';
  /** Bytes read between two turns of the event loop (limits.ts); tests set small values. */
  chunkBytes?: number;
}

/**
 * Reads an edXML package (QCVN 102:2016). Flaws whose meaning is clear are accepted and
 * listed in `warnings`; anything that leaves the package without meaning, or that could be
 * read two ways, throws an `EdxmlError` naming the element. The bytes are read in chunks,
 * giving the event loop a turn between them, and refused at the first limit they cross
 * (limits.ts). The bytes are not kept: the caller stores them.
 */
export async function parseEdxml(bytes: Buffer | Uint8Array, options: ParseOptions = {}): Promise<ParsedEdxml> {
  const warnings: EdxmlWarning[] = [];
  const warn = collectInto(warnings);
  assertPackageSize(bytes.byteLength, options.maxBytes);
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tree = await readTree(buffer, { keepContent: options.attachmentContent !== 'skip', chunkBytes: options.chunkBytes }, warn);
  const root = XmlNode.of(tree.root, 'edXML', warn);
  const envelope = root.requiredChild('edXMLEnvelope', 'edXMLEnvelope', true);
  const header = envelope.requiredChild('edXMLHeader', 'edXMLHeader', true);
  const messageHeader = header.requiredChild('MessageHeader', 'MessageHeader', true);
  header.only('TraceHeaderList', 'TraceHeaderList');
  const traceList = header.child('TraceHeaderList', 'TraceHeaderList');
  // Read in document order, so that warnings come out in the order of the package.
  const isStatus = messageHeader.has('StatusCode');
  const fields = isStatus ? readStatusHeader(messageHeader, warn) : readDocumentHeader(messageHeader, warn);
  const traceHeaders = traceList ? traceList.children('TraceHeader').map((n) => readTraceHeader(n, warn)) : [];
  traceList?.only('Bussiness');
  const bussinessNode = isStatus ? null : (traceList?.child('Bussiness') ?? null);
  const bussiness = bussinessNode ? readBussiness(bussinessNode, warn) : null;
  const signature = readSignature(header, tree.signature, warn);

  let result: DocumentPackage | StatusPackage;
  if (fields.kind === 'status') {
    result = { ...fields, traceHeaders, signature };
  } else {
    const body = envelope.child('edXMLBody', 'edXMLBody');
    const manifestNode = body?.child('edXMLManifest', 'edXMLManifest') ?? null;
    const attachmentList = root.child('AttachmentEncoded', 'AttachmentEncoded');
    const manifest = manifestNode ? readManifest(manifestNode) : null;
    const attachments = attachmentList ? attachmentList.children('Attachment').map((n) => readAttachment(n, warn)) : [];
    checkManifest(manifest, attachments, warn);
    body?.finish();
    attachmentList?.finish();
    result = {
      ...fields,
      traceHeaders,
      bussiness,
      signature,
      manifest,
      attachments,
    };
  }
  for (const node of [messageHeader, traceList, header, envelope, root]) node?.finish();
  return { package: result, warnings, source: tree.source };
}

// The closures below are made by module-level functions: a closure declared with a name in
// a function is named again by tsx each time it is made, a cost on every package.
function collectInto(warnings: EdxmlWarning[]): Warn {
  return (code, element, message) => {
    warnings.push({ code, element, message });
  };
}

function readDocumentHeader(mh: XmlNode, warn: Warn): Omit<DocumentPackage, 'traceHeaders' | 'bussiness' | 'signature' | 'manifest' | 'attachments'> {
  // Fields are read in the order of the standard, so errors and warnings follow the package.
  const from = readOrganization(mh.requiredChild('From', undefined, true), warn);
  const toNodes = mh.children('To');
  if (toNodes.length === 0) throw missing('MessageHeader/To');
  return {
    kind: 'document',
    from,
    to: toNodes.map((n) => readOrganization(n, warn)),
    documentId: readDocumentId(mh.requiredText('DocumentId', true), 'MessageHeader/DocumentId', warn),
    code: within(mh.expectedChild('Code'), (n) => ({ codeNumber: n.text('CodeNumber'), codeNotation: n.text('CodeNotation') })),
    promulgationInfo: within(mh.expectedChild('PromulgationInfo'), (n) => ({ place: n.text('Place'), promulgationDate: optionalDate(n, 'PromulgationDate', warn) })),
    documentType: within(mh.expectedChild('DocumentType'), (n) => ({ type: n.text('Type'), typeDetail: n.text('TypeDetail'), typeName: n.text('TypeName') })),
    subject: mh.expectedText('Subject'),
    content: mh.text('Content'),
    signerInfo: within(mh.expectedChild('SignerInfo'), (n) => ({ competence: n.text('Competence'), position: n.text('Position'), fullName: n.text('FullName') })),
    dueDate: optionalDate(mh, 'DueDate', warn),
    otherInfo: within(mh.child('OtherInfo'), (n) => readOtherInfo(n, warn)),
    responseFor: mh.children('ResponseFor').flatMap((n) => readDocumentResponseFor(n, warn)),
    steeringType: mh.text('SteeringType'),
    toPlaces: within(mh.child('ToPlaces'), (n) => n.texts('Place')) ?? [],
  };
}

/** Reads an optional element with `read`, then reports what it held that `read` did not take. */
function within<T>(node: XmlNode | null, read: (node: XmlNode) => T): T | null {
  if (!node) return null;
  const value = read(node);
  node.finish();
  return value;
}

function readStatusHeader(mh: XmlNode, warn: Warn): Omit<StatusPackage, 'traceHeaders' | 'signature'> {
  return {
    kind: 'status',
    from: readOrganization(mh.requiredChild('From', undefined, true), warn),
    responseFor: readResponseFor(mh.requiredChild('ResponseFor', undefined, true), warn),
    staffInfo: within(mh.child('StaffInfo'), readStaffInfo),
    statusCode: readStatusCode(mh.requiredText('StatusCode', true), warn),
    description: mh.text('Description'),
    timestamp: optionalDate(mh, 'Timestamp', warn, true),
  };
}

/** Unknown codes are refused: the hub drives the document's state from them. "1" reads as "01". */
function readStatusCode(raw: string, warn: Warn): StatusCode {
  const code = /^\d$/.test(raw) ? `0${raw}` : raw;
  if (!(code in STATUS_CODES)) {
    throw new EdxmlError('invalid_value', 'MessageHeader/StatusCode', `Unknown status code "${raw}"; expected one of ${Object.keys(STATUS_CODES).join(', ')}`);
  }
  if (code !== raw) warn('invalid_value', 'MessageHeader/StatusCode', `Status code "${raw}" read as "${code}"`);
  return code as StatusCode;
}

function readOrganization(node: XmlNode, warn: Warn): Organization {
  const organId = node.requiredText('OrganId', true);
  checkAgencyId(organId, `${node.path}/OrganId`, warn);
  const organization = {
    organId,
    organName: node.text('OrganName'),
    organizationInCharge: node.text('OrganizationInCharge'),
    organAdd: node.text('OrganAdd'),
    email: node.text('Email'),
    telephone: node.text('Telephone'),
    fax: node.text('Fax'),
    website: node.text('Website'),
  };
  node.finish();
  return organization;
}

function readResponseFor(node: XmlNode, warn: Warn): ResponseFor {
  node.only('OrganId');
  node.only('DocumentId');
  const organId = node.text('OrganId');
  if (organId !== null) checkAgencyId(organId, `${node.path}/OrganId`, warn);
  const responseFor = {
    organId,
    code: node.text('Code'),
    promulgationDate: optionalDate(node, 'PromulgationDate', warn),
    documentId: readDocumentId(node.requiredText('DocumentId'), `${node.path}/DocumentId`, warn),
  };
  node.finish();
  return responseFor;
}

/**
 * A document's ResponseFor. Real packages of the SDK carry the block with every field empty
 * when the document answers nothing (a new document): that means no ResponseFor, flagged.
 * A status cannot do without the document it answers, so readStatusHeader does not use this.
 */
function readDocumentResponseFor(node: XmlNode, warn: Warn): ResponseFor[] {
  if (!node.blank()) return [readResponseFor(node, warn)];
  warn('empty_element', node.path, `${node.path} has no value in any field: read as no ResponseFor (a new document)`);
  return [];
}

function readStaffInfo(node: XmlNode): StaffInfo {
  return { department: node.text('Department'), staff: node.text('Staff'), mobile: node.text('Mobile'), email: node.text('Email') };
}

function readOtherInfo(node: XmlNode, warn: Warn): OtherInfo {
  const priority = node.text('Priority');
  const promulgationAmount = node.text('PromulgationAmount');
  const pageAmount = node.text('PageAmount');
  let parsedPriority: Priority | null = null;
  if (priority !== null && /^[0-4]$/.test(priority)) parsedPriority = Number(priority) as Priority;
  else if (priority !== null) warn('invalid_value', `${node.path}/Priority`, `Priority "${priority}" is not 0–4; ignored`);
  return {
    priority: parsedPriority,
    sphereOfPromulgation: node.text('SphereOfPromulgation'),
    typerNotation: node.text('TyperNotation'),
    promulgationAmount: promulgationAmount === null ? null : readCount(promulgationAmount, `${node.path}/PromulgationAmount`, warn),
    pageAmount: pageAmount === null ? null : readCount(pageAmount, `${node.path}/PageAmount`, warn),
    direction: node.text('Direction'),
    appendixes: within(node.child('Appendixes'), (n) => n.texts('Appendix')) ?? [],
  };
}

/**
 * A hop of the trace. Real packages of the SDK leave the OrganId out, empty, or write the
 * text `null` (a Java null printed): the hop happened, at its timestamp, by an organisation
 * the package does not name. The timestamp is kept and the gap recorded (organId null).
 */
function readTraceHeader(node: XmlNode, warn: Warn): TraceHeader {
  const text = node.text('OrganId');
  const organId = text === null || text === '' || text.toLowerCase() === 'null' ? null : text;
  if (organId === null) {
    const said = text === null ? 'no OrganId' : text === '' ? 'an empty OrganId' : `OrganId "${text}"`;
    warn('missing_element', `${node.path}/OrganId`, `${node.path} has ${said}: the organisation of this hop is unknown; its timestamp is kept`);
  } else {
    checkAgencyId(organId, `${node.path}/OrganId`, warn);
  }
  const timestamp = optionalDate(node, 'Timestamp', warn, true);
  node.finish();
  return { organId, timestamp };
}

function readBussiness(node: XmlNode, warn: Warn): Bussiness {
  const typeText = node.requiredText('BussinessDocType', true);
  node.only('DocumentId');
  if (!/^[0-3]$/.test(typeText)) {
    throw new EdxmlError('invalid_value', `${node.path}/BussinessDocType`, `Unknown BussinessDocType "${typeText}"; expected 0 (new), 1 (revocation), 2 (update) or 3 (replacement)`);
  }
  const bussinessDocType = Number(typeText) as BussinessDocType;
  const documentId = node.text('DocumentId');
  const bussiness: Bussiness = {
    documentId: documentId === null ? null : readDocumentId(documentId, `${node.path}/DocumentId`, warn),
    bussinessDocType,
    bussinessDocReason: node.text('BussinessDocReason'),
    paper: node.text('Paper'),
    bussinessDocumentInfo: within(node.child('BussinessDocumentInfo'), (info) => ({
      documentInfo: info.text('DocumentInfo'),
      documentReceiver: info.text('DocumentReceiver'),
      receivers: within(info.child('ReceiverList'), (list) => list.children('Receiver').map((r) => readReceiver(r, warn))) ?? [],
    })),
    replacementInfo: within(node.child('ReplacementInfoList'), (list) => list.children('ReplacementInfo').map((r) => readReplacement(r, warn))) ?? [],
    staffInfo: within(node.child('StaffInfo'), readStaffInfo),
  };
  if (bussinessDocType === 3 && bussiness.replacementInfo.length === 0) {
    // A replacement that does not say what it replaces cannot be applied.
    throw new EdxmlError('missing_element', `${node.path}/ReplacementInfoList`, 'A replacement (BussinessDocType 3) must list the documents it replaces');
  }
  if (bussinessDocType === 2 && bussiness.bussinessDocumentInfo === null) {
    warn('missing_element', `${node.path}/BussinessDocumentInfo`, 'An update (BussinessDocType 2) does not say what it changes');
  }
  node.finish();
  return bussiness;
}

function readReceiver(node: XmlNode, warn: Warn): Receiver {
  const organId = node.requiredText('OrganId', true);
  checkAgencyId(organId, `${node.path}/OrganId`, warn);
  const type = node.requiredText('ReceiverType', true);
  if (type !== '0' && type !== '1') {
    throw new EdxmlError('invalid_value', `${node.path}/ReceiverType`, `Unknown ReceiverType "${type}"; expected 0 (removed) or 1 (added)`);
  }
  node.finish();
  return { organId, receiverType: type === '1' ? 1 : 0 };
}

function readReplacement(node: XmlNode, warn: Warn): ReplacementInfo {
  const documentId = readDocumentId(node.requiredText('DocumentId', true), `${node.path}/DocumentId`, warn);
  node.only('OrganIdList');
  const organIds = within(node.child('OrganIdList'), (list) => list.texts('OrganId')) ?? [];
  organIds.forEach((id, i) => checkAgencyId(id, `${node.path}/OrganIdList/OrganId[${i + 1}]`, warn));
  node.finish();
  return { documentId, organIds };
}

function readSignature(header: XmlNode, xml: string | null, warn: Warn): Signature | null {
  const count = header.children('Signature').length;
  if (count === 0) return null;
  if (count > 1) warn('duplicate_element', 'edXMLHeader/Signature', `edXMLHeader/Signature appears ${count} times; the first is kept`);
  return xml === null ? null : { xml };
}

function readManifest(node: XmlNode): Manifest {
  const manifest = {
    version: node.attribute('version'),
    references: node.children('Reference').map((r) => {
      const reference = { contentId: r.text('ContentId'), contentType: r.text('ContentType'), description: r.text('Description'), attachmentName: r.text('AttachmentName') };
      r.finish();
      return reference;
    }),
  };
  node.finish();
  return manifest;
}

function readAttachment(node: XmlNode, warn: Warn): Attachment {
  const element = `${node.path}/ContentTransferEncoded`;
  // Checked as base64 while it was read (content.ts); kept or only counted.
  const content = node.content('ContentTransferEncoded');
  if (content === null) throw missing(element);
  if (content.length % 4 !== 0) warn('base64_unpadded', element, `${element} has ${content.length} base64 characters, not a multiple of 4`);
  const attachment = {
    contentId: node.text('ContentId'),
    attachmentName: node.text('AttachmentName'),
    description: node.text('Description'),
    contentType: node.text('ContentType'),
    encoding: 'base64' as const,
    content: content.base64,
  };
  node.finish();
  return attachment;
}

/** Each attachment should be announced in the manifest and each reference carried (QCVN 102:2016, edXMLManifest). */
function checkManifest(manifest: Manifest | null, attachments: Attachment[], warn: Warn): void {
  const referenced = new Set((manifest?.references ?? []).map((r) => r.contentId));
  const carried = new Set(attachments.map((a) => a.contentId));
  attachments.forEach((a, i) => {
    if (!referenced.has(a.contentId)) warn('manifest_mismatch', `AttachmentEncoded/Attachment[${i + 1}]`, `Attachment ${a.contentId ?? '(no ContentId)'} is not in the manifest`);
  });
  (manifest?.references ?? []).forEach((r, i) => {
    if (!carried.has(r.contentId)) warn('manifest_mismatch', `edXMLManifest/Reference[${i + 1}]`, `Reference ${r.contentId ?? '(no ContentId)'} has no attachment`);
  });
}

function optionalDate(node: XmlNode, name: string, warn: Warn, expected = false): EdxmlDate | null {
  const raw = expected ? node.expectedText(name) : node.text(name);
  return raw === null ? null : readDate(raw, `${node.path}/${name}`, warn);
}
