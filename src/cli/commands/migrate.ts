import type { Command } from '../command.ts';

export const migrateCommand: Command = {
  summary: 'apply pending database migrations',
  usage: 'egov migrate',
  async run(_args, platform) {
    const composition = await platform();
    const applied = await composition.migrate((id) => process.stdout.write(`applied ${id}\n`));
    process.stdout.write(applied.length === 0 ? 'database is up to date\n' : `${applied.length} migration(s) applied\n`);
  },
};
