import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Db, Executor } from '../../platform/db/index.ts';
import type { Aggregation, Disaggregation, LevelDeadlines, NarrativeSection, RegimeRule, SubmissionState, UnitKind, ValueType } from './reporting.types.ts';
import type { Frequency } from './reporting.periods.ts';

/** jsonb: read as the parsed value, written as JSON text (both drivers pass a string through). */
type Json<T> = ColumnType<T, string, string>;

/** The reporting module's tables, as Kysely sees them (migrations/0001_reporting.sql). */
export type ReportingTables = {
  reporting_units: {
    code: string;
    name: string;
    name_en: string | null;
    kind: UnitKind;
    parent_code: string | null;
    depth: number;
    admin_unit_code: string | null;
    agency_code: string | null;
    contact_email: string | null;
    retired_at: Date | null;
  };
  reporting_indicators: {
    code: string;
    name: string;
    name_en: string;
    unit: string;
    value_type: ValueType;
    aggregation: Aggregation;
    weight_indicator: string | null;
    formula: string | null;
    min_value: number | null;
    max_value: number | null;
    disaggregation: Json<Disaggregation[]>;
  };
  reporting_regimes: {
    code: string;
    name: string;
    name_en: string;
    legal_basis: string;
    frequency: Frequency;
    deadline_working_days: number;
    receiving_unit_code: string;
    narrative_sections: Json<NarrativeSection[]>;
    rules: Json<RegimeRule[]>;
    level_deadlines: Json<LevelDeadlines>;
    created_at: Generated<Date>;
  };
  reporting_regime_indicators: { regime_code: string; indicator_code: string; position: number };
  reporting_regime_units: { regime_code: string; unit_code: string };
  reporting_submissions: {
    id: Generated<number>;
    regime_code: string;
    period: string;
    unit_code: string;
    state: SubmissionState;
    narrative: Json<Record<string, string>>;
    reason: string | null;
    version: Generated<number>;
    rolled_up: Generated<boolean>;
    sent_at: Date | null;
    accepted_at: Date | null;
    updated_at: Generated<Date>;
  };
  reporting_values: { submission_id: number; indicator_code: string; category: string; value: number };
  reporting_rollups: {
    regime_code: string;
    period: string;
    unit_code: string;
    indicator_code: string;
    category: string;
    n: number;
    total: number;
    weight: number;
    weighted: number;
    max_value: number | null;
    min_value: number | null;
  };
  reporting_reminders: { regime_code: string; period: string; unit_code: string; kind: string; sent_at: Generated<Date> };
};

export function tables(ex: Executor): Kysely<ReportingTables> {
  return (ex as Db).withTables<ReportingTables>();
}
