import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pdfObjectStream, pdfStream, pngChunk, samplePdf, samplePng, sampleJpeg, samplePolyglot, sampleZip, sampleWindowsProgram } from '../testing/index.ts';
import { checkFileName, inspectFile, type FileScanner } from './content-check.ts';

const file = (name: string, bytes: Buffer) => ({
  name,
  size: bytes.length,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  open: () => Readable.from([bytes]),
  read: async () => bytes,
});
const inspect = (name: string, bytes: Buffer, scanners: FileScanner[] = []) => inspectFile(file(name, bytes), scanners);
const refusal = async (name: string, bytes: Buffer) => {
  const result = await inspect(name, bytes);
  return result.ok ? 'accepted' : result.refusal;
};

describe('inspectFile', () => {
  it('accepts well-formed PDF, JPEG and PNG files under names of their type', async () => {
    expect(await inspect('Tờ khai.pdf', samplePdf())).toEqual({ ok: true, contentType: 'application/pdf', name: 'Tờ khai.pdf' });
    expect(await inspect('CCCD mặt trước.JPG', sampleJpeg())).toEqual({ ok: true, contentType: 'image/jpeg', name: 'CCCD mặt trước.JPG' });
    expect(await inspect('Quyết định số 12.2024.png', samplePng())).toMatchObject({ ok: true, contentType: 'image/png' });
    // A name without an extension gets its type's; a long one is cut before it.
    expect(await inspect('scan', samplePdf())).toMatchObject({ ok: true, name: 'scan.pdf' });
    const long = await inspect(`${'a'.repeat(240)}.pdf`, samplePdf());
    expect(long.ok && long.name).toBe(`${'a'.repeat(196)}.pdf`);
  });

  it('refuses the polyglot of issue #10: by its name, by its structure, and by its content when well formed', async () => {
    expect(await refusal('invoice.pdf.exe', samplePolyglot())).toBe('file_name');
    expect(await refusal('invoice.pdf', samplePolyglot())).toBe('file_structure');
    expect(await refusal('invoice.pdf', samplePolyglot({ wellFormed: true }))).toBe('file_active_content');
  });

  it('refuses dangerous, double and disguised names before reading a byte', async () => {
    for (const name of ['hoa-don.exe.pdf', 'hoa-don.pdf.exe', 'a.js', 'trang.html', 'a.pdf.', 'a.pdf ', 'hoa-don\u202efdp.exe', 'hoa-don\u202efdp.pdf', 'a/b.pdf', 'C:\\a.pdf', 'a.svg', 'a.PDF.Exe', 'x.zip.pdf', '']) {
      expect(checkFileName(name).ok, name).toBe(false);
      expect(await refusal(name, samplePdf()), name).toBe('file_name');
    }
    // The extension must be the content's.
    expect(await refusal('anh.pdf', samplePng())).toBe('file_name');
    expect(await refusal('to-khai.docx', samplePdf())).toBe('file_name');
    expect(await refusal('ghi-chu.txt', Buffer.from('xin chào'))).toBe('file_type');
  });

  it('refuses PDFs with active content, however spelled or hidden', async () => {
    const jsAction = '<< /S /JavaScript /JS (app.alert(1)) >>';
    expect(await refusal('a.pdf', samplePdf({ catalog: '/OpenAction 4 0 R', objects: [jsAction] }))).toBe('file_active_content');
    expect(await refusal('a.pdf', samplePdf({ catalog: '/OpenAction << /S /Java#53cript /J#53 (app.alert(1)) >>' }))).toBe('file_active_content');
    expect(await refusal('a.pdf', samplePdf({ objects: ['<< /S /Launch /F (cmd.exe) >>'] }))).toBe('file_active_content');
    expect(await refusal('a.pdf', samplePdf({ catalog: '/Names << /EmbeddedFiles 4 0 R >>', objects: ['<< /Names [(a.exe) 5 0 R] >>'] }))).toBe('file_active_content');
    expect(await refusal('a.pdf', samplePdf({ objects: ['<< /JS 5 0 R >>'] }))).toBe('file_active_content');
    // Inside a compressed object stream, invisible in the file's bytes.
    const hidden = samplePdf({ catalog: '/OpenAction 5 0 R', objects: [pdfObjectStream(5, ['<< /S /Java#53cript /JS (app.alert(1)) >>'])] });
    expect(hidden.includes('JavaScript')).toBe(false);
    expect(await refusal('a.pdf', hidden)).toBe('file_active_content');
    // An object placed inside a stream's bytes still reaches a reader through the cross-reference table.
    expect(await refusal('a.pdf', samplePdf({ objects: [pdfStream('', Buffer.from('9 0 obj << /S /JavaScript /JS (x) >> endobj'))] }))).toBe('file_active_content');
    // A string left open would have hidden what follows it from the check.
    expect(await refusal('a.pdf', samplePdf({ objects: ['(unfinished', '<< /JS (app.alert(1)) >>'] }))).toBe('file_structure');
  });

  it('accepts harmless actions and stream bytes that merely look like names', async () => {
    expect(await refusal('a.pdf', samplePdf({ catalog: '/OpenAction [3 0 R /Fit]' }))).toBe('accepted');
    expect(await refusal('a.pdf', samplePdf({ objects: [pdfStream('/Filter /FlateDecode', Buffer.from('x/JS 0 R /XFA\x00', 'latin1'))] }))).toBe('accepted');
    expect(await refusal('a.pdf', samplePdf({ objects: ['<< /Title (Hướng dẫn /JS không phải tên) >>'] }))).toBe('accepted');
    expect(await refusal('a.pdf', samplePdf({ objects: [pdfObjectStream(5, ['<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://dichvucong.gov.vn) >> >>'])] }))).toBe('accepted');
  });

  it('refuses PDFs without a readable structure', async () => {
    const pdf = samplePdf();
    expect(await refusal('a.pdf', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'))).toBe('file_structure');
    expect(await refusal('a.pdf', Buffer.concat([pdf, Buffer.from('<html>')]))).toBe('file_structure');
    expect(await refusal('a.pdf', Buffer.from(pdf.toString('latin1').replace(/startxref\n\d+/, 'startxref\n3'), 'latin1'))).toBe('file_structure');
    expect(await refusal('a.pdf', samplePdf({ objects: ['<< /Length 5 >>\nstream\nabcde'] }))).toBe('file_structure');
    expect(await refusal('a.pdf', samplePdf({ objects: [pdfStream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', Buffer.from('not deflated'))] }))).toBe('file_structure');
    expect(await refusal('a.pdf', samplePdf({ objects: [pdfStream('/Type /ObjStm /N 1 /First 4 /Filter [/ASCIIHexDecode /FlateDecode]', Buffer.from('00'))] }))).toBe('file_structure');
    // A compressed object stream inflating far beyond its size.
    expect(await refusal('a.pdf', samplePdf({ objects: [pdfStream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', deflateSync(Buffer.alloc(65 * 1024 * 1024)))] }))).toBe('file_structure');
  });

  it('checks JPEG and PNG structure, and finds markup or programs anywhere in an image', async () => {
    const jpeg = sampleJpeg();
    expect(await refusal('a.jpg', jpeg.subarray(0, jpeg.length - 2))).toBe('file_structure');
    expect(await refusal('a.jpg', Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0]), jpeg.subarray(2)]))).toBe('file_structure');
    const comment = Buffer.from('<script>alert(1)</script>');
    const withComment = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment, jpeg.subarray(2)]);
    expect(await refusal('a.jpg', withComment)).toBe('file_active_content');
    expect(await refusal('a.jpg', Buffer.concat([jpeg, sampleZip()]))).toBe('file_active_content');
    expect(await refusal('a.jpg', Buffer.concat([jpeg, sampleWindowsProgram()]))).toBe('file_active_content');
    // Phones append a second picture after the first: allowed.
    expect(await refusal('a.jpg', Buffer.concat([jpeg, jpeg]))).toBe('accepted');

    const png = samplePng();
    const badCrc = Buffer.from(png);
    badCrc[badCrc.length - 13] = 0xff;
    expect(await refusal('a.png', badCrc)).toBe('file_structure');
    expect(await refusal('a.png', Buffer.concat([png, sampleZip()]))).toBe('file_structure');
    expect(await refusal('a.png', png.subarray(0, png.length - 12))).toBe('file_structure');
    expect(await refusal('a.png', samplePng([pngChunk('tEXt', Buffer.from('Comment\0<html><body onload=alert(1)>'))]))).toBe('file_active_content');
    expect(await refusal('a.png', samplePng([pngChunk('tEXt', Buffer.from('Comment\0Giấy khai sinh'))]))).toBe('accepted');
  });

  it('runs plugged scanners after the structural check, a refusal without a code counting as malware', async () => {
    const seen: string[] = [];
    const antivirus: FileScanner = {
      async scan(f) {
        seen.push(f.name);
        const chunks: Buffer[] = [];
        for await (const chunk of f.open()) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).includes('EICAR') ? { clean: false, reason: 'EICAR test file' } : { clean: true };
      },
    };
    expect(await inspect('sach.pdf', samplePdf(), [antivirus])).toMatchObject({ ok: true });
    expect(await inspect('eicar.pdf', samplePdf({ objects: ['(X5O!P%@AP EICAR-STANDARD-ANTIVIRUS-TEST-FILE)'] }), [antivirus])).toEqual({ ok: false, refusal: 'file_malware', reason: 'EICAR test file' });
    expect(await inspect('hong.pdf', samplePolyglot(), [antivirus])).toMatchObject({ ok: false, refusal: 'file_structure' });
    expect(seen).toEqual(['sach.pdf', 'eicar.pdf']);
  });
});
