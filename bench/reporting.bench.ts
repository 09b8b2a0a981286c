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
 * BENCH_INDICATORS (200), BENCH_MONTHS (12), BENCH_COMMUNES (all), BENCH_ONE_BY_ONE=1, BENCH_PROVINCES_AT_ONCE (2),
 * BENCH_EXPLAIN=1 (the plan of the first province's roll-up statement).
 * After each way of accepting, the month's roll-ups are checked against the values added up
 * from scratch.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createTestPlatform } from '../src/app/testing.ts';
import { sql } from '../src/platform/db/index.ts';
import type { Actor } from '../src/platform/module/index.ts';
import type { Indicator, ReportingApi } from '../src/modules/reporting/index.ts';
import { addToRollupsStatement } from '../src/modules/reporting/rollups.repository.ts';
import pLimit from 'p-limit';

const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 200);
const MONTHS = Number(process.env.BENCH_MONTHS ?? 12);
/** Provinces accepting their communes at the same time (the machine's two cores by default; 1 = one after another). */
const PROVINCES_AT_ONCE = Number(process.env.BENCH_PROVINCES_AT_ONCE ?? 2);
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
const RUNS = 50;
class RolledBack extends Error {}
const percentiles = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(1);
  return { p50: at(0.5), p95: at(0.95) };
};

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

  // Every commune's report of every month, with a value for each indicator, in bulk: one
  // INSERT … SELECT per month, the foreign keys of the values checked once at the end (as
  // PostgreSQL's bulk-loading advice says) rather than by a trigger per row.
  const loadStart = performance.now();
  await sql`ALTER TABLE reporting_values DROP CONSTRAINT reporting_values_submission_id_fkey, DROP CONSTRAINT reporting_values_indicator_code_fkey`.execute(db);
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
      WHERE s.regime_code = 'BENCH' AND s.period = ${period} AND i.code LIKE 'B%'
      ORDER BY s.id, i.code`.execute(db);
    if (state === 'accepted') {
      // Bulk roll-up of the history (the same parts the incremental path keeps) to the provinces and the nation.
      await sql`
        INSERT INTO reporting_rollups (regime_code, period, unit_code, indicator_code, category, n, total, weight, weighted, max_value, min_value)
        SELECT 'BENCH', ${period}, p.code, v.indicator_code, '', count(*), sum(v.value), sum(COALESCE(w.value, 1)), sum(v.value * COALESCE(w.value, 1)), max(v.value), min(v.value)
        FROM reporting_submissions s
        JOIN reporting_values v ON v.submission_id = s.id
        JOIN reporting_indicators i ON i.code = v.indicator_code
        LEFT JOIN reporting_values w ON w.submission_id = s.id AND w.indicator_code = i.weight_indicator AND w.category = ''
        JOIN reporting_units c ON c.code = s.unit_code
        CROSS JOIN LATERAL (VALUES (c.parent_code), ('VN')) AS p (code)
        WHERE s.regime_code = 'BENCH' AND s.period = ${period}
        GROUP BY p.code, v.indicator_code`.execute(db);
    }
  }
  await sql`
    ALTER TABLE reporting_values
      ADD CONSTRAINT reporting_values_submission_id_fkey FOREIGN KEY (submission_id) REFERENCES reporting_submissions (id),
      ADD CONSTRAINT reporting_values_indicator_code_fkey FOREIGN KEY (indicator_code) REFERENCES reporting_indicators (code)`.execute(db);
  await sql`ANALYZE`.execute(db);
  const values = (await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM reporting_values`.execute(db)).rows[0]!.n;
  console.log(`loaded ${communes.length} communes × ${INDICATORS} indicators × ${MONTHS} months = ${values.toLocaleString('en')} values in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

  // The last month: each province accepts all its communes' reports at once (one use case, one
  // roll-up statement each); with BENCH_ONE_BY_ONE=1, one acceptance at a time instead.
  const leaders = new Map(provinces.map((p) => [p.code, { accountId: `bench-${p.code}`, kind: 'official', displayName: p.code, agencyCode: p.agency_code, roles: ['reporting_leader'] } satisfies Actor]));
  if (process.env.BENCH_EXPLAIN === '1') await explainFirstProvince(provinces[0]!.code);
  const cpuBefore = await cpuNow();
  const monthStart = performance.now();
  if (process.env.BENCH_ONE_BY_ONE === '1') {
    const times: number[] = [];
    for (const commune of communes) {
      const t0 = performance.now();
      await api.accept(leaders.get(commune.parent_code)!, { regime: 'BENCH', period: last, unit: commune.code });
      times.push(performance.now() - t0);
    }
    const t = percentiles(times);
    console.log(`one by one: p50 ${t.p50} ms, p95 ${t.p95} ms per acceptance`);
  } else {
    // Provinces act independently: PROVINCES_AT_ONCE of them accept at the same time (they meet
    // only at the nation's roll-up rows, which each locks in key order).
    const perProvince: number[] = [];
    const admit = pLimit(PROVINCES_AT_ONCE);
    await Promise.all(
      provinces.map((province) =>
        admit(async () => {
          const t0 = performance.now();
          await api.acceptAll(leaders.get(province.code)!, { regime: 'BENCH', period: last });
          perProvince.push(performance.now() - t0);
        }),
      ),
    );
    const t = percentiles(perProvince);
    console.log(`each province accepting all its communes at once, ${PROVINCES_AT_ONCE} provinces at a time: p50 ${t.p50} ms, p95 ${t.p95} ms, max ${Math.max(...perProvince).toFixed(1)} ms`);
  }
  const monthMs = performance.now() - monthStart;
  const cpu = cpuSince(cpuBefore, await cpuNow());
  const accepted = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM reporting_submissions WHERE regime_code = 'BENCH' AND period = ${last} AND state = 'accepted'`.execute(db)).rows[0]!.n;
  if (accepted !== communes.length) throw new Error(`accepted ${accepted} of ${communes.length}`);
  console.log(`roll-up of ${last}: ${communes.length} reports accepted and rolled up to provinces and the nation in ${(monthMs / 1000).toFixed(2)} s (CPU: node ${cpu.node} ms, PostgreSQL backends ${cpu.backends}; load average ${loadavg()[0]!.toFixed(2)})`);
  await checkAgainstScratch();

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
  const single = percentiles(rollupTimes);
  console.log(`one report unlocked and accepted again, rolled up incrementally (50 reports): p50 ${single.p50} ms, p95 ${single.p95} ms per acceptance`);
  await checkAgainstScratch();

  // The national time series over every month: all indicators, and one; RUNS runs each.
  const timed = async (query: { indicators: string[] }, expected: number) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const points = await api.series(admin, { regime: 'BENCH', unit: 'VN', indicators: query.indicators, periods: months });
      times.push(performance.now() - t0);
      if (points.length !== expected) throw new Error(`expected ${expected} points, got ${points.length}`);
    }
    return percentiles(times);
  };
  const all = await timed({ indicators: [] }, INDICATORS * MONTHS);
  const one = await timed({ indicators: ['B001'] }, MONTHS);
  console.log(`national time series, ${MONTHS} months, ${RUNS} runs: all ${INDICATORS} indicators p50 ${all.p50} ms, p95 ${all.p95} ms; one indicator p50 ${one.p50} ms, p95 ${one.p95} ms`);
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
} finally {
  await platform.close();
}

/**
 * CPU time used so far by this process and by the PostgreSQL backends serving the scratch
 * database (from /proc when the server runs on this machine): what a phase costs, apart from
 * waiting for a CPU on a loaded machine.
 */
async function cpuNow(): Promise<{ node: number; backends: Map<number, number> | null }> {
  const node = process.cpuUsage();
  const pids = (await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db)).rows.map((r) => r.pid);
  const backends = new Map<number, number>();
  try {
    for (const pid of pids) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      backends.set(pid, (Number(fields[11]) + Number(fields[12])) * 10); // utime + stime, in ticks of 10 ms
    }
  } catch {
    return { node: (node.user + node.system) / 1000, backends: null };
  }
  return { node: (node.user + node.system) / 1000, backends };
}

function cpuSince(before: Awaited<ReturnType<typeof cpuNow>>, after: Awaited<ReturnType<typeof cpuNow>>): { node: string; backends: string } {
  const node = (after.node - before.node).toFixed(0);
  if (!before.backends || !after.backends) return { node, backends: 'not measured (server not on this machine)' };
  let backends = 0;
  for (const [pid, ms] of after.backends) backends += ms - (before.backends.get(pid) ?? 0);
  return { node, backends: `${backends} ms` };
}

/** The month's roll-ups at the provinces and the nation against the same parts computed from scratch. */
async function checkAgainstScratch(): Promise<void> {
  const wrong = await sql<{ n: number }>`
    WITH scratch AS (
      SELECT p.code AS unit_code, v.indicator_code, v.category, count(*) AS n, sum(v.value) AS total, sum(v.value * COALESCE(w.value, 1)) AS weighted, max(v.value) AS hi, min(v.value) AS lo
      FROM reporting_submissions s
      JOIN reporting_values v ON v.submission_id = s.id
      JOIN reporting_indicators i ON i.code = v.indicator_code
      LEFT JOIN reporting_values w ON w.submission_id = s.id AND w.indicator_code = i.weight_indicator AND w.category = ''
      JOIN reporting_units c ON c.code = s.unit_code
      CROSS JOIN LATERAL (VALUES (c.parent_code), ('VN')) AS p (code)
      WHERE s.regime_code = 'BENCH' AND s.period = ${last} AND s.rolled_up
      GROUP BY p.code, v.indicator_code, v.category
    )
    SELECT count(*)::int AS n
    FROM scratch FULL JOIN (SELECT * FROM reporting_rollups WHERE regime_code = 'BENCH' AND period = ${last}) r USING (unit_code, indicator_code, category)
    WHERE r.n IS DISTINCT FROM scratch.n OR abs(r.total - scratch.total) > 1e-6 * abs(scratch.total) OR abs(r.weighted - scratch.weighted) > 1e-6 * abs(scratch.weighted)
      OR r.max_value IS DISTINCT FROM scratch.hi OR r.min_value IS DISTINCT FROM scratch.lo OR scratch.n IS NULL OR r.n IS NULL`.execute(db);
  if (wrong.rows[0]!.n !== 0) throw new Error(`${wrong.rows[0]!.n} roll-up rows of ${last} differ from the values added up from scratch`);
}

/** BENCH_EXPLAIN=1: the plan of one province's roll-up statement over its communes' reports, rolled back. */
async function explainFirstProvince(province: string): Promise<void> {
  const ids = (await sql<{ id: number }>`
    SELECT s.id FROM reporting_submissions s JOIN reporting_units u ON u.code = s.unit_code
    WHERE s.regime_code = 'BENCH' AND s.period = ${last} AND u.parent_code = ${province}`.execute(db)).rows.map((r) => Number(r.id));
  const statement = addToRollupsStatement({ regime: 'BENCH', period: last, ancestors: [province, 'VN'] }, ids).compile(db);
  await db.transaction().execute(async (tx) => {
    await sql`SET LOCAL jit = off`.execute(tx);
    const literal = (value: unknown) => (Array.isArray(value) ? `'{${value.join(',')}}'` : `'${String(value)}'`);
    const text = statement.sql.replace(/\$(\d+)/g, (_, n: string) => literal(statement.parameters[Number(n) - 1]));
    const plan = await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`).execute(tx);
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    throw new RolledBack();
  }).catch((error: unknown) => {
    if (!(error instanceof RolledBack)) throw error;
  });
}
