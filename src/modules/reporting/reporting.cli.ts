import { parseArgs } from 'node:util';
import { cliActor, UsageError, type CommandPlatform } from '../../platform/module/index.ts';
import type { ReportingApi } from './reporting.api.ts';

/**
 * `egov reporting sync-units`: the unit tree from the administrative units (after `egov import
 * units`) and the agency directory. `egov reporting remind`: reminders of reports due soon or
 * just overdue (run it daily from cron; a reminder is never sent twice).
 */
export const reportingCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { 'working-days': { type: 'string' } } });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const [action, ...extra] = parsed.positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (action === 'sync-units') {
      const result = await (await platform()).api<ReportingApi>('reporting').syncUnits(cliActor());
      process.stdout.write(`${result.units} units, ${result.retired} retired\n`);
      return 0;
    }
    if (action === 'remind') {
      const days = parsed.values['working-days'] === undefined ? 2 : Number(parsed.values['working-days']);
      if (!Number.isInteger(days) || days < 0 || days > 20) throw new UsageError('--working-days must be an integer from 0 to 20');
      const result = await (await platform()).api<ReportingApi>('reporting').sendReminders(new Date(), days);
      process.stdout.write(`${result.sent} reminders queued\n`);
      return 0;
    }
    throw new UsageError(action ? `unknown action "${action}"` : 'missing action (sync-units or remind)');
  },
};
