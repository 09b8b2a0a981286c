import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import { actors, BAI_CHAY, HONG_GAI, QUANG_NINH, setUpReporting, VAN_DON, validMonth } from './reporting.test-support.ts';

const REGIME = 'KTXH-THANG';
const PERIOD = '2026-M11';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return 'resolved';
}

describe('data entry and the approval chain', () => {
  let env: Awaited<ReturnType<typeof setUpReporting>>;
  beforeAll(async () => {
    env = await setUpReporting();
  }, 180_000);
  afterAll(async () => env.close());

  const auditActions = async (submissionId: number) =>
    (await sql<{ action: string }>`SELECT action FROM audit_log WHERE entity_type = 'reporting_submission' AND entity_id = ${String(submissionId)} ORDER BY seq`.execute(env.db)).rows.map((r) => r.action);

  it('saves a draft with every problem named, and blocks its submission until they are fixed', async () => {
    const { api } = env;
    const saved = await api.saveReport(actors.hongGaiOfficer, {
      regime: REGIME,
      period: PERIOD,
      values: validMonth({ POOR_HOUSEHOLDS: 12_000, 'POPULATION|sex=female': 20_000, HEALTH_INSURANCE_COVERAGE: 103, NEW_ENTERPRISES: '3,5', TRAFFIC_ACCIDENTS: 'abc' }),
      narrative: { situation: 'Tình hình ổn định.' },
    });
    const kinds = saved.problems.map((p) => `${p.key}:${p.kind}`).sort();
    expect(kinds).toEqual([
      'HEALTH_INSURANCE_COVERAGE:aboveMax',
      'NEW_ENTERPRISES:notInteger',
      'POOR_HOUSEHOLDS:ruleLte',
      'POPULATION:sumMismatch',
      'TRAFFIC_ACCIDENTS:notNumber',
    ]);
    expect(saved.submission.state).toBe('draft');
    expect(saved.submission.narrative).toEqual({ situation: 'Tình hình ổn định.' });
    expect(await codeOf(api.submit(actors.hongGaiOfficer, { regime: REGIME, period: PERIOD }))).toBe('reporting.values_invalid');

    const fixed = await api.saveReport(actors.hongGaiOfficer, { regime: REGIME, period: PERIOD, values: validMonth(), version: saved.submission.version });
    expect(fixed.problems).toEqual([]);
    expect(fixed.submission.narrative).toEqual({ situation: 'Tình hình ổn định.' });
    // A save over a version read before another save is refused.
    expect(await codeOf(api.saveReport(actors.hongGaiOfficer, { regime: REGIME, period: PERIOD, values: validMonth(), version: saved.submission.version }))).toBe('reporting.version_conflict');
  });

  it('keeps a unit out of another unit’s drafts, for reading and writing', async () => {
    const { api } = env;
    expect(await codeOf(api.getReport(actors.baiChayOfficer, { regime: REGIME, period: PERIOD, unit: HONG_GAI }))).toBe('reporting.forbidden');
    expect(await codeOf(api.saveReport(actors.baiChayOfficer, { regime: REGIME, period: PERIOD, unit: HONG_GAI, values: validMonth() }))).toBe('reporting.forbidden');
    expect(await codeOf(api.submit(actors.baiChayOfficer, { regime: REGIME, period: PERIOD, unit: HONG_GAI }))).toBe('reporting.forbidden');
    expect(await codeOf(api.getReport(actors.hcmcLeader, { regime: REGIME, period: PERIOD, unit: HONG_GAI }))).toBe('reporting.forbidden');
    // The province above sees that the ward has not sent, not what its draft holds.
    const fromAbove = await api.getReport(actors.quangNinhLeader, { regime: REGIME, period: PERIOD, unit: HONG_GAI });
    expect(fromAbove.submission).toBeNull();
    const own = await api.getReport(actors.hongGaiOfficer, { regime: REGIME, period: PERIOD });
    expect(own.submission?.values.POPULATION).toBe(40_000);
    expect(await codeOf(api.getReport(actors.citizen, { regime: REGIME, period: PERIOD }))).toBe('reporting.not_a_unit');
    expect(await codeOf(api.getReport(undefined, { regime: REGIME, period: PERIOD }))).toBe('reporting.unauthenticated');
  });

  it('goes draft → submitted → returned → submitted → approved and sent up (locked) → accepted, each step audited', async () => {
    const { api } = env;
    const key = { regime: REGIME, period: PERIOD };
    expect(await codeOf(api.approve(actors.hongGaiOfficer, key))).toBe('reporting.forbidden');
    const submitted = await api.submit(actors.hongGaiOfficer, key);
    expect(submitted.state).toBe('submitted');
    expect(await codeOf(api.returnReport(actors.hongGaiLeader, { ...key, reason: ' ' }))).toBe('reporting.reason_required');
    const returned = await api.returnReport(actors.hongGaiLeader, { ...key, reason: 'Kiểm tra lại số hộ nghèo' });
    expect(returned).toMatchObject({ state: 'returned', reason: 'Kiểm tra lại số hộ nghèo' });
    await api.saveReport(actors.hongGaiOfficer, { ...key, values: validMonth({ POOR_HOUSEHOLDS: 230 }) });
    await api.submit(actors.hongGaiOfficer, key);
    const approved = await api.approve(actors.hongGaiLeader, key);
    expect(approved.state).toBe('approved');
    expect(approved.sentAt).toBeInstanceOf(Date);
    expect(await codeOf(api.saveReport(actors.hongGaiOfficer, { ...key, values: validMonth() }))).toBe('reporting.locked');
    // Only the unit above accepts it; the ward cannot accept its own report.
    expect(await codeOf(api.accept(actors.hongGaiLeader, { ...key, unit: HONG_GAI }))).toBe('reporting.forbidden');
    const accepted = await api.accept(actors.quangNinhLeader, { ...key, unit: HONG_GAI });
    expect(accepted.state).toBe('accepted');
    expect(await auditActions(accepted.id)).toEqual([
      'reporting.saved', 'reporting.saved', 'reporting.submit', 'reporting.return', 'reporting.saved', 'reporting.submit', 'reporting.approve', 'reporting.accept',
    ]);
    const province = await api.getReport(actors.quangNinhLeader, { ...key, unit: HONG_GAI });
    expect(province.submission?.values.POOR_HOUSEHOLDS).toBe(230);
  });

  it('lets a parent approve only after each of its children is accepted', async () => {
    const { api } = env;
    const key = { regime: REGIME, period: PERIOD };
    await api.saveReport(actors.quangNinhOfficer, { ...key, values: {}, narrative: { situation: 'Toàn tỉnh ổn định.' } });
    const pending = await api.submit(actors.quangNinhOfficer, key).catch((e: unknown) => e);
    expect(isDomainError(pending) && pending.code).toBe('reporting.children_pending');
    expect(isDomainError(pending) && pending.details.units).toEqual([BAI_CHAY, VAN_DON]);
    // Bãi Cháy asks for a correction round, then both wards are accepted.
    await api.saveReport(actors.baiChayOfficer, { ...key, values: validMonth({ POPULATION: 30_000, 'POPULATION|sex=male': 15_000, 'POPULATION|sex=female': 15_000 }) });
    await api.submit(actors.baiChayOfficer, key);
    await api.approve(actors.baiChayLeader, key);
    const correction = await api.requestCorrection(actors.quangNinhLeader, { ...key, unit: BAI_CHAY, reason: 'Thiếu thuyết minh' });
    expect(correction.state).toBe('correction_requested');
    await api.submit(actors.baiChayOfficer, key);
    await api.approve(actors.baiChayLeader, key);
    await api.accept(actors.quangNinhLeader, { ...key, unit: BAI_CHAY });
    await api.saveReport(actors.vanDonOfficer, { ...key, values: validMonth() });
    await api.submit(actors.vanDonOfficer, key);
    const vanDonLeader = { ...actors.vanDonOfficer, accountId: 'vd-leader', roles: ['reporting_leader'] };
    await api.approve(vanDonLeader, key);
    await api.accept(actors.quangNinhLeader, { ...key, unit: VAN_DON });

    const view = await api.getReport(actors.quangNinhOfficer, key);
    expect(view.entersValues).toBe(false);
    expect(view.rollup.POPULATION).toBe(110_000);
    await api.submit(actors.quangNinhOfficer, key);
    const sent = await api.approve(actors.quangNinhLeader, key);
    expect(sent.state).toBe('approved');
    const national = await api.accept(actors.governmentLeader, { ...key, unit: QUANG_NINH });
    expect(national.state).toBe('accepted');
  });

  it('unlocks accepted data only explicitly, with a reason, audited, and takes it out of the roll-ups', async () => {
    const { api } = env;
    const key = { regime: REGIME, period: PERIOD };
    const nation = async () => (await api.compare(actors.governmentLeader, { ...key, unit: 'VN' })).find((c) => c.indicator === 'POPULATION')?.value;
    expect(await nation()).toBe(110_000);
    // The province's report above already counts the ward: it must be reopened first.
    expect(await codeOf(api.unlock(actors.quangNinhLeader, { ...key, unit: HONG_GAI, reason: 'Sai số dân' }))).toBe('reporting.state_conflict');
    expect(await codeOf(api.unlock(actors.governmentLeader, { ...key, unit: QUANG_NINH, reason: '' }))).toBe('reporting.reason_required');
    expect(await codeOf(api.unlock(actors.quangNinhLeader, { ...key, unit: QUANG_NINH, reason: 'Sai số dân' }))).toBe('reporting.forbidden');
    await api.unlock(actors.governmentLeader, { ...key, unit: QUANG_NINH, reason: 'Hồng Gai báo sai số dân' });
    const unlocked = await api.unlock(actors.quangNinhLeader, { ...key, unit: HONG_GAI, reason: 'Sai số dân' });
    expect(unlocked).toMatchObject({ state: 'correction_requested', reason: 'Sai số dân' });
    expect(await nation()).toBe(70_000);
    const entries = (await sql<{ action: string; data: { reason?: string } }>`SELECT action, data FROM audit_log WHERE action = 'reporting.unlock' ORDER BY seq`.execute(env.db)).rows;
    expect(entries.map((e) => e.data.reason)).toEqual(['Hồng Gai báo sai số dân', 'Sai số dân']);
    await api.saveReport(actors.hongGaiOfficer, { ...key, values: validMonth({ POPULATION: 41_000, 'POPULATION|sex=female': 21_500 }) });
    await api.submit(actors.hongGaiOfficer, key);
    await api.approve(actors.hongGaiLeader, key);
    await api.accept(actors.quangNinhLeader, { ...key, unit: HONG_GAI });
    expect(await nation()).toBe(111_000);
    // Each acceptance and unlock of a ward's figures is a fact, for the operations center to follow.
    const facts = (await sql<{ type: string; payload: { unit: string; path: string[] } }>`SELECT type, payload FROM event_facts WHERE type LIKE 'reporting.%' ORDER BY id`.execute(env.db)).rows;
    expect(facts.filter((f) => f.payload.unit === HONG_GAI).map((f) => f.type)).toEqual(['reporting.report_accepted', 'reporting.report_unlocked', 'reporting.report_accepted']);
    expect(facts[0]!.payload.path).toEqual([HONG_GAI, QUANG_NINH, 'VN']);
  });
});
