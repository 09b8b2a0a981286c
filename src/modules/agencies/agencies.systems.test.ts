import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { actors, setUpAgencies } from './agencies.test-support.ts';

// What the exchange's VXP transport (the Government Office SDK's calls, issue #20) needs from
// the directory and the integration clients: the time zone a client's clock reads in, the
// directory by QĐ 20 level, an agency's units, and a system removing its own units.

let env: Awaited<ReturnType<typeof setUpAgencies>>;

beforeAll(async () => {
  env = await setUpAgencies();
});
afterAll(async () => {
  await env?.close();
});

const auditOf = async (entityId: string) =>
  (await sql<{ action: string; actor: string; data: Record<string, unknown> }>`SELECT action, actor, data FROM audit_log WHERE entity_id = ${entityId} ORDER BY occurred_at, seq`.execute(env.db)).rows;

describe('the time zone of an integration client', () => {
  it('is Asia/Ho_Chi_Minh unless the client is created with another one', async () => {
    const plain = await env.api.createClient(actors.admin, { agencyCode: '000.00.00.H49' });
    expect(await env.api.findClient(plain.clientId)).toMatchObject({ timeZone: 'Asia/Ho_Chi_Minh' });
    const utc = await env.api.createClient(actors.admin, { agencyCode: '000.00.00.H49', name: 'QLVB trong Docker', timeZone: 'UTC' });
    expect(await env.api.findClient(utc.clientId)).toMatchObject({ timeZone: 'UTC' });
    expect((await env.api.listClients(actors.admin, '000.00.00.H49')).find((c) => c.clientId === utc.clientId)).toMatchObject({ timeZone: 'UTC' });
    expect((await auditOf(utc.clientId))[0]?.data).toMatchObject({ timeZone: 'UTC' });
  });

  it('is changed by a manager of the client, audited', async () => {
    const { clientId } = await env.api.createClient(actors.adminH49, { agencyCode: '000.00.01.H49' });
    expect(await env.api.setClientTimeZone(actors.adminH49, clientId, 'Asia/Bangkok')).toEqual({ clientId, timeZone: 'Asia/Bangkok' });
    expect(await env.api.findClient(clientId)).toMatchObject({ timeZone: 'Asia/Bangkok' });
    expect((await auditOf(clientId)).at(-1)).toMatchObject({ action: 'integration_client.time_zone_set', actor: 'acc-qt-h49', data: { from: 'Asia/Ho_Chi_Minh', to: 'Asia/Bangkok' } });
    await expect(env.api.setClientTimeZone(actors.adminH29, clientId, 'UTC')).rejects.toMatchObject({ code: 'agencies.forbidden' });
    await expect(env.api.setClientTimeZone(actors.citizen, clientId, 'UTC')).rejects.toMatchObject({ code: 'agencies.forbidden' });
  });

  it('must be a time zone the server knows', async () => {
    for (const bad of ['Asia/Hanoi', 'GMT+7 ', '', 'x'.repeat(65), '../etc/passwd']) {
      await expect(env.api.createClient(actors.admin, { agencyCode: '000.00.00.H49', timeZone: bad }), bad).rejects.toMatchObject({ code: 'agencies.time_zone_invalid' });
    }
    const { clientId } = await env.api.createClient(actors.admin, { agencyCode: '000.00.00.H49' });
    await expect(env.api.setClientTimeZone(actors.admin, clientId, 'Mars/Olympus')).rejects.toMatchObject({ code: 'agencies.time_zone_invalid' });
    expect(await env.api.findClient(clientId)).toMatchObject({ timeZone: 'Asia/Ho_Chi_Minh' });
  });
});

describe('the directory for the SDK', () => {
  it('lists the agencies of one QĐ 20 level', async () => {
    const level1 = await env.api.searchAgencies({ level: 1, limit: 500 });
    expect(level1.items.length).toBeGreaterThan(30);
    expect(level1.items.every((a) => a.level === 1)).toBe(true);
    const level2 = await env.api.searchAgencies({ level: 2, limit: 500 });
    expect(level2.items.map((a) => a.code)).toContain('000.00.01.H49');
    expect(level2.items.every((a) => a.level === 2)).toBe(true);
  });

  it("lists an agency and every unit below it, and nothing of another agency's", async () => {
    const units = await env.api.listUnitsOf('000.00.00.H49');
    const codes = units.map((a) => a.code);
    expect(codes[0]).toBe('000.00.00.H49');
    expect(codes).toContain('000.00.01.H49');
    expect(codes.every((c) => c.endsWith('.H49'))).toBe(true);
    expect(codes).toEqual([...codes].sort());
    expect((await env.api.listUnitsOf('000.00.01.H49')).map((a) => a.code)).toEqual(codes.filter((c) => env.api.isWithin(c, '000.00.01.H49')));
    expect(await env.api.listUnitsOf('000.00.00.X99')).toEqual([]);
  });
});

describe('a system removing a unit of its agency from the directory', () => {
  const H49 = '000.00.00.H49';
  const system = { clientId: 'sys_0123456789abcdef0123', agencyCode: H49 };
  const insert = async (code: string, name: string, level: number) =>
    sql`INSERT INTO agencies (code, name, level, level1, parent_code) VALUES (${code}, ${name}, ${level}, 'H49', ${level === 3 ? '000.00.90.H49' : H49})`.execute(env.db);

  it('removes a unit below its agency, audited with what it was', async () => {
    await insert('000.00.90.H49', 'Ban Quản lý dự án (thử)', 2);
    const removed = await env.api.removeOwnUnit(system, '000.00.90.H49');
    expect(removed).toMatchObject({ code: '000.00.90.H49', name: 'Ban Quản lý dự án (thử)' });
    expect(await env.api.findAgency('000.00.90.H49')).toBeUndefined();
    expect(await auditOf('000.00.90.H49')).toEqual([
      { action: 'agency.removed', actor: system.clientId, data: expect.objectContaining({ agencyCode: H49, name: 'Ban Quản lý dự án (thử)', level: 2, parentCode: H49 }) },
    ]);
  });

  it('refuses its own agency, another agency and a unit elsewhere', async () => {
    for (const code of [H49, '000.00.00.H29', '000.00.01.H29', '000.00.00.G22']) {
      await expect(env.api.removeOwnUnit(system, code), code).rejects.toMatchObject({ code: 'agencies.unit_out_of_scope' });
    }
    expect(await env.api.findAgency(H49)).toBeDefined();
    await expect(env.api.removeOwnUnit({ ...system, agencyCode: '000.00.01.H49' }, '000.00.02.H49')).rejects.toMatchObject({ code: 'agencies.unit_out_of_scope' });
  });

  it('refuses a unit that is not in the directory, or is malformed', async () => {
    await expect(env.api.removeOwnUnit(system, '000.00.91.H49')).rejects.toMatchObject({ code: 'agencies.not_found' });
    await expect(env.api.removeOwnUnit(system, 'not a code')).rejects.toMatchObject({ code: 'agencies.unit_out_of_scope' });
  });

  it('refuses a unit that has units of its own or integration clients, and keeps it', async () => {
    await insert('000.00.90.H49', 'Ban Quản lý dự án (thử)', 2);
    await insert('000.01.90.H49', 'Phòng Kỹ thuật (thử)', 3);
    await expect(env.api.removeOwnUnit(system, '000.00.90.H49')).rejects.toMatchObject({ code: 'agencies.unit_has_units' });
    await env.api.removeOwnUnit(system, '000.01.90.H49');
    await env.api.createClient(actors.admin, { agencyCode: '000.00.90.H49' });
    await expect(env.api.removeOwnUnit(system, '000.00.90.H49')).rejects.toMatchObject({ code: 'agencies.unit_has_clients' });
    expect(await env.api.findAgency('000.00.90.H49')).toBeDefined();
  });
});
