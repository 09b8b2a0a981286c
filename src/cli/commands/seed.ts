import type { Composition } from '../../app/composition.ts';
import { UsageError, type Command } from '../command.ts';

/** Runs every module's idempotent demo seed, in composition order (agencies before identity). */
export async function runDemoSeed(composition: Composition, log: (line: string) => void): Promise<void> {
  for (const registration of composition.registrations) {
    if (registration.seedDemo) {
      log(`${registration.name}:`);
      await registration.seedDemo((line) => log(`  ${line}`));
    }
  }
}

export const seedCommand: Command = {
  summary: 'load demo data (idempotent)',
  usage: 'egov seed   (catalogue only: egov seed procedures [--synthetic N])',
  async run(args, platform) {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
    const composition = await platform();
    await composition.migrate();
    await runDemoSeed(composition, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write('demo data loaded\n');
  },
};
