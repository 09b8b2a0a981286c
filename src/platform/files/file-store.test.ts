import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalFileStore, SYNC_WRITE_MAX_BYTES } from './file-store.ts';

describe('LocalFileStore', () => {
  const roots: string[] = [];
  const store = () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-files-test-'));
    roots.push(root);
    return { root, files: new LocalFileStore(root) };
  };
  afterEach(() => {
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  it('stores content by SHA-256 once and reads it back', async () => {
    const { files } = store();
    const content = Buffer.from('Giấy khai sinh — bản sao');
    const first = await files.put(content);
    expect(first).toEqual({ sha256: createHash('sha256').update(content).digest('hex'), size: content.length });
    const second = await files.put(Readable.from([content.subarray(0, 5), content.subarray(5)]));
    expect(second).toEqual(first);
    expect((await files.read(first.sha256)).equals(content)).toBe(true);
    expect(await files.has(first.sha256)).toBe(true);
  });

  it('refuses content over the limit while streaming and leaves nothing behind', async () => {
    const { root, files } = store();
    const big = Readable.from((function* () {
      for (let i = 0; i < 100; i++) yield Buffer.alloc(1024, i);
    })());
    await expect(files.put(big, { maxBytes: 10 * 1024 })).rejects.toMatchObject({ code: 'files.too_large' });
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('stores bytes in memory as they are: refused over the limit, written once however often they come', async () => {
    const { root, files } = store();
    const content = new Uint8Array(Buffer.from('<edXMLEnvelope>công văn</edXMLEnvelope>'));
    await expect(files.put(content, { maxBytes: content.byteLength - 1 })).rejects.toMatchObject({ code: 'files.too_large' });
    const stored = await Promise.all([files.put(content), files.put(Buffer.from(content)), files.put(content)]);
    expect(new Set(stored.map((s) => s.sha256)).size).toBe(1);
    expect((await files.read(stored[0]!.sha256)).equals(Buffer.from(content))).toBe(true);
    const written = fs.readdirSync(root, { recursive: true }).filter((f) => String(f).endsWith(stored[0]!.sha256));
    expect(written).toHaveLength(1);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('stores bytes on both sides of the synchronous-write limit, each readable and in place', async () => {
    const { root, files } = store();
    const small = Buffer.alloc(SYNC_WRITE_MAX_BYTES, 7);
    const large = Buffer.alloc(SYNC_WRITE_MAX_BYTES + 1, 9);
    const [a, b] = await Promise.all([files.put(small), files.put(large)]);
    expect(a!.size).toBe(SYNC_WRITE_MAX_BYTES);
    expect(b!.size).toBe(SYNC_WRITE_MAX_BYTES + 1);
    expect((await files.read(a!.sha256)).equals(small)).toBe(true);
    expect((await files.read(b!.sha256)).equals(large)).toBe(true);
    // Content-addressed on both paths: same layout, no temporary file left behind.
    for (const { sha256 } of [a!, b!]) expect(fs.existsSync(path.join(root, sha256.slice(0, 3), sha256))).toBe(true);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('still reads files a store wrote in its former two-level layout, and writes new ones in one level', async () => {
    const { root, files } = store();
    const old = Buffer.from('<edXMLEnvelope>lưu từ trước</edXMLEnvelope>');
    const sha256 = createHash('sha256').update(old).digest('hex');
    fs.mkdirSync(path.join(root, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true });
    fs.writeFileSync(path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256), old);
    expect(await files.has(sha256)).toBe(true);
    expect((await files.read(sha256)).equals(old)).toBe(true);
    const fresh = await files.put(Buffer.from('mới'));
    expect(fs.existsSync(path.join(root, fresh.sha256.slice(0, 3), fresh.sha256))).toBe(true);
    expect(fs.existsSync(path.join(root, fresh.sha256.slice(0, 2), fresh.sha256.slice(2, 4)))).toBe(false);
    expect(await files.has('b'.repeat(64))).toBe(false);
  });

  it('stages content outside the store: readable, then committed or discarded without a trace', async () => {
    const { root, files } = store();
    const kept = Buffer.from('%PDF-1.7 giữ lại');
    const refused = Buffer.from('%PDF-1.7 bị từ chối');
    const a = await files.stage(Readable.from([kept]));
    const b = await files.stage(refused);
    expect(a.sha256).toBe(createHash('sha256').update(kept).digest('hex'));
    expect((await a.read()).equals(kept)).toBe(true);
    expect(await files.has(a.sha256)).toBe(false);
    await a.commit();
    await b.discard();
    await a.discard(); // after a commit: nothing
    expect((await files.read(a.sha256)).equals(kept)).toBe(true);
    expect(await files.has(b.sha256)).toBe(false);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
    // Over the limit while streaming: refused, nothing left.
    const big = Readable.from((function* () {
      for (let i = 0; i < 10; i++) yield Buffer.alloc(1024, i);
    })());
    await expect(files.stage(big, { maxBytes: 4096 })).rejects.toMatchObject({ code: 'files.too_large' });
    await expect(files.stage(Buffer.alloc(4097), { maxBytes: 4096 })).rejects.toMatchObject({ code: 'files.too_large' });
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('discarding refused bytes never touches a stored file of the same bytes', async () => {
    const { files } = store();
    const content = Buffer.from('cùng nội dung');
    const stored = await files.put(content);
    const staged = await files.stage(content);
    await staged.discard();
    expect((await files.read(stored.sha256)).equals(content)).toBe(true);
  });

  it('lists files of both layouts with their time, removes old ones only, renews a file stored again', async () => {
    const { root, files } = store();
    const old = new Date('2026-01-01T00:00:00Z');
    const a = await files.put(Buffer.from('một'));
    const b = await files.put(Buffer.alloc(SYNC_WRITE_MAX_BYTES + 10, 1));
    const legacy = createHash('sha256').update('cũ').digest('hex');
    fs.mkdirSync(path.join(root, legacy.slice(0, 2), legacy.slice(2, 4)), { recursive: true });
    fs.writeFileSync(path.join(root, legacy.slice(0, 2), legacy.slice(2, 4), legacy), 'cũ');
    fs.writeFileSync(path.join(root, 'tmp', 'left-behind'), 'x');
    fs.writeFileSync(path.join(root, 'README'), 'not the store\'s');
    for (const file of [path.join(root, a.sha256.slice(0, 3), a.sha256), path.join(root, b.sha256.slice(0, 3), b.sha256), path.join(root, legacy.slice(0, 2), legacy.slice(2, 4), legacy), path.join(root, 'tmp', 'left-behind')]) {
      fs.utimesSync(file, old, old);
    }
    const listed = [];
    for await (const entry of files.list()) listed.push(entry);
    expect(listed.map((e) => e.sha256).sort()).toEqual([a.sha256, b.sha256, legacy].sort());
    expect(listed.every((e) => e.modifiedAt.getTime() === old.getTime())).toBe(true);
    // Stored again (large files are not rewritten): renewed, so not removable as of an earlier time.
    await files.put(Buffer.alloc(SYNC_WRITE_MAX_BYTES + 10, 1));
    const cutoff = new Date('2026-02-01T00:00:00Z');
    expect(await files.remove(b.sha256, { unlessModifiedAfter: cutoff })).toBe(false);
    expect(await files.remove(a.sha256, { unlessModifiedAfter: cutoff })).toBe(true);
    expect(await files.remove(legacy, { unlessModifiedAfter: cutoff })).toBe(true);
    expect([await files.has(a.sha256), await files.has(b.sha256), await files.has(legacy)]).toEqual([false, true, false]);
    expect(await files.removeTemporary(cutoff)).toBe(1);
    expect(fs.existsSync(path.join(root, 'README'))).toBe(true);
  });

  it('rejects malformed ids and reports missing files', async () => {
    const { files } = store();
    expect(() => files.open('../../etc/passwd')).toThrow(/Invalid file id/);
    expect(() => files.open('a'.repeat(64))).toThrow(/not found/);
  });
});
