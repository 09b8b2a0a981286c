import { sweepFiles, SWEEP_GRACE_MS, type FileReferences } from '../../platform/files/index.ts';
import { UsageError, type Command } from '../command.ts';

/** Uploads in progress must never be swept: the grace period cannot be shorter than this. */
const MIN_GRACE_HOURS = 1;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * `egov files sweep [--dry-run] [--list] [--grace-hours N]`: removes the files of the file
 * store (DATA_DIR/files) that no module's records name and that are older than the grace
 * period (24 h by default), and temporary files left by uploads that never finished. Each
 * module that stores files says which it still names (ModuleRegistration.fileReferences).
 */
export const filesCommand: Command = {
  summary: 'remove stored files no record names (files sweep [--dry-run])',
  usage: 'egov files sweep [--dry-run] [--list] [--grace-hours N]',
  async run(args, platform) {
    const [sub, ...rest] = args;
    if (sub !== 'sweep') throw new UsageError(sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`);
    let dryRun = false;
    let list = false;
    let graceMs = SWEEP_GRACE_MS;
    for (let i = 0; i < rest.length; i++) {
      const [name, inline] = rest[i]!.split('=', 2) as [string, string | undefined];
      if (name === '--dry-run') dryRun = true;
      else if (name === '--list') list = true;
      else if (name === '--grace-hours') {
        const value = Number(inline ?? rest[++i]);
        if (!Number.isFinite(value) || value < MIN_GRACE_HOURS) throw new UsageError(`--grace-hours must be a number of hours, at least ${MIN_GRACE_HOURS}`);
        graceMs = value * 3600_000;
      } else throw new UsageError(`unexpected argument "${rest[i]}"`);
    }
    const { ctx, registrations } = await platform();
    const owners: FileReferences[] = registrations.flatMap((r) => (r.fileReferences ? [{ owner: r.name, referenced: r.fileReferences.bind(r) }] : []));
    const report = await sweepFiles(ctx.files, owners, {
      dryRun,
      graceMs,
      ...(list ? { onUnreferenced: (sha256: string, size: number) => void process.stdout.write(`${sha256} ${size}\n`) } : {}),
    });
    const verb = dryRun ? 'would be removed' : 'removed';
    process.stdout.write(
      [
        `file store sweep${dryRun ? ' (dry run)' : ''}: ${report.examined} files examined`,
        `  ${report.young} younger than ${graceMs / 3600_000} h: kept`,
        `  ${report.referenced} named by ${owners.map((o) => o.owner).join(', ')}: kept`,
        `  ${report.unreferenced} named by no record (${megabytes(report.unreferencedBytes)}): ${verb}`,
        ...(dryRun ? [] : [`  ${report.temporaryRemoved} temporary files of unfinished uploads: removed`]),
      ].join('\n') + '\n',
    );
    return 0;
  },
};
