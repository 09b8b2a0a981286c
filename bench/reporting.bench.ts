/**
 * `npm run bench:reporting` — the reporting system's roll-ups at national scale, on PostgreSQL.
 *
 * Loads BENCH_INDICATORS indicators (default 200: SUM, AVG weighted, MAX, MIN) for every commune
 * of the official table (3,321) over BENCH_MONTHS months (default 12) of a monthly regime: the
 * months before the last are accepted and rolled up in bulk; the last month's reports wait,
 * approved and sent up. Then each province accepts all its communes' reports of that month at
 * once through the use case (authorisation, lock, state, audit, facts, one incremental roll-up
 * statement to the province and the nation) — BENCH_ONE_BY_ONE=1 accepts them one at a time —,
 * 50 reports are unlocked and accepted again singly, and the national time series of every
 * indicator over all months is read. Prints the month's roll-up time, the single acceptance
 * time, and the time-series query time.
 *
 * Environment: DATABASE_URL (required; a scratch database is created and dropped),
 * BENCH_INDICATORS (200), BENCH_MONTHS (12), BENCH_COMMUNES (all).
 */
import { performance } from 'node:perf_hooks';
import { createTestPlatform } from '../src/app/testing.ts';
import { sql } from '../src/platform/db/index.ts';
import type { Actor } from '../src/platform/module/index.ts';
import type { Indicator, ReportingApi } from '../src/modules/reporting/index.ts';

const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 200);
const MONTHS = Number(process.env.BENCH_MONTHS ?? 12);
const COMMUNES = process.env.BENCH_COMMUNES ? Number(process.env.BENCH_COMMUNES) : undefined;
if (!process.env.DATABASE_URL) {
  console.error('bench:reporting needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  process.exit(2);
}

const admin: Actor = { accountId: 'bench-admin', kind: 'admin', displayName: 'bench', agencyCode: null, roles: [] };
const rules = ['SUM', 'SUM', 'SUM', 'AVG', 'MAX', 'MIN'] as const;
const indicators: Indicator[] = Array.from({ length: INDICATORS }, (_, i) => ({
  code: `B${String(i).padStart(3, '0')}`,
  name: `Chỉ tiêu ${i}`,
  nameEn: `Indicator ${i}`,
  unit: 'x',
  valueType: 'decimal',
  aggregation: i === 0 ? 'SUM' : rules[i % rules.length]!,
  weightIndicator: i !== 0 && rules[i % rules.length] === 'AVG' ? 'B000' : null,
  formula: null,
  minValue: null,
  maxValue: null,
  disaggregation: [],
}));
const months = Array.from({ length: MONTHS }, (_, i) => `2026-M${String(i + 1).padStart(2, '0')}`);
const last = months.at(-1)!;

const started = performance.now();
const platform = await createTestPlatform({ modules: ['reporting'], seed: ['agencies'] });
const api = platform.api<ReportingApi>('reporting');
const db = platform.ctx.db;
try {
  await api.syncUnits(admin);
  await api.defineIndicators(admin, indicators);
  const provinces = (await sql<{ code: string; agency_code: string }>`SELECT code, agency_code FROM reporting_units WHERE kind = 'province' ORDER BY code`.execute(db)).rows;
  let communes = (await sql<{ code: string; parent_code: string }>`SELECT code, parent_code FROM reporting_units WHERE kind = 'commune' AND retired_at IS NULL ORDER BY code`.execute(db)).rows;
  if (COMMUNES !== undefined) communes = communes.slice(0, COMMUNES);
  const units = [...provinces.map((p) => p.code), ...communes.map((c) => c.code)];
  await api.defineRegime(admin, { code: 'BENCH', name: 'Bench', nameEn: 'Bench', legalBasis: '-', frequency: 'monthly', deadlineWorkingDays: 2, receivingUnitCode: 'VN', narrativeSections: [], rules: [], indicators: indicators.map((i) => i.code), units });

  // Every commune's report of every month, with a value for each indicator, in bulk.
  const loadStart = performance.now();
  for (const period of months) {
    const state = period === last ? 'approved' : 'accepted';
    await sql`
      INSERT INTO reporting_submissions (regime_code, period, unit_code, state, sent_at, accepted_at, rolled_up)
      SELECT 'BENCH', ${period}, code, ${state}, now(), CASE WHEN ${state} = 'accepted' THEN now() END, ${state === 'accepted'}
      FROM unnest(${communes.map((c) => c.code)}::text[]) AS u (code)`.execute(db);
    await sql`
      INSERT INTO reporting_values (submission_id, indicator_code, category, value)
      SELECT s.id, i.code, '', 1 + abs(hashtext(s.unit_code || i.code || s.period)) % 10000
      FROM reporting_submissions s CROSS JOIN reporting_indicators i
      WHERE s.regime_code = 'BENCH' AND s.period = ${period} AND i.code LIKE 'B%'`.execute(db);
    if (state === 'accepted') {
      // Bulk roll-up of the history (the same parts the incremental path keeps) to the provinces and the nation.
      await sql`
        INSERT INTO reporting_rollups (regime_code, period, unit_code, indicator_code, category, n, total, weight, weighted, max_value, min_value)
        SELECT 'BENCH', ${period}, p.code, v.indicator_code, '', count(*), sum(v.value), sum(COALESCE(w.value, 1)), sum(v.value * COALESCE(w.value, 1)), max(v.value), min(v.value)
        FROM reporting_submissions s
        JOIN reporting_values v ON v.submission_id = s.id
        JOIN reporting_indicators i ON i.code = v.indicator_code
        LEFT JOIN reporting_values w ON w.submission_id = s.id AND w.indicator_code = i.weight_indicator
        JOIN reporting_units c ON c.code = s.unit_code
        CROSS JOIN LATERAL (VALUES (c.parent_code), ('VN')) AS p (code)
        WHERE s.regime_code = 'BENCH' AND s.period = ${period}
        GROUP BY p.code, v.indicator_code`.execute(db);
    }
  }
  await sql`ANALYZE`.execute(db);
  const values = (await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM reporting_values`.execute(db)).rows[0]!.n;
  console.log(`loaded ${communes.length} communes × ${INDICATORS} indicators × ${MONTHS} months = ${values.toLocaleString('en')} values in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

  // The last month: each province accepts all its communes' reports at once (one use case, one
  // roll-up statement each); with BENCH_ONE_BY_ONE=1, one acceptance at a time instead.
  const leaders = new Map(provinces.map((p) => [p.code, { accountId: `bench-${p.code}`, kind: 'official', displayName: p.code, agencyCode: p.agency_code, roles: ['reporting_leader'] } satisfies Actor]));
  const monthStart = performance.now();
  if (process.env.BENCH_ONE_BY_ONE === '1') {
    const times: number[] = [];
    for (const commune of communes) {
      const t0 = performance.now();
      await api.accept(leaders.get(commune.parent_code)!, { regime: 'BENCH', period: last, unit: commune.code });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))]!.toFixed(1);
    console.log(`one by one: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms per acceptance`);
  } else {
    const perProvince: number[] = [];
    for (const province of provinces) {
      const t0 = performance.now();
      await api.acceptAll(leaders.get(province.code)!, { regime: 'BENCH', period: last });
      perProvince.push(performance.now() - t0);
    }
    perProvince.sort((a, b) => a - b);
    console.log(`each province accepting all its communes at once: p50 ${perProvince[17]!.toFixed(0)} ms, max ${perProvince.at(-1)!.toFixed(0)} ms`);
  }
  const monthMs = performance.now() - monthStart;
  const accepted = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM reporting_submissions WHERE regime_code = 'BENCH' AND period = ${last} AND state = 'accepted'`.execute(db)).rows[0]!.n;
  if (accepted !== communes.length) throw new Error(`accepted ${accepted} of ${communes.length}`);
  console.log(`roll-up of ${last}: ${communes.length} reports accepted and rolled up to provinces and the nation in ${(monthMs / 1000).toFixed(2)} s`);

  // Single acceptances: 50 reports unlocked (taken out of the roll-ups) and accepted again.
  const sample = communes.slice(0, 50);
  const rollupTimes: number[] = [];
  for (const commune of sample) {
    await api.unlock(leaders.get(commune.parent_code)!, { regime: 'BENCH', period: last, unit: commune.code, reason: 'bench' });
    await sql`UPDATE reporting_submissions SET state = 'approved' WHERE regime_code = 'BENCH' AND period = ${last} AND unit_code = ${commune.code}`.execute(db);
    const t0 = performance.now();
    await api.accept(leaders.get(commune.parent_code)!, { regime: 'BENCH', period: last, unit: commune.code });
    rollupTimes.push(performance.now() - t0);
  }
  rollupTimes.sort((a, b) => a - b);
  console.log(`one report unlocked and accepted again, rolled up incrementally (50 reports): p50 ${rollupTimes[25]!.toFixed(1)} ms per acceptance`);

  // The national time series of every indicator over every month.
  const series: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const points = await api.series(admin, { regime: 'BENCH', unit: 'VN', indicators: [], periods: months });
    series.push(performance.now() - t0);
    if (points.length !== INDICATORS * MONTHS) throw new Error(`expected ${INDICATORS * MONTHS} points, got ${points.length}`);
  }
  series.sort((a, b) => a - b);
  const one: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await api.series(admin, { regime: 'BENCH', unit: 'VN', indicators: ['B001'], periods: months });
    one.push(performance.now() - t0);
  }
  one.sort((a, b) => a - b);
  console.log(`national time series, ${MONTHS} months: all ${INDICATORS} indicators p50 ${series[10]!.toFixed(1)} ms; one indicator p50 ${one[10]!.toFixed(1)} ms`);
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await platform.close();
}
