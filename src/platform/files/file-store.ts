import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
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
  /** A stream of the content; throws `files.not_found` when absent. */
  open(sha256: string): Readable;
  read(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  /**
   * Streams content to a staging area, hashing as it goes and refusing more than `maxBytes`:
   * nothing is in the store until `commit()`, so content refused after a look at it is
   * never kept (`discard()`), and can never touch a stored file of the same bytes.
   */
  stage(content: Readable | Buffer | Uint8Array, options?: { maxBytes?: number }): Promise<StagedFile>;
  /** Every stored file, for the sweep (see sweep.ts). */
  list(): AsyncIterable<StoreEntry>;
  /** Removes a file unless it was written (or stored again) after `unlessModifiedAfter`; true if removed. */
  remove(sha256: string, options: { unlessModifiedAfter: Date }): Promise<boolean>;
  /** Removes staging and temporary files last written before `before` (uploads that never finished). */
  removeTemporary(before: Date): Promise<number>;
}

/** Content in the staging area: readable, then committed into the store or discarded. */
export interface StagedFile extends StoredFile {
  open(): Readable;
  read(): Promise<Buffer>;
  /** Moves the content into the store; it is then a stored file like any other. */
  commit(): Promise<StoredFile>;
  /** Deletes the staged content; nothing after a commit. */
  discard(): Promise<void>;
}

export interface StoreEntry {
  sha256: string;
  size: number;
  /** When the file was last written: storing the same bytes again renews it. */
  modifiedAt: Date;
}

/** Files up to this size are written with synchronous calls (see putSmallBytes). */
export const SYNC_WRITE_MAX_BYTES = 256 * 1024;

const tooLarge = (maxBytes: number) => new DomainError('files.too_large', 'invalid', `File larger than ${maxBytes} bytes`, { details: { maxBytes } });

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
    if (Buffer.isBuffer(content) || content instanceof Uint8Array) return this.putBytes(content, maxBytes);
    const { temp, sha256, size } = await this.writeTemp(content, maxBytes);
    try {
      await this.moveIntoPlace(temp, sha256);
      return { sha256, size };
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
  }

  async stage(content: Readable | Buffer | Uint8Array, options: { maxBytes?: number } = {}): Promise<StagedFile> {
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    if (!(Buffer.isBuffer(content) || content instanceof Uint8Array)) return this.staged(await this.writeTemp(content, maxBytes));
    if (content.byteLength > maxBytes) throw tooLarge(maxBytes);
    const temp = this.tempPath();
    await fsp.writeFile(temp, content, { flag: 'wx' });
    return this.staged({ temp, sha256: createHash('sha256').update(content).digest('hex'), size: content.byteLength });
  }

  private staged({ temp, sha256, size }: { temp: string; sha256: string; size: number }): StagedFile {
    let state: 'staged' | 'committed' | 'discarded' = 'staged';
    const usable = () => {
      if (state !== 'staged') throw new Error(`staged file already ${state}`);
    };
    return {
      sha256,
      size,
      open: () => {
        usable();
        return fs.createReadStream(temp);
      },
      read: async () => {
        usable();
        return fsp.readFile(temp);
      },
      commit: async () => {
        if (state === 'committed') return { sha256, size };
        usable();
        await this.moveIntoPlace(temp, sha256);
        state = 'committed';
        return { sha256, size };
      },
      discard: async () => {
        if (state !== 'staged') return;
        state = 'discarded';
        await fsp.rm(temp, { force: true });
      },
    };
  }

  /** Streams content into a new temporary file, hashing and counting; refuses more than `maxBytes` and leaves nothing then. */
  private async writeTemp(content: Readable, maxBytes: number): Promise<{ temp: string; sha256: string; size: number }> {
    const hash = createHash('sha256');
    let size = 0;
    const temp = this.tempPath();
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) {
          done(tooLarge(maxBytes));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(content, meter, fs.createWriteStream(temp, { flags: 'wx' }));
      return { temp, sha256: hash.digest('hex'), size };
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
  }

  /**
   * Bytes already in memory (a package the signed-request layer has read): hashed and
   * written as they are, without another copy, and not written at all when the store
   * has them (content-addressed: a re-send of the same package costs no disk write).
   */
  private async putBytes(content: Uint8Array, maxBytes: number): Promise<StoredFile> {
    if (content.byteLength > maxBytes) throw tooLarge(maxBytes);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const stored = { sha256, size: content.byteLength };
    if (content.byteLength <= SYNC_WRITE_MAX_BYTES) {
      this.putSmallBytes(content, sha256);
      return stored;
    }
    // Stored already: renewed instead of written, so the sweep's grace period covers the new reference.
    if (await this.touch(sha256)) return stored;
    const temp = this.tempPath();
    try {
      await fsp.writeFile(temp, content, { flag: 'wx' });
      await this.moveIntoPlace(temp, sha256);
      return stored;
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
  }

  /**
   * A small file is written with synchronous calls: each asynchronous fs call hands the work
   * to libuv's thread pool and back, a hand-off that under load costs the event loop more than
   * the synchronous calls for a small file in all. Above SYNC_WRITE_MAX_BYTES the disk time
   * would block the loop, so bigger files go asynchronously.
   */
  private putSmallBytes(content: Uint8Array, sha256: string): void {
    // No existence check first: the same content replacing itself is harmless (rename is
    // atomic), and the check cost a syscall on every write for the rare duplicate.
    const target = this.pathOf(sha256);
    const temp = this.tempPath();
    try {
      fs.writeFileSync(temp, content, { flag: 'wx' });
      const dir = path.dirname(target);
      if (!this.madeDirs.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      fs.renameSync(temp, target);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
  }

  private tempPath(): string {
    return path.join(this.root, 'tmp', `${process.pid}-${randomBytes(8).toString('hex')}`);
  }

  /** Directories known to exist (at most 4,096, see pathOf). */
  private readonly madeDirs = new Set<string>();

  private async moveIntoPlace(temp: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    const dir = path.dirname(target);
    if (!this.madeDirs.has(dir)) {
      await fsp.mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    // rename is atomic: a reader never sees half a file, and identical content just replaces itself.
    await fsp.rename(temp, target);
  }

  open(sha256: string): Readable {
    const file = this.existingPathOf(sha256);
    if (!file) throw new DomainError('files.not_found', 'not_found', 'File not found');
    return fs.createReadStream(file);
  }

  async read(sha256: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.open(sha256)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async has(sha256: string): Promise<boolean> {
    const exists = (file: string) =>
      fsp.access(file).then(
        () => true,
        () => false,
      );
    return (await exists(this.pathOf(sha256))) || exists(this.legacyPathOf(sha256));
  }

  /** Renews a stored file's modification time; false when it is not stored. */
  private async touch(sha256: string): Promise<boolean> {
    const now = new Date();
    for (const file of [this.pathOf(sha256), this.legacyPathOf(sha256)]) {
      try {
        await fsp.utimes(file, now, now);
        return true;
      } catch {
        // not in this layout
      }
    }
    return false;
  }

  async *list(): AsyncIterable<StoreEntry> {
    const dirs = async (dir: string, pattern: RegExp) => (await fsp.readdir(dir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory() && pattern.test(d.name)).map((d) => path.join(dir, d.name));
    // The one-level layout (three hex digits), then the former two-level one (two and two).
    const leaves = [...(await dirs(this.root, /^[0-9a-f]{3}$/)), ...(await Promise.all((await dirs(this.root, /^[0-9a-f]{2}$/)).map((d) => dirs(d, /^[0-9a-f]{2}$/)))).flat()];
    for (const dir of leaves) {
      const handle = await fsp.opendir(dir);
      for await (const entry of handle) {
        // Only names the store writes: anything else in its tree is not the sweep's to judge.
        if (!entry.isFile() || !/^[0-9a-f]{64}$/.test(entry.name)) continue;
        const stat = await fsp.stat(path.join(dir, entry.name)).catch(() => undefined);
        if (stat) yield { sha256: entry.name, size: stat.size, modifiedAt: stat.mtime };
      }
    }
  }

  async remove(sha256: string, options: { unlessModifiedAfter: Date }): Promise<boolean> {
    let removed = false;
    for (const file of [this.pathOf(sha256), this.legacyPathOf(sha256)]) {
      const stat = await fsp.stat(file).catch(() => undefined);
      // Stored again since it was judged unreferenced: a new reference may be on its way.
      if (!stat || stat.mtime > options.unlessModifiedAfter) continue;
      await fsp.rm(file, { force: true });
      removed = true;
    }
    return removed;
  }

  async removeTemporary(before: Date): Promise<number> {
    let removed = 0;
    const dir = path.join(this.root, 'tmp');
    for (const name of await fsp.readdir(dir)) {
      const stat = await fsp.stat(path.join(dir, name)).catch(() => undefined);
      if (!stat?.isFile() || stat.mtime >= before) continue;
      await fsp.rm(path.join(dir, name), { force: true });
      removed++;
    }
    return removed;
  }

  /**
   * Where a file is written: one of 4,096 directories named by the first three hex digits of
   * its hash (24,000 files a directory at 100 million files). Stores written before kept two
   * levels of two digits (legacyPathOf), 65,536 directories: until most existed, nearly every
   * new file paid for creating a directory.
   */
  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new DomainError('files.id_invalid', 'invalid', 'Invalid file id');
    return path.join(this.root, sha256.slice(0, 3), sha256);
  }

  /** The place of files written before the one-level layout; still read, never written. */
  private legacyPathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  private existingPathOf(sha256: string): string | undefined {
    const file = this.pathOf(sha256);
    if (fs.existsSync(file)) return file;
    const legacy = this.legacyPathOf(sha256);
    return fs.existsSync(legacy) ? legacy : undefined;
  }
}
