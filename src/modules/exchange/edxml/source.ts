import { EdxmlError } from './errors.ts';
import { decodeWithoutContent } from './skip-content.ts';
import { DEFAULT_MAX_BYTES, EDXML_NAMESPACE } from './model.ts';
import type { Warn } from './values.ts';

/**
 * From bytes to XML text: every check that looks at the package as bytes or as text, before
 * any element is read. Real packages arrive with flaws that do not hide their meaning (the
 * SDK's own example starts with four stray bytes before `<?xml`); those are cut away with a
 * warning. The caller keeps the original bytes; only the text handed to the XML parser is
 * cleaned. Well-formedness is checked by that parser (tree.ts), in the same pass that reads
 * the elements; `checkRoot` then looks at the root.
 */
export interface SourceText {
  text: string;
  /** The root element's qualified name as written, e.g. `edXML` or `edXML:edXML`. */
  rootName: string;
  /** The root's start tag after its name, as written (its namespace declarations). */
  rootAttributes: string;
}

/** How far into the bytes a stray prefix is looked for: a preamble longer than this is not a quirk. */
const PREAMBLE_WINDOW = 4096;
/** Stateless between calls (no `stream` option): one decoder serves every package. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const PROLOG = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/;

export function readSource(bytes: Buffer | Uint8Array, maxBytes: number | undefined, warn: Warn, options: { skipAttachmentContent?: boolean } = {}): SourceText {
  assertPackageSize(bytes.byteLength, maxBytes);
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.byteLength === 0) throw new EdxmlError('not_xml', null, 'The package is empty');
  if (hasPrefix(buffer, [0xff, 0xfe]) || hasPrefix(buffer, [0xfe, 0xff])) {
    throw new EdxmlError('unsupported_encoding', null, 'The package is UTF-16; QCVN 102:2016 packages are UTF-8');
  }
  const start = xmlStart(buffer, warn);
  let text: string;
  try {
    text = options.skipAttachmentContent ? decodeWithoutContent(buffer.subarray(start), decodeUtf8) : decodeUtf8(buffer.subarray(start));
  } catch {
    throw new EdxmlError('unsupported_encoding', null, 'The package is not valid UTF-8 text');
  }
  const declared = /^<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']/.exec(text)?.[1];
  if (declared !== undefined && !/^utf-?8$/i.test(declared)) {
    throw new EdxmlError('unsupported_encoding', null, `The package declares encoding "${declared}"; only UTF-8 is supported`);
  }
  const prologEnd = PROLOG.exec(text.slice(0, 65536))?.[0].length ?? 0;
  if (/^<!DOCTYPE/i.test(text.slice(prologEnd, prologEnd + 9))) {
    throw new EdxmlError('doctype_forbidden', null, 'The package has a DOCTYPE; edXML packages have none and DTDs are refused');
  }
  const root = /^<([A-Za-z_][\w.:-]*)([^>]*)>/.exec(text.slice(prologEnd, prologEnd + PREAMBLE_WINDOW));
  if (!root?.[1]) throw new EdxmlError('not_xml', null, 'No XML element found');
  const rootName = root[1];
  // XML 1.0 §2.11: every CR LF or lone CR reads as LF, before anything else.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  text = cutTrailing(text, rootName, warn);
  return { text, rootName, rootAttributes: root[2] ?? '' };
}

function decodeUtf8(part: Buffer): string {
  return UTF8.decode(part);
}

/**
 * Refuses a package by its size alone. Exported so that a transport can refuse early, from
 * a Content-Length or a file size, before buffering the bytes.
 */
export function assertPackageSize(byteLength: number, maxBytes: number = DEFAULT_MAX_BYTES): void {
  if (byteLength > maxBytes) {
    throw new EdxmlError('too_large', null, `The package is ${byteLength} bytes; the limit is ${maxBytes} bytes`);
  }
}

function hasPrefix(buffer: Buffer, prefix: number[]): boolean {
  return prefix.every((byte, i) => buffer[i] === byte);
}

/** Offset of the XML declaration (or first `<`), reporting any non-blank bytes skipped before it. */
function xmlStart(buffer: Buffer, warn: Warn): number {
  const bom = hasPrefix(buffer, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  const window = buffer.subarray(0, PREAMBLE_WINDOW);
  let start = window.indexOf('<?xml', bom, 'latin1');
  if (start < 0) start = window.indexOf('<', bom, 'latin1');
  if (start < 0) throw new EdxmlError('not_xml', null, 'No XML found at the start of the package');
  const skipped = buffer.subarray(bom, start);
  if (skipped.some((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)) {
    warn('leading_garbage', null, `${start} byte(s) before the XML declaration were ignored`);
  }
  return start;
}

/** Drops non-blank text after the root's end tag (seen after copy-paste and broken transports). */
function cutTrailing(text: string, rootName: string, warn: Warn): string {
  const tag = `</${rootName}`;
  let close = text.lastIndexOf(tag);
  // `</edXML` is also the start of `</edXML:edXMLEnvelope>`: only `</edXML>` (blanks allowed) closes the root.
  while (close >= 0 && !/^\s*>/.test(text.slice(close + tag.length, close + tag.length + 64))) close = close > 0 ? text.lastIndexOf(tag, close - 1) : -1;
  const end = close < 0 ? -1 : text.indexOf('>', close);
  if (end < 0) return text;
  const rest = text.slice(end + 1);
  if (rest.trim() === '') return text;
  warn('trailing_garbage', null, `${Buffer.byteLength(rest)} byte(s) after </${rootName}> were ignored`);
  return text.slice(0, end + 1);
}

/** The root must be `edXML` in the QCVN 102:2016 namespace; a root with no namespace at all is only flagged. */
export function checkRoot({ rootName, rootAttributes: attributes }: SourceText, warn: Warn): void {
  const colon = rootName.indexOf(':');
  const prefix = colon < 0 ? '' : rootName.slice(0, colon);
  const local = rootName.slice(colon + 1);
  if (local !== 'edXML') throw new EdxmlError('not_edxml', 'edXML', `The root element is <${rootName}>, not <edXML>`);
  const wanted = prefix ? `xmlns:${prefix}` : 'xmlns';
  let namespace: string | undefined;
  for (const m of attributes.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (m[1] === wanted) namespace = m[2] ?? m[3];
  }
  if (namespace === undefined || namespace === '') {
    warn('missing_namespace', 'edXML', `<${rootName}> is not bound to ${EDXML_NAMESPACE}`);
  } else if (namespace !== EDXML_NAMESPACE) {
    throw new EdxmlError('wrong_namespace', 'edXML', `<${rootName}> is in namespace "${namespace}", not ${EDXML_NAMESPACE}`);
  }
}

/**
 * The header's `Signature` element exactly as written, whatever its prefix. Sliced from the
 * text because the tree has lost attribute order, prefixes and whitespace that a later
 * verification needs.
 */
export function sliceSignature(text: string): string | null {
  const open = /<(?:([A-Za-z_][\w.-]*):)?Signature(?=[\s/>])/.exec(text);
  if (!open) return null;
  const tagEnd = text.indexOf('>', open.index);
  if (tagEnd < 0) return null;
  if (text[tagEnd - 1] === '/') return text.slice(open.index, tagEnd + 1);
  const prefix = open[1] ? `${open[1].replace(/\./g, '\\.')}:` : '';
  const closing = new RegExp(`</${prefix}Signature\\s*>`, 'g');
  closing.lastIndex = tagEnd;
  const close = closing.exec(text);
  return close ? text.slice(open.index, close.index + close[0].length) : null;
}
