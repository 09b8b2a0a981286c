import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { actors, BAI_CHAY, HONG_GAI, QUANG_NINH, setUpReporting, VAN_DON } from './reporting.test-support.ts';
import { MONTHLY_REGIME } from './reporting.seed-data.ts';

// A regime whose wards send 2 working days after the cut-off and whose provinces send 5 days
// after it (they first accept their wards' reports). Dates hand-checked against the 2026–2027
// calendar: Tết 16–20 Feb 2026 and 5–11 Feb 2027, Hùng Kings 16 Apr 2027.
const REGIME = 'TEST-LEVELS';
const CASES: [period: string, ward: string, province: string][] = [
  ['2026-M01', '2026-01-16', '2026-01-21'],
  ['2026-M02', '2026-02-24', '2026-02-27'],
  ['2026-M11', '2026-11-17', '2026-11-20'],
  ['2026-M12', '2026-12-16', '2026-12-21'],
  ['2027-M02', '2027-02-16', '2027-02-19'],
  ['2027-M04', '2027-04-19', '2027-04-22'],
];

describe('send deadlines per level (commune → province → ministry)', () => {
  let env: Awaited<ReturnType<typeof setUpReporting>>;
  beforeAll(async () => {
    env = await setUpReporting();
    await env.api.defineRegime(actors.admin, { ...MONTHLY_REGIME, code: REGIME, receivingUnitCode: 'VN', levelDeadlines: { commune: 2, province: 5, ministry: 8 }, units: [QUANG_NINH, HONG_GAI, BAI_CHAY, VAN_DON] });
    await sql`UPDATE reporting_units SET contact_email = 'baocao.' || replace(lower(code), '.', '-') || '@demo.egov.vn' WHERE code IN (${QUANG_NINH}, ${HONG_GAI}, ${BAI_CHAY}, ${VAN_DON})`.execute(env.db);
  }, 180_000);
  afterAll(async () => env.close());

  it('stores each level’s deadline with the regime', async () => {
    const regime = (await env.api.listRegimes()).find((r) => r.code === REGIME)!;
    expect(regime).toMatchObject({ deadlineWorkingDays: 2, levelDeadlines: { commune: 2, province: 5, ministry: 8 } });
    expect((await env.api.listRegimes()).find((r) => r.code === MONTHLY_REGIME.code)!.levelDeadlines).toEqual({});
  });

  it.each(CASES)('%s: the ward sends by %s, the province by %s', async (period, ward, province) => {
    expect((await env.api.getReport(actors.hongGaiOfficer, { regime: REGIME, period })).deadline).toBe(ward);
    expect((await env.api.getReport(actors.quangNinhOfficer, { regime: REGIME, period })).deadline).toBe(province);
    // The same province in a regime without level deadlines sends with its wards.
    expect((await env.api.getReport(actors.quangNinhOfficer, { regime: MONTHLY_REGIME.code, period })).deadline).toBe(ward);
  });

  it('reminds each level before its own deadline', async () => {
    // Thursday 19 November 2026: the wards' deadline (Tue 17) is two working days past, the province's (Fri 20) one day away.
    await env.api.sendReminders(new Date('2026-11-19T01:00:00Z'), 1);
    const mails = (await sql<{ payload: { to: string; subject: string } }>`SELECT payload FROM outbox_events WHERE type = 'mail.send'`.execute(env.db)).rows.map((r) => r.payload);
    const ours = mails.filter((m) => m.subject.includes('2026-M11'));
    expect(ours.map((m) => m.to)).toEqual(['baocao.p-22@demo.egov.vn']);
    expect(ours[0]!.subject).toContain('hạn gửi 2026-11-20');
  });

  it('judges each unit against its own level’s deadline', async () => {
    // Both sent on Thursday 19 November: late for a ward (due Tue 17), on time for the province (due Fri 20).
    const sentAt = '2026-11-19T03:00:00Z';
    await sql`INSERT INTO reporting_submissions (regime_code, period, unit_code, state, sent_at) VALUES (${REGIME}, '2026-M11', ${HONG_GAI}, 'approved', ${sentAt}), (${REGIME}, '2026-M11', ${QUANG_NINH}, 'approved', ${sentAt})`.execute(env.db);
    const key = { regime: REGIME, period: '2026-M11' };
    const wards = await env.api.progress(actors.quangNinhLeader, key);
    expect(wards.deadline).toBe('2026-11-17');
    expect(wards.units.map((u) => [u.unitCode, u.deadline, u.timeliness])).toEqual([
      [BAI_CHAY, '2026-11-17', 'overdue'],
      [HONG_GAI, '2026-11-17', 'late'],
      [VAN_DON, '2026-11-17', 'overdue'],
    ]);
    const provinces = await env.api.progress(actors.governmentLeader, key);
    expect(provinces.units.map((u) => [u.unitCode, u.deadline, u.timeliness])).toEqual([[QUANG_NINH, '2026-11-20', 'on_time']]);
  });

  it('refuses a level that is not a kind of unit, and days that are not whole working days from 0 to 60', async () => {
    const base = { ...MONTHLY_REGIME, code: 'TEST-LEVELS-BAD', receivingUnitCode: 'VN', units: [QUANG_NINH, HONG_GAI] };
    for (const levelDeadlines of [{ village: 3 }, { province: 61 }, { province: 2.5 }, { commune: -1 }]) {
      await expect(env.api.defineRegime(actors.admin, { ...base, levelDeadlines } as never)).rejects.toMatchObject({ code: 'reporting.config_invalid' });
    }
    expect((await env.api.listRegimes()).map((r) => r.code)).not.toContain('TEST-LEVELS-BAD');
  });
});
