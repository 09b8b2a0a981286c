import { EdxmlError } from './errors.ts';
import { DEFAULT_MAX_BYTES, EDXML_NAMESPACE, type ByteRange } from './model.ts';
import type { Warn } from './values.ts';

/**
 * The checks that look at a package as bytes before the XML parser reads it, and the ones
 * tree.ts applies to what the parser reports (declared encoding, root). Real packages
 * arrive with flaws that do not hide their meaning (the SDK's own example starts with four
 * stray bytes before `<?xml`): those are skipped with a warning. The caller keeps the
 * original bytes.
 */

/** How far into the bytes a stray prefix is looked for: a preamble longer than this is not a quirk. */
const PREAMBLE_WINDOW = 4096;

/**
 * Refuses a package by its size alone. Exported so that a transport can refuse early, from
 * a Content-Length or a file size, before buffering the bytes.
 */
export function assertPackageSize(byteLength: number, maxBytes: number = DEFAULT_MAX_BYTES): void {
  if (byteLength > maxBytes) {
    throw new EdxmlError('too_large', null, `The package is ${byteLength} bytes; the limit is ${maxBytes} bytes`);
  }
}

/**
 * Where the XML starts: at the first `<`, after a BOM and any stray bytes before it. The
 * stray bytes may hold no `<`: markup there would be a document the hub does not read.
 */
export function xmlStart(bytes: Buffer, warn: Warn): number {
  if (bytes.byteLength === 0) throw new EdxmlError('not_xml', null, 'The package is empty');
  if (hasPrefix(bytes, [0xff, 0xfe]) || hasPrefix(bytes, [0xfe, 0xff])) {
    throw new EdxmlError('unsupported_encoding', null, 'The package is UTF-16; QCVN 102:2016 packages are UTF-8');
  }
  const bom = hasPrefix(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  const start = bytes.subarray(0, PREAMBLE_WINDOW).indexOf(0x3c /* < */, bom);
  if (start < 0) throw new EdxmlError('not_xml', null, 'No XML found at the start of the package');
  const skipped = bytes.subarray(bom, start);
  if (skipped.some((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)) {
    warn('leading_garbage', null, `${start} byte(s) before the XML declaration were ignored`);
  }
  return start;
}

function hasPrefix(buffer: Buffer, prefix: number[]): boolean {
  return prefix.every((byte, i) => buffer[i] === byte);
}

/** The encoding of the XML declaration, as the parser read it: UTF-8 or none. */
export function checkEncoding(declared: string | undefined): void {
  if (declared !== undefined && !/^utf-?8$/i.test(declared)) {
    throw new EdxmlError('unsupported_encoding', null, `The package declares encoding "${declared}"; only UTF-8 is supported`);
  }
}

/** The root must be `edXML` in the QCVN 102:2016 namespace; a root with no namespace at all is only flagged. */
export function checkRoot(rootName: string, attributes: Record<string, string>, warn: Warn): void {
  const colon = rootName.indexOf(':');
  const prefix = colon < 0 ? '' : rootName.slice(0, colon);
  const local = rootName.slice(colon + 1);
  if (local !== 'edXML') throw new EdxmlError('not_edxml', 'edXML', `The root element is <${rootName}>, not <edXML>`);
  const namespace = attributes[prefix ? `xmlns:${prefix}` : 'xmlns'];
  if (namespace === undefined || namespace === '') {
    warn('missing_namespace', 'edXML', `<${rootName}> is not bound to ${EDXML_NAMESPACE}`);
  } else if (namespace !== EDXML_NAMESPACE) {
    throw new EdxmlError('wrong_namespace', 'edXML', `<${rootName}> is in namespace "${namespace}", not ${EDXML_NAMESPACE}`);
  }
}

/**
 * The XML document of a parsed package as text, from its first `<` to the end of its root
 * element (`ParsedEdxml.source`), line ends read as LF: what a signature over the whole
 * document is checked against, without the stray bytes the parser skipped.
 */
export function documentText(bytes: Buffer, source: ByteRange): string {
  const text = bytes.toString('utf8', source.start, source.end);
  // XML 1.0 §2.11: every CR LF or lone CR reads as LF.
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
