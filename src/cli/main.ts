import { ConfigError, loadConfig } from '../platform/config/index.ts';
import { createLogger } from '../platform/logging/index.ts';
import { compose, type Composition } from '../app/composition.ts';
import { MODULES } from '../app/modules.ts';
import { UsageError, type Command } from './command.ts';

/** A command as the dispatcher knows it before loading it: the platform's own, or one a module contributes. */
interface Entry {
  name: string;
  load(): Promise<{ summary?: string; usage?: string; run(args: string[], platform: () => Promise<Composition>): Promise<number | void> }>;
  summary?: string;
  usage?: string;
}

const PLATFORM_COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./commands/start.ts')).start,
  serve: async () => (await import('./commands/start.ts')).serve,
  worker: async () => (await import('./commands/start.ts')).worker,
  migrate: async () => (await import('./commands/migrate.ts')).migrateCommand,
  seed: async () => (await import('./commands/seed.ts')).seedCommand,
  audit: async () => (await import('./commands/audit.ts')).auditCommand,
  events: async () => (await import('./commands/events.ts')).eventsCommand,
  files: async () => (await import('./commands/files.ts')).filesCommand,
};

/** Every command: the platform's, then each module's (a module's name may have two words: `import units`). */
export function commandEntries(): Entry[] {
  const entries: Entry[] = Object.entries(PLATFORM_COMMANDS).map(([name, load]) => ({ name, load }));
  for (const module of MODULES) {
    for (const command of module.commands ?? []) {
      if (entries.some((e) => e.name === command.name)) throw new Error(`two commands are named "${command.name}" (module ${module.name})`);
      entries.push({ name: command.name, summary: command.summary, usage: command.usage, load: command.load });
    }
  }
  return entries;
}

/** The command whose name is the longest prefix of the arguments. */
function find(argv: string[]): { entry: Entry; args: string[] } | undefined {
  let best: { entry: Entry; args: string[] } | undefined;
  for (const entry of commandEntries()) {
    const words = entry.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.entry.name.split(' ').length)) best = { entry, args: argv.slice(words.length) };
  }
  return best;
}

export async function main(argv: string[]): Promise<void> {
  const [name] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    await printHelp();
    return;
  }
  const found = find(argv);
  if (!found) {
    process.stderr.write(`egov: unknown command "${argv.slice(0, 2).join(' ')}"\n\n`);
    await printHelp();
    process.exitCode = 2;
    return;
  }
  const { entry, args } = found;
  const command = await entry.load();
  const usage = entry.usage ?? command.usage ?? '';
  let composition: Composition | undefined;
  const platform = async () => {
    if (composition) return composition;
    const config = loadConfig();
    composition = await compose(config, createLogger(config.logLevel));
    return composition;
  };
  try {
    const code = await command.run(args, platform);
    if (typeof code === 'number') process.exitCode = code;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 78; // EX_CONFIG
    } else if (error instanceof UsageError) {
      process.stderr.write(`egov ${entry.name}: ${error.message}\nusage: ${usage}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`egov ${entry.name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  }
  // Long-running commands (start/serve/worker) keep their own handles open.
  if (!['start', 'serve', 'worker'].includes(entry.name)) await composition?.close();
}

async function printHelp(): Promise<void> {
  const lines = ['egov — e-Government platform', '', 'Commands:'];
  for (const entry of commandEntries()) {
    const summary = entry.summary ?? (await entry.load()).summary ?? '';
    lines.push(`  ${entry.name.padEnd(18)} ${summary}`);
  }
  lines.push('', 'Configuration comes from the environment (see README.md).');
  process.stdout.write(`${lines.join('\n')}\n`);
}
