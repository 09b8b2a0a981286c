import { UsageError, type CommandPlatform } from '../../platform/module/index.ts';
import { archiveHistoryBefore, ensureHistoryMonths, listHistoryMonths } from './dossiers.history.ts';

/**
 * `egov dossiers history-months [--ahead N] [--from YYYY-MM]`: makes the monthly partitions of
 * the dossier history ahead of time (run it monthly from cron; entries of a month without a
 * partition are kept in the default one and moved when it is made).
 * `egov dossiers history-list`: the months and their entries.
 * `egov dossiers history-archive --before YYYY-MM`: detaches older months for archiving.
 */
export const dossiersCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    const [action, ...rest] = args;
    const options = parseOptions(rest);
    const db = async () => (await platform()).ctx.db;
    switch (action) {
      case 'history-months': {
        const ahead = options.ahead === undefined ? 12 : Number(options.ahead);
        const made = await ensureHistoryMonths(await db(), ahead, options.from);
        process.stdout.write(`${made} monthly partition(s) of the dossier history made\n`);
        return 0;
      }
      case 'history-list': {
        const { months, outsideMonths } = await listHistoryMonths(await db());
        for (const m of months) process.stdout.write(`${m.month}\t${m.entries}\n`);
        process.stdout.write(`outside the months made\t${outsideMonths}\n`);
        return 0;
      }
      case 'history-archive': {
        if (!options.before) throw new UsageError('history-archive needs --before YYYY-MM');
        const archived = await archiveHistoryBefore(await db(), options.before);
        for (const table of archived) process.stdout.write(`${table}\n`);
        process.stdout.write(`${archived.length} month(s) detached; dump each with pg_dump -t <table>, then DROP TABLE it\n`);
        return 0;
      }
      default:
        throw new UsageError(action ? `unknown action "${action}"` : 'missing action (history-months, history-list, history-archive)');
    }
  },
};

function parseOptions(args: string[]): { ahead?: string; from?: string; before?: string } {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i];
    const value = args[i + 1];
    if (name !== '--ahead' && name !== '--from' && name !== '--before') throw new UsageError(`unexpected argument "${name}"`);
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    out[name.slice(2)] = value;
  }
  return out;
}
