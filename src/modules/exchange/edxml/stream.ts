import { setImmediate as nextTurn } from 'node:timers/promises';
import { ContentScanner } from './content.ts';
import { EdxmlError } from './errors.ts';
import { PARSE_CHUNK_BYTES } from './limits.ts';
import type { ByteRange } from './model.ts';
import { xmlStart } from './source.ts';
import { TreeBuilder, type XmlElement } from './tree.ts';
import type { Warn } from './values.ts';

export interface ReadTree {
  root: XmlElement;
  /** The header's Signature element as written (line ends read as LF); null when there is none. */
  signature: string | null;
  /** The XML document within the bytes: from its first `<` to the end of the root. */
  source: ByteRange;
}

export interface ReadOptions {
  /** Keep attachments' content (true) or only check and count it. */
  keepContent: boolean;
  /** Bytes read between two turns of the event loop (tests use small values to cut pieces everywhere). */
  chunkBytes?: number;
}

const CONTENT_NAME = Buffer.from('ContentTransferEncoded', 'latin1');
/** Each piece is decoded whole (never `stream`), so one decoder serves every package. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** How far after the name the `>` of an attachment content's start tag is looked for. */
const START_TAG_WINDOW = 4096;

/**
 * Reads the bytes of a package into the tree, decoding UTF-8 piece by piece and handing the
 * pieces to the XML parser (tree.ts), yielding to the event loop after every `chunkBytes`
 * bytes. A piece is also cut just after each `>` that follows the name
 * ContentTransferEncoded: where that `>` ends the start tag of an attachment's content (as
 * the parser itself reports), the content is read from the bytes by content.ts and the
 * parser goes on at its end tag. A cut anywhere else changes nothing for the parser.
 */
export async function readTree(bytes: Buffer, options: ReadOptions, warn: Warn): Promise<ReadTree> {
  const start = xmlStart(bytes, warn);
  const builder = new TreeBuilder(warn);
  const chunk = Math.max(options.chunkBytes ?? PARSE_CHUNK_BYTES, 8);
  const end = bytes.length;
  let cursor = start;
  let budget = chunk;
  let candidate = -2; // the next occurrence of the name at or after the cursor; -1 when there is none left
  let content: ContentScanner | null = null;
  while (cursor < end) {
    if (content) {
      const from = cursor;
      cursor = content.scan(bytes, cursor, Math.min(end, cursor + budget));
      budget -= cursor - from;
      if (content.done) {
        builder.skippedLines += content.lines;
        builder.endContent({ base64: content.base64, length: content.length });
        content = null;
      }
    } else {
      let stop = pieceEnd(bytes, cursor, Math.min(end, cursor + budget));
      let endsAtCandidate = false;
      if (candidate !== -1 && candidate < cursor) candidate = bytes.indexOf(CONTENT_NAME, cursor);
      if (candidate >= 0 && candidate < stop) {
        const after = candidate + CONTENT_NAME.length;
        const close = bytes.subarray(after, after + START_TAG_WINDOW).indexOf(0x3e /* > */);
        if (close >= 0) {
          stop = after + close + 1;
          endsAtCandidate = true;
        }
      }
      builder.write(decode(bytes, cursor, stop), cursor, endsAtCandidate);
      budget -= stop - cursor;
      cursor = stop;
      if (builder.content) content = new ContentScanner(builder.content.path, options.keepContent);
    }
    if (budget <= 0 && cursor < end) {
      await nextTurn();
      budget = chunk;
    }
  }
  if (content) throw new EdxmlError('malformed_xml', null, `The package ends inside ${content.element}`);
  builder.end();
  if (!builder.root) throw new EdxmlError('not_xml', null, 'No XML element found');
  if (builder.trailing) warn('trailing_garbage', null, `${end - builder.rootEnd} byte(s) after </${builder.rootName}> were ignored`);
  return { root: builder.root, signature: builder.signature, source: { start, end: builder.rootEnd } };
}

/** `to`, moved back to the start of a UTF-8 sequence so that every piece decodes on its own. */
function pieceEnd(bytes: Buffer, from: number, to: number): number {
  let stop = to;
  while (stop > from && stop < bytes.length && ((bytes[stop] as number) & 0xc0) === 0x80) stop--;
  if (stop > from) return stop;
  // A budget smaller than one character: take the character whole.
  stop = to;
  while (stop < bytes.length && ((bytes[stop] as number) & 0xc0) === 0x80) stop++;
  return stop;
}

function decode(bytes: Buffer, from: number, to: number): string {
  try {
    return UTF8.decode(bytes.subarray(from, to));
  } catch {
    throw new EdxmlError('unsupported_encoding', null, 'The package is not valid UTF-8 text');
  }
}
