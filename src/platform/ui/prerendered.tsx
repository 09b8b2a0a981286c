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

const NUMBERED_SLOT = new RegExp(`<${SLOT_TAG} data-n="(\\d+)"></${SLOT_TAG}>`, 'g');

/**
 * A page made mostly of kept fragments (search result cards, long option lists): `slot(content)`
 * where each goes, in any order, then `render(document)` writes the document's own HTML and the
 * fragments' bytes into one buffer. Every slot made must appear in the document exactly once.
 */
export class PrerenderedPage {
  readonly #contents: PrerenderedHtml[] = [];

  slot(content: PrerenderedHtml): VNode<{ 'data-n': number }> {
    this.#contents.push(content);
    return h(SLOT_TAG, { 'data-n': this.#contents.length - 1 });
  }

  render(node: VNode): Buffer {
    const html = renderDocument(node);
    const contents = this.#contents;
    const parts: string[] = [];
    const order: number[] = [];
    const placed = new Uint8Array(contents.length);
    let last = 0;
    for (const match of html.matchAll(NUMBERED_SLOT)) {
      const n = Number(match[1]);
      if (n >= contents.length || placed[n] === 1) throw new Error('a prerendered slot appears twice');
      placed[n] = 1;
      parts.push(html.slice(last, match.index));
      order.push(n);
      last = match.index + match[0].length;
    }
    if (order.length !== contents.length) throw new Error('a prerendered slot is missing from the page');
    parts.push(html.slice(last));
    let size = 0;
    for (const part of parts) size += Buffer.byteLength(part);
    for (const n of order) size += (contents[n] as PrerenderedHtml).bytes.length;
    const out = Buffer.allocUnsafe(size);
    let offset = 0;
    parts.forEach((part, i) => {
      offset += out.write(part, offset);
      const n = order[i];
      if (n !== undefined) offset += (contents[n] as PrerenderedHtml).bytes.copy(out, offset);
    });
    return out;
  }
}
