import { sql, type Executor } from '../../platform/db/index.ts';
import { tables } from './reporting.tables.ts';

/**
 * The roll-ups: every accepted submission's values added, by each rule's running parts (count,
 * sum, weight, weighted sum, max, min), to the unit and each of its ancestors. An acceptance
 * costs one statement over (its values × its path); nothing else is read again.
 */

/** Adds the values of an accepted submission to its unit and every ancestor. */
export async function addToRollupsInTx(ex: Executor, submissionId: number): Promise<number> {
  const result = await sql`
    WITH RECURSIVE s AS (
      SELECT id, regime_code, period, unit_code FROM reporting_submissions WHERE id = ${submissionId}
    ), path (code, parent_code) AS (
      SELECT u.code, u.parent_code FROM reporting_units u JOIN s ON u.code = s.unit_code
      UNION ALL
      SELECT u.code, u.parent_code FROM reporting_units u JOIN path ON u.code = path.parent_code
    ), vals AS (
      SELECT v.indicator_code, v.category, v.value, COALESCE(w.value, 1) AS w
      FROM reporting_values v
      JOIN reporting_indicators i ON i.code = v.indicator_code
      LEFT JOIN reporting_values w ON w.submission_id = v.submission_id AND w.indicator_code = i.weight_indicator AND w.category = ''
      WHERE v.submission_id = ${submissionId}
    )
    INSERT INTO reporting_rollups AS r (regime_code, period, unit_code, indicator_code, category, n, total, weight, weighted, max_value, min_value)
    SELECT s.regime_code, s.period, path.code, vals.indicator_code, vals.category, 1, vals.value, vals.w, vals.value * vals.w, vals.value, vals.value
    FROM s CROSS JOIN path CROSS JOIN vals
    ON CONFLICT (regime_code, unit_code, indicator_code, category, period) DO UPDATE SET
      n = r.n + 1,
      total = r.total + excluded.total,
      weight = r.weight + excluded.weight,
      weighted = r.weighted + excluded.weighted,
      max_value = GREATEST(r.max_value, excluded.max_value),
      min_value = LEAST(r.min_value, excluded.min_value)`.execute(ex);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Adds the values of many accepted submissions at once (a unit accepting all its children's
 * reports): aggregated per unit of each path first, so each roll-up row is written once.
 */
export async function addManyToRollupsInTx(ex: Executor, submissionIds: readonly number[]): Promise<void> {
  if (submissionIds.length === 0) return;
  await sql`
    WITH RECURSIVE s AS (
      SELECT id, regime_code, period, unit_code FROM reporting_submissions WHERE id = ANY(${[...submissionIds]}::int8[])
    ), path (id, code, parent_code) AS (
      SELECT s.id, u.code, u.parent_code FROM reporting_units u JOIN s ON u.code = s.unit_code
      UNION ALL
      SELECT path.id, u.code, u.parent_code FROM reporting_units u JOIN path ON u.code = path.parent_code
    ), vals AS (
      SELECT v.submission_id, v.indicator_code, v.category, v.value, COALESCE(w.value, 1) AS w
      FROM reporting_values v
      JOIN reporting_indicators i ON i.code = v.indicator_code
      LEFT JOIN reporting_values w ON w.submission_id = v.submission_id AND w.indicator_code = i.weight_indicator AND w.category = ''
      WHERE v.submission_id = ANY(${[...submissionIds]}::int8[])
    )
    INSERT INTO reporting_rollups AS r (regime_code, period, unit_code, indicator_code, category, n, total, weight, weighted, max_value, min_value)
    SELECT s.regime_code, s.period, path.code, vals.indicator_code, vals.category, count(*), sum(vals.value), sum(vals.w), sum(vals.value * vals.w), max(vals.value), min(vals.value)
    FROM s JOIN path ON path.id = s.id JOIN vals ON vals.submission_id = s.id
    GROUP BY s.regime_code, s.period, path.code, vals.indicator_code, vals.category
    ON CONFLICT (regime_code, unit_code, indicator_code, category, period) DO UPDATE SET
      n = r.n + excluded.n,
      total = r.total + excluded.total,
      weight = r.weight + excluded.weight,
      weighted = r.weighted + excluded.weighted,
      max_value = GREATEST(r.max_value, excluded.max_value),
      min_value = LEAST(r.min_value, excluded.min_value)`.execute(ex);
}

/**
 * Takes an unlocked submission's values out again. Sums, counts and weights are subtracted;
 * a maximum or minimum cannot be, so each unit on the path, from the bottom up, takes them
 * again from its children's roll-ups (and its own submission if still counted).
 */
export async function removeFromRollupsInTx(ex: Executor, submissionId: number, path: readonly string[]): Promise<void> {
  await sql`
    WITH s AS (SELECT regime_code, period FROM reporting_submissions WHERE id = ${submissionId}),
    vals AS (
      SELECT v.indicator_code, v.category, v.value, COALESCE(w.value, 1) AS w
      FROM reporting_values v
      JOIN reporting_indicators i ON i.code = v.indicator_code
      LEFT JOIN reporting_values w ON w.submission_id = v.submission_id AND w.indicator_code = i.weight_indicator AND w.category = ''
      WHERE v.submission_id = ${submissionId}
    )
    UPDATE reporting_rollups r SET n = r.n - 1, total = r.total - vals.value, weight = r.weight - vals.w, weighted = r.weighted - vals.value * vals.w
    FROM s, vals
    WHERE r.regime_code = s.regime_code AND r.period = s.period AND r.unit_code IN (${sql.join(path)})
      AND r.indicator_code = vals.indicator_code AND r.category = vals.category`.execute(ex);
  await sql`
    DELETE FROM reporting_rollups r USING reporting_submissions s
    WHERE s.id = ${submissionId} AND r.regime_code = s.regime_code AND r.period = s.period AND r.unit_code IN (${sql.join(path)}) AND r.n <= 0`.execute(ex);
  for (const unit of path) {
    await sql`
      WITH s AS (SELECT regime_code, period FROM reporting_submissions WHERE id = ${submissionId}),
      parts AS (
        SELECT c.indicator_code, c.category, c.max_value AS hi, c.min_value AS lo
        FROM reporting_rollups c JOIN reporting_units u ON u.code = c.unit_code, s
        WHERE u.parent_code = ${unit} AND c.regime_code = s.regime_code AND c.period = s.period
        UNION ALL
        SELECT v.indicator_code, v.category, v.value, v.value
        FROM reporting_submissions own JOIN reporting_values v ON v.submission_id = own.id, s
        WHERE own.unit_code = ${unit} AND own.regime_code = s.regime_code AND own.period = s.period AND own.rolled_up
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

/** The roll-up rows of a unit for these periods and indicators (all when none given). */
export async function readRollups(ex: Executor, regime: string, unit: string, periods: readonly string[], indicators?: readonly string[]): Promise<RollupRow[]> {
  if (periods.length === 0) return [];
  let query = tables(ex)
    .selectFrom('reporting_rollups')
    .select(['period', 'indicator_code', 'category', 'n', 'total', 'weight', 'weighted', 'max_value', 'min_value'])
    .where('regime_code', '=', regime)
    .where('unit_code', '=', unit)
    .where('period', 'in', periods);
  if (indicators) {
    if (indicators.length === 0) return [];
    query = query.where('indicator_code', 'in', indicators);
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    period: r.period,
    indicatorCode: r.indicator_code,
    category: r.category,
    n: r.n,
    total: r.total,
    weight: r.weight,
    weighted: r.weighted,
    maxValue: r.max_value,
    minValue: r.min_value,
  }));
}
