import { createTestPlatform } from '../../app/testing.ts';
import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { CabinetApi } from './index.ts';

// Test-only helpers (not exported through index.ts).

export const GOVERNMENT = [
  { id: 'pm', name: 'Thủ tướng A', position: 'prime_minister', role: 'cabinet_prime_minister' },
  { id: 'dpm1', name: 'Phó Thủ tướng B', position: 'deputy_prime_minister', role: 'cabinet_deputy_prime_minister' },
  { id: 'dpm2', name: 'Phó Thủ tướng C', position: 'deputy_prime_minister', role: 'cabinet_deputy_prime_minister' },
  ...[1, 2, 3, 4, 5, 6].map((n) => ({ id: `min${n}`, name: `Bộ trưởng ${n}`, position: 'minister', role: 'cabinet_minister' })),
] as const;
export type MemberId = (typeof GOVERNMENT)[number]['id'];

/** A member as a signed-in official, with a second factor given just now (the real clock). */
export function member(id: MemberId, secondFactorAt: string | null = new Date().toISOString()): Actor {
  const m = GOVERNMENT.find((g) => g.id === id)!;
  return { accountId: `acc-${id}`, kind: 'official', displayName: m.name, agencyCode: '000.00.00.G22', roles: [m.role], secondFactorAt };
}

export const secretariat: Actor = { accountId: 'acc-secretariat', kind: 'official', displayName: 'Thư ký', agencyCode: '000.00.00.G22', roles: ['cabinet_secretariat'] };
export const outsider: Actor = { accountId: 'acc-outsider', kind: 'official', displayName: 'Chuyên viên', agencyCode: '000.00.00.G15', roles: ['specialist'] };
export const admin: Actor = { accountId: 'acc-admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] };

/** A fake clock the test moves. */
export function fakeClock(start: string) {
  let at = new Date(start);
  return {
    now: () => new Date(at),
    set: (iso: string) => (at = new Date(iso)),
    advanceHours: (h: number) => (at = new Date(at.getTime() + h * 3_600_000)),
  };
}

/** The cabinet on a fresh database, nine members registered (PM, two deputies, six ministers). */
export async function setUpCabinet(start = '2026-12-07T01:00:00Z') {
  const clock = fakeClock(start);
  const platform = await createTestPlatform({ modules: ['cabinet'], seed: ['agencies'], options: { cabinet: { now: clock.now } } });
  const api = platform.api<CabinetApi>('cabinet');
  let seat = 0;
  for (const g of GOVERNMENT) {
    await api.registerMember(admin, { accountId: `acc-${g.id}`, fullName: g.name, email: `${g.id}@demo.egov.vn`, position: g.position, title: g.name, agencyCode: '000.00.00.G22', seat: ++seat });
  }
  const db = platform.ctx.db;
  const mails = async () => (await sql<{ payload: { to: string; subject: string; text: string } }>`SELECT payload FROM outbox_events WHERE type = 'mail.send' ORDER BY id`.execute(db)).rows.map((r) => r.payload);
  const facts = async (type: string) => (await sql<{ payload: Record<string, unknown> }>`SELECT payload FROM event_facts WHERE type = ${type} ORDER BY id`.execute(db)).rows.map((r) => r.payload);
  return { platform, api, clock, db, mails, facts, close: () => platform.close() };
}
