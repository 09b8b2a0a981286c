import { describe, expect, it } from 'vitest';
import { evaluateFormula, FormulaError, formulaInputs, parseFormula } from './reporting.formula.ts';
import { ruleValue } from './rollups.values.ts';

describe('formula indicators', () => {
  const values: Record<string, number> = { A: 30, B: 1000, C: 0 };
  const run = (text: string) => evaluateFormula(parseFormula(text), (code) => values[code]);

  it('evaluates arithmetic over indicator codes with precedence and parentheses', () => {
    expect(run('A * 100 / B')).toBe(3);
    expect(run('(A + B) * 2 - -1')).toBe(2061);
    expect(run('A + B * 2')).toBe(2030);
    expect(formulaInputs(parseFormula('A * 100 / (B - C)'))).toEqual(new Set(['A', 'B', 'C']));
  });

  it('has no value when an input is missing or a divisor is zero', () => {
    expect(run('A / C')).toBeUndefined();
    expect(run('A + MISSING')).toBeUndefined();
  });

  it('refuses what is not arithmetic over codes (no code runs from a stored formula)', () => {
    for (const text of ['A +', '(A', 'A B', 'process.exit()', 'a * 2', 'A ^ 2', '']) expect(() => parseFormula(text), text).toThrow(FormulaError);
  });

  it('reads each rule from the running parts of a roll-up', () => {
    const row = { n: 3, total: 60, weight: 1000, weighted: 20_000, maxValue: 9, minValue: 2 };
    expect(ruleValue('SUM', row)).toBe(60);
    expect(ruleValue('AVG', row)).toBe(20);
    expect(ruleValue('MAX', row)).toBe(9);
    expect(ruleValue('MIN', row)).toBe(2);
    expect(ruleValue('SUM', { ...row, n: 0 })).toBeUndefined();
  });
});
