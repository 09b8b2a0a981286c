import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb } from 'pdf-lib';

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
