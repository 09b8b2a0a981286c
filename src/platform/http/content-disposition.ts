// Content-Disposition for downloads whose file name came from someone else (an uploader, a
// sending agency): RFC 6266 with an ASCII `filename` for old clients and the exact name in
// `filename*` (RFC 5987/8187: UTF-8, percent-encoded outside attr-char). Whatever the name
// holds, the header holds only printable ASCII: no line break can reach setHeader.

/** Longer names are cut (in characters): browsers and file systems refuse long ones anyway. */
const MAX_NAME_LENGTH = 180;

// Control characters and the Unicode line separators are dropped; path separators, which a
// browser would refuse or turn into folders, become `_`.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const PATH_SEPARATOR = /[/\\]/g;

// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~".
const NOT_ATTR_CHAR = /[^A-Za-z0-9!#$&+\-.^_`|~]/g;

export type DispositionType = 'attachment' | 'inline';

/**
 * The header value for a file called `name`. `fallback` is used when nothing of the name is
 * left (it must itself be a plain ASCII name).
 */
export function contentDisposition(type: DispositionType, name: string, fallback = 'download'): string {
  const clean = cleanFileName(name) || fallback;
  const ascii = asciiFileName(clean) || fallback;
  const header = `${type}; filename="${ascii}"`;
  return ascii === clean ? header : `${header}; filename*=UTF-8''${encodeExtValue(clean)}`;
}

/** The name as it should be saved: NFC, without control characters or path separators, no surrounding spaces or dots, bounded. */
export function cleanFileName(name: string): string {
  const cleaned = name.toWellFormed().normalize('NFC').replace(CONTROL, '').replace(PATH_SEPARATOR, '_').trim().replace(/^\.+/, '');
  // Cut by code points, so that a surrogate pair is never split.
  return Array.from(cleaned).slice(0, MAX_NAME_LENGTH).join('').trim();
}

/** Vietnamese letters lose their marks (đ → d); anything else outside printable ASCII, and `"`, `%`, becomes `_`. */
function asciiFileName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["%]/g, '_')
    .trim();
}

function encodeExtValue(name: string): string {
  return Array.from(new TextEncoder().encode(name))
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return byte < 0x80 && char.replace(NOT_ATTR_CHAR, '') === char ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}
