/**
 * Reading a package without its attachments' content. The hub stores and forwards the
 * original bytes and never needs the decoded attachments, so for a multi-megabyte package
 * the only copy in memory is the bytes: the text handed to the XML parser is the header
 * with each ContentTransferEncoded replaced by a short marker. The content is still checked
 * on the bytes (base64 alphabet, padding only at the end, whitespace and CDATA allowed),
 * and the marker carries what the attachment reader reports (the count of base64
 * characters, or that the content is not base64).
 */

/** Starts the text of a skipped content: `#skipped:<base64 characters>`; `!` marks content that is not base64. */
export const SKIPPED_MARK = '#skipped:';
export const NOT_BASE64_MARK = '!';

const NAME = Buffer.from('ContentTransferEncoded', 'latin1');
const CDATA_OPEN = Buffer.from('<![CDATA[', 'latin1');
const CDATA_CLOSE = Buffer.from(']]>', 'latin1');

interface Region {
  start: number;
  end: number;
}

/** Decodes UTF-8 bytes to text with each attachment's content replaced by its marker. */
export function decodeWithoutContent(bytes: Buffer, decode: (bytes: Buffer) => string): string {
  const regions = contentRegions(bytes);
  if (regions.length === 0) return decode(bytes);
  const pieces: string[] = [];
  let position = 0;
  for (const region of regions) {
    // Region bounds sit next to `>` and `<` (ASCII): no UTF-8 sequence is cut.
    pieces.push(decode(bytes.subarray(position, region.start)), markerOf(bytes, region));
    position = region.end;
  }
  pieces.push(decode(bytes.subarray(position)));
  return pieces.join('');
}

/** The content between each `<[prefix:]ContentTransferEncoded …>` and its closing tag. */
function contentRegions(bytes: Buffer): Region[] {
  const regions: Region[] = [];
  let from = 0;
  for (;;) {
    const at = bytes.indexOf(NAME, from);
    if (at < 0) return regions;
    from = at + NAME.length;
    const tagStart = bytes.lastIndexOf(0x3c /* < */, at);
    if (tagStart < 0 || !isStartTagName(bytes, tagStart + 1, at)) continue;
    const tagEnd = bytes.indexOf(0x3e /* > */, from);
    if (tagEnd < 0) return regions;
    if (bytes[tagEnd - 1] === 0x2f /* / */) continue; // empty element
    const close = bytes.indexOf('</', tagEnd + 1, 'latin1');
    if (close < 0) return regions;
    const closeName = bytes.indexOf(NAME, close);
    // Anything but the closing tag of this element right there (a nested element, say): left to the parser.
    if (closeName < 0 || !isEndTagName(bytes, close + 2, closeName)) continue;
    regions.push({ start: tagEnd + 1, end: close });
    from = closeName + NAME.length;
  }
}

/** Bytes [from, to) are an optional `prefix:` before the name of a start tag. */
function isStartTagName(bytes: Buffer, from: number, to: number): boolean {
  if (from === to) return true;
  const prefix = bytes.subarray(from, to).toString('latin1');
  return /^[A-Za-z_][\w.-]*:$/.test(prefix);
}

const isEndTagName = isStartTagName;

function markerOf(bytes: Buffer, region: Region): string {
  let count = 0;
  let padding = 0;
  for (let i = region.start; i < region.end; i++) {
    const b = bytes[i] as number;
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    if (b === 0x3c && bytes.subarray(i, i + CDATA_OPEN.length).equals(CDATA_OPEN)) {
      i += CDATA_OPEN.length - 1;
      continue;
    }
    if (b === 0x5d && bytes.subarray(i, i + CDATA_CLOSE.length).equals(CDATA_CLOSE)) {
      i += CDATA_CLOSE.length - 1;
      continue;
    }
    if (b === 0x3d /* = */) {
      if (++padding > 2) return NOT_BASE64_MARK;
      continue;
    }
    const base64 = (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2b || b === 0x2f;
    if (!base64 || padding > 0) return NOT_BASE64_MARK;
    count++;
  }
  return `${SKIPPED_MARK}${count + padding}`;
}
