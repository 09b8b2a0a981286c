import { promisify } from 'node:util';
import { crc32, createInflateRaw, inflateRaw } from 'node:zlib';
import { isDomainError } from '../../platform/errors/index.ts';
import { CatalogErrors } from './catalog.errors.ts';

/**
 * The zip container of an .xlsx file, checked before any spreadsheet code reads it. A few
 * kilobytes of zip can declare, or secretly hold, gigabytes of XML that a workbook loader
 * would build in memory, so the central directory is read first (entry count, declared
 * sizes, compression ratio), then every part the import reads is inflated once as a stream,
 * discarding the output, to check that it holds what it declares (size, CRC) and how many
 * shared strings it has. Only then is the workbook handed to exceljs' streaming reader, as a
 * new zip of those parts alone, stored uncompressed with the sizes just verified: exceljs'
 * unzipper reads local headers one after another, and a crafted file could show it entries
 * the central directory does not list.
 */

export interface ExcelImportLimits {
  /** Entries of the zip. Excel writes about 20. */
  entries: number;
  /** Declared uncompressed size of all entries together. */
  uncompressedBytes: number;
  /** Uncompressed size of one entry; also the memory one part of the workbook may take. */
  partBytes: number;
  /** Uncompressed / compressed size of an entry over 1 MiB. Exports of the catalogue are 5–15. */
  compressionRatio: number;
  sharedStrings: number;
  /** Rows of the four sheets read, together, header rows included. */
  rows: number;
  /** Non-empty cells of one row. The widest sheet has 14 columns. */
  cellsPerRow: number;
}

const MiB = 1024 * 1024;

export const EXCEL_IMPORT_LIMITS: ExcelImportLimits = {
  entries: 1_000,
  uncompressedBytes: 256 * MiB,
  partBytes: 64 * MiB,
  compressionRatio: 100,
  sharedStrings: 1_000_000,
  rows: 200_000,
  cellsPerRow: 100,
};

/** A part the import reads, where its bytes are in the file. */
export interface XlsxPart {
  name: string;
  method: 0 | 8;
  dataOffset: number;
  compressedSize: number;
  size: number;
  crc: number;
}

/** The file is not a zip the import can read; the message says why. */
class NotXlsxError extends Error {}

const SHARED_STRINGS = 'xl/sharedStrings.xml';
/** The parts exceljs' streaming reader uses; it finds worksheets by exactly these names. */
const READ_PART = /^(xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/sharedStrings\.xml|xl\/worksheets\/sheet\d+\.xml)$/;
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_EXTRA = 0x0001;

function endOfCentralDirectory(zip: Buffer): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) return at;
  }
  throw new NotXlsxError('no zip directory (is it an .xlsx file?)');
}

/** Sizes and offset of a central directory entry, from its ZIP64 extra field when they overflow 32 bits. */
function zip64Values(extra: Buffer, values: { size: number; compressedSize: number; offset: number }) {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === ZIP64_EXTRA) {
      let field = at + 4;
      const next = () => {
        if (field + 8 > at + 4 + length) throw new NotXlsxError('damaged ZIP64 field');
        const value = Number(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (values.size === 0xffffffff) values.size = next();
      if (values.compressedSize === 0xffffffff) values.compressedSize = next();
      if (values.offset === 0xffffffff) values.offset = next();
      return;
    }
    at += 4 + length;
  }
}

/**
 * Reads the central directory and refuses, before inflating anything, a file over the
 * entry, size or ratio limits. Answers the parts the import reads.
 */
export function readDirectory(zip: Buffer, limits: ExcelImportLimits): XlsxPart[] {
  if (zip.length < 22) throw new NotXlsxError('too short to be a zip file');
  const eocd = endOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  if (zip.readUInt16LE(eocd + 4) !== 0 || zip.readUInt16LE(eocd + 8) !== count) throw new NotXlsxError('a zip split over several disks');
  // 0xffff also marks a ZIP64 directory: far over the limit either way.
  if (count > limits.entries) throw CatalogErrors.importTooLarge('entries', limits.entries);
  let at = zip.readUInt32LE(eocd + 16);
  const parts: XlsxPart[] = [];
  const names = new Set<string>();
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw new NotXlsxError('damaged zip directory');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    if (at + 46 + nameLength + extraLength > zip.length) throw new NotXlsxError('damaged zip directory');
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const values = { compressedSize: zip.readUInt32LE(at + 20), size: zip.readUInt32LE(at + 24), offset: zip.readUInt32LE(at + 42) };
    zip64Values(zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), values);
    const crc = zip.readUInt32LE(at + 16);
    at += 46 + nameLength + extraLength + commentLength;

    if (values.size > limits.partBytes) throw CatalogErrors.importTooLarge('part_bytes', limits.partBytes, name);
    total += values.size;
    if (total > limits.uncompressedBytes) throw CatalogErrors.importTooLarge('uncompressed_bytes', limits.uncompressedBytes);
    if (values.size > MiB && values.size > limits.compressionRatio * Math.max(values.compressedSize, 1)) throw CatalogErrors.importTooLarge('compression_ratio', limits.compressionRatio, name);
    if (!READ_PART.test(name)) continue;

    if (names.has(name)) throw new NotXlsxError(`${name} appears twice`);
    names.add(name);
    if (flags & 0x1) throw new NotXlsxError('the workbook is encrypted; save it without a password');
    if (method !== 0 && method !== 8) throw new NotXlsxError(`${name} uses an unsupported compression method (${method})`);
    if (method === 0 && values.compressedSize !== values.size) throw new NotXlsxError(`${name} is damaged`);
    const local = values.offset;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) throw new NotXlsxError(`${name} is damaged`);
    const dataOffset = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (dataOffset + values.compressedSize > zip.length) throw new NotXlsxError(`${name} is cut short`);
    parts.push({ name, method, dataOffset, compressedSize: values.compressedSize, size: values.size, crc });
  }
  // Without these exceljs cannot name the sheets, and parks every worksheet in a temporary file.
  for (const required of ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels']) {
    if (!names.has(required)) throw new NotXlsxError(`${required} is missing (is it an .xlsx workbook?)`);
  }
  return parts;
}

const compressedData = (zip: Buffer, part: XlsxPart) => zip.subarray(part.dataOffset, part.dataOffset + part.compressedSize);

/** Counts `<si>` elements across chunk boundaries (text cannot hold a raw `<`, so each is a string). */
function sharedStringCounter() {
  let carry = Buffer.alloc(0);
  let count = 0;
  return {
    add(chunk: Buffer): number {
      const text = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      let at = text.indexOf('<si');
      while (at !== -1 && at + 3 < text.length) {
        const next = text[at + 3];
        if (next === 0x3e || next === 0x20 || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) count++;
        at = text.indexOf('<si', at + 3);
      }
      // "<si" at the very end is decided with the next chunk; "<" or "<s" may begin one.
      carry = Buffer.from(text.subarray(at !== -1 ? at : Math.max(0, text.length - 2)));
      return count;
    },
  };
}

/**
 * Inflates each part as a stream, keeping nothing: refuses a part that holds more (or less)
 * than its declared size or fails its CRC, and a shared strings part over the limit, stopping
 * at the first chunk past it.
 */
export async function verifyParts(zip: Buffer, parts: XlsxPart[], limits: ExcelImportLimits): Promise<void> {
  for (const part of parts) {
    const counter = part.name === SHARED_STRINGS ? sharedStringCounter() : undefined;
    let size = 0;
    let crc = 0;
    const check = (chunk: Buffer) => {
      size += chunk.length;
      if (size > part.size) throw new NotXlsxError(`${part.name} holds more than its declared ${part.size} bytes`);
      crc = crc32(chunk, crc);
      if (counter && counter.add(chunk) > limits.sharedStrings) throw CatalogErrors.importTooLarge('shared_strings', limits.sharedStrings);
    };
    const data = compressedData(zip, part);
    if (part.method === 0) check(data);
    else {
      const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
      inflater.end(data);
      try {
        for await (const chunk of inflater) check(chunk as Buffer);
      } catch (error) {
        inflater.destroy();
        if (error instanceof NotXlsxError || isDomainError(error)) throw error;
        throw new NotXlsxError(`${part.name} is damaged (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    if (size !== part.size || crc !== part.crc) throw new NotXlsxError(`${part.name} is damaged (size or checksum differs from the directory)`);
  }
}

const inflate = promisify(inflateRaw);

function localHeader(name: string, size: number, crc: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL, 0);
  header.writeUInt16LE(20, 4); // version needed to extract
  header.writeUInt16LE(0x800, 6); // UTF-8 names; sizes in this header, no data descriptor
  header.writeUInt16LE(0, 8); // stored
  header.writeUInt32LE(crc, 14);
  header.writeUInt32LE(size, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(nameBytes.length, 26);
  return Buffer.concat([header, nameBytes]);
}

const EMPTY_SHARED_STRINGS = Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>');
const order = (name: string) => (name.endsWith('.rels') ? 0 : name === 'xl/workbook.xml' ? 1 : name === SHARED_STRINGS ? 2 : 3 + Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0));

/**
 * The verified parts as a zip of stored entries, in the order exceljs reads without temporary
 * files: relationships, workbook, shared strings (an empty list when the file has none), then
 * the worksheets. One part is in memory at a time, at most `partBytes`.
 */
export async function* storedWorkbook(zip: Buffer, parts: XlsxPart[]): AsyncGenerator<Buffer> {
  const sorted = [...parts].sort((a, b) => order(a.name) - order(b.name));
  if (!parts.some((p) => p.name === SHARED_STRINGS)) {
    const at = sorted.findIndex((p) => order(p.name) > 2);
    sorted.splice(at === -1 ? sorted.length : at, 0, { name: SHARED_STRINGS, method: 0, dataOffset: -1, compressedSize: EMPTY_SHARED_STRINGS.length, size: EMPTY_SHARED_STRINGS.length, crc: crc32(EMPTY_SHARED_STRINGS) });
  }
  for (const part of sorted) {
    const data = part.dataOffset === -1 ? EMPTY_SHARED_STRINGS : part.method === 0 ? compressedData(zip, part) : await inflate(compressedData(zip, part), { maxOutputLength: Math.max(part.size, 1) });
    yield localHeader(part.name, data.length, part.crc);
    for (let at = 0; at < data.length; at += 64 * 1024) yield data.subarray(at, at + 64 * 1024);
  }
  // An end-of-directory record: exceljs' unzipper stops there.
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  yield end;
}
