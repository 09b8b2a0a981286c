import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compose, type Composition } from '../../app/composition.ts';
import { testConfig } from '../../platform/config/index.ts';
import { LocalFileStore } from '../../platform/files/index.ts';
import { createLogger } from '../../platform/logging/index.ts';
import type { ModuleRegistration } from '../../platform/module/index.ts';
import { UsageError } from '../command.ts';
import { filesCommand } from './files.ts';

const src = path.resolve(import.meta.dirname, '../..');

describe('egov files sweep', () => {
  let root: string;
  let files: LocalFileStore;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-files-cli-'));
    files = new LocalFileStore(root);
    const old = new Date(Date.now() - 48 * 3600_000);
    for (const name of ['upload', 'package', 'orphan', 'fresh']) {
      ids[name] = (await files.put(Buffer.from(`tệp ${name}`))).sha256;
      if (name !== 'fresh') fs.utimesSync(path.join(root, ids[name]!.slice(0, 3), ids[name]!), old, old);
    }
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const names = (list: string[]) => async (sha256s: readonly string[]) => sha256s.filter((s) => list.includes(s));
  const platform = async () =>
    ({
      ctx: { files },
      registrations: [
        { name: 'agencies' },
        { name: 'dossiers', fileReferences: names([ids.upload!]) },
        { name: 'exchange', fileReferences: names([ids.package!]) },
      ] satisfies ModuleRegistration[],
    }) as unknown as Composition;

  async function run(args: string[]) {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      return { code: await filesCommand.run(args, platform), out: out.join('') };
    } finally {
      spy.mockRestore();
    }
  }

  it('reports in a dry run, removes nothing, and lists the files on request', async () => {
    const { code, out } = await run(['sweep', '--dry-run', '--list']);
    expect(code).toBe(0);
    expect(out).toContain('file store sweep (dry run): 4 files examined');
    expect(out).toContain('1 younger than 24 h: kept');
    expect(out).toContain('2 named by dossiers, exchange: kept');
    expect(out).toMatch(/1 named by no record \(0\.0 MB\): would be removed/);
    expect(out).toContain(`${ids.orphan} `);
    expect(await files.has(ids.orphan!)).toBe(true);
  });

  it('removes the old files no module names', async () => {
    const { out } = await run(['sweep', '--grace-hours', '36']);
    expect(out).toContain('1 named by no record');
    expect([await files.has(ids.upload!), await files.has(ids.package!), await files.has(ids.orphan!), await files.has(ids.fresh!)]).toEqual([true, true, false, true]);
  });

  it('refuses a grace period under an hour and unknown arguments', async () => {
    await expect(run(['sweep', '--grace-hours=0'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['sweep', '--force'])).rejects.toBeInstanceOf(UsageError);
    await expect(run([])).rejects.toBeInstanceOf(UsageError);
  });

  it('is safe with the real modules: every module that writes to the file store names its files', async () => {
    const writers = fs
      .readdirSync(path.join(src, 'modules'))
      .filter((module) =>
        fs
          .readdirSync(path.join(src, 'modules', module), { recursive: true, encoding: 'utf8' })
          .filter((f) => /\.tsx?$/.test(f) && !/\.test\.|test-support|testing/.test(f))
          .some((f) => /\bfiles\.(?:put|stage)\(/.test(fs.readFileSync(path.join(src, 'modules', module, f), 'utf8'))),
      );
    expect(writers).toEqual(expect.arrayContaining(['dossiers', 'exchange']));
    const composition = await compose(testConfig(), createLogger('silent'));
    try {
      const declared = composition.registrations.filter((r) => r.fileReferences).map((r) => r.name);
      for (const module of writers) expect(declared, `${module} stores files but does not name them to the sweep`).toContain(module);
    } finally {
      await composition.close();
    }
    // Composes every real module (all migrations on a fresh PGlite): slow on a loaded machine.
  }, 120_000);
});
