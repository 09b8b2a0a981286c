/**
 * A package that cannot be understood. `element` names where the parser gave up, as a path
 * like `MessageHeader/From/OrganId` (null when the problem is the bytes as a whole: too
 * large, not XML, not UTF-8). The hub turns this into a refusal of the package.
 */
export class EdxmlError extends Error {
  override readonly name = 'EdxmlError';
  constructor(
    readonly code: EdxmlErrorCode,
    readonly element: string | null,
    message: string,
  ) {
    super(message);
  }

  toJSON(): { code: EdxmlErrorCode; element: string | null; message: string } {
    return { code: this.code, element: this.element, message: this.message };
  }
}

export type EdxmlErrorCode =
  /** Bigger than the configured limit; refused before any parsing. */
  | 'too_large'
  /** Empty, not text, or no element at all. */
  | 'not_xml'
  /** Bytes that are not UTF-8, or a declared encoding other than UTF-8. */
  | 'unsupported_encoding'
  /** A DOCTYPE: edXML has none, and refusing it rules out entity-expansion attacks. */
  | 'doctype_forbidden'
  /** Not well-formed XML (unclosed tag, bad character…). */
  | 'malformed_xml'
  /** Deeper, bigger or longer than the parser's limits (limits.ts); refused as soon as crossed. */
  | 'limit_exceeded'
  /**
   * A second envelope, header, MessageHeader, sender, root element or other element the hub
   * decides on: a package that could be read two ways is not read at all.
   */
  | 'duplicate_element'
  /** Well-formed XML whose root is not `edXML`. */
  | 'not_edxml'
  /** The root is bound to a namespace other than QCVN 102:2016's. */
  | 'wrong_namespace'
  /** An element the package cannot be understood without. */
  | 'missing_element'
  /** A value the hub acts on that has no meaning (unknown status code, business type…). */
  | 'invalid_value'
  /** The builder was given text that XML 1.0 cannot carry. */
  | 'invalid_character';
