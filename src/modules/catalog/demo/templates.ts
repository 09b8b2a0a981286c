import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import type { ProcedureDocument } from '../catalog.schemas.ts';

/** The fields every declaration (tờ khai) asks first: the demo forms show them as lines to fill. */
const DECLARANT_LINES = ['Họ, chữ đệm, tên người yêu cầu', 'Số định danh cá nhân', 'Nơi cư trú', 'Số điện thoại', 'Nội dung đề nghị'];

/**
 * A real Word file for a demo form template: the national motto, the form's title (the name of
 * the document that asks for it) and lines to fill. Official forms are published by the
 * ministries' circulars; these stand in for them so that the demo's download links give a file.
 */
export async function demoTemplateFile(title: string, fileName: string): Promise<Buffer> {
  const centred = (text: string, options: { bold?: boolean; size?: number } = {}) =>
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold: options.bold ?? false, ...(options.size ? { size: options.size } : {}) })] });
  const doc = new Document({
    creator: 'egov',
    title,
    description: `Mẫu ${fileName} (dữ liệu trình diễn)`,
    sections: [
      {
        children: [
          centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true }),
          centred('Độc lập - Tự do - Hạnh phúc', { bold: true }),
          new Paragraph({ text: '' }),
          centred(title.toUpperCase(), { bold: true, size: 28 }),
          new Paragraph({ text: '' }),
          ...DECLARANT_LINES.map((label) => new Paragraph({ spacing: { after: 160 }, children: [new TextRun(`${label}: ${'.'.repeat(80)}`)] })),
          new Paragraph({ text: '' }),
          new Paragraph({ children: [new TextRun({ text: `Mẫu ${fileName} — bản mẫu của dữ liệu trình diễn egov.`, italics: true })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** Each template name of the catalogue with the name of the first document that asks for it. */
export function templateTitles(documents: readonly ProcedureDocument[]): Map<string, string> {
  const titles = new Map<string, string>();
  for (const d of documents) for (const c of d.components) if (c.templateFile && !titles.has(c.templateFile)) titles.set(c.templateFile, c.name);
  return titles;
}
