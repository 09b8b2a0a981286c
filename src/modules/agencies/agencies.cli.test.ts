import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CommandPlatform } from '../../platform/module/index.ts';
import { clientsCommand } from './agencies.cli.ts';
import { setUpAgencies } from './agencies.test-support.ts';

let env: Awaited<ReturnType<typeof setUpAgencies>>;

beforeAll(async () => {
  env = await setUpAgencies();
});
afterAll(async () => {
  await env?.close();
});

async function clients(...args: string[]): Promise<unknown> {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    await clientsCommand.run(args, async () => env.platform as unknown as CommandPlatform);
  } finally {
    spy.mockRestore();
  }
  return JSON.parse(writes.join(''));
}

describe('egov clients and the time zone of a client', () => {
  it('creates a client in a time zone, lists it, and changes it', async () => {
    const created = (await clients('create', '--agency', '000.00.00.H49', '--name', 'QLVB', '--time-zone', 'UTC')) as { clientId: string; timeZone: string };
    expect(created.timeZone).toBe('UTC');
    expect(await clients('list', '--agency', '000.00.00.H49')).toEqual([expect.objectContaining({ clientId: created.clientId, timeZone: 'UTC' })]);
    expect(await clients('time-zone', created.clientId, 'Asia/Ho_Chi_Minh')).toEqual({ clientId: created.clientId, timeZone: 'Asia/Ho_Chi_Minh' });
    expect(await env.api.findClient(created.clientId)).toMatchObject({ timeZone: 'Asia/Ho_Chi_Minh' });
  });

  it('is Asia/Ho_Chi_Minh by default, and the command says how to set it', async () => {
    expect(await clients('create', '--agency', '000.00.00.H29')).toMatchObject({ timeZone: 'Asia/Ho_Chi_Minh' });
    await expect(clients('time-zone', 'sys_0123456789abcdef0123')).rejects.toThrow(/egov clients time-zone <clientId> <IANA name/);
    await expect(clients('create', '--agency', '000.00.00.H29', '--time-zone', 'Asia/Hanoi')).rejects.toMatchObject({ code: 'agencies.time_zone_invalid' });
  });
});
