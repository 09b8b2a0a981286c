import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb, type PDFFont } from 'pdf-lib';
import { formatDateTime } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { CabinetErrors } from './cabinet.errors.ts';

const require = createRequire(import.meta.url);
const FONT = path.join(path.dirname(require.resolve('@expo-google-fonts/be-vietnam-pro/package.json')), '400Regular', 'BeVietnamPro_400Regular.ttf');
let fontBytes: Promise<Buffer> | undefined;

/**
 * Marks every page of a PDF with the reader's name and the time it was opened: a line at the
 * foot of the page and a light diagonal mark across it, in Be Vietnam Pro (the diacritics of a
 * Vietnamese name need an embedded font). Undefined when the bytes are not a PDF pdf-lib can
 * read (the caller decides what to do with an unmarked document).
 */
export async function watermarkPdf(content: Buffer, mark: string): Promise<Buffer | undefined> {
  if (content.subarray(0, 5).toString('latin1') !== '%PDF-') return undefined;
  try {
    return await stampPages(content, mark);
  } catch {
    // Not a PDF pdf-lib can read (a damaged or encrypted file): the caller serves it unmarked.
    return undefined;
  }
}

async function stampPages(content: Buffer, mark: string): Promise<Buffer> {
  const doc = await PDFDocument.load(content, { updateMetadata: false });
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await (fontBytes ??= readFile(FONT)), { subset: true });
  for (const page of doc.getPages()) {
    const { width, height } = page.getSize();
    const size = Math.max(6, Math.min(9, width / 70));
    page.drawText(mark, { x: 24, y: 14, size, font, color: rgb(0.35, 0.35, 0.35) });
    const big = Math.min(28, (width * 0.9) / Math.max(10, mark.length) * 1.6);
    page.drawText(mark, { x: width * 0.12, y: height * 0.3, size: big, font, color: rgb(0.6, 0.6, 0.6), opacity: 0.18, rotate: degrees(35) });
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;

/**
 * The reader's copy of a session's document: a PDF marked on every page with their name and the
 * time; a PNG or JPEG image, or a plain text file, converted to such a PDF first. Anything else
 * (a Word file, a damaged or encrypted PDF) cannot be marked and is refused with a clear message:
 * the secretariat is asked to upload it as PDF.
 */
export async function markedCopy(original: Buffer, file: { fileName: string; contentType: string }, reader: Actor, secret: boolean, at: Date = new Date()): Promise<{ fileName: string; contentType: string; content: Buffer; watermarked: true }> {
  const mark = `${reader.displayName} — ${formatDateTime(at)} — ${secret ? 'MẬT — ' : ''}Chỉ dùng cho phiên họp Chính phủ`;
  const asPdf = (content: Buffer) => ({ fileName: /\.pdf$/i.test(file.fileName) ? file.fileName : `${file.fileName}.pdf`, contentType: 'application/pdf', content, watermarked: true as const });
  const pdf = await watermarkPdf(original, mark);
  if (pdf) return { fileName: file.fileName, contentType: 'application/pdf', content: pdf, watermarked: true };
  const converted = await convertToPdf(original, file).catch(() => undefined);
  const marked = converted ? await watermarkPdf(converted, mark) : undefined;
  if (!marked) throw CabinetErrors.notWatermarkable();
  return asPdf(marked);
}

const isPng = (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const isJpeg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
const isText = (b: Buffer, file: { fileName: string; contentType: string }) => (/^text\//.test(file.contentType) || /\.(txt|md|csv)$/i.test(file.fileName)) && !b.includes(0) && Buffer.from(b.toString('utf8'), 'utf8').equals(b);

/** A PNG/JPEG image (one A4 page, scaled to fit) or UTF-8 text (wrapped on A4 pages) as a PDF; undefined for anything else. */
async function convertToPdf(content: Buffer, file: { fileName: string; contentType: string }): Promise<Buffer | undefined> {
  if (isPng(content) || isJpeg(content)) {
    const doc = await PDFDocument.create();
    const image = isPng(content) ? await doc.embedPng(content) : await doc.embedJpg(content);
    const scale = Math.min(1, (A4.width - 2 * MARGIN) / image.width, (A4.height - 2 * MARGIN) / image.height);
    const page = doc.addPage([A4.width, A4.height]);
    page.drawImage(image, { x: MARGIN, y: A4.height - MARGIN - image.height * scale, width: image.width * scale, height: image.height * scale });
    return Buffer.from(await doc.save());
  }
  if (!isText(content, file)) return undefined;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await (fontBytes ??= readFile(FONT)), { subset: true });
  const size = 10;
  const lineHeight = 14;
  const lines = content.toString('utf8').replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n').flatMap((line) => wrap(line, font, size, A4.width - 2 * MARGIN));
  const perPage = Math.floor((A4.height - 2 * MARGIN) / lineHeight);
  for (let start = 0; start === 0 || start < lines.length; start += perPage) {
    const page = doc.addPage([A4.width, A4.height]);
    lines.slice(start, start + perPage).forEach((line, i) => page.drawText(line, { x: MARGIN, y: A4.height - MARGIN - (i + 1) * lineHeight, size, font }));
  }
  return Buffer.from(await doc.save());
}

function wrap(line: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of line.split(/(\s+)/)) {
    if (font.widthOfTextAtSize(current + word, size) <= width) {
      current += word;
      continue;
    }
    if (current.trim() !== '') out.push(current.trimEnd());
    current = word.trimStart();
    // A word longer than the line: cut it.
    while (font.widthOfTextAtSize(current, size) > width && current.length > 1) {
      let cut = current.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(current.slice(0, cut), size) > width) cut--;
      out.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  out.push(current.trimEnd());
  return out;
}
