import { SaxesParser, type SaxesAttributePlain, type SaxesTagPlain, type XMLDecl } from 'saxes';
import { ENTITIES } from './entities.ts';
import { EdxmlError } from './errors.ts';
import { PARSE_LIMITS } from './limits.ts';
import { checkEncoding, checkRoot } from './source.ts';
import type { Warn } from './values.ts';

/**
 * From XML text to the tree the reader walks, in one pass of saxes, a strict XML 1.0
 * parser. Every decision about the package comes from this pass: the root's name and
 * namespace, the declared encoding, the DOCTYPE refusal, what follows the root, where an
 * attachment's content starts, and the header's Signature as written. Text is fed in pieces
 * (stream.ts); each limit of limits.ts is checked at the event that crosses it, so a hostile
 * package is refused as soon as it shows itself. The tree reads as fast-xml-parser's did
 * (options removeNSPrefix, HTML entities, untrimmed text):
 * - an element is known by its local name (after the first `:`); `xmlns` and `xmlns:*`
 *   attributes are left out and other attributes lose their prefix too;
 * - its text is all its text and CDATA pieces joined, untrimmed (the reader trims);
 * - a processing instruction inside an element is a child `?target`, so that the reader
 *   reports it like any element the model has no place for;
 * - attachment content (edXML/AttachmentEncoded/Attachment/ContentTransferEncoded) is not
 *   given to saxes: at its start tag the pieces stop, content.ts reads the bytes up to the
 *   end tag, and saxes goes on from there, seeing an empty element.
 *
 * Well-formedness: a saxes error refuses the package (`malformed_xml`, with its line and
 * column), except the few flaws that fast-xml-parser's validator let through and whose
 * reading is plain: a control character in text, an unknown entity name or a reference to
 * a character XML does not allow (both kept as written), `]]>` in text, `--` in a comment.
 * Anything after the root's end tag is ignored with a warning, except an element: a second
 * root is refused, as are a second envelope, header, MessageHeader or From anywhere.
 */
export interface XmlElement {
  /** Child elements by local name, in the order each name first occurs; null when there are none. */
  children: Map<string, XmlElement[]> | null;
  /** Its text and CDATA, joined and untrimmed. */
  text: string;
  /** Attributes by local name; null when there are none. */
  attributes: Map<string, string> | null;
  /** For attachment content only: what content.ts read. */
  content?: AttachmentContent;
}

export interface AttachmentContent {
  /** The base64 characters without white space or CDATA markers; '' when not kept. */
  base64: string;
  /** How many base64 characters (padding included) the content holds, kept or not. */
  length: number;
}

/** Where the content of an attachment starts: the caller reads it with content.ts. */
export interface ContentStart {
  element: XmlElement;
  /** e.g. `AttachmentEncoded/Attachment[1]/ContentTransferEncoded`. */
  path: string;
}

const CONTENT = 'ContentTransferEncoded';
/** Elements whose repetition anywhere would let another reader see another sender or envelope. */
const UNIQUE = new Set(['edXMLEnvelope', 'edXMLHeader', 'MessageHeader', 'From']);
/** Element names fast-xml-parser refused (null) or renamed, as they would touch an object's prototype. */
const SPECIAL_NAMES = new Map<string, string | null>([
  ...['__proto__', 'constructor', 'prototype'].map((name) => [name, null] as const),
  ...['hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__'].map((name) => [name, `__${name}`] as const),
]);
/** The first characters of those names (`_ c p h t v`): most names need no look-up. */
const SPECIAL_FIRST = [...SPECIAL_NAMES.keys()].map((name) => name.charCodeAt(0));
/** saxes errors for flaws that the previous parser accepted and whose reading is unambiguous. */
const TOLERATED = ['disallowed character.', 'undefined entity.', 'malformed character entity.', 'the string "]]>" is disallowed in char data.', 'malformed comment.'];
/** Text kept from before the current piece: enough to find the `<` of a tag whose name ended in this piece. */
const TAIL_CHARS = PARSE_LIMITS.maxNameChars + 8;

interface Open {
  /** The name it has in its parent. */
  key: string;
  element: XmlElement;
}

/**
 * saxes with its handler properties made with the parser. `on()` adds one property per
 * handler by a computed name; past seven, V8 turns the parser into a dictionary-mode object,
 * which slows every character read. Written out by name (a computed name would do the same
 * harm); only speed depends on these saxes 6 names.
 */
class Parser extends SaxesParser {
  constructor() {
    super({ xmlns: false, position: true });
    const slots = this as unknown as Record<string, undefined>;
    slots.xmldeclHandler = undefined;
    slots.textHandler = undefined;
    slots.piHandler = undefined;
    slots.doctypeHandler = undefined;
    slots.commentHandler = undefined;
    slots.openTagStartHandler = undefined;
    slots.attributeHandler = undefined;
    slots.openTagHandler = undefined;
    slots.closeTagHandler = undefined;
    slots.cdataHandler = undefined;
    slots.errorHandler = undefined;
  }
}

/** Builds the tree from saxes' events, checking every limit as it goes. */
export class TreeBuilder {
  root: XmlElement | undefined = undefined;
  /** The header's Signature element as written, line ends read as LF. */
  signature: string | null = null;
  /** Byte offset just after the root's end tag; -1 until then. */
  rootEnd = -1;
  /** Text or markup other than comments came after the root. */
  trailing = false;
  rootName = '';
  /** Set by the start tag of an attachment's content; the caller reads it and calls endContent. */
  content: ContentStart | null = null;
  /** Line ends inside content that saxes never saw, for the line numbers of later errors. */
  skippedLines = 0;

  private readonly parser = new Parser();
  private readonly stack: Open[] = [];
  private readonly seen = new Set<string>();
  private pendingKey = '';
  private elements = 0;
  private attributes = 0;
  private nameChars = 0;
  /** Stream position of the last event: what saxes is holding since then is bounded by the text limit. */
  private lastEventAt = 0;
  // The piece being written: its text, where it starts in the stream of characters and in the bytes.
  private written = 0;
  private piece = '';
  private pieceStart = 0;
  private pieceBytes = 0;
  private pieceEndsAtCandidate = false;
  private tail = '';
  // The header's Signature while it is open: the pieces from its `<` on.
  private capture: string[] | null = null;
  private captureStart = 0;

  constructor(private readonly warn: Warn) {
    const { parser } = this;
    parser.ENTITIES = ENTITIES;
    parser.on('error', (error) => this.error(error));
    parser.on('xmldecl', (decl) => this.declaration(decl));
    parser.on('doctype', () => {
      throw new EdxmlError('doctype_forbidden', null, 'The package has a DOCTYPE; edXML packages have none and DTDs are refused');
    });
    parser.on('opentagstart', (tag) => this.openStart(tag.name));
    parser.on('attribute', (attribute) => this.attribute(attribute));
    parser.on('opentag', (tag) => this.open(tag));
    parser.on('closetag', () => this.closeTag());
    parser.on('text', (piece) => this.text(piece));
    parser.on('cdata', (piece) => this.text(piece));
    parser.on('comment', (comment) => this.comment(comment));
    parser.on('processinginstruction', ({ target, body }) => this.instruction(target, body));
  }

  /**
   * Hands one piece of text to saxes. `bytes`: where the piece starts in the package;
   * `endsAtCandidate`: the piece ends with a `>` that may close an attachment content's
   * start tag (only then can content be read apart, see stream.ts).
   */
  write(text: string, bytes: number, endsAtCandidate: boolean): void {
    this.tail = this.piece.length >= TAIL_CHARS ? this.piece.slice(-TAIL_CHARS) : (this.tail + this.piece).slice(-TAIL_CHARS);
    this.piece = text;
    this.pieceStart = this.written;
    this.pieceBytes = bytes;
    this.pieceEndsAtCandidate = endsAtCandidate;
    this.written += text.length;
    this.capture?.push(text);
    this.parser.write(text);
    if (this.capture && this.written - this.captureStart > PARSE_LIMITS.maxSignatureChars) {
      throw limit(`The header's Signature is longer than ${PARSE_LIMITS.maxSignatureChars} characters`);
    }
    // A text, comment, name or DOCTYPE still being read: saxes keeps it whole until its end.
    if (this.written - this.lastEventAt > PARSE_LIMITS.maxTextChars + 1) {
      throw limit(`A text, comment or name is longer than ${PARSE_LIMITS.maxTextChars} characters`);
    }
  }

  endContent(content: AttachmentContent): void {
    if (this.content) this.content.element.content = content;
    this.content = null;
  }

  /** The end of the package: saxes' last checks (unclosed elements, no root at all). */
  end(): void {
    this.parser.close();
  }

  private event(): void {
    this.lastEventAt = this.parser.position;
  }

  private error(error: Error): void {
    const message = error.message.replace(/^\d+:\d+: /, '');
    if (this.rootEnd >= 0) {
      this.trailing = true;
      return;
    }
    if (message === 'document must contain a root element.') throw new EdxmlError('not_xml', null, 'No XML element found');
    if (TOLERATED.includes(message)) return;
    const line = this.parser.line + this.skippedLines;
    throw new EdxmlError('malformed_xml', null, `Not well-formed XML at line ${line}, column ${this.parser.column}: ${message}`);
  }

  private declaration(decl: XMLDecl): void {
    this.event();
    checkEncoding(decl.encoding);
  }

  private openStart(name: string): void {
    this.event();
    const { stack } = this;
    if (this.rootEnd >= 0) {
      throw new EdxmlError('duplicate_element', 'edXML', `<${name}> follows the end of the root element: a package holds one root`);
    }
    if (stack.length >= PARSE_LIMITS.maxDepth) throw limit(`Elements are nested more than ${PARSE_LIMITS.maxDepth} deep`);
    if (++this.elements > PARSE_LIMITS.maxElements) throw limit(`The package has more than ${PARSE_LIMITS.maxElements} elements`);
    this.countName(name);
    const key = keyOf(name);
    if (UNIQUE.has(key)) {
      if (this.seen.has(key)) throw new EdxmlError('duplicate_element', key, `<${name}> appears more than once; a package has one ${key}`);
      this.seen.add(key);
    }
    this.pendingKey = key;
    this.attributes = 0;
    if (key === 'Signature' && this.signature === null && !this.capture && this.isAt('edXMLEnvelope', 'edXMLHeader')) this.startCapture();
  }

  private attribute({ name, value }: SaxesAttributePlain): void {
    this.event();
    if (++this.attributes > PARSE_LIMITS.maxAttributes) throw limit(`An element has more than ${PARSE_LIMITS.maxAttributes} attributes`);
    this.countName(name);
    if (value.length > PARSE_LIMITS.maxAttributeChars) throw limit(`An attribute value is longer than ${PARSE_LIMITS.maxAttributeChars} characters`);
  }

  private open(tag: SaxesTagPlain): void {
    this.event();
    const { stack, pendingKey: key } = this;
    const element: XmlElement = { children: null, text: '', attributes: attributesOf(tag.attributes) };
    if (stack.length === 0) {
      this.rootName = tag.name;
      checkRoot(tag.name, tag.attributes, this.warn);
      this.root = element;
    } else if (key === CONTENT && this.isAt('AttachmentEncoded', 'Attachment')) {
      this.startContent(element, tag.isSelfClosing);
    }
    // A self-closing element is closed by the closetag event that saxes sends next.
    stack.push({ key, element });
  }

  private closeTag(): void {
    this.event();
    const { stack } = this;
    const open = stack.pop();
    if (!open) return;
    if (this.capture && stack.length === 3) this.endCapture();
    const parent = stack[stack.length - 1];
    if (!parent) {
      // Just after the `>` of the root's end tag: its offset in the bytes, for the signature's text.
      this.rootEnd = this.pieceBytes + Buffer.byteLength(this.piece.slice(0, this.parser.position - this.pieceStart));
      return;
    }
    const children = (parent.element.children ??= new Map());
    const siblings = children.get(open.key);
    if (siblings) siblings.push(open.element);
    else children.set(open.key, [open.element]);
  }

  private text(piece: string): void {
    this.event();
    const open = this.stack[this.stack.length - 1];
    if (!open) return;
    open.element.text += piece;
    if (open.element.text.length > PARSE_LIMITS.maxTextChars) throw limit(`The text of <${open.key}> is longer than ${PARSE_LIMITS.maxTextChars} characters`);
  }

  private comment(comment: string): void {
    this.event();
    if (comment.length > PARSE_LIMITS.maxTextChars) throw limit(`A comment is longer than ${PARSE_LIMITS.maxTextChars} characters`);
  }

  private instruction(target: string, body: string): void {
    this.event();
    if (target.length + body.length > PARSE_LIMITS.maxTextChars) throw limit(`A processing instruction is longer than ${PARSE_LIMITS.maxTextChars} characters`);
    const parent = this.stack[this.stack.length - 1];
    if (!parent) return;
    if (++this.elements > PARSE_LIMITS.maxElements) throw limit(`The package has more than ${PARSE_LIMITS.maxElements} elements`);
    const children = (parent.element.children ??= new Map());
    const key = `?${target}`;
    const siblings = children.get(key);
    const element: XmlElement = { children: null, text: '', attributes: null };
    if (siblings) siblings.push(element);
    else children.set(key, [element]);
  }

  private countName(name: string): void {
    if (name.length > PARSE_LIMITS.maxNameChars) throw limit(`A name is longer than ${PARSE_LIMITS.maxNameChars} characters`);
    this.nameChars += name.length;
    if (this.nameChars > PARSE_LIMITS.maxTotalNameChars) throw limit(`The names of the package add up to more than ${PARSE_LIMITS.maxTotalNameChars} characters`);
  }

  /** The open elements are exactly the root, then `first`, then `second`. */
  private isAt(first: string, second: string): boolean {
    const { stack } = this;
    return stack.length === 3 && stack[1]?.key === first && stack[2]?.key === second;
  }

  private startContent(element: XmlElement, selfClosing: boolean): void {
    const attachmentList = this.stack[1]?.element;
    const index = (attachmentList?.children?.get('Attachment')?.length ?? 0) + 1;
    const path = `AttachmentEncoded/Attachment[${index}]/${CONTENT}`;
    if (selfClosing) {
      element.content = { base64: '', length: 0 };
      return;
    }
    // The content is read apart only from the `>` that ends the piece (stream.ts cuts the
    // pieces there); a start tag that did not end there (a `>` inside an attribute value)
    // would leave saxes reading megabytes of content itself.
    if (this.parser.position !== this.written || !this.pieceEndsAtCandidate) {
      throw new EdxmlError('invalid_value', path, `The start tag of ${path} cannot be read`);
    }
    this.content = { element, path };
  }

  /** From the `<` of the header's Signature, found in this piece or in the tail of the previous ones. */
  private startCapture(): void {
    const consumed = this.parser.position - this.pieceStart;
    const at = consumed > 0 ? this.piece.lastIndexOf('<', consumed - 1) : -1;
    if (at >= 0) {
      this.captureStart = this.pieceStart + at;
      this.capture = [this.piece.slice(at)];
      return;
    }
    const inTail = this.tail.lastIndexOf('<');
    this.captureStart = this.pieceStart - this.tail.length + inTail;
    this.capture = [this.tail.slice(inTail), this.piece];
  }

  private endCapture(): void {
    const text = (this.capture ?? []).join('').slice(0, this.parser.position - this.captureStart);
    this.capture = null;
    // XML 1.0 §2.11: every CR LF or lone CR reads as LF.
    this.signature = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  }
}

function limit(message: string): EdxmlError {
  return new EdxmlError('limit_exceeded', null, `${message}; the package is refused`);
}

// Module-level rather than a method: it is called for every element.
function keyOf(name: string): string {
  const colon = name.indexOf(':');
  const local = colon < 0 ? name : name.slice(colon + 1);
  const special = SPECIAL_FIRST.includes(local.charCodeAt(0)) ? SPECIAL_NAMES.get(local) : undefined;
  if (special === undefined) return local;
  if (special === null) {
    throw new EdxmlError('malformed_xml', null, `The XML cannot be read: [SECURITY] Invalid name: "${local}" is a reserved JavaScript keyword that could cause prototype pollution`);
  }
  return special;
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
