import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { cliActor, UsageError, type CommandPlatform } from '../../platform/module/index.ts';
import type { CatalogApi } from './catalog.api.ts';
import { detectFormat, type ImportOptions, type ImportResult } from './catalog.import.ts';

/** The catalogue from the command line: `egov import procedures FILE` and `egov seed procedures`. */

/** The catalogue of the composed platform, its migrations applied. */
async function catalogOf(platform: () => Promise<CommandPlatform>): Promise<CatalogApi> {
  const composition = await platform();
  await composition.migrate();
  return composition.api<CatalogApi>('catalog');
}

/** A progress bar on a terminal (one per phase: checking, then writing); nothing when output is redirected. */
function progressBar(): { onProgress: NonNullable<ImportOptions['onProgress']>; stop(): void } {
  if (!process.stderr.isTTY) return { onProgress: () => undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | undefined;
  let phase = '';
  const label = { check: 'checking', write: 'writing ' } as const;
  return {
    onProgress(current, done, total) {
      if (current !== phase) {
        bar?.stop();
        phase = current;
        bar = new cliProgress.SingleBar({ format: `${label[current]} [{bar}] {value}/{total} procedures`, hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
      } else bar?.update(done);
    },
    stop: () => bar?.stop(),
  };
}

function report(result: ImportResult): number {
  for (const e of result.errors) {
    const where = [e.sheet, e.row > 0 ? `row ${e.row}` : '', e.column ? `column ${e.column}` : ''].filter(Boolean).join(', ');
    process.stdout.write(`${where}: ${e.message}\n`);
  }
  const counts = `${result.total} procedures: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.rejected} rejected`;
  process.stdout.write(`${result.written ? counts : `${counts}; nothing imported`}\n`);
  return result.errors.length > 0 || !result.written ? 1 : 0;
}

/** `egov import procedures FILE`: every procedure is checked first; nothing is imported when one is wrong, unless --skip-invalid. */
export const importProceduresCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { 'skip-invalid': { type: 'boolean' }, draft: { type: 'boolean' }, 'dry-run': { type: 'boolean' } } });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const [file, ...extra] = parsed.positionals;
    if (!file) throw new UsageError('missing FILE');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    let content: Buffer;
    try {
      content = await fs.readFile(file);
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const catalog = await catalogOf(platform);
    const progress = progressBar();
    let result: ImportResult;
    try {
      result = await catalog.importProcedures(
        cliActor(),
        { format: detectFormat(file, content), content, source: path.basename(file) },
        { skipInvalid: parsed.values['skip-invalid'] === true, publish: parsed.values.draft !== true, dryRun: parsed.values['dry-run'] === true, onProgress: progress.onProgress },
      );
    } finally {
      progress.stop();
    }
    return report(result);
  },
};

/** `egov seed procedures [--synthetic N]`: the demo catalogue, or N generated procedures for benchmarks. */
export const seedProceduresCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: false, options: { synthetic: { type: 'string' } } });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const raw = parsed.values.synthetic;
    const count = raw === undefined ? undefined : Number(raw);
    if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 999_999)) throw new UsageError('--synthetic takes a whole number from 1 to 999999');
    const composition = await platform();
    const catalog = await catalogOf(platform);
    if (count === undefined) {
      const seeded = composition.registrations.find((r) => r.name === 'catalog');
      await seeded?.seedDemo?.((line) => process.stdout.write(`${line}\n`));
      return 0;
    }
    const started = Date.now();
    const progress = progressBar();
    let result: ImportResult;
    try {
      result = await catalog.seedSynthetic(count, { onProgress: progress.onProgress });
    } finally {
      progress.stop();
    }
    const code = report(result);
    process.stdout.write(`in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return code;
  },
};
