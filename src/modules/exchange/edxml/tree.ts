import { SaxesParser } from 'saxes';
import { EdxmlError } from './errors.ts';

/**
 * From XML text to the tree the reader walks, in one pass of saxes, a strict XML 1.0
 * parser: it checks well-formedness and reports the events the tree is built from. The
 * tree reads as fast-xml-parser's did before (options removeNSPrefix, stopNodes
 * `*.ContentTransferEncoded`, HTML entities, untrimmed text):
 * - an element is known by its local name (after the first `:`); `xmlns` and `xmlns:*`
 *   attributes are left out and other attributes lose their prefix too;
 * - its text is all its text and CDATA pieces joined, untrimmed (the reader trims);
 * - a processing instruction inside an element is a child `?target`, so that the reader
 *   reports it like any element the model has no place for;
 * - `ContentTransferEncoded` is taken raw, exactly as written between its tags (CDATA
 *   markers, line breaks, references unread): the attachment reader checks it as base64;
 * - entity references decode as before: the five XML entities, numeric references, and the
 *   common HTML and currency names (`&nbsp;`, `&euro;`, …); an unknown name is kept as
 *   written. DOCTYPEs are refused before (source.ts), so no entity can be declared.
 *
 * Well-formedness: a saxes error refuses the package (`malformed_xml`, with its line and
 * column), except the few flaws that fast-xml-parser's validator let through and whose
 * reading is plain: a control character in text, an unknown entity name or a reference to
 * a character XML does not allow (both kept as written), `]]>` in text, `--` in a comment.
 *
 * The limits fast-xml-parser applied on top are kept, and reported only once the whole text
 * is known to be well-formed, as before: elements nested more than 101 deep, and the element
 * names `__proto__`, `constructor` and `prototype`. Names that shadow an object's methods
 * (`toString`, …) read as `__toString`, …
 */
export interface XmlElement {
  /** Child elements by local name, in the order each name first occurs; null when there are none. */
  children: Map<string, XmlElement[]> | null;
  /** Its text and CDATA, joined and untrimmed; for `ContentTransferEncoded`, the content as written. */
  text: string;
  /** Attributes by local name; null when there are none. */
  attributes: Map<string, string> | null;
}

export interface ParsedTree {
  /** The root element when its local name is `edXML`. */
  root: XmlElement | undefined;
  /** A limit the text broke; the caller throws it after its own checks on the root. */
  refusal: EdxmlError | null;
}

/** The element whose content is taken raw (fast-xml-parser's stop node `*.ContentTransferEncoded`). */
const RAW_CONTENT = 'ContentTransferEncoded';
/** fast-xml-parser's `maxNestedTags`: an element may open inside at most this many open elements. */
const MAX_NESTED = 100;
/** Element names fast-xml-parser refused (null) or renamed, as they would touch an object's prototype. */
const SPECIAL_NAMES = new Map<string, string | null>([
  ...['__proto__', 'constructor', 'prototype'].map((name) => [name, null] as const),
  ...['hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__'].map((name) => [name, `__${name}`] as const),
]);
/** The first characters of those names (`_ c p h t v`): most names need no look-up. */
const SPECIAL_FIRST = [...SPECIAL_NAMES.keys()].map((name) => name.charCodeAt(0));
/** saxes errors for flaws that the previous parser accepted and whose reading is unambiguous. */
const TOLERATED = ['disallowed character.', 'undefined entity.', 'malformed character entity.', 'the string "]]>" is disallowed in char data.', 'malformed comment.'];

/** The named references fast-xml-parser decoded with `htmlEntities: true` (its COMMON_HTML and CURRENCY lists). */
const ENTITIES: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  laquo: '\u00ab',
  raquo: '\u00bb',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  bull: '\u2022',
  para: '\u00b6',
  sect: '\u00a7',
  deg: '\u00b0',
  frac12: '\u00bd',
  frac14: '\u00bc',
  frac34: '\u00be',
  cent: '\u00a2',
  pound: '\u00a3',
  curren: '\u00a4',
  yen: '\u00a5',
  euro: '\u20ac',
  dollar: '$',
  fnof: '\u0192',
  inr: '\u20b9',
  af: '\u060b',
  birr: '\u1265\u122d',
  peso: '\u20b1',
  rub: '\u20bd',
  won: '\u20a9',
  yuan: '\u00a5',
  cedil: '\u00b8',
});

interface Open {
  /** The name it has in its parent. */
  key: string;
  element: XmlElement;
}

export function parseTree(text: string): ParsedTree {
  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.ENTITIES = ENTITIES;
  const builder = new TreeBuilder(text, parser);
  parser.on('error', (error) => builder.error(error));
  parser.on('opentag', (tag) => builder.open(tag.name, tag.attributes, tag.isSelfClosing));
  parser.on('closetag', (tag) => builder.close(tag.isSelfClosing));
  parser.on('text', (piece) => builder.text(piece));
  parser.on('cdata', (piece) => builder.text(piece));
  parser.on('processinginstruction', ({ target }) => builder.instruction(target));
  parser.write(text).close();
  return { root: builder.root, refusal: builder.refusal };
}

/** Builds the tree from saxes' events (a class: its methods are not closures made anew for every package). */
class TreeBuilder {
  root: XmlElement | undefined = undefined;
  refusal: EdxmlError | null = null;
  private readonly stack: Open[] = [];
  /** Inside a raw element: where its content starts, and how many elements are open in it. */
  private rawStart = -1;
  private rawDepth = 0;

  constructor(
    private readonly source: string,
    private readonly parser: SaxesParser,
  ) {}

  error(error: Error): void {
    const message = error.message.replace(/^\d+:\d+: /, '');
    if (TOLERATED.includes(message)) return;
    throw new EdxmlError('malformed_xml', null, `Not well-formed XML at line ${this.parser.line}, column ${this.parser.column}: ${message}`);
  }

  open(name: string, attributes: Record<string, string>, selfClosing: boolean): void {
    if (this.rawDepth > 0) {
      this.rawDepth++;
      return;
    }
    const key = this.keyOf(name);
    const element: XmlElement = { children: null, text: '', attributes: attributesOf(attributes) };
    if (this.refusal) return;
    const { stack } = this;
    if (key === RAW_CONTENT && stack.length > 0) {
      this.rawStart = this.parser.position;
      this.rawDepth = 1;
    } else if (!selfClosing && stack.length > MAX_NESTED) {
      this.refuse('Maximum nested tags exceeded');
      return;
    }
    // A self-closing element is closed by the closetag event that saxes sends next.
    stack.push({ key, element });
  }

  close(selfClosing: boolean): void {
    if (this.rawDepth > 1) {
      this.rawDepth--;
      return;
    }
    const raw = this.rawDepth === 1;
    this.rawDepth = 0;
    if (this.refusal) return;
    const open = this.stack.pop();
    if (!open) return;
    if (raw && !selfClosing) {
      // Everything up to the closing tag's `<` (no `<` can occur inside a closing tag).
      open.element.text = this.source.slice(this.rawStart, this.source.lastIndexOf('<', this.parser.position - 1));
    }
    this.add(open.key, open.element);
  }

  text(piece: string): void {
    if (this.rawDepth > 0 || this.refusal) return;
    const open = this.stack[this.stack.length - 1];
    if (open) open.element.text += piece;
  }

  instruction(target: string): void {
    if (this.rawDepth > 0 || this.refusal || this.stack.length === 0) return;
    this.add(`?${target}`, { children: null, text: '', attributes: null });
  }

  private keyOf(name: string): string {
    const colon = name.indexOf(':');
    const local = colon < 0 ? name : name.slice(colon + 1);
    const special = SPECIAL_FIRST.includes(local.charCodeAt(0)) ? SPECIAL_NAMES.get(local) : undefined;
    if (special === undefined) return local;
    if (special === null) this.refuse(`[SECURITY] Invalid name: "${local}" is a reserved JavaScript keyword that could cause prototype pollution`);
    return special ?? local;
  }

  private add(key: string, element: XmlElement): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      if (key === 'edXML') this.root = element;
      return;
    }
    const children = (parent.element.children ??= new Map());
    const siblings = children.get(key);
    if (siblings) siblings.push(element);
    else children.set(key, [element]);
  }

  private refuse(message: string): void {
    this.refusal ??= new EdxmlError('malformed_xml', null, `The XML cannot be read: ${message}`);
  }
}

/** Attributes by local name; namespace declarations are left out. */
function attributesOf(raw: Record<string, string>): Map<string, string> | null {
  let attributes: Map<string, string> | null = null;
  for (const name in raw) {
    const parts = name.split(':');
    if (parts[0] === 'xmlns') continue;
    const local = parts.length === 2 ? (parts[1] as string) : name;
    if (local === '') continue;
    (attributes ??= new Map()).set(local, raw[name] as string);
  }
  return attributes;
}
