import { EdxmlError } from './errors.ts';

/**
 * Reads an attachment's content (AttachmentEncoded/Attachment/ContentTransferEncoded) from
 * the bytes, where the XML parser would spend most of its time on a large package. The
 * parser itself decides where the content starts (its own start-tag event, see tree.ts), so
 * nothing here can be fooled by a comment or a CDATA section elsewhere; this scanner only
 * takes over between that start tag and the next `</`, and accepts a strict subset of XML
 * character data: base64 characters, XML white space and CDATA sections holding the same.
 * Anything else (a reference, a comment, an element, a stray `]]>`) refuses the package,
 * so whatever is accepted reads exactly as an XML parser would read it. Whether the
 * characters are kept or only counted is the only difference between the two modes.
 */
export class ContentScanner {
  /** Base64 characters and padding read so far. */
  length = 0;
  /** Line ends crossed, so that positions reported after the content stay right. */
  lines = 0;
  /** True once the `</` of the end tag is reached. */
  done = false;
  private padding = 0;
  private inCdata = false;
  private readonly pieces: string[] | null;

  constructor(
    /** Path of the element for messages, e.g. `AttachmentEncoded/Attachment[1]/ContentTransferEncoded`. */
    readonly element: string,
    keep: boolean,
  ) {
    this.pieces = keep ? [] : null;
  }

  /** The content without white space or CDATA markers ('' when not kept). */
  get base64(): string {
    return this.pieces ? this.pieces.join('') : '';
  }

  /**
   * Reads bytes from `from` up to `to` at most; returns where it stopped: the `<` of the
   * end tag (with `done` set) or `to`. Markers may be looked at beyond `to`.
   */
  scan(bytes: Buffer, from: number, to: number): number {
    let i = from;
    let run = from;
    while (i < to) {
      const b = bytes[i] as number;
      const kind = KIND[b] as number;
      if (kind === BASE64 && this.padding === 0) {
        i++;
        continue;
      }
      if (i > run) this.take(bytes, run, i);
      if (kind === BLANK) {
        if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) this.lines++;
        i++;
      } else if (b === 0x3d /* = */ && ++this.padding <= 2) {
        this.take(bytes, i, i + 1);
        i++;
      } else if (b === 0x5d /* ] */ && this.inCdata && bytes[i + 1] === 0x5d && bytes[i + 2] === 0x3e) {
        this.inCdata = false;
        i += 3;
      } else if (b === 0x3c /* < */ && !this.inCdata && bytes[i + 1] === 0x2f /* / */) {
        this.done = true;
        return i;
      } else if (b === 0x3c && !this.inCdata && CDATA_OPEN.equals(bytes.subarray(i, i + CDATA_OPEN.length))) {
        this.inCdata = true;
        i += CDATA_OPEN.length;
      } else {
        throw new EdxmlError('invalid_value', this.element, `${this.element} is not base64`);
      }
      run = i;
    }
    if (i > run) this.take(bytes, run, i);
    return i;
  }

  /** Counts bytes [from, to) of base64 or padding, and keeps them in mode keep. */
  private take(bytes: Buffer, from: number, to: number): void {
    this.length += to - from;
    this.pieces?.push(bytes.toString('latin1', from, to));
  }
}

const CDATA_OPEN = Buffer.from('<![CDATA[', 'latin1');
const BASE64 = 1;
const BLANK = 2;
/** What each byte is: base64 alphabet, XML white space, or anything else (0). */
const KIND = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') KIND[c.charCodeAt(0)] = BASE64;
for (const c of ' \t\r\n') KIND[c.charCodeAt(0)] = BLANK;
