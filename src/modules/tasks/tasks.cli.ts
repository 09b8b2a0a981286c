import { readFile } from 'node:fs/promises';
import { cliActor, UsageError, type CommandPlatform } from '../../platform/module/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import type { TasksApi } from './tasks.api.ts';

/** `egov tasks import FILE.xlsx`: as a system administrator; every problem named by its cell. */
export const importCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    const file = args[0];
    if (!file || args.length > 1) throw new UsageError('usage: egov tasks import FILE.xlsx');
    const content = await readFile(file);
    const p = await platform();
    try {
      const result = await p.api<TasksApi>('tasks').importWorkbook(cliActor(), content);
      process.stdout.write(`tasks: ${result.imported} task(s) imported\n`);
      return 0;
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'tasks.import_invalid') throw error;
      for (const f of error.fields) process.stderr.write(`${f.field}: ${f.message}\n`);
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
  },
};
