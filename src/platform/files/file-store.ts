import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../errors/index.ts';

/** A stored blob: content-addressed by its SHA-256, so the same bytes are kept once. */
export interface StoredFile {
  /** Hex SHA-256 of the content: the file's id and its integrity check. */
  sha256: string;
  size: number;
}

/**
 * Where uploads, attachments and generated documents live. The local implementation
 * writes under DATA_DIR/files; an object store (S3-compatible) can implement the same
 * interface when several machines serve the platform.
 */
export interface FileStore {
  /** Streams content in, hashing as it goes; refuses more than `maxBytes` without buffering it. */
  put(content: Readable | Buffer | Uint8Array, options?: { maxBytes?: number }): Promise<StoredFile>;
  /** A stream of the content; throws `file_not_found` when absent. */
  open(sha256: string): Readable;
  read(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
}

export class LocalFileStore implements FileStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = root;
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  /** The store of a data directory; `memory://` (tests) gets a fresh temporary directory. */
  static forDataDir(dataDir: string): LocalFileStore {
    const root = dataDir === 'memory://' ? fs.mkdtempSync(path.join(os.tmpdir(), 'egov-files-')) : path.join(dataDir, 'files');
    return new LocalFileStore(root);
  }

  async put(content: Readable | Buffer | Uint8Array, options: { maxBytes?: number } = {}): Promise<StoredFile> {
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const hash = createHash('sha256');
    let size = 0;
    const temp = path.join(this.root, 'tmp', `${process.pid}-${randomBytes(8).toString('hex')}`);
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) {
          done(new DomainError('file_too_large', 'invalid', `File larger than ${maxBytes} bytes`, { details: { maxBytes } }));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const source = Buffer.isBuffer(content) || content instanceof Uint8Array ? Readable.from([Buffer.from(content)]) : content;
    try {
      await pipeline(source, meter, fs.createWriteStream(temp, { flags: 'wx' }));
      const sha256 = hash.digest('hex');
      const target = this.pathOf(sha256);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      // rename is atomic: a reader never sees half a file, and identical content just replaces itself.
      fs.renameSync(temp, target);
      return { sha256, size };
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
  }

  open(sha256: string): Readable {
    const file = this.pathOf(sha256);
    if (!fs.existsSync(file)) throw new DomainError('file_not_found', 'not_found', 'File not found');
    return fs.createReadStream(file);
  }

  async read(sha256: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.open(sha256)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async has(sha256: string): Promise<boolean> {
    return fs.existsSync(this.pathOf(sha256));
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new DomainError('file_id_invalid', 'invalid', 'Invalid file id');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}
