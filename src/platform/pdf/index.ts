import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

// The documents egov prints (receipts, results, registers, minutes, personal-data summaries): one
// place for the Vietnamese font and for collecting a pdfkit stream into bytes.

const require = createRequire(import.meta.url);
const fontDir = path.dirname(require.resolve('@expo-google-fonts/be-vietnam-pro/package.json'));

/** Be Vietnam Pro, embedded in every PDF so that every reader shows the diacritics. */
export const PDF_FONTS = {
  regular: path.join(fontDir, '400Regular', 'BeVietnamPro_400Regular.ttf'),
  bold: path.join(fontDir, '700Bold', 'BeVietnamPro_700Bold.ttf'),
} as const;

/**
 * A pdfkit document with the fonts registered as `regular` and `bold`, and its bytes once the
 * caller has drawn it and called `doc.end()`.
 */
export function vietnamesePdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument(options);
  doc.registerFont('regular', PDF_FONTS.regular);
  doc.registerFont('bold', PDF_FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/**
 * A bordered table across the page's width, columns in proportion to `relativeWidths`: returns
 * the function that draws one row; a row that does not fit starts a new page, which repeats the
 * header row first (as registers are printed).
 */
export function tableWriter(doc: PDFKit.PDFDocument, relativeWidths: readonly number[], headers: readonly string[]): (cells: readonly string[], font: 'regular' | 'bold') => void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const total = relativeWidths.reduce((a, b) => a + b, 0);
  const widths = relativeWidths.map((w) => (w / total) * width);
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const line = (cells: readonly string[], font: 'regular' | 'bold'): void => {
    doc.font(font).fontSize(8);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 40) - 6 }))) + 6;
    if (doc.y + height > bottom()) {
      doc.addPage();
      if (font === 'regular') line(headers, 'bold');
    }
    const top = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      const w = widths[i] ?? 40;
      doc.rect(x, top, w, height).stroke('#888888');
      doc.fillColor('#000000').text(cell, x + 3, top + 3, { width: w - 6 });
      x += w;
    });
    doc.x = left;
    doc.y = top + height;
  };
  return line;
}
