import { readFile } from 'node:fs/promises';
import { cliActor, UsageError, type CommandPlatform } from '../../platform/module/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import type { TasksApi } from './index.ts';

/** `egov tasks import FILE.xlsx`: as a system administrator; every problem named by its cell. */
export const importCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    const file = args[0];
    if (!file || args.length > 1) throw new UsageError('usage: egov tasks import FILE.xlsx');
    const content = await readFile(file);
    const p = await platform();
    try {
      const result = await p.api<TasksApi>('tasks').importWorkbook(cliActor(), content);
      console.log(`tasks: ${result.imported} task(s) imported`);
      return 0;
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'tasks.import_invalid') throw error;
      for (const f of error.fields) console.error(`${f.field}: ${f.message}`);
      console.error(error.message);
      return 1;
    }
  },
};
