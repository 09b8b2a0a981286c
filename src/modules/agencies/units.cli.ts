import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { cliActor, UsageError, type CommandPlatform } from '../../platform/module/index.ts';
import type { AgenciesApi } from './agencies.api.ts';
import { detectUnitsFormat, type ImportUnitsResult } from './units-import.ts';

/** `egov import units FILE`: loads communes (code, name, province code) from CSV or JSON. */
export const importUnitsCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    const { positionals, values } = parseOrUsage(args);
    const [file, ...extra] = positionals;
    if (!file) throw new UsageError('missing FILE');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    let content: string;
    try {
      content = await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const agencies = (await platform()).api<AgenciesApi>('agencies');
    const format = detectUnitsFormat(file, content);
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: 'importing communes [{bar}] {value}/{total} rows', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    let started = false;
    let result: ImportUnitsResult;
    try {
      result = await agencies.importUnits(
        cliActor(),
        { format, content, source: path.basename(file) },
        {
          atomic: values.atomic === true,
          retireMissing: values['retire-missing'] === true,
          onProgress: (done, total) => {
            if (!bar) return;
            if (!started) {
              bar.start(total, done);
              started = true;
            } else bar.update(done);
          },
        },
      );
    } finally {
      if (started) bar?.stop();
    }
    for (const e of result.errors) {
      const where = e.line !== undefined ? `row ${e.row} (line ${e.line})` : `row ${e.row}`;
      process.stdout.write(`${where}: ${e.field ? `${e.field}: ` : ''}${e.message}\n`);
    }
    const failedRows = new Set(result.errors.map((e) => e.row)).size;
    const summary = result.written
      ? `${result.total} rows: ${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged, ${result.retired.length} retired, ${failedRows} rejected`
      : `${result.total} rows: ${failedRows} rejected, nothing written (--atomic or --retire-missing)`;
    process.stdout.write(`${summary}\n`);
    return failedRows > 0 ? 1 : 0;
  },
};

function parseOrUsage(args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, options: { atomic: { type: 'boolean' }, 'retire-missing': { type: 'boolean' } } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
