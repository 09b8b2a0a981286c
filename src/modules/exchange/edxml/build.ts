import { EdxmlError } from './errors.ts';
import { EDXML_NAMESPACE } from './model.ts';
import type {
  Bussiness,
  DocumentPackage,
  EdxmlDate,
  EdxmlPackage,
  Organization,
  OtherInfo,
  ResponseFor,
  StaffInfo,
  StatusPackage,
  TraceHeader,
} from './model.ts';

/**
 * Writes a package in the shape of QCVN 102:2016 and of the Government Office SDK's own
 * output, so that receivers built on that SDK read it: root `<edXML>` in the default
 * namespace, envelope elements with the `edXML:` prefix (same namespace), and
 * `AttachmentEncoded` outside the envelope. Element order follows the SDK's packages.
 *
 * Dates are written from their raw text, so a package re-built from a parsed one carries
 * the same values (flaws included); `parseEdxml(buildEdxml(m)).package` deep-equals `m`.
 * A rebuilt package is new bytes: the original signature will not verify over it, so
 * forwarding uses the stored original bytes, not this.
 */
export function buildEdxml(pkg: EdxmlPackage): Buffer {
  const header =
    pkg.kind === 'document'
      ? [messageHeader(documentHeader(pkg)), traceHeaderList(pkg.traceHeaders, pkg.bussiness)]
      : [messageHeader(statusHeader(pkg)), traceHeaderList(pkg.traceHeaders, null)];
  if (pkg.signature) header.push(signature(pkg.signature.xml));
  const envelope: Part[] = [el('edXMLHeader', header)];
  const outside: Part[] = [];
  if (pkg.kind === 'document') {
    if (pkg.manifest) {
      const refs = pkg.manifest.references.map((r) =>
        el('Reference', [leaf('ContentId', r.contentId), leaf('ContentType', r.contentType), leaf('Description', r.description), leaf('AttachmentName', r.attachmentName)]),
      );
      envelope.push(el('edXMLBody', [el('edXMLManifest', refs, pkg.manifest.version === null ? {} : { version: pkg.manifest.version })]));
    }
    if (pkg.attachments.length > 0) {
      const attachments = pkg.attachments.map((a) =>
        plain('Attachment', [
          plain('ContentId', a.contentId),
          plain('AttachmentName', a.attachmentName),
          plain('Description', a.description),
          plain('ContentType', a.contentType),
          base64(a.content),
        ]),
      );
      outside.push(plain('AttachmentEncoded', attachments));
    }
  }
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<edXML xmlns="${EDXML_NAMESPACE}" xmlns:edXML="${EDXML_NAMESPACE}">`];
  write(el('edXMLEnvelope', envelope), 1, lines);
  for (const part of outside) write(part, 1, lines);
  lines.push('</edXML>', '');
  return Buffer.from(lines.join('\n'), 'utf8');
}

function documentHeader(d: DocumentPackage): Part[] {
  return [
    organization('From', d.from),
    ...d.to.map((o) => organization('To', o)),
    leaf('DocumentId', d.documentId.raw),
    d.code && el('Code', [leaf('CodeNumber', d.code.codeNumber), leaf('CodeNotation', d.code.codeNotation)]),
    d.promulgationInfo && el('PromulgationInfo', [leaf('Place', d.promulgationInfo.place), date('PromulgationDate', d.promulgationInfo.promulgationDate)]),
    d.documentType && el('DocumentType', [leaf('Type', d.documentType.type), leaf('TypeDetail', d.documentType.typeDetail), leaf('TypeName', d.documentType.typeName)]),
    leaf('Subject', d.subject),
    leaf('Content', d.content),
    d.signerInfo && el('SignerInfo', [leaf('Competence', d.signerInfo.competence), leaf('Position', d.signerInfo.position), leaf('FullName', d.signerInfo.fullName)]),
    date('DueDate', d.dueDate),
    d.otherInfo && otherInfo(d.otherInfo),
    ...d.responseFor.map(responseFor),
    leaf('SteeringType', d.steeringType),
    d.toPlaces.length > 0 ? el('ToPlaces', d.toPlaces.map((p) => leaf('Place', p))) : null,
  ];
}

function statusHeader(s: StatusPackage): Part[] {
  return [
    organization('From', s.from),
    responseFor(s.responseFor),
    s.staffInfo && staffInfo(s.staffInfo),
    leaf('StatusCode', s.statusCode),
    leaf('Description', s.description),
    date('Timestamp', s.timestamp),
  ];
}

function messageHeader(children: Part[]): Part {
  return el('MessageHeader', children);
}

function traceHeaderList(traces: TraceHeader[], bussiness: Bussiness | null): Part {
  if (traces.length === 0 && !bussiness) return null;
  return el('TraceHeaderList', [
    ...traces.map((t) => el('TraceHeader', [leaf('OrganId', t.organId), date('Timestamp', t.timestamp)])),
    bussiness && bussinessPart(bussiness),
  ]);
}

function bussinessPart(b: Bussiness): Part {
  const info = b.bussinessDocumentInfo;
  return el('Bussiness', [
    leaf('DocumentId', b.documentId?.raw ?? null),
    leaf('BussinessDocType', String(b.bussinessDocType)),
    leaf('BussinessDocReason', b.bussinessDocReason),
    leaf('Paper', b.paper),
    info &&
      el('BussinessDocumentInfo', [
        leaf('DocumentInfo', info.documentInfo),
        leaf('DocumentReceiver', info.documentReceiver),
        info.receivers.length > 0
          ? el('ReceiverList', info.receivers.map((r) => el('Receiver', [leaf('OrganId', r.organId), leaf('ReceiverType', String(r.receiverType))])))
          : null,
      ]),
    b.replacementInfo.length > 0
      ? el(
          'ReplacementInfoList',
          b.replacementInfo.map((r) =>
            el('ReplacementInfo', [leaf('DocumentId', r.documentId.raw), r.organIds.length > 0 ? el('OrganIdList', r.organIds.map((id) => leaf('OrganId', id))) : null]),
          ),
        )
      : null,
    b.staffInfo && staffInfo(b.staffInfo),
  ]);
}

function organization(name: string, o: Organization): Part {
  return el(name, [
    leaf('OrganId', o.organId),
    leaf('OrganizationInCharge', o.organizationInCharge),
    leaf('OrganName', o.organName),
    leaf('OrganAdd', o.organAdd),
    leaf('Email', o.email),
    leaf('Telephone', o.telephone),
    leaf('Fax', o.fax),
    leaf('Website', o.website),
  ]);
}

function responseFor(r: ResponseFor): Part {
  return el('ResponseFor', [leaf('OrganId', r.organId), leaf('Code', r.code), date('PromulgationDate', r.promulgationDate), leaf('DocumentId', r.documentId.raw)]);
}

function staffInfo(s: StaffInfo): Part {
  return el('StaffInfo', [leaf('Department', s.department), leaf('Staff', s.staff), leaf('Email', s.email), leaf('Mobile', s.mobile)]);
}

function otherInfo(o: OtherInfo): Part {
  return el('OtherInfo', [
    leaf('Priority', o.priority === null ? null : String(o.priority)),
    leaf('SphereOfPromulgation', o.sphereOfPromulgation),
    leaf('TyperNotation', o.typerNotation),
    leaf('PromulgationAmount', o.promulgationAmount === null ? null : String(o.promulgationAmount)),
    leaf('PageAmount', o.pageAmount === null ? null : String(o.pageAmount)),
    leaf('Direction', o.direction),
    o.appendixes.length > 0 ? el('Appendixes', o.appendixes.map((a) => leaf('Appendix', a))) : null,
  ]);
}

// ---- a minimal writer: elements, escaped text, and the two pieces inserted verbatim ----

type Part =
  | { name: string; attributes: Record<string, string>; children: Part[] | string }
  | { raw: string }
  | null;

/** An element with the `edXML:` prefix. */
function el(local: string, children: Part[], attributes: Record<string, string> = {}): Part {
  return { name: `edXML:${local}`, attributes, children };
}

function leaf(local: string, value: string | null): Part {
  return value === null ? null : { name: `edXML:${local}`, attributes: {}, children: escapeText(value, local) };
}

/** Unprefixed (default namespace, the same URI): how the SDK writes the attachment block. */
function plain(local: string, value: Part[] | string | null): Part {
  if (value === null) return null;
  return { name: local, attributes: {}, children: typeof value === 'string' ? escapeText(value, local) : value };
}

function date(local: string, value: EdxmlDate | null): Part {
  return leaf(local, value === null ? null : value.raw);
}

function base64(content: string): Part {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content)) {
    throw new EdxmlError('invalid_value', 'AttachmentEncoded/Attachment/ContentTransferEncoded', 'Attachment content is not base64');
  }
  return { raw: `<edXML:ContentTransferEncoded>${content}</edXML:ContentTransferEncoded>` };
}

/** The signature goes back exactly as it was read, whatever prefix or namespace it uses. */
function signature(xml: string): Part {
  if (!/^<(?:[A-Za-z_][\w.-]*:)?Signature[\s/>][\s\S]*>$/.test(xml)) {
    throw new EdxmlError('invalid_value', 'edXMLHeader/Signature', 'The signature is not a <Signature> element');
  }
  return { raw: xml };
}

function write(part: Part, depth: number, out: string[]): void {
  if (part === null) return;
  const indent = '  '.repeat(depth);
  if ('raw' in part) {
    out.push(indent + part.raw);
    return;
  }
  const attributes = Object.entries(part.attributes)
    .map(([k, v]) => ` ${k}="${escapeText(v, k).replace(/"/g, '&quot;')}"`)
    .join('');
  const { children } = part;
  if (typeof children === 'string') {
    out.push(children === '' ? `${indent}<${part.name}${attributes}/>` : `${indent}<${part.name}${attributes}>${children}</${part.name}>`);
    return;
  }
  out.push(`${indent}<${part.name}${attributes}>`);
  for (const child of children) write(child, depth + 1, out);
  out.push(`${indent}</${part.name}>`);
}

/**
 * Escapes text for element content. A CR is written as a reference because a literal one
 * would be read back as LF (XML 1.0 §2.11); characters XML 1.0 cannot carry are refused.
 */
function escapeText(value: string, element: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(value)) {
    throw new EdxmlError('invalid_character', element, `${element} contains a character XML 1.0 cannot carry`);
  }
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}
