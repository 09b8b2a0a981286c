import { UsageError, type CommandPlatform } from '../../platform/module/index.ts';
import type { CabinetService as CabinetApi } from './cabinet.service.ts';

/**
 * `egov cabinet tick`: sends the opinion polls' reminders that fell due (each once) and closes
 * the polls whose deadline passed, counting non-replies by each poll's rule. Run it from cron
 * every few minutes; reading a poll after its deadline closes it too.
 */
export const cabinetCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    const [action, ...extra] = args;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (action !== 'tick') throw new UsageError(action ? `unknown action "${action}"` : 'missing action (tick)');
    const api = (await platform()).api<CabinetApi>('cabinet');
    const reminded = await api.sendDueReminders();
    const closed = await api.closeDuePolls();
    process.stdout.write(`${reminded.length} reminder(s) queued, ${closed.length} poll(s) closed\n`);
    return 0;
  },
};
