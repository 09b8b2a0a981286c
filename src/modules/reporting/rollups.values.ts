import type { Executor } from '../../platform/db/index.ts';
import { evaluateFormula, formulaInputs, parseFormula, type FormulaNode } from './reporting.formula.ts';
import { listIndicators } from './reporting.repository.ts';
import { readRollups, type RollupRow } from './rollups.repository.ts';
import { valueKey, type Aggregation, type Indicator } from './reporting.types.ts';

/**
 * What a roll-up row means under each rule: SUM the sum; AVG the mean weighted by the weight
 * indicator (sum of value × weight over sum of weights: a province's poverty rate is its
 * communes' rates weighted by their households, not their plain mean); MAX, MIN. A formula is
 * evaluated over the rolled-up values of its inputs at the same unit and period.
 */
export function ruleValue(aggregation: Exclude<Aggregation, 'FORMULA'>, row: Pick<RollupRow, 'n' | 'total' | 'weight' | 'weighted' | 'maxValue' | 'minValue'>): number | undefined {
  if (row.n <= 0) return undefined;
  switch (aggregation) {
    case 'SUM':
      return row.total;
    case 'AVG':
      return row.weight === 0 ? undefined : row.weighted / row.weight;
    case 'MAX':
      return row.maxValue ?? undefined;
    case 'MIN':
      return row.minValue ?? undefined;
  }
}

const parsed = new Map<string, FormulaNode>();
function formulaOf(indicator: Indicator): FormulaNode {
  const text = indicator.formula ?? '0';
  let node = parsed.get(text);
  if (!node) parsed.set(text, (node = parseFormula(text)));
  return node;
}

/** The indicators whose roll-ups a set of indicators needs (formulas' inputs too). */
export function inputsOf(indicators: readonly Indicator[]): string[] {
  const codes = new Set<string>();
  for (const indicator of indicators) {
    if (indicator.aggregation === 'FORMULA') formulaInputs(formulaOf(indicator), codes);
    else codes.add(indicator.code);
  }
  return [...codes];
}

/** Values by key (`CODE`, `CODE|dim=opt`) from the roll-up rows of one unit and period. */
export function valuesFromRows(indicators: readonly Indicator[], all: readonly Indicator[], rows: readonly RollupRow[]): Record<string, number> {
  const rule = new Map(all.map((i) => [i.code, i.aggregation]));
  const values: Record<string, number> = {};
  for (const row of rows) {
    const aggregation = rule.get(row.indicatorCode);
    if (!aggregation || aggregation === 'FORMULA') continue;
    const value = ruleValue(aggregation, row);
    if (value !== undefined) values[valueKey(row.indicatorCode, row.category)] = value;
  }
  for (const indicator of indicators) {
    if (indicator.aggregation !== 'FORMULA') continue;
    const value = evaluateFormula(formulaOf(indicator), (code) => values[code]);
    if (value !== undefined) values[indicator.code] = value;
  }
  return values;
}

/** The rolled-up values at a unit for one period, formulas evaluated. */
export async function valuesAtUnit(ex: Executor, regime: string, unit: string, period: string, indicators: readonly Indicator[]): Promise<Record<string, number>> {
  const inputs = inputsOf(indicators);
  const rows = await readRollups(ex, regime, unit, [period], inputs);
  return valuesFromRows(indicators, await withInputs(ex, indicators, inputs), rows);
}

/** The indicators and the definitions of the inputs of their formulas (their rules). */
export async function withInputs(ex: Executor, indicators: readonly Indicator[], inputs: readonly string[]): Promise<Indicator[]> {
  const missing = inputs.filter((code) => !indicators.some((i) => i.code === code));
  return [...indicators, ...(await listIndicators(ex, missing))];
}
