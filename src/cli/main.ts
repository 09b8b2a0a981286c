import { ConfigError, loadConfig } from '../platform/config/index.ts';
import { createLogger } from '../platform/logging/index.ts';
import { compose, type Composition } from '../app/composition.ts';
import { UsageError, type Command } from './command.ts';


const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./commands/start.ts')).start,
  serve: async () => (await import('./commands/start.ts')).serve,
  worker: async () => (await import('./commands/start.ts')).worker,
  migrate: async () => (await import('./commands/migrate.ts')).migrateCommand,
  seed: async () => (await import('./commands/seed.ts')).seedCommand,
  import: async () => (await import('./commands/import.ts')).importCommand,
  clients: async () => (await import('./commands/clients.ts')).clientsCommand,
  audit: async () => (await import('./commands/audit.ts')).auditCommand,
  events: async () => (await import('./commands/events.ts')).eventsCommand,
  edxml: async () => (await import('./commands/edxml.ts')).edxmlCommand,
  files: async () => (await import('./commands/files.ts')).filesCommand,
  'create-admin': async () => (await import('./commands/create-admin.ts')).createAdminCommand,
};

export async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    await printHelp();
    return;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`egov: unknown command "${name}"\n\n`);
    await printHelp();
    process.exitCode = 2;
    return;
  }
  const command = await load();
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
      process.stderr.write(`egov ${name}: ${error.message}\nusage: ${command.usage}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`egov ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  }
  // Long-running commands (start/serve/worker) keep their own handles open.
  if (!['start', 'serve', 'worker'].includes(name)) await composition?.close();
}

async function printHelp(): Promise<void> {
  const lines = ['egov — e-Government platform', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const command = await load();
    lines.push(`  ${name.padEnd(14)} ${command.summary}`);
  }
  lines.push('', 'Configuration comes from the environment (see README.md).');
  process.stdout.write(`${lines.join('\n')}\n`);
}
