import type { Readable } from 'node:stream';
import { checkJpeg, checkPng } from './image-check.ts';
import { checkPdf } from './pdf-check.ts';

/** The types a citizen's documents are accepted in, recognised by their bytes. */
export const ACCEPTED_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AcceptedFileType = (typeof ACCEPTED_FILE_TYPES)[number];

/** File name extensions of each accepted type. */
const EXTENSIONS: Record<AcceptedFileType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
};

/** Why a file is refused (stable codes: callers pick their message from them). */
export type FileRefusal = 'file_name' | 'file_type' | 'file_structure' | 'file_active_content' | 'file_malware';

/** A file offered to scanners: its type is already recognised from its bytes. */
export interface ScannedFile {
  /** The name the sender gave, already checked by checkFileName. */
  name: string;
  size: number;
  sha256: string;
  contentType: AcceptedFileType;
  open(): Readable;
  read(): Promise<Buffer>;
}

export type ScanVerdict = { clean: true } | { clean: false; reason: string; refusal?: FileRefusal };

/**
 * Decides whether a file may be kept. The structural check below is the local scanner and
 * always runs first; an antivirus (ClamAV's clamd over INSTREAM, say) plugs in as another
 * scanner, reading `open()`. A refusal without a code counts as malware.
 */
export interface FileScanner {
  scan(file: ScannedFile): Promise<ScanVerdict>;
}

export type Inspection = { ok: true; contentType: AcceptedFileType; name: string } | { ok: false; refusal: FileRefusal; reason: string };

/** Sniffs the first bytes: a declared content type is never trusted. */
export function sniffContentType(head: Buffer): AcceptedFileType | undefined {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return undefined;
}

/**
 * Extensions that run, open in a browser or hide other files. A name ending in one is
 * refused, and so is one carrying it before its last extension (`hoa-don.exe.pdf`).
 */
const DANGEROUS_EXTENSIONS = new Set(
  ('exe com bat cmd scr pif msi msp mst cpl dll sys ocx drv js jse mjs cjs vbs vbe wsf wsh ws ps1 psm1 psd1 hta htm html xhtml shtml ' +
    'mht mhtml svg svgz xml xsl xslt php phtml php3 php4 php5 phar asp aspx jsp jspx cgi pl py rb sh bash zsh ksh csh jar class apk ' +
    'app dmg pkg deb rpm iso img vhd vhdx lnk url scf reg inf chm gadget application appref-ms msc jnlp swf docm dotm xlsm xltm xlam ' +
    'pptm potm ppam sldm hlp zip rar 7z gz tgz tar cab arj lzh ace').split(' '),
);

/** Names are kept to this length (the extension is kept when a longer one is cut). */
const NAME_MAX_CHARS = 200;

const extensionsOf = (name: string) => name.split('.').slice(1).map((s) => s.trim().toLowerCase());

/**
 * Checks a file's name before any of its bytes are read: no control or direction-changing
 * characters (U+202E turns `hoa-don‮fdp.exe` into what looks like `hoa-donexe.pdf`), no path
 * or reserved characters, no trailing dot or space (Windows drops them: `a.exe.` runs as
 * `a.exe`), and no dangerous extension, last or before the last.
 */
export function checkFileName(name: string): { ok: true } | { ok: false; reason: string } {
  if (name.length === 0 || name.length > 255) return { ok: false, reason: 'empty or too long' };
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\:*?"<>|]/u.test(name)) return { ok: false, reason: 'control, direction or reserved characters' };
  if (/[.\s]$/u.test(name)) return { ok: false, reason: 'a trailing dot or space' };
  const dangerous = extensionsOf(name).find((e) => DANGEROUS_EXTENSIONS.has(e));
  return dangerous ? { ok: false, reason: `the extension .${dangerous}` } : { ok: true };
}

/**
 * The name to keep for a file of this type: its extension must be one of the type's (a
 * name without one gets the type's), and a long name is cut before the extension.
 * Undefined when the extension does not match the content.
 */
export function fileNameFor(name: string, type: AcceptedFileType): string | undefined {
  const last = extensionsOf(name).at(-1);
  if (last === undefined) return `${name.slice(0, NAME_MAX_CHARS - 5)}.${EXTENSIONS[type][0]!}`;
  if (!EXTENSIONS[type].includes(last)) return undefined;
  const dot = name.lastIndexOf('.');
  const extension = name.slice(dot); // as the sender spelled it (`.PDF`)
  return name.slice(0, Math.min(dot, NAME_MAX_CHARS - extension.length)) + extension;
}

/** Markup a browser would run if it ever took the file for a page, and script URLs. */
const MARKUP = /<(?:script|iframe|object|embed|html[\s>]|body[\s>]|!doctype\s+html|\?php)|(?:java|vb)script:/i;

/**
 * Another format hidden inside the file: a Windows program (an `MZ` header whose PE
 * header is where it says), an ELF program, a ZIP archive (local header and end of central
 * directory both present), RAR or 7-Zip archives, or HTML and script. Each signature is
 * long or checked enough that the random bytes of compressed data do not match it.
 */
export function findEmbeddedContent(bytes: Buffer): string | undefined {
  for (let i = bytes.indexOf('MZ', 0, 'latin1'); i >= 0 && i + 0x40 <= bytes.length; i = bytes.indexOf('MZ', i + 1, 'latin1')) {
    const pe = i + bytes.readUInt32LE(i + 0x3c);
    if (pe > i + 0x3c && pe + 4 <= bytes.length && bytes.readUInt32BE(pe) === 0x50450000) return 'an embedded Windows program';
  }
  for (let i = bytes.indexOf('\x7fELF', 0, 'latin1'); i >= 0 && i + 7 <= bytes.length; i = bytes.indexOf('\x7fELF', i + 1, 'latin1')) {
    if ([1, 2].includes(bytes[i + 4]!) && [1, 2].includes(bytes[i + 5]!) && bytes[i + 6] === 1) return 'an embedded ELF program';
  }
  if (bytes.includes('PK\x03\x04', 0, 'latin1') && bytes.includes('PK\x05\x06', 0, 'latin1')) return 'an embedded ZIP archive';
  if (bytes.includes('Rar!\x1a\x07', 0, 'latin1') || bytes.includes(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))) return 'an embedded archive';
  return MARKUP.test(bytes.toString('latin1')) ? 'embedded markup or script' : undefined;
}

/** The structure of each accepted type (pdf-check.ts, image-check.ts), then what may hide in any of them. */
export function checkStructure(bytes: Buffer, type: AcceptedFileType): { refusal: FileRefusal; reason: string } | undefined {
  if (type === 'application/pdf') {
    const finding = checkPdf(bytes);
    if (finding) return finding;
  } else {
    const problem = type === 'image/jpeg' ? checkJpeg(bytes) : checkPng(bytes);
    if (problem) return { refusal: 'file_structure', reason: problem };
  }
  const embedded = findEmbeddedContent(bytes);
  return embedded ? { refusal: 'file_active_content', reason: embedded } : undefined;
}

/** The local scanner: the structural check, on the whole file (uploads are small enough to hold). */
export const structuralScanner: FileScanner = {
  async scan(file) {
    const finding = checkStructure(await file.read(), file.contentType);
    return finding ? { clean: false, ...finding } : { clean: true };
  },
};

/**
 * Everything a file must pass before it is kept: a safe name, an accepted type recognised
 * from its bytes and matching the name's extension, its structure, then each scanner given.
 */
export async function inspectFile(file: Omit<ScannedFile, 'contentType'>, scanners: readonly FileScanner[] = []): Promise<Inspection> {
  const named = checkFileName(file.name);
  if (!named.ok) return { ok: false, refusal: 'file_name', reason: named.reason };
  const bytes = await file.read();
  const contentType = sniffContentType(bytes);
  if (!contentType) return { ok: false, refusal: 'file_type', reason: 'not a PDF, JPEG or PNG' };
  const name = fileNameFor(file.name, contentType);
  if (!name) return { ok: false, refusal: 'file_name', reason: `an extension that is not one of ${contentType}` };
  const scanned: ScannedFile = { ...file, contentType, read: async () => bytes };
  for (const scanner of [structuralScanner, ...scanners]) {
    const verdict = await scanner.scan(scanned);
    if (!verdict.clean) return { ok: false, refusal: verdict.refusal ?? 'file_malware', reason: verdict.reason };
  }
  return { ok: true, contentType, name };
}
