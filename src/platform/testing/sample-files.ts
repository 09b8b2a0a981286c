import { crc32, deflateSync } from 'node:zlib';

// Small, well-formed files of each accepted upload type, and the tricks played on them.

/**
 * A one-page PDF with a correct cross-reference table. `catalog` adds entries to the
 * document catalogue; `objects` are added as objects 4, 5… (a Buffer may hold a stream).
 */
export function samplePdf(options: { catalog?: string; objects?: (string | Buffer)[] } = {}): Buffer {
  const objects: (string | Buffer)[] = [
    `<< /Type /Catalog /Pages 2 0 R ${options.catalog ?? ''}>>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    ...(options.objects ?? []),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  for (const [i, object] of objects.entries()) {
    const bytes = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(object) ? object : Buffer.from(object, 'latin1'), Buffer.from('\nendobj\n')]);
    offsets.push(length);
    parts.push(bytes);
    length += bytes.length;
  }
  const table = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${table}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** An object of a PDF holding a stream: `<< dictionary /Length n >> stream … endstream`. */
export function pdfStream(dictionary: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dictionary} /Length ${body.length} >>\nstream\n`), body, Buffer.from('\nendstream')]);
}

/** A compressed object stream (PDF 1.5) holding the given objects, numbered from `first`. */
export function pdfObjectStream(first: number, objects: string[]): Buffer {
  let offset = 0;
  const header: string[] = [];
  for (const [i, o] of objects.entries()) {
    header.push(`${first + i} ${offset}`);
    offset += o.length + 1;
  }
  const head = `${header.join(' ')} `;
  return pdfStream(`/Type /ObjStm /N ${objects.length} /First ${head.length} /Filter /FlateDecode`, deflateSync(Buffer.from(head + objects.join(' ') + ' ', 'latin1')));
}

/** An 8×8 grey baseline JPEG: one Huffman code each for DC 0 and end-of-block. */
export function sampleJpeg(): Buffer {
  const segment = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
  const oneCode = (tableClass: number) => [tableClass, 1, ...Array<number>(15).fill(0), 0];
  return Buffer.from([
    0xff, 0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0, ...Array<number>(64).fill(1)]),
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...segment(0xc4, oneCode(0x00)),
    ...segment(0xc4, oneCode(0x10)),
    ...segment(0xda, [1, 1, 0, 0, 63, 0]),
    0x3f,
    0xff, 0xd9,
  ]);
}

/** A PNG chunk with its length and checksum. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 1×1 grey PNG; `extra` chunks go before the image data. */
export function samplePng(extra: Buffer[] = []): Buffer {
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    ...extra,
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A ZIP archive of one stored file (local header, central directory, end record). */
export function sampleZip(): Buffer {
  const name = Buffer.from('payload.js');
  const data = Buffer.from('WScript.Shell');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

/** The start of a Windows program: `MZ`, its PE header offset at 0x3c, and `PE\0\0` there. */
export function sampleWindowsProgram(): Buffer {
  const program = Buffer.alloc(0x100);
  program.write('MZ', 0, 'latin1');
  program.writeUInt32LE(0x80, 0x3c);
  program.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  program.write('PE\0\0', 0x80, 'latin1');
  return program;
}

/**
 * The attack of issue #10: `%PDF-`, then HTML, a ZIP and a Windows program. `wellFormed`
 * hides the three inside a stream of a PDF that has a correct cross-reference table and
 * ends in `%%EOF`, so that only a look at the content finds them.
 */
export function samplePolyglot(options: { wellFormed?: boolean } = {}): Buffer {
  const html = Buffer.from('<html><body><script>fetch("/api/v1/dossiers").then((r) => r.text()).then(alert)</script></body></html>\n');
  const payload = Buffer.concat([html, sampleZip(), sampleWindowsProgram()]);
  if (!options.wellFormed) return Buffer.concat([Buffer.from('%PDF-1.7\n'), payload]);
  return samplePdf({ objects: [pdfStream('', payload)] });
}
