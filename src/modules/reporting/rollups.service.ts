import type { Actor } from '../../platform/module/index.ts';
import { getRegimeOutline, getUnit, mayViewUnit, PERMISSIONS, requirePermission, signedIn, unitOfActor, windowOf, type ReportingDeps } from './reporting.access.ts';
import { ReportingErrors } from './reporting.errors.ts';
import { samePeriodLastYear } from './reporting.periods.ts';
import * as repo from './reporting.repository.ts';
import { readRollups } from './rollups.repository.ts';
import { inputsOf, valuesFromRows, withInputs } from './rollups.values.ts';
import type { Regime } from './reporting.types.ts';

/**
 * Reading the roll-ups: time series and this period against the same period last year, at
 * any unit, for the operations center. Each read is one indexed range of the roll-up table
 * (regime, unit, indicator, category, period); nothing is aggregated at read time but the
 * formulas.
 */

export interface SeriesPoint {
  period: string;
  indicator: string;
  value: number | null;
}

export interface Comparison {
  indicator: string;
  name: string;
  nameEn: string;
  unit: string;
  value: number | null;
  lastYear: number | null;
  /** Change against last year in percent, null when either side is missing or last year is 0. */
  changePercent: number | null;
}

const MAX_PERIODS = 120;
const MAX_INDICATORS = 200;

async function authorise(deps: ReportingDeps, actor: Actor | undefined, regime: Pick<Regime, 'receivingUnitCode'>, unit: string): Promise<void> {
  const who = signedIn(actor);
  await getUnit(deps.db, unit);
  if (who.kind === 'admin') return;
  requirePermission(deps, who, PERMISSIONS.view);
  const viewer = await unitOfActor(deps.db, who);
  if (!(await mayViewUnit(deps.db, regime, viewer, unit))) throw ReportingErrors.forbidden();
}

export async function series(deps: ReportingDeps, actor: Actor | undefined, query: { regime: string; unit: string; indicators: string[]; periods: string[] }): Promise<SeriesPoint[]> {
  const regime = await getRegimeOutline(deps.db, query.regime);
  const periods = [...new Set(query.periods)].slice(0, MAX_PERIODS);
  for (const period of periods) windowOf(regime, period);
  await authorise(deps, actor, regime, query.unit);
  const wanted = query.indicators.length > 0 ? query.indicators.slice(0, MAX_INDICATORS) : regime.indicators;
  const indicators = await repo.listIndicators(deps.db, wanted.filter((c) => regime.indicators.includes(c)));
  const inputs = inputsOf(indicators);
  const rows = await readRollups(deps.db, regime.code, query.unit, periods, inputs);
  const definitions = await withInputs(deps.db, indicators, inputs);
  const byPeriod = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byPeriod.get(row.period);
    if (list) list.push(row);
    else byPeriod.set(row.period, [row]);
  }
  const points: SeriesPoint[] = [];
  for (const period of periods) {
    const values = valuesFromRows(indicators, definitions, byPeriod.get(period) ?? []);
    for (const indicator of indicators) points.push({ period, indicator: indicator.code, value: values[indicator.code] ?? null });
  }
  return points;
}

export async function compare(deps: ReportingDeps, actor: Actor | undefined, query: { regime: string; unit: string; period: string }): Promise<Comparison[]> {
  const lastYear = samePeriodLastYear(query.period);
  const points = await series(deps, actor, { regime: query.regime, unit: query.unit, indicators: [], periods: [query.period, lastYear] });
  const indicators = await repo.listIndicators(deps.db, [...new Set(points.map((p) => p.indicator))]);
  const regime = await getRegimeOutline(deps.db, query.regime);
  indicators.sort((a, b) => regime.indicators.indexOf(a.code) - regime.indicators.indexOf(b.code));
  const at = (period: string, code: string) => points.find((p) => p.period === period && p.indicator === code)?.value ?? null;
  return indicators.map((i) => {
    const value = at(query.period, i.code);
    const before = at(lastYear, i.code);
    return {
      indicator: i.code,
      name: i.name,
      nameEn: i.nameEn,
      unit: i.unit,
      value,
      lastYear: before,
      changePercent: value !== null && before !== null && before !== 0 ? ((value - before) / Math.abs(before)) * 100 : null,
    };
  });
}
