import { type Indicator, type RegimeRule, valueKey } from './reporting.types.ts';

/**
 * The checks of a report's values: each value a number of its type within the indicator's
 * range, the regime's rules (`A ≤ B`), and each total equal to the sum of its parts. They run
 * when the unit saves (it sees every problem, its draft keeps what could be read) and again
 * before it submits (a problem or a missing value blocks the submission).
 */
export type ProblemKind = 'notNumber' | 'notInteger' | 'belowMin' | 'aboveMax' | 'ruleLte' | 'sumMismatch' | 'required';

export interface ValueProblem {
  /** The value key (`POPULATION` or `POPULATION|sex=female`) the problem is shown at. */
  key: string;
  kind: ProblemKind;
  params: Record<string, string | number>;
}

/** Relative tolerance of totals: figures typed with decimals must not fail on float rounding. */
const TOLERANCE = 1e-9;

/** A number as an official types it: `1234.5`, `1234,5`, spaces or dots between thousands not allowed to guess. */
export function parseNumber(raw: string): number | undefined {
  const text = raw.trim().replace(/\s+/g, '');
  if (!/^-?\d+(?:[.,]\d+)?$/.test(text)) return undefined;
  return Number(text.replace(',', '.'));
}

/** Every value key a regime's form holds for these indicators (totals and their parts). */
export function valueKeysOf(indicator: Indicator): string[] {
  if (indicator.aggregation === 'FORMULA') return [];
  return [
    valueKey(indicator.code),
    ...indicator.disaggregation.flatMap((d) => d.options.map((o) => valueKey(indicator.code, `${d.code}=${o.code}`))),
  ];
}

/**
 * Reads raw inputs (form fields or Excel cells): returns the values that are numbers, and the
 * problems of those that are not. Empty inputs are left out; a total left empty whose parts
 * are all given is their sum.
 */
export function readValues(indicators: readonly Indicator[], raw: Record<string, string | number | undefined>): { values: Record<string, number>; problems: ValueProblem[] } {
  const values: Record<string, number> = {};
  const problems: ValueProblem[] = [];
  for (const indicator of indicators) {
    for (const key of valueKeysOf(indicator)) {
      const input = raw[key];
      if (input === undefined || (typeof input === 'string' && input.trim() === '')) continue;
      const value = typeof input === 'number' ? input : parseNumber(input);
      if (value === undefined || !Number.isFinite(value)) {
        problems.push({ key, kind: 'notNumber', params: { value: String(input).slice(0, 30) } });
        continue;
      }
      if (indicator.valueType === 'integer' && !Number.isInteger(value)) {
        problems.push({ key, kind: 'notInteger', params: { value } });
        continue;
      }
      values[key] = value;
    }
    for (const dimension of indicator.disaggregation) {
      const parts = dimension.options.map((o) => values[valueKey(indicator.code, `${dimension.code}=${o.code}`)]);
      if (values[indicator.code] === undefined && parts.every((p) => p !== undefined)) {
        values[indicator.code] = parts.reduce<number>((sum, p) => sum + (p ?? 0), 0);
      }
    }
  }
  return { values, problems };
}

/** The problems of stored values: ranges, rules, totals; with `complete`, every total must be given. */
export function checkValues(
  indicators: readonly Indicator[],
  rules: readonly RegimeRule[],
  values: Readonly<Record<string, number>>,
  options: { complete?: boolean } = {},
): ValueProblem[] {
  const problems: ValueProblem[] = [];
  for (const indicator of indicators) {
    for (const key of valueKeysOf(indicator)) {
      const value = values[key];
      if (value === undefined) continue;
      const min = indicator.minValue ?? (indicator.valueType === 'percent' ? 0 : null);
      const max = indicator.maxValue ?? (indicator.valueType === 'percent' ? 100 : null);
      if (min !== null && value < min) problems.push({ key, kind: 'belowMin', params: { value, min } });
      if (max !== null && value > max) problems.push({ key, kind: 'aboveMax', params: { value, max } });
    }
    const total = values[indicator.code];
    for (const dimension of indicator.disaggregation) {
      const parts = dimension.options.map((o) => values[valueKey(indicator.code, `${dimension.code}=${o.code}`)]);
      if (total === undefined || parts.some((p) => p === undefined)) continue;
      const sum = parts.reduce<number>((s, p) => s + (p ?? 0), 0);
      if (Math.abs(sum - total) > TOLERANCE * Math.max(1, Math.abs(total))) {
        problems.push({ key: indicator.code, kind: 'sumMismatch', params: { total, sum, dimension: dimension.code } });
      }
    }
    if (options.complete && indicator.aggregation !== 'FORMULA' && total === undefined) {
      problems.push({ key: indicator.code, kind: 'required', params: {} });
    }
  }
  for (const rule of rules) {
    const left = values[rule.left];
    const right = values[rule.right];
    if (left !== undefined && right !== undefined && left > right) {
      problems.push({ key: rule.left, kind: 'ruleLte', params: { left: rule.left, right: rule.right, leftValue: left, rightValue: right } });
    }
  }
  return problems;
}

