import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { actors, setUpReporting } from './reporting.test-support.ts';
import type { Indicator } from './reporting.types.ts';
import { valuesAtUnit } from './rollups.values.ts';

/**
 * The batch path (a province accepting all its communes at once) and the one-by-one path
 * (each commune accepted alone) must give the same roll-ups, for every rule and every part of
 * a disaggregated indicator, and both must equal what the accepted values add up to when
 * computed from scratch — also after reports are unlocked (MAX and MIN found again) and
 * accepted again. Random data from a fixed seed: a failure is reproducible.
 */

const REGIME = 'TEST-BATCH';
const ONE_BY_ONE = '2026-M05';
const BATCH = '2026-M06';
const AT_ONCE = '2026-M07';
const PROVINCES = { 'P.22': actors.quangNinhLeader, 'P.79': actors.hcmcLeader } as const;
const sex = { code: 'sex', name: 'Giới tính', nameEn: 'Sex', options: [{ code: 'male', name: 'Nam', nameEn: 'Male' }, { code: 'female', name: 'Nữ', nameEn: 'Female' }] };
const area = { code: 'area', name: 'Khu vực', nameEn: 'Area', options: [{ code: 'urban', name: 'Thành thị', nameEn: 'Urban' }, { code: 'rural', name: 'Nông thôn', nameEn: 'Rural' }] };
const base = { nameEn: 'x', unit: 'x', valueType: 'decimal' as const, weightIndicator: null, formula: null, minValue: null, maxValue: null, disaggregation: [] };
const INDICATORS: Indicator[] = [
  { ...base, code: 'R_SUM', name: 'Tổng', aggregation: 'SUM', disaggregation: [sex] },
  { ...base, code: 'R_W', name: 'Trọng số', aggregation: 'SUM' },
  { ...base, code: 'R_AVG', name: 'Bình quân gia quyền', aggregation: 'AVG', weightIndicator: 'R_W', disaggregation: [area] },
  { ...base, code: 'R_MEAN', name: 'Bình quân', aggregation: 'AVG' },
  { ...base, code: 'R_MAX', name: 'Lớn nhất', aggregation: 'MAX', disaggregation: [sex] },
  { ...base, code: 'R_MIN', name: 'Nhỏ nhất', aggregation: 'MIN' },
  { ...base, code: 'R_F', name: 'Công thức', aggregation: 'FORMULA', formula: '(R_SUM + R_MAX) * 100 / R_W' },
];
const RULE = new Map(INDICATORS.map((i) => [i.code, i]));

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Values = Record<string, number>;

function randomValues(next: () => number): Values {
  const amount = () => Math.round(next() * 1_000_000) / 100 - 2_000;
  const values: Values = { R_W: 1 + Math.round(next() * 5_000), R_MEAN: amount(), R_MIN: amount() };
  const male = amount();
  const female = amount();
  Object.assign(values, { R_SUM: male + female, 'R_SUM|sex=male': male, 'R_SUM|sex=female': female });
  for (const key of ['R_AVG', 'R_AVG|area=urban', 'R_AVG|area=rural', 'R_MAX', 'R_MAX|sex=male', 'R_MAX|sex=female']) {
    // Some parts left out: a group a unit did not report is not a zero.
    if (key === 'R_AVG' || key === 'R_MAX' || next() < 0.8) values[key] = amount();
  }
  return values;
}

/** What the communes' values add up to at a unit, by each rule, computed from scratch. */
function expected(reports: Values[]): Values {
  const out: Values = {};
  const keys = new Set(reports.flatMap((r) => Object.keys(r)));
  for (const key of keys) {
    const indicator = RULE.get(key.split('|')[0]!)!;
    const having = reports.filter((r) => r[key] !== undefined);
    const values = having.map((r) => r[key]!);
    if (values.length === 0) continue;
    switch (indicator.aggregation) {
      case 'SUM':
        out[key] = values.reduce((a, b) => a + b, 0);
        break;
      case 'AVG': {
        const weights = having.map((r) => (indicator.weightIndicator ? r[indicator.weightIndicator]! : 1));
        out[key] = values.reduce((a, v, i) => a + v * weights[i]!, 0) / weights.reduce((a, b) => a + b, 0);
        break;
      }
      case 'MAX':
        out[key] = Math.max(...values);
        break;
      case 'MIN':
        out[key] = Math.min(...values);
        break;
      default:
    }
  }
  if (out.R_SUM !== undefined && out.R_MAX !== undefined && out.R_W) out.R_F = ((out.R_SUM + out.R_MAX) * 100) / out.R_W;
  return out;
}

describe('a province accepting all its communes at once rolls up exactly as accepting them one by one', () => {
  let env: Awaited<ReturnType<typeof setUpReporting>>;
  let communes: { code: string; parent_code: keyof typeof PROVINCES }[];
  const reports = new Map<string, Values>();

  beforeAll(async () => {
    env = await setUpReporting();
    await env.api.defineIndicators(actors.admin, INDICATORS);
    const rows = await sql<{ code: string; parent_code: keyof typeof PROVINCES }>`
      SELECT code, parent_code FROM (
        SELECT code, parent_code, row_number() OVER (PARTITION BY parent_code ORDER BY code) AS n
        FROM reporting_units WHERE kind = 'commune' AND parent_code IN ('P.22', 'P.79') AND retired_at IS NULL
      ) c WHERE n <= 7 ORDER BY code`.execute(env.db);
    communes = rows.rows;
    await env.api.defineRegime(actors.admin, {
      code: REGIME, name: 'Thử', nameEn: 'Test', legalBasis: 'Thử', frequency: 'monthly', deadlineWorkingDays: 2, receivingUnitCode: 'VN',
      narrativeSections: [], rules: [], indicators: INDICATORS.map((i) => i.code), units: [...Object.keys(PROVINCES), ...communes.map((c) => c.code)],
    });
    const next = random(20_261_206);
    for (const commune of communes) reports.set(commune.code, randomValues(next));
    // The same reports in both months, approved and sent up; only the way they are accepted differs.
    for (const period of [ONE_BY_ONE, BATCH]) await sendUp(period, communes.map((c) => c.code));
  }, 180_000);
  afterAll(async () => env.close());

  async function sendUp(period: string, units: string[]): Promise<void> {
    for (const unit of units) {
      const inserted = await sql<{ id: number }>`
        INSERT INTO reporting_submissions (regime_code, period, unit_code, state, sent_at) VALUES (${REGIME}, ${period}, ${unit}, 'approved', now())
        ON CONFLICT (regime_code, period, unit_code) DO UPDATE SET state = 'approved'
        RETURNING id`.execute(env.db);
      const id = Number(inserted.rows[0]!.id);
      await sql`DELETE FROM reporting_values WHERE submission_id = ${id}`.execute(env.db);
      const entries = Object.entries(reports.get(unit)!);
      await sql`
        INSERT INTO reporting_values (submission_id, indicator_code, category, value)
        SELECT ${id}, split_part(k, '|', 1), split_part(k, '|', 2), v
        FROM unnest(${entries.map(([k]) => k)}::text[], ${entries.map(([, v]) => v)}::float8[]) AS e (k, v)`.execute(env.db);
    }
  }

  const acceptOneByOne = async (units: readonly { code: string; parent_code: keyof typeof PROVINCES }[]) => {
    for (const c of units) await env.api.accept(PROVINCES[c.parent_code], { regime: REGIME, period: ONE_BY_ONE, unit: c.code });
  };
  const acceptBatch = async () => {
    for (const leader of Object.values(PROVINCES)) await env.api.acceptAll(leader, { regime: REGIME, period: BATCH });
  };

  async function expectSameRollups(counted: (code: string) => boolean): Promise<void> {
    for (const unit of ['P.22', 'P.79', 'VN']) {
      const below = communes.filter((c) => (unit === 'VN' || c.parent_code === unit) && counted(c.code)).map((c) => reports.get(c.code)!);
      const want = expected(below);
      const oneByOne = await valuesAtUnit(env.db, REGIME, unit, ONE_BY_ONE, INDICATORS);
      const batch = await valuesAtUnit(env.db, REGIME, unit, BATCH, INDICATORS);
      expect(Object.keys(oneByOne).sort(), unit).toEqual(Object.keys(want).sort());
      expect(Object.keys(batch).sort(), unit).toEqual(Object.keys(want).sort());
      for (const [key, value] of Object.entries(want)) {
        expect(oneByOne[key], `${unit} ${key} one by one`).toBeCloseTo(value, 6);
        expect(batch[key], `${unit} ${key} batch`).toBeCloseTo(value, 6);
      }
    }
    // The stored running parts too, row for row.
    const rows = await sql<{ period: string; key: string; n: number; total: number; weight: number; weighted: number; max_value: number | null; min_value: number | null }>`
      SELECT period, unit_code || ' ' || indicator_code || '|' || category AS key, n, total, weight, weighted, max_value, min_value
      FROM reporting_rollups WHERE regime_code = ${REGIME} ORDER BY key`.execute(env.db);
    const of = (period: string) => rows.rows.filter((r) => r.period === period);
    expect(of(BATCH).map((r) => r.key)).toEqual(of(ONE_BY_ONE).map((r) => r.key));
    of(BATCH).forEach((r, i) => {
      const o = of(ONE_BY_ONE)[i]!;
      expect([r.n, r.max_value, r.min_value], r.key).toEqual([o.n, o.max_value, o.min_value]);
      for (const part of ['total', 'weight', 'weighted'] as const) expect(Number(r[part]), `${r.key} ${part}`).toBeCloseTo(Number(o[part]), 4);
    });
  }

  it('gives the same roll-ups, equal to the values added up from scratch, for every rule and part', async () => {
    await acceptOneByOne(communes);
    await acceptBatch();
    expect(communes.length).toBeGreaterThanOrEqual(10);
    await expectSameRollups(() => true);
  });

  it('stays the same after reports are unlocked (maximum and minimum found again) and accepted again', async () => {
    // The report holding the province's maximum of R_MAX and another holding its minimum of R_MIN go.
    const extreme = (province: string, pick: (vs: number[]) => number, key: string) => {
      const mine = communes.filter((c) => c.parent_code === province);
      const best = pick(mine.map((c) => reports.get(c.code)![key]!));
      return mine.find((c) => reports.get(c.code)![key] === best)!;
    };
    const gone = [...new Set([extreme('P.22', (v) => Math.max(...v), 'R_MAX'), extreme('P.79', (v) => Math.min(...v), 'R_MIN'), extreme('P.79', (v) => Math.max(...v), 'R_MAX')])];
    for (const period of [ONE_BY_ONE, BATCH]) {
      for (const c of gone) await env.api.unlock(PROVINCES[c.parent_code], { regime: REGIME, period, unit: c.code, reason: 'Kiểm tra lại' });
    }
    const out = new Set(gone.map((c) => c.code));
    await expectSameRollups((code) => !out.has(code));

    // Corrected with new figures and sent up again: one path accepts them one by one, the other all at once.
    const next = random(7);
    for (const c of gone) reports.set(c.code, randomValues(next));
    for (const period of [ONE_BY_ONE, BATCH]) await sendUp(period, gone.map((c) => c.code));
    await acceptOneByOne(gone);
    await acceptBatch();
    await expectSameRollups(() => true);
  });

  it('gives the same roll-ups when both provinces accept all at the same time (they meet at the nation\'s rows)', async () => {
    await sendUp(AT_ONCE, communes.map((c) => c.code));
    // On PostgreSQL two transactions at once, writing the nation's roll-up rows: in key order, so one waits for the other instead of deadlocking.
    const accepted = await Promise.all(Object.values(PROVINCES).map((leader) => env.api.acceptAll(leader, { regime: REGIME, period: AT_ONCE })));
    expect(accepted).toHaveLength(2);
    for (const unit of ['P.22', 'P.79', 'VN']) {
      const want = expected(communes.filter((c) => unit === 'VN' || c.parent_code === unit).map((c) => reports.get(c.code)!));
      const got = await valuesAtUnit(env.db, REGIME, unit, AT_ONCE, INDICATORS);
      expect(Object.keys(got).sort(), unit).toEqual(Object.keys(want).sort());
      for (const [key, value] of Object.entries(want)) expect(got[key], `${unit} ${key}`).toBeCloseTo(value, 6);
    }
  });
});
