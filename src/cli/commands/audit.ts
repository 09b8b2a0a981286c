import cliProgress from 'cli-progress';
import { countAuditEntries, verifyAuditChain, type AuditVerification } from '../../platform/audit/index.ts';
import { UsageError, type Command } from '../command.ts';

const PLAIN_PROGRESS_EVERY = 100_000;

/** `egov audit verify`: walks the hash chain and names the first entry altered or removed. */
export const auditCommand: Command = {
  summary: 'verify the hash-chained audit trail (audit verify)',
  usage: 'egov audit verify',
  async run(args, platform) {
    const [sub, ...rest] = args;
    if (sub !== 'verify') throw new UsageError(sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`);
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const { ctx } = await platform();
    const total = await countAuditEntries(ctx.db);
    const result = await withProgress(total, (onProgress) => verifyAuditChain(ctx.db, onProgress));
    if (result.ok) {
      process.stdout.write(`audit chain OK: ${result.entries} entries on ${result.chains} chain${result.chains === 1 ? "" : "s"}\n`);
      return 0;
    }
    process.stdout.write(`${describeFailure(result)}\n`);
    return 1;
  },
};

type Progress = (entries: number, lastSeq: number) => void;

async function withProgress<T>(total: number, work: (onProgress: Progress) => Promise<T>): Promise<T> {
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'verifying audit chain [{bar}] {value}/{total} entries', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    try {
      // Entries appended during the walk are verified too: let the bar grow with them.
      return await work((entries) => {
        if (entries > total) bar.setTotal((total = entries));
        bar.update(entries);
      });
    } finally {
      bar.stop();
    }
  }
  process.stdout.write(`verifying audit chain: ${total} entries\n`);
  let nextReport = PLAIN_PROGRESS_EVERY;
  return work((entries, lastSeq) => {
    if (entries < nextReport) return;
    nextReport = (Math.floor(entries / PLAIN_PROGRESS_EVERY) + 1) * PLAIN_PROGRESS_EVERY;
    process.stdout.write(`  ${entries} entries verified (up to seq ${lastSeq})\n`);
  });
}

export function describeFailure(result: Extract<AuditVerification, { ok: false }>): string {
  const { entry } = result;
  const where = `seq ${entry.seq} (${entry.action} on ${entry.entityType} ${entry.entityId}, ${entry.occurredAt.toISOString()}; chain ${entry.chain} position ${entry.position})`;
  const verified = `${result.entries} entries verified before it`;
  switch (result.reason) {
    case 'altered':
      return `audit chain BROKEN: entry ${where} was altered: its content no longer matches its hash (${verified})`;
    case 'removed': {
      const last = entry.position - 1;
      const missing =
        last === result.firstBadPosition
          ? `the entry at position ${last} of chain ${result.chain} was`
          : `the entries at positions ${result.firstBadPosition}–${last} of chain ${result.chain} were`;
      return `audit chain BROKEN: ${missing} removed: the chain resumes at ${where}, whose predecessor is missing (${verified})`;
    }
    case 'broken_link':
      return `audit chain BROKEN: entry ${where} does not link to position ${result.firstBadPosition} of chain ${result.chain} before it: one of the two was rewritten with a recomputed hash (${verified})`;
  }
}
