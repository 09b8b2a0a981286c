import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { actors, BAI_CHAY, HONG_GAI, QUANG_NINH, setUpReporting, VAN_DON } from './reporting.test-support.ts';
import type { Indicator } from './reporting.types.ts';

const REGIME = 'TEST-ROLLUP';
const SAI_GON = 'C.26740';
const HCMC = 'P.79';
const base = { nameEn: 'x', unit: 'x', valueType: 'decimal' as const, weightIndicator: null, formula: null, minValue: null, maxValue: null, disaggregation: [] };
const INDICATORS: Indicator[] = [
  { ...base, code: 'T_SUM', name: 'Tổng', aggregation: 'SUM' },
  { ...base, code: 'T_W', name: 'Trọng số', aggregation: 'SUM' },
  { ...base, code: 'T_AVG', name: 'Bình quân gia quyền', aggregation: 'AVG', weightIndicator: 'T_W' },
  { ...base, code: 'T_MEAN', name: 'Bình quân', aggregation: 'AVG' },
  { ...base, code: 'T_MAX', name: 'Lớn nhất', aggregation: 'MAX' },
  { ...base, code: 'T_MIN', name: 'Nhỏ nhất', aggregation: 'MIN' },
  { ...base, code: 'T_F', name: 'Công thức', aggregation: 'FORMULA', formula: 'T_SUM * 100 / T_W' },
];

const official = (id: string, agencyCode: string, role: string): Actor => ({ accountId: id, kind: 'official', displayName: id, agencyCode, roles: [role] });
const WARDS: Record<string, { agency: string; parent: Actor }> = {
  [HONG_GAI]: { agency: '000.00.51.H49', parent: actors.quangNinhLeader },
  [BAI_CHAY]: { agency: '000.00.52.H49', parent: actors.quangNinhLeader },
  [VAN_DON]: { agency: '000.00.53.H49', parent: actors.quangNinhLeader },
  [SAI_GON]: { agency: '000.00.51.H29', parent: actors.hcmcLeader },
};

describe('roll-ups up the unit tree, by each indicator’s rule, as submissions are accepted', () => {
  let env: Awaited<ReturnType<typeof setUpReporting>>;
  beforeAll(async () => {
    env = await setUpReporting();
    await env.api.defineIndicators(actors.admin, INDICATORS);
    await env.api.defineRegime(actors.admin, {
      code: REGIME, name: 'Thử', nameEn: 'Test', legalBasis: 'Thử', frequency: 'monthly', deadlineWorkingDays: 2, receivingUnitCode: 'VN',
      narrativeSections: [], rules: [], indicators: INDICATORS.map((i) => i.code), units: [QUANG_NINH, HONG_GAI, BAI_CHAY, VAN_DON, HCMC, SAI_GON],
    });
  }, 180_000);
  afterAll(async () => env.close());

  async function acceptWard(unit: string, period: string, values: [number, number, number, number, number], options: { accept: boolean } = { accept: true }) {
    const [sum, weight, avg, max, min] = values;
    const { agency, parent } = WARDS[unit]!;
    const key = { regime: REGIME, period };
    await env.api.saveReport(official(`${unit}-o`, agency, 'reporting_officer'), { ...key, values: { T_SUM: sum, T_W: weight, T_AVG: avg, T_MEAN: avg, T_MAX: max, T_MIN: min } });
    await env.api.submit(official(`${unit}-o`, agency, 'reporting_officer'), key);
    await env.api.approve(official(`${unit}-l`, agency, 'reporting_leader'), key);
    if (options.accept) await env.api.accept(parent, { ...key, unit });
  }

  async function at(unit: string, period: string): Promise<Record<string, number | null>> {
    const points = await env.api.series(actors.governmentLeader, { regime: REGIME, unit, indicators: [], periods: [period] });
    return Object.fromEntries(points.map((p) => [p.indicator, p.value === null ? null : Math.round(p.value * 10_000) / 10_000]));
  }

  it('adds each accepted ward to its province and the nation: SUM, AVG weighted, AVG, MAX, MIN, formula', async () => {
    await acceptWard(HONG_GAI, '2026-M11', [10, 100, 50, 5, 5]);
    expect(await at(QUANG_NINH, '2026-M11')).toEqual({ T_SUM: 10, T_W: 100, T_AVG: 50, T_MEAN: 50, T_MAX: 5, T_MIN: 5, T_F: 10 });
    await acceptWard(BAI_CHAY, '2026-M11', [20, 300, 10, 9, 2]);
    await acceptWard(VAN_DON, '2026-M11', [30, 600, 20, 7, 8]);
    // Weighted: (50×100 + 10×300 + 20×600) / 1000 = 20, not the plain mean 26.67; the formula is
    // the ratio of the sums (60 × 100 / 1000 = 6), not a sum or mean of the wards' ratios.
    expect(await at(QUANG_NINH, '2026-M11')).toEqual({ T_SUM: 60, T_W: 1000, T_AVG: 20, T_MEAN: 26.6667, T_MAX: 9, T_MIN: 2, T_F: 6 });
    await acceptWard(SAI_GON, '2026-M11', [5, 100, 80, 100, 1]);
    expect(await at(HCMC, '2026-M11')).toEqual({ T_SUM: 5, T_W: 100, T_AVG: 80, T_MEAN: 80, T_MAX: 100, T_MIN: 1, T_F: 5 });
    expect(await at('VN', '2026-M11')).toEqual({ T_SUM: 65, T_W: 1100, T_AVG: 25.4545, T_MEAN: 40, T_MAX: 100, T_MIN: 1, T_F: 5.9091 });
    // A ward's own roll-up is its own values, read where they are: no roll-up row copies them.
    expect(await at(BAI_CHAY, '2026-M11')).toMatchObject({ T_SUM: 20, T_MAX: 9 });
    const copies = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reporting_rollups WHERE unit_code IN (${HONG_GAI}, ${BAI_CHAY}, ${VAN_DON}, ${SAI_GON})`.execute(env.db);
    expect(copies.rows[0]!.n).toBe(0);
  });

  it('takes an unlocked ward out again: sums subtracted, maximum and minimum found again among the rest', async () => {
    await env.api.unlock(actors.quangNinhLeader, { regime: REGIME, period: '2026-M11', unit: BAI_CHAY, reason: 'Số liệu sai' });
    expect(await at(QUANG_NINH, '2026-M11')).toEqual({ T_SUM: 40, T_W: 700, T_AVG: 24.2857, T_MEAN: 35, T_MAX: 7, T_MIN: 5, T_F: 5.7143 });
    expect(await at('VN', '2026-M11')).toEqual({ T_SUM: 45, T_W: 800, T_AVG: 31.25, T_MEAN: 50, T_MAX: 100, T_MIN: 1, T_F: 5.625 });
    expect(await at(BAI_CHAY, '2026-M11')).toEqual({ T_SUM: null, T_W: null, T_AVG: null, T_MEAN: null, T_MAX: null, T_MIN: null, T_F: null });
    // Corrected and accepted again, it counts once.
    const key = { regime: REGIME, period: '2026-M11' };
    const officer = official('bc-o', '000.00.52.H49', 'reporting_officer');
    await env.api.saveReport(officer, { ...key, values: { T_SUM: 25, T_W: 300, T_AVG: 10, T_MEAN: 10, T_MAX: 3, T_MIN: 4 } });
    await env.api.submit(officer, key);
    await env.api.approve(official('bc-l', '000.00.52.H49', 'reporting_leader'), key);
    await env.api.accept(actors.quangNinhLeader, { ...key, unit: BAI_CHAY });
    expect(await at(QUANG_NINH, '2026-M11')).toMatchObject({ T_SUM: 65, T_W: 1000, T_MAX: 7, T_MIN: 4 });
  });

  it('answers time series and this period against the same period last year', async () => {
    await acceptWard(HONG_GAI, '2025-M11', [8, 100, 40, 5, 5]);
    await acceptWard(HONG_GAI, '2026-M10', [9, 100, 45, 5, 5]);
    const series = await env.api.series(actors.quangNinhOfficer, { regime: REGIME, unit: QUANG_NINH, indicators: ['T_SUM'], periods: ['2026-M09', '2026-M10', '2026-M11'] });
    expect(series).toEqual([
      { period: '2026-M09', indicator: 'T_SUM', value: null },
      { period: '2026-M10', indicator: 'T_SUM', value: 9 },
      { period: '2026-M11', indicator: 'T_SUM', value: 65 },
    ]);
    const comparison = await env.api.compare(actors.quangNinhOfficer, { regime: REGIME, unit: QUANG_NINH, period: '2026-M11' });
    expect(comparison.find((c) => c.indicator === 'T_SUM')).toMatchObject({ value: 65, lastYear: 8, changePercent: 712.5 });
    // A ward sees its own series, not its province's; the province does not see another province.
    await expect(env.api.series(official('hg-o', '000.00.51.H49', 'reporting_officer'), { regime: REGIME, unit: QUANG_NINH, indicators: [], periods: ['2026-M11'] })).rejects.toMatchObject({ code: 'reporting.forbidden' });
    await expect(env.api.series(actors.hcmcLeader, { regime: REGIME, unit: QUANG_NINH, indicators: [], periods: ['2026-M11'] })).rejects.toMatchObject({ code: 'reporting.forbidden' });
  });

  it('accepts every report the children sent up at once, with the same roll-ups as one by one', async () => {
    await acceptWard(HONG_GAI, '2026-M09', [10, 100, 50, 5, 5], { accept: false });
    await acceptWard(BAI_CHAY, '2026-M09', [20, 300, 10, 9, 2], { accept: false });
    await acceptWard(VAN_DON, '2026-M09', [30, 600, 20, 7, 8], { accept: false });
    await acceptWard(SAI_GON, '2026-M09', [5, 100, 80, 100, 1], { accept: false });
    expect(await env.api.acceptAll(actors.quangNinhLeader, { regime: REGIME, period: '2026-M09' })).toEqual({ accepted: [BAI_CHAY, HONG_GAI, VAN_DON] });
    expect(await at(QUANG_NINH, '2026-M09')).toEqual({ T_SUM: 60, T_W: 1000, T_AVG: 20, T_MEAN: 26.6667, T_MAX: 9, T_MIN: 2, T_F: 6 });
    expect(await at('VN', '2026-M09')).toMatchObject({ T_SUM: 60 });
    expect(await env.api.acceptAll(actors.quangNinhLeader, { regime: REGIME, period: '2026-M09' })).toEqual({ accepted: [] });
    await expect(env.api.acceptAll(official('hg-o', '000.00.51.H49', 'reporting_officer'), { regime: REGIME, period: '2026-M09' })).rejects.toMatchObject({ code: 'reporting.forbidden' });
    // Each acceptance is audited, and an accepted report unlocks as one accepted alone.
    await env.api.unlock(actors.quangNinhLeader, { regime: REGIME, period: '2026-M09', unit: BAI_CHAY, reason: 'Kiểm tra lại' });
    expect(await at(QUANG_NINH, '2026-M09')).toMatchObject({ T_SUM: 40, T_MAX: 7, T_MIN: 5 });
  });
});
