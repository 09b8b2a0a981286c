import { crc32 } from 'node:zlib';

/** Largest width or height accepted: a scan at 600 dpi of an A0 sheet is about 20,000 pixels. */
const MAX_DIMENSION = 30_000;

/**
 * Reads a JPEG's markers up to its first scan: the frame header (SOFn) must give sane
 * dimensions before the scan (SOS), every segment must fit in the file, and the image must
 * end (EOI) after the scan. Bytes after the end are allowed — phones append a second
 * picture (MPF) or a motion-photo video there — and are searched for embedded programs and
 * markup like the rest of the file (see content-check.ts).
 */
export function checkJpeg(bytes: Buffer): string | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return 'no JPEG start of image';
  let i = 2;
  let frame = false;
  for (;;) {
    if (i + 4 > bytes.length) return 'the JPEG ends before its scan';
    if (bytes[i] !== 0xff) return 'a JPEG segment does not start with a marker';
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd8 || marker === 0xd9) return 'a JPEG start or end of image before the scan';
    const length = bytes.readUInt16BE(i + 2);
    if (length < 2 || i + 2 + length > bytes.length) return 'a JPEG segment runs past the end of the file';
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (length < 8) return 'a JPEG frame header too short';
      const height = bytes.readUInt16BE(i + 5);
      const width = bytes.readUInt16BE(i + 7);
      const components = bytes[i + 9]!;
      if (width === 0 || height === 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) return 'JPEG dimensions out of range';
      if (components < 1 || components > 4 || length !== 8 + 3 * components) return 'a JPEG frame header with a wrong component count';
      frame = true;
    }
    if (marker === 0xda) {
      if (!frame) return 'a JPEG scan before its frame header';
      const endOfImage = bytes.indexOf(Buffer.from([0xff, 0xd9]), i + 2 + length);
      return endOfImage < 0 ? 'the JPEG has no end of image' : undefined;
    }
    i += 2 + length;
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const KNOWN_CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);
/** Bit depths allowed for each PNG colour type. */
const PNG_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/**
 * Reads every chunk of a PNG: lengths within the file, checksums right, IHDR first with
 * sane values, at least one IDAT, no critical chunk a decoder would not know, and IEND
 * last — with nothing after it.
 */
export function checkPng(bytes: Buffer): string | undefined {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'no PNG signature';
  let i = 8;
  let chunks = 0;
  let data = false;
  while (i + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(i);
    const type = bytes.toString('latin1', i + 4, i + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return 'a PNG chunk with an invalid type';
    if (length > 0x7fffffff || i + 12 + length > bytes.length) return 'a PNG chunk runs past the end of the file';
    if (crc32(bytes.subarray(i + 4, i + 8 + length)) !== bytes.readUInt32BE(i + 8 + length)) return `a PNG ${type} chunk with a wrong checksum`;
    if (chunks === 0) {
      if (type !== 'IHDR' || length !== 13) return 'a PNG without IHDR first';
      const width = bytes.readUInt32BE(i + 8);
      const height = bytes.readUInt32BE(i + 12);
      const [depth, colour, compression, filter, interlace] = bytes.subarray(i + 16, i + 21);
      if (width === 0 || height === 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) return 'PNG dimensions out of range';
      if (!PNG_DEPTHS[colour!]?.includes(depth!) || compression !== 0 || filter !== 0 || interlace! > 1) return 'a PNG header with invalid values';
    } else if (type === 'IHDR') {
      return 'a second PNG IHDR';
    }
    if (type[0]! <= 'Z' && !KNOWN_CRITICAL.has(type)) return `an unknown critical PNG chunk ${type}`;
    if (type === 'IDAT') data = true;
    chunks++;
    i += 12 + length;
    if (type === 'IEND') {
      if (!data) return 'a PNG without image data';
      return i === bytes.length ? undefined : 'bytes after the PNG end';
    }
  }
  return 'the PNG has no end chunk';
}
