import { sql, type Executor } from '../../platform/db/index.ts';

/**
 * The roll-ups: every accepted submission's values added, by each rule's running parts (count,
 * sum, weight, weighted sum, max, min), to each ancestor of its unit. A unit's own accepted
 * values are not copied into the table (they are read where they are, see readRollups): the
 * 3,321 communes' reports of a month add 200 rows per province and the nation, not 660,000.
 * An acceptance, of one report or of all a unit's children's, costs one statement over their
 * values; nothing else is read again.
 */

/** The value rows of accepted submissions with their weights (`ids` is an int8[] fragment). */
const weightedValues = (ids: ReturnType<typeof sql>) => sql`
  SELECT v.submission_id, v.indicator_code, v.category, v.value, COALESCE(w.value, 1) AS w
  FROM reporting_values v
  JOIN reporting_indicators i ON i.code = v.indicator_code
  LEFT JOIN reporting_values w ON w.submission_id = v.submission_id AND w.indicator_code = i.weight_indicator AND w.category = ''
  WHERE v.submission_id = ANY(${ids})`;

/** Where a batch of accepted submissions rolls up: their regime and period, and the ancestors of their units. */
export interface RollupTarget {
  regime: string;
  period: string;
  /** The units' common parent, then its ancestors up to the root. */
  ancestors: readonly string[];
}

/**
 * Adds the values of accepted submissions of sibling units (one, or all the reports a unit
 * accepts at once) to every ancestor: one statement, whatever the number of submissions.
 */
export async function addToRollupsInTx(ex: Executor, target: RollupTarget, submissionIds: readonly number[]): Promise<void> {
  if (submissionIds.length === 0 || target.ancestors.length === 0) return;
  await withoutJit(ex);
  await addToRollupsStatement(target, submissionIds).execute(ex);
}

/**
 * A roll-up statement is small work (a province's month: 200 groups of some 30,000 values), but
 * a large batch makes the planner's cost pass PostgreSQL's JIT threshold, and compiling it took
 * 1.6 s of a 1.9 s statement (EXPLAIN ANALYZE, bench:reporting): no JIT for the rest of this
 * transaction. PGlite knows the setting too, and ignores it.
 */
async function withoutJit(ex: Executor): Promise<void> {
  await sql`SET LOCAL jit = off`.execute(ex);
}

/**
 * The statement of addToRollupsInTx (exported for the benchmark's query plans): the batch's
 * values read once by the primary key, each weighed by its submission's value of the weight
 * indicator, summed per (indicator, category) by a hash aggregate — the parts of every rule:
 * count, sum, weight, weighted sum, max, min — and those 200-odd rows upserted at each ancestor,
 * in key order.
 */
export function addToRollupsStatement(target: RollupTarget, submissionIds: readonly number[]) {
  const ids = sql`${[...submissionIds]}::int8[]`;
  return sql`
    WITH weights AS (
      SELECT v.submission_id, i.code AS indicator_code, v.value AS w
      FROM reporting_indicators i JOIN reporting_values v ON v.indicator_code = i.weight_indicator AND v.category = ''
      WHERE v.submission_id = ANY(${ids})
    ), parts AS (
      SELECT v.indicator_code, v.category, count(*) AS n, sum(v.value) AS total, sum(COALESCE(w.w, 1)) AS weight,
        sum(v.value * COALESCE(w.w, 1)) AS weighted, max(v.value) AS hi, min(v.value) AS lo
      FROM reporting_values v LEFT JOIN weights w ON w.submission_id = v.submission_id AND w.indicator_code = v.indicator_code
      WHERE v.submission_id = ANY(${ids})
      GROUP BY v.indicator_code, v.category
    )
    INSERT INTO reporting_rollups AS r (regime_code, period, unit_code, indicator_code, category, n, total, weight, weighted, max_value, min_value)
    SELECT ${target.regime}, ${target.period}, a.code, p.indicator_code, p.category, p.n, p.total, p.weight, p.weighted, p.hi, p.lo
    FROM parts p CROSS JOIN unnest(${[...new Set(target.ancestors)]}::text[]) AS a (code)
    -- In key order: provinces accepting at the same time meet at the nation's rows, and each
    -- transaction locks them in the same order, so they queue instead of deadlocking.
    ORDER BY a.code, p.indicator_code, p.category
    ON CONFLICT (regime_code, unit_code, indicator_code, category, period) DO UPDATE SET
      n = r.n + excluded.n,
      total = r.total + excluded.total,
      weight = r.weight + excluded.weight,
      weighted = r.weighted + excluded.weighted,
      max_value = GREATEST(r.max_value, excluded.max_value),
      min_value = LEAST(r.min_value, excluded.min_value)`;
}

/**
 * Takes an unlocked submission's values out of its ancestors again (`path`: the unit, then its
 * ancestors). Sums, counts and weights are subtracted; a maximum or minimum cannot be, so each
 * ancestor, from the bottom up, takes again those it held from the value taken out, from its
 * children: their roll-ups, and the values of those whose own accepted submission still counts.
 */
export async function removeFromRollupsInTx(ex: Executor, submissionId: number, path: readonly string[]): Promise<void> {
  const ancestors = path.slice(1);
  if (ancestors.length === 0) return;
  await withoutJit(ex);
  const ids = sql`${[submissionId]}::int8[]`;
  await sql`
    WITH s AS (SELECT regime_code, period FROM reporting_submissions WHERE id = ${submissionId}),
    vals AS (${weightedValues(ids)})
    UPDATE reporting_rollups r SET n = r.n - 1, total = r.total - vals.value, weight = r.weight - vals.w, weighted = r.weighted - vals.value * vals.w
    FROM s, vals
    WHERE r.regime_code = s.regime_code AND r.period = s.period AND r.unit_code IN (${sql.join(ancestors)})
      AND r.indicator_code = vals.indicator_code AND r.category = vals.category`.execute(ex);
  await sql`
    DELETE FROM reporting_rollups r USING reporting_submissions s
    WHERE s.id = ${submissionId} AND r.regime_code = s.regime_code AND r.period = s.period AND r.unit_code IN (${sql.join(ancestors)}) AND r.n <= 0`.execute(ex);
  for (const unit of ancestors) {
    // Only the groups whose maximum or minimum was the value taken out can change (any other
    // extreme is still held by a report that counts): those alone are taken again.
    await sql`
      WITH s AS (SELECT regime_code, period FROM reporting_submissions WHERE id = ${submissionId}),
      touched AS (
        SELECT r.indicator_code, r.category
        FROM reporting_rollups r JOIN reporting_values x ON x.indicator_code = r.indicator_code AND x.category = r.category, s
        WHERE x.submission_id = ${submissionId} AND r.regime_code = s.regime_code AND r.period = s.period AND r.unit_code = ${unit}
          AND (r.max_value = x.value OR r.min_value = x.value)
      ), parts AS (
        SELECT c.indicator_code, c.category, c.max_value AS hi, c.min_value AS lo
        FROM reporting_rollups c JOIN reporting_units u ON u.code = c.unit_code JOIN touched t ON t.indicator_code = c.indicator_code AND t.category = c.category, s
        WHERE u.parent_code = ${unit} AND c.regime_code = s.regime_code AND c.period = s.period
        UNION ALL
        SELECT v.indicator_code, v.category, v.value, v.value
        FROM reporting_submissions child JOIN reporting_units u ON u.code = child.unit_code JOIN reporting_values v ON v.submission_id = child.id
          JOIN touched t ON t.indicator_code = v.indicator_code AND t.category = v.category, s
        WHERE u.parent_code = ${unit} AND child.regime_code = s.regime_code AND child.period = s.period AND child.rolled_up
      ), agg AS (SELECT indicator_code, category, max(hi) AS hi, min(lo) AS lo FROM parts GROUP BY indicator_code, category)
      UPDATE reporting_rollups r SET max_value = agg.hi, min_value = agg.lo
      FROM s, agg
      WHERE r.regime_code = s.regime_code AND r.period = s.period AND r.unit_code = ${unit}
        AND r.indicator_code = agg.indicator_code AND r.category = agg.category`.execute(ex);
  }
}

export interface RollupRow {
  period: string;
  indicatorCode: string;
  category: string;
  n: number;
  total: number;
  weight: number;
  weighted: number;
  maxValue: number | null;
  minValue: number | null;
}

/**
 * The roll-up rows of a unit for these periods and indicators (all when none given): what its
 * accepted descendants add up to, plus its own accepted values (a commune's series), read as
 * rows of one.
 */
export async function readRollups(ex: Executor, regime: string, unit: string, periods: readonly string[], indicators?: readonly string[]): Promise<RollupRow[]> {
  if (periods.length === 0 || indicators?.length === 0) return [];
  const only = indicators ? sql`AND indicator_code = ANY(${[...indicators]}::text[])` : sql``;
  const rows = await sql<{ period: string; indicator_code: string; category: string; n: number; total: number; weight: number; weighted: number; max_value: number | null; min_value: number | null }>`
    SELECT period, indicator_code, category, n, total, weight, weighted, max_value, min_value
    FROM reporting_rollups
    WHERE regime_code = ${regime} AND unit_code = ${unit} AND period = ANY(${[...periods]}::text[]) ${only}
    UNION ALL
    SELECT s.period, v.indicator_code, v.category, 1, v.value, COALESCE(w.value, 1), v.value * COALESCE(w.value, 1), v.value, v.value
    FROM reporting_submissions s
    JOIN reporting_values v ON v.submission_id = s.id
    JOIN reporting_indicators i ON i.code = v.indicator_code
    LEFT JOIN reporting_values w ON w.submission_id = s.id AND w.indicator_code = i.weight_indicator AND w.category = ''
    WHERE s.regime_code = ${regime} AND s.unit_code = ${unit} AND s.period = ANY(${[...periods]}::text[]) AND s.rolled_up ${indicators ? sql`AND v.indicator_code = ANY(${[...indicators]}::text[])` : sql``}`.execute(ex);
  const merged = new Map<string, RollupRow>();
  for (const r of rows.rows) {
    const key = `${r.period}\u0000${r.indicator_code}\u0000${r.category}`;
    const row = { period: r.period, indicatorCode: r.indicator_code, category: r.category, n: Number(r.n), total: Number(r.total), weight: Number(r.weight), weighted: Number(r.weighted), maxValue: r.max_value === null ? null : Number(r.max_value), minValue: r.min_value === null ? null : Number(r.min_value) };
    const seen = merged.get(key);
    if (!seen) merged.set(key, row);
    else {
      seen.n += row.n;
      seen.total += row.total;
      seen.weight += row.weight;
      seen.weighted += row.weighted;
      seen.maxValue = seen.maxValue === null ? row.maxValue : row.maxValue === null ? seen.maxValue : Math.max(seen.maxValue, row.maxValue);
      seen.minValue = seen.minValue === null ? row.minValue : row.minValue === null ? seen.minValue : Math.min(seen.minValue, row.minValue);
    }
  }
  return [...merged.values()];
}
