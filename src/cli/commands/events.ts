import path from 'node:path';
import { factConsumersOf, collectFactConsumers } from '../../app/worker.ts';
import { archiveMonth, consumerStatuses, listParkedFacts, restoreFacts } from '../../platform/events/index.ts';
import { UsageError, type Command } from '../command.ts';

const USAGE = [
  'egov events status',
  'egov events replay --consumer NAME',
  'egov events parked [--consumer NAME]',
  'egov events retry --consumer NAME --fact ID',
  'egov events archive --month YYYY-MM [--dir DIR] [--force]',
  'egov events restore FILE',
].join('\n       ');

/** Options of the form `--name value` and flags `--force`; anything else is a usage error. */
function parseOptions(args: string[], valued: string[], flags: string[] = []): { options: Record<string, string>; flags: Set<string>; rest: string[] } {
  const options: Record<string, string> = {};
  const set = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      rest.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (flags.includes(name)) set.add(name);
    else if (valued.includes(name)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      options[name] = value;
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return { options, flags: set, rest };
}

function required(options: Record<string, string>, name: string): string {
  const value = options[name];
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

/** `egov events …`: the fact log and its consumers (status, replay, parked facts, archives). */
export const eventsCommand: Command = {
  summary: 'fact consumers: status, replay, parked facts; archive and restore the fact log by month',
  usage: USAGE,
  async run(args, platform) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'status': {
        parseOptions(rest, []);
        const composition = await platform();
        const types = new Map(collectFactConsumers(composition.registrations).map((c) => [c.name, c.facts]));
        const statuses = await consumerStatuses(composition.ctx.db, types);
        if (statuses.length === 0) process.stdout.write('no fact consumer has run yet\n');
        for (const s of statuses) {
          const failing = s.failingFactId === null ? '' : `, failing on fact ${s.failingFactId} (${s.attempts} attempts: ${s.lastError ?? ''})`;
          const known = types.has(s.name) ? '' : ' (no longer registered)';
          process.stdout.write(`${s.name}${known}: ${s.handled} handled, ${s.behind} behind, ${s.parked} parked${failing}\n`);
        }
        return 0;
      }
      case 'replay': {
        const { options } = parseOptions(rest, ['consumer']);
        const name = required(options, 'consumer');
        const composition = await platform();
        await factConsumersOf(composition).replay(name);
        process.stdout.write(`${name} rewound: the worker now hands it the whole fact log again\n`);
        return 0;
      }
      case 'parked': {
        const { options } = parseOptions(rest, ['consumer']);
        const composition = await platform();
        const parked = await listParkedFacts(composition.ctx.db, options.consumer);
        if (parked.length === 0) process.stdout.write('no parked facts\n');
        for (const p of parked) process.stdout.write(`${p.consumer} fact ${p.factId} (${p.type}), ${p.attempts} attempts, ${p.parkedAt.toISOString()}: ${p.error}\n`);
        return 0;
      }
      case 'retry': {
        const { options } = parseOptions(rest, ['consumer', 'fact']);
        const name = required(options, 'consumer');
        const factId = Number(required(options, 'fact'));
        if (!Number.isSafeInteger(factId) || factId <= 0) throw new UsageError('--fact is a fact id (a positive whole number)');
        const composition = await platform();
        const handled = await factConsumersOf(composition).retryParked(name, factId);
        process.stdout.write(handled ? `fact ${factId} handled by ${name}\n` : `fact ${factId} is not parked for ${name}\n`);
        return handled ? 0 : 1;
      }
      case 'archive': {
        const { options, flags } = parseOptions(rest, ['month', 'dir'], ['force']);
        const month = required(options, 'month');
        const composition = await platform();
        const dir = options.dir ?? path.join(composition.ctx.config.dataDir, 'archive');
        const result = await archiveMonth(composition.ctx.db, month, dir, { force: flags.has('force') });
        process.stdout.write(result.facts === 0 ? `no facts recorded in ${month}\n` : `${result.facts} facts of ${month} moved to ${result.file}\n`);
        return 0;
      }
      case 'restore': {
        const { rest: files } = parseOptions(rest, []);
        if (files.length !== 1) throw new UsageError('name one archive file');
        const composition = await platform();
        const inserted = await restoreFacts(composition.ctx.db, files[0] as string);
        process.stdout.write(`${inserted} facts restored into the log\n`);
        return 0;
      }
      default:
        throw new UsageError(sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`);
    }
  },
};
