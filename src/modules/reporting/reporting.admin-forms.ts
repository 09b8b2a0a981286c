import { ReportingErrors } from './reporting.errors.ts';
import { FREQUENCIES, type Frequency } from './reporting.periods.ts';
import type { Aggregation, Indicator, LevelDeadlines, Regime, UnitKind, ValueType } from './reporting.types.ts';

/**
 * The admin forms of regimes and indicators as plain fields, to and from the domain objects.
 * Reading is strict: a field that is not a number, or a line that is not of its pattern, is
 * refused with its text (the use case then checks the whole, as for any other caller).
 */

export type FormFields = Record<string, string>;
export const LEVELS = ['commune', 'province', 'ministry', 'department'] as const satisfies readonly UnitKind[];
const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'AVG', 'MAX', 'MIN', 'FORMULA'];
const VALUE_TYPES: readonly ValueType[] = ['integer', 'decimal', 'percent'];

type Say = (key: 'notANumber' | 'lineInvalid', params: Record<string, string>) => string;

const text = (fields: FormFields, name: string, max = 500) => (fields[name] ?? '').trim().slice(0, max);
const lines = (value: string) => value.split(/\r?\n|,/).map((l) => l.trim()).filter((l) => l !== '');

function numberOrNull(fields: FormFields, name: string, say: Say): number | null {
  const raw = text(fields, name, 40).replace(',', '.');
  if (raw === '') return null;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw ReportingErrors.configInvalid(say('notANumber', { field: name, value: raw }));
  return value;
}

export function indicatorFromForm(fields: FormFields, existing: Indicator | undefined, say: Say): Indicator {
  const aggregation = text(fields, 'aggregation') as Aggregation;
  const valueType = text(fields, 'valueType') as ValueType;
  return {
    code: text(fields, 'code', 41).toUpperCase(),
    name: text(fields, 'name'),
    nameEn: text(fields, 'nameEn'),
    unit: text(fields, 'unit', 40),
    valueType: VALUE_TYPES.includes(valueType) ? valueType : 'decimal',
    aggregation: AGGREGATIONS.includes(aggregation) ? aggregation : 'SUM',
    weightIndicator: text(fields, 'weightIndicator', 41).toUpperCase() || null,
    formula: text(fields, 'formula', 500) || null,
    minValue: numberOrNull(fields, 'minValue', say),
    maxValue: numberOrNull(fields, 'maxValue', say),
    // Disaggregations are kept as they are (set by the seed or the API).
    disaggregation: existing?.disaggregation ?? [],
  };
}

export function indicatorToForm(i: Indicator | undefined): FormFields {
  if (!i) return { valueType: 'decimal', aggregation: 'SUM' };
  return { code: i.code, name: i.name, nameEn: i.nameEn, unit: i.unit, valueType: i.valueType, aggregation: i.aggregation, weightIndicator: i.weightIndicator ?? '', formula: i.formula ?? '', minValue: i.minValue === null ? '' : String(i.minValue), maxValue: i.maxValue === null ? '' : String(i.maxValue) };
}

export function regimeFromForm(fields: FormFields, say: Say): Regime {
  const frequency = text(fields, 'frequency') as Frequency;
  const days = numberOrNull(fields, 'deadlineWorkingDays', say);
  const levelDeadlines: LevelDeadlines = {};
  for (const level of LEVELS) {
    const value = numberOrNull(fields, `level.${level}`, say);
    if (value !== null) levelDeadlines[level] = value;
  }
  const narrativeSections = (fields.sections ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '').map((line) => {
    const [code, title, titleEn] = line.split('|').map((p) => p.trim());
    if (!code || !title || !/^[a-z][a-z0-9_]{0,39}$/.test(code)) throw ReportingErrors.configInvalid(say('lineInvalid', { line: line.slice(0, 80) }));
    return { code, title, titleEn: titleEn || title };
  });
  const rules = lines(fields.rules ?? '').map((line) => {
    const match = /^([A-Z][A-Z0-9_]*)\s*(?:<=|≤)\s*([A-Z][A-Z0-9_]*)$/.exec(line);
    if (!match) throw ReportingErrors.configInvalid(say('lineInvalid', { line: line.slice(0, 80) }));
    return { kind: 'lte' as const, left: match[1]!, right: match[2]! };
  });
  return {
    code: text(fields, 'code', 41).toUpperCase(),
    name: text(fields, 'name'),
    nameEn: text(fields, 'nameEn'),
    legalBasis: text(fields, 'legalBasis', 1000),
    frequency: (FREQUENCIES as readonly string[]).includes(frequency) ? frequency : ('' as Frequency),
    deadlineWorkingDays: days ?? Number.NaN,
    levelDeadlines,
    receivingUnitCode: text(fields, 'receivingUnitCode', 40).toUpperCase(),
    narrativeSections,
    rules,
    indicators: [...new Set(lines(fields.indicators ?? '').map((c) => c.toUpperCase()))],
    units: [...new Set(lines(fields.units ?? '').map((c) => c.toUpperCase()))],
  };
}

export function regimeToForm(r: Regime | undefined): FormFields {
  if (!r) return { frequency: 'monthly', deadlineWorkingDays: '2', receivingUnitCode: 'VN' };
  const fields: FormFields = {
    code: r.code, name: r.name, nameEn: r.nameEn, legalBasis: r.legalBasis, frequency: r.frequency, deadlineWorkingDays: String(r.deadlineWorkingDays),
    receivingUnitCode: r.receivingUnitCode, indicators: r.indicators.join('\n'), units: r.units.join('\n'),
    sections: r.narrativeSections.map((s) => `${s.code} | ${s.title} | ${s.titleEn}`).join('\n'),
    rules: r.rules.map((x) => `${x.left} <= ${x.right}`).join('\n'),
  };
  for (const level of LEVELS) fields[`level.${level}`] = r.levelDeadlines?.[level] === undefined ? '' : String(r.levelDeadlines[level]);
  return fields;
}
