import { EdxmlError } from './errors.ts';
import type { AttachmentContent, XmlElement } from './tree.ts';
import type { Warn } from './values.ts';

const EMPTY: XmlElement = { children: null, text: '', attributes: null };
const NO_CONTENT: AttachmentContent = { base64: '', length: 0 };
const NONE: readonly XmlElement[] = [];

/**
 * A cursor over one element of the tree built by tree.ts (children by local name).
 *
 * Matching by local name makes the parser prefix-agnostic: the SDK's packages mix a default
 * namespace with an `edXML:` prefix for the same namespace URI. Each read marks the child
 * as known; `finish()` then reports whatever the package carried that the model does not,
 * so nothing is dropped silently.
 */
export class XmlNode {
  private readonly used = new Set<string>();

  constructor(
    private readonly element: XmlElement,
    readonly path: string,
    private readonly warn: Warn,
  ) {}

  static of(element: XmlElement | undefined, path: string, warn: Warn): XmlNode {
    return new XmlNode(element ?? EMPTY, path, warn);
  }

  has(name: string): boolean {
    return this.items(name, false).length > 0;
  }

  /** The text of the first `name` child; null when absent. Repeats are reported and ignored. */
  text(name: string): string | null {
    const first = this.single(name);
    return first === undefined ? null : textOf(first, `${this.path}/${name}`);
  }

  /**
   * Like `text`, but an absent or empty element makes the package unreadable, and so does a
   * repeated one when `only` is set: for what the hub decides on (sender, DocumentId…), a
   * second value that another reader might take instead is refused, not ignored.
   */
  requiredText(name: string, only = false): string {
    if (only) this.only(name);
    const value = this.text(name);
    if (value === null) throw missing(`${this.path}/${name}`);
    if (value === '') throw new EdxmlError('missing_element', `${this.path}/${name}`, `${this.path}/${name} is empty`);
    return value;
  }

  /** Like `text`, but an absence is only flagged: the standard requires it, the meaning survives without it. */
  expectedText(name: string): string | null {
    const value = this.text(name);
    if (value === null) this.warn('missing_element', `${this.path}/${name}`, `${this.path}/${name} is missing`);
    return value;
  }

  /** The texts of every `name` child, in order. */
  texts(name: string): string[] {
    return this.items(name).map((item, i) => textOf(item, `${this.path}/${name}[${i + 1}]`));
  }

  /** The first `name` child; `as` gives it a shorter path for messages (`MessageHeader` rather than `edXML/…/MessageHeader`). */
  child(name: string, as?: string): XmlNode | null {
    const first = this.single(name);
    return first === undefined ? null : XmlNode.of(first, as ?? `${this.path}/${name}`, this.warn);
  }

  /** Like `requiredText`, for a child element. */
  requiredChild(name: string, as?: string, only = false): XmlNode {
    if (only) this.only(name, as);
    const node = this.child(name, as);
    if (!node) throw missing(as ?? `${this.path}/${name}`);
    return node;
  }

  expectedChild(name: string): XmlNode | null {
    const node = this.child(name);
    if (!node) this.warn('missing_element', `${this.path}/${name}`, `${this.path}/${name} is missing`);
    return node;
  }

  /** Every `name` child, with XPath-style 1-based indexes in their paths. */
  children(name: string): XmlNode[] {
    return this.items(name).map((item, i) => XmlNode.of(item, `${this.path}/${name}[${i + 1}]`, this.warn));
  }

  /** What the parser read of an attachment's content (tree.ts); null when the element is absent. */
  content(name: string): AttachmentContent | null {
    const first = this.single(name);
    return first === undefined ? null : (first.content ?? NO_CONTENT);
  }

  /** Refuses a package where `name` is repeated here. */
  only(name: string, as?: string): void {
    const count = this.items(name, false).length;
    if (count > 1) {
      const path = as ?? `${this.path}/${name}`;
      throw new EdxmlError('duplicate_element', path, `${path} appears ${count} times; the package could be read two ways`);
    }
  }

  /**
   * True when the element holds no value at all: no text, and only children that are empty
   * leaves (`<ResponseFor><OrganId/><DocumentId></DocumentId></ResponseFor>`). Its children
   * count as read.
   */
  blank(): boolean {
    if (trimXml(this.element.text) !== '') return false;
    for (const [name, items] of this.element.children ?? []) {
      this.used.add(name);
      if (items.some((item) => item.children !== null || item.content !== undefined || trimXml(item.text) !== '')) return false;
    }
    return true;
  }

  attribute(name: string): string | null {
    return this.element.attributes?.get(name) ?? null;
  }

  /** Marks children as known without reading them (the signature is sliced from the text instead). */
  skip(...names: string[]): void {
    for (const name of names) this.used.add(name);
  }

  /** Reports children the model has no place for. */
  finish(): void {
    const { children } = this.element;
    if (!children) return;
    for (const key of children.keys()) {
      if (this.used.has(key)) continue;
      this.warn('unknown_element', `${this.path}/${key}`, `${this.path}/${key} is not part of the model and was ignored`);
    }
  }

  private single(name: string): XmlElement | undefined {
    const items = this.items(name);
    if (items.length > 1) {
      this.warn('duplicate_element', `${this.path}/${name}`, `${this.path}/${name} appears ${items.length} times; the first is used`);
    }
    return items[0];
  }

  private items(name: string, mark = true): readonly XmlElement[] {
    if (mark) this.used.add(name);
    return this.element.children?.get(name) ?? NONE;
  }
}

export function missing(element: string): EdxmlError {
  return new EdxmlError('missing_element', element, `${element} is missing`);
}

/** Text content of a leaf; an element with child elements where text is expected cannot be understood. */
function textOf(element: XmlElement, path: string): string {
  const first = element.children?.keys().next().value;
  if (first !== undefined) throw new EdxmlError('invalid_value', path, `${path} should hold text but contains <${first}>`);
  return trimXml(element.text);
}

/** Trims XML white space only (space, tab, LF, CR): a no-break space is content. */
function trimXml(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isXmlBlank(text.charCodeAt(start))) start++;
  while (end > start && isXmlBlank(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

// Module-level rather than a closure in trimXml: tsx names each closure it creates, a cost on every call.
function isXmlBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
