import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalFileStore } from './file-store.ts';
import { SWEEP_GRACE_MS, sweepFiles, type FileReferences } from './sweep.ts';

describe('sweepFiles', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  const now = new Date('2026-06-01T00:00:00Z');
  const longAgo = new Date(now.getTime() - SWEEP_GRACE_MS - 60_000);
  const justNow = new Date(now.getTime() - SWEEP_GRACE_MS + 60_000);

  /** A store with files named by two owners, by none (old and young), and temporary leftovers. */
  async function setUp() {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-sweep-test-'));
    roots.push(root);
    const files = new LocalFileStore(root);
    const age = (sha256: string, at: Date) => fs.utimesSync(path.join(root, sha256.slice(0, 3), sha256), at, at);
    const put = async (text: string, at: Date) => {
      const { sha256 } = await files.put(Buffer.from(text));
      age(sha256, at);
      return sha256;
    };
    const ids = {
      upload: await put('hồ sơ: giấy khai sinh', longAgo),
      package: await put('<edXMLEnvelope>công văn</edXMLEnvelope>', longAgo),
      shared: await put('cả hai cùng dùng', longAgo),
      orphan: await put('bản cũ đã thay', longAgo),
      fresh: await put('đang tải lên', justNow),
    };
    for (const [name, at] of [['old-stage', longAgo], ['new-stage', justNow]] as const) {
      fs.writeFileSync(path.join(root, 'tmp', name), 'x');
      fs.utimesSync(path.join(root, 'tmp', name), at, at);
    }
    const asked: string[][] = [];
    const owner = (name: string, names: string[]): FileReferences => ({
      owner: name,
      async referenced(sha256s) {
        asked.push([name, ...sha256s]);
        return sha256s.filter((s) => names.includes(s));
      },
    });
    const owners = [owner('dossiers', [ids.upload, ids.shared]), owner('exchange', [ids.package, ids.shared])];
    return { root, files, ids, owners, asked };
  }

  it('removes only old files no owner names, and old temporary files', async () => {
    const { root, files, ids, owners } = await setUp();
    const removed: string[] = [];
    const report = await sweepFiles(files, owners, { now, onUnreferenced: (sha256) => removed.push(sha256) });
    expect(report).toEqual({ dryRun: false, examined: 5, young: 1, referenced: 3, unreferenced: 1, unreferencedBytes: Buffer.byteLength('bản cũ đã thay'), temporaryRemoved: 1 });
    expect(removed).toEqual([ids.orphan]);
    for (const kept of [ids.upload, ids.package, ids.shared, ids.fresh]) expect(await files.has(kept)).toBe(true);
    expect(await files.has(ids.orphan)).toBe(false);
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual(['new-stage']);
  });

  it('reports without removing anything in a dry run', async () => {
    const { root, files, ids, owners } = await setUp();
    const report = await sweepFiles(files, owners, { now, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, unreferenced: 1, temporaryRemoved: 0 });
    expect(await files.has(ids.orphan)).toBe(true);
    expect(fs.readdirSync(path.join(root, 'tmp')).sort()).toEqual(['new-stage', 'old-stage']);
  });

  it('asks the next owner only about files the previous ones do not name, never about young files', async () => {
    const { ids, files, owners, asked } = await setUp();
    await sweepFiles(files, owners, { now, dryRun: true });
    const [first, second] = asked;
    expect(first?.slice(1).sort()).toEqual([ids.upload, ids.package, ids.shared, ids.orphan].sort());
    expect(second?.slice(1).sort()).toEqual([ids.package, ids.orphan].sort());
  });

  it('keeps a file stored again while the sweep judged it', async () => {
    const { files, ids, owners } = await setUp();
    const storedAgain: FileReferences = {
      owner: 'late',
      async referenced() {
        // The same bytes uploaded again before the removal: renewed, so kept.
        await files.put(Buffer.from('bản cũ đã thay'));
        return [];
      },
    };
    const report = await sweepFiles(files, [...owners, storedAgain], { now: new Date(), graceMs: Date.now() - now.getTime() + SWEEP_GRACE_MS });
    expect(report.unreferenced).toBe(0);
    expect(await files.has(ids.orphan)).toBe(true);
  });

  it('refuses to sweep when no owner declares its files', async () => {
    const { files, ids } = await setUp();
    await expect(sweepFiles(files, [], { now })).rejects.toThrow(/refusing to sweep/);
    expect(await files.has(ids.orphan)).toBe(true);
  });
});
