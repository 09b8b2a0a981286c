import type { Frequency } from './reporting.periods.ts';

export type UnitKind = 'nation' | 'province' | 'commune' | 'ministry' | 'department' | 'other';

export interface ReportingUnit {
  code: string;
  name: string;
  nameEn: string | null;
  kind: UnitKind;
  parentCode: string | null;
  depth: number;
  adminUnitCode: string | null;
  agencyCode: string | null;
  contactEmail: string | null;
  retiredAt: Date | null;
}

export type Aggregation = 'SUM' | 'AVG' | 'MAX' | 'MIN' | 'FORMULA';
export type ValueType = 'integer' | 'decimal' | 'percent';

export interface Disaggregation {
  code: string;
  name: string;
  nameEn: string;
  options: { code: string; name: string; nameEn: string }[];
}

export interface Indicator {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  valueType: ValueType;
  aggregation: Aggregation;
  weightIndicator: string | null;
  formula: string | null;
  minValue: number | null;
  maxValue: number | null;
  disaggregation: Disaggregation[];
}

export interface NarrativeSection {
  code: string;
  title: string;
  titleEn: string;
}

/** A validation rule of a regime besides ranges and totals: `left ≤ right`. */
export interface RegimeRule {
  kind: 'lte';
  left: string;
  right: string;
}

/** `{ commune: 2, province: 5, ministry: 8 }`: each level sends later than the one below it. */
export type LevelDeadlines = Partial<Record<UnitKind, number>>;

/** The working days a unit of this kind has to send its report in this regime. */
export const deadlineDaysFor = (regime: Pick<Regime, 'deadlineWorkingDays' | 'levelDeadlines'>, kind: UnitKind): number => regime.levelDeadlines?.[kind] ?? regime.deadlineWorkingDays;

export interface Regime {
  code: string;
  name: string;
  nameEn: string;
  legalBasis: string;
  frequency: Frequency;
  deadlineWorkingDays: number;
  /** Working days by the kind of the sending unit, where it differs from deadlineWorkingDays. */
  levelDeadlines?: LevelDeadlines;
  receivingUnitCode: string;
  narrativeSections: NarrativeSection[];
  rules: RegimeRule[];
  indicators: string[];
  units: string[];
}

export type SubmissionState = 'draft' | 'submitted' | 'approved' | 'accepted' | 'returned' | 'correction_requested';

export interface Submission {
  id: number;
  regimeCode: string;
  period: string;
  unitCode: string;
  state: SubmissionState;
  narrative: Record<string, string>;
  reason: string | null;
  version: number;
  sentAt: Date | null;
  acceptedAt: Date | null;
  updatedAt: Date;
  /** `indicator` or `indicator|dimension=option` → value. */
  values: Record<string, number>;
}

/** States in which the unit may change its data. */
export const EDITABLE_STATES: readonly SubmissionState[] = ['draft', 'returned', 'correction_requested'];

/** The key of a value: the indicator's total, or one part of it (`POPULATION|sex=female`). */
export const valueKey = (indicator: string, category = '') => (category === '' ? indicator : `${indicator}|${category}`);
export function splitValueKey(key: string): { indicator: string; category: string } {
  const bar = key.indexOf('|');
  return bar < 0 ? { indicator: key, category: '' } : { indicator: key.slice(0, bar), category: key.slice(bar + 1) };
}
