import { h, type VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { renderDocument } from './layout.tsx';

const SLOT_TAG = 'egov-prerendered';
const SLOT_HTML = `<${SLOT_TAG}></${SLOT_TAG}>`;

/**
 * Page content rendered once and kept as UTF-8 bytes, for content that many requests share
 * (a cached search results page). Sending it as bytes skips rendering it again and, above
 * all, encoding it again: a 20 kB Vietnamese page is a two-byte JavaScript string that
 * would be measured (content-length) and encoded (socket write) on every request.
 */
export class PrerenderedHtml {
  private constructor(readonly bytes: Buffer) {}

  /** preact escapes every interpolated value, as in any other page. */
  static render(node: VNode): PrerenderedHtml {
    return new PrerenderedHtml(Buffer.from(render(node)));
  }
}

/** Where a page's prerendered content goes: exactly one per page rendered with renderDocumentAround. */
export function PrerenderedSlot(): VNode {
  return h(SLOT_TAG, null);
}

/**
 * The document with `content` in place of its PrerenderedSlot. Nothing else can produce the
 * slot's markup: preact escapes `<` in text and attributes, and pages take no raw HTML from users.
 */
export function renderDocumentAround(node: VNode, content: PrerenderedHtml): Buffer {
  const html = renderDocument(node);
  const at = html.indexOf(SLOT_HTML);
  if (at < 0 || html.includes(SLOT_HTML, at + SLOT_HTML.length)) throw new Error('a prerendered page needs exactly one PrerenderedSlot');
  const before = html.slice(0, at);
  const after = html.slice(at + SLOT_HTML.length);
  const out = Buffer.allocUnsafe(Buffer.byteLength(before) + content.bytes.length + Buffer.byteLength(after));
  let offset = out.write(before, 0);
  offset += content.bytes.copy(out, offset);
  out.write(after, offset);
  return out;
}
