import { parseArgs } from 'node:util';
import { cliActor, UsageError, type CommandPlatform } from '../../platform/module/index.ts';
import type { AgenciesApi } from './agencies.api.ts';

const agenciesOf = async (platform: () => Promise<CommandPlatform>) => (await platform()).api<AgenciesApi>('agencies');

export const CLIENTS_USAGE = [
  'egov clients create --agency <code> [--name <text>] [--time-zone <IANA name>]',
  '       egov clients list --agency <code>',
  '       egov clients rotate <clientId> [--overlap-hours <n>]',
  '       egov clients revoke <clientId>',
  '       egov clients time-zone <clientId> <IANA name>',
].join('\n');

/**
 * Integration clients of agencies' IT systems. `create` and `rotate` print the secret as
 * JSON on stdout: it is shown this once and cannot be read back.
 */
export const clientsCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    const { positionals, values } = parseOrUsage(args);
    const [sub, ...rest] = positionals;
    const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    switch (sub) {
      case 'create': {
        noExtra(rest);
        const agencyCode = required(values.agency, '--agency');
        const agencies = await agenciesOf(platform);
        const created = await agencies.createClient(cliActor(), { agencyCode, name: values.name, timeZone: values['time-zone'] });
        print({ clientId: created.clientId, secret: created.secret, agencyCode: created.agencyCode, name: created.name, timeZone: created.timeZone });
        return 0;
      }
      case 'list': {
        noExtra(rest);
        const agencyCode = required(values.agency, '--agency');
        const agencies = await agenciesOf(platform);
        const clients = await agencies.listClients(cliActor(), agencyCode);
        print(clients.map((c) => ({ clientId: c.clientId, name: c.name, timeZone: c.timeZone, createdAt: c.createdAt, revokedAt: c.revokedAt, activeSecrets: c.activeSecrets })));
        return 0;
      }
      case 'rotate': {
        const clientId = oneClientId(rest);
        const overlapHours = values['overlap-hours'] === undefined ? undefined : Number(values['overlap-hours']);
        if (overlapHours !== undefined && !Number.isInteger(overlapHours)) throw new UsageError('--overlap-hours takes a whole number of hours');
        const agencies = await agenciesOf(platform);
        const rotated = await agencies.rotateClientSecret(cliActor(), clientId, { overlapHours });
        print({ clientId: rotated.clientId, secret: rotated.secret, previousSecretsValidUntil: rotated.previousValidUntil });
        return 0;
      }
      case 'revoke': {
        const clientId = oneClientId(rest);
        const agencies = await agenciesOf(platform);
        await agencies.revokeClient(cliActor(), clientId);
        print({ clientId, revoked: true });
        return 0;
      }
      case 'time-zone': {
        // The zone in which the client's local timestamps are read (VXP transport).
        const [clientId, timeZone, ...extra] = rest;
        if (!clientId || !timeZone) throw new UsageError('usage: egov clients time-zone <clientId> <IANA name, e.g. Asia/Ho_Chi_Minh or UTC>');
        noExtra(extra);
        const agencies = await agenciesOf(platform);
        print(await agencies.setClientTimeZone(cliActor(), clientId, timeZone));
        return 0;
      }
      default:
        throw new UsageError(sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`);
    }
  },
};

function parseOrUsage(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: { agency: { type: 'string' }, name: { type: 'string' }, 'overlap-hours': { type: 'string' }, 'time-zone': { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

function noExtra(rest: string[]): void {
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
}

function oneClientId(rest: string[]): string {
  const [clientId, ...extra] = rest;
  if (!clientId) throw new UsageError('missing <clientId>');
  noExtra(extra);
  return clientId;
}
