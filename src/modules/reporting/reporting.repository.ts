import type { Selectable } from 'kysely';
import { sql, type Executor } from '../../platform/db/index.ts';
import { tables, type ReportingTables } from './reporting.tables.ts';
import type { Indicator, LevelDeadlines, Regime, ReportingUnit } from './reporting.types.ts';

/** Units, indicators and regimes: SQL only. */

type UnitRow = ReportingTables['reporting_units'];

const toUnit = (r: UnitRow): ReportingUnit => ({
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  kind: r.kind,
  parentCode: r.parent_code,
  depth: r.depth,
  adminUnitCode: r.admin_unit_code,
  agencyCode: r.agency_code,
  contactEmail: r.contact_email,
  retiredAt: r.retired_at,
});

export async function findUnit(ex: Executor, code: string): Promise<ReportingUnit | undefined> {
  const row = await tables(ex).selectFrom('reporting_units').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? toUnit(row) : undefined;
}

export async function findUnitOfAgency(ex: Executor, agencyCode: string): Promise<ReportingUnit | undefined> {
  const row = await tables(ex).selectFrom('reporting_units').selectAll().where('agency_code', '=', agencyCode).where('retired_at', 'is', null).executeTakeFirst();
  return row ? toUnit(row) : undefined;
}

export async function listChildren(ex: Executor, parentCode: string): Promise<ReportingUnit[]> {
  const rows = await tables(ex).selectFrom('reporting_units').selectAll().where('parent_code', '=', parentCode).orderBy('code').execute();
  return rows.map(toUnit);
}

export async function listUnits(ex: Executor, codes: readonly string[]): Promise<ReportingUnit[]> {
  if (codes.length === 0) return [];
  const rows = await tables(ex).selectFrom('reporting_units').selectAll().where('code', 'in', codes).orderBy('code').execute();
  return rows.map(toUnit);
}

/** The unit and its ancestors, the unit first. */
export async function pathToRoot(ex: Executor, code: string): Promise<string[]> {
  const result = await sql<{ code: string }>`
    WITH RECURSIVE up (code, parent_code, step) AS (
      SELECT code, parent_code, 0 FROM reporting_units WHERE code = ${code}
      UNION ALL
      SELECT u.code, u.parent_code, up.step + 1 FROM reporting_units u JOIN up ON u.code = up.parent_code
    )
    SELECT code FROM up ORDER BY step`.execute(ex);
  return result.rows.map((r) => r.code);
}

/** Inserts or updates units (parents before children, or already stored); a unit named again is no longer retired. */
export async function upsertUnitsInTx(ex: Executor, units: readonly Omit<ReportingUnit, 'retiredAt' | 'depth'>[]): Promise<void> {
  const depth = new Map<string, number>();
  const outside = [...new Set(units.map((u) => u.parentCode).filter((c): c is string => c !== null && !units.some((u) => u.code === c)))];
  for (const parent of await listUnits(ex, outside)) depth.set(parent.code, parent.depth);
  const rows = units.map((unit) => {
    const level = unit.parentCode === null ? 0 : (depth.get(unit.parentCode) ?? -1) + 1;
    if (level === 0 && unit.parentCode !== null) throw new Error(`reporting unit ${unit.code}: parent ${unit.parentCode} unknown`);
    depth.set(unit.code, level);
    return {
      code: unit.code,
      name: unit.name,
      name_en: unit.nameEn,
      kind: unit.kind,
      parent_code: unit.parentCode,
      depth: level,
      admin_unit_code: unit.adminUnitCode,
      agency_code: unit.agencyCode,
      contact_email: unit.contactEmail,
      retired_at: null,
    };
  });
  for (let i = 0; i < rows.length; i += 500) {
    await tables(ex)
      .insertInto('reporting_units')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          name_en: eb.ref('excluded.name_en'),
          kind: eb.ref('excluded.kind'),
          parent_code: eb.ref('excluded.parent_code'),
          depth: eb.ref('excluded.depth'),
          admin_unit_code: eb.ref('excluded.admin_unit_code'),
          agency_code: eb.ref('excluded.agency_code'),
          contact_email: sql<string | null>`COALESCE(excluded.contact_email, reporting_units.contact_email)`,
          retired_at: null,
        })),
      )
      .execute();
  }
}

export async function retireUnitInTx(ex: Executor, code: string): Promise<boolean> {
  const result = await tables(ex).updateTable('reporting_units').set({ retired_at: new Date() }).where('code', '=', code).where('retired_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

type IndicatorRow = ReportingTables['reporting_indicators'];
const toIndicator = (r: Selectable<IndicatorRow>): Indicator => ({
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  unit: r.unit,
  valueType: r.value_type,
  aggregation: r.aggregation,
  weightIndicator: r.weight_indicator,
  formula: r.formula,
  minValue: r.min_value,
  maxValue: r.max_value,
  disaggregation: r.disaggregation,
});

export async function listIndicators(ex: Executor, codes?: readonly string[]): Promise<Indicator[]> {
  let query = tables(ex).selectFrom('reporting_indicators').selectAll().orderBy('code');
  if (codes) {
    if (codes.length === 0) return [];
    query = query.where('code', 'in', codes);
  }
  return (await query.execute()).map(toIndicator);
}

export async function upsertIndicatorsInTx(ex: Executor, indicators: readonly Indicator[]): Promise<void> {
  // Weights and formulas name other indicators: insert them all first, then reference.
  for (const i of indicators) {
    const row = {
      code: i.code,
      name: i.name,
      name_en: i.nameEn,
      unit: i.unit,
      value_type: i.valueType,
      aggregation: i.aggregation,
      weight_indicator: null,
      formula: i.formula,
      min_value: i.minValue,
      max_value: i.maxValue,
      disaggregation: JSON.stringify(i.disaggregation),
    };
    await tables(ex)
      .insertInto('reporting_indicators')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet({ ...row, code: undefined, weight_indicator: undefined } as never))
      .execute();
  }
  for (const i of indicators) {
    await tables(ex).updateTable('reporting_indicators').set({ weight_indicator: i.weightIndicator }).where('code', '=', i.code).execute();
  }
}

export async function listRegimes(ex: Executor): Promise<Regime[]> {
  const rows = await tables(ex).selectFrom('reporting_regimes').selectAll().orderBy('code').execute();
  return Promise.all(rows.map((r) => withContent(ex, r)));
}

export async function findRegime(ex: Executor, code: string): Promise<Regime | undefined> {
  const row = await tables(ex).selectFrom('reporting_regimes').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? withContent(ex, row) : undefined;
}

/** A regime without the list of its units (3,355 for a national one): what a read of its figures needs. */
export type RegimeOutline = Omit<Regime, 'units'>;

/** The regime and its indicators in one query, without its units. */
export async function findRegimeOutline(ex: Executor, code: string): Promise<RegimeOutline | undefined> {
  const row = await tables(ex)
    .selectFrom('reporting_regimes as r')
    .selectAll('r')
    .select(sql<string[]>`ARRAY(SELECT ri.indicator_code FROM reporting_regime_indicators ri WHERE ri.regime_code = r.code ORDER BY ri.position)`.as('indicators'))
    .where('r.code', '=', code)
    .executeTakeFirst();
  return row ? toRegime(row, row.indicators) : undefined;
}

type RegimeRow = { code: string; name: string; name_en: string; legal_basis: string; frequency: Regime['frequency']; deadline_working_days: number; receiving_unit_code: string; narrative_sections: Regime['narrativeSections']; rules: Regime['rules']; level_deadlines: LevelDeadlines };

const toRegime = (r: RegimeRow, indicators: string[]): RegimeOutline => ({
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  legalBasis: r.legal_basis,
  frequency: r.frequency,
  deadlineWorkingDays: r.deadline_working_days,
  levelDeadlines: r.level_deadlines,
  receivingUnitCode: r.receiving_unit_code,
  narrativeSections: r.narrative_sections,
  rules: r.rules,
  indicators,
});

async function withContent(ex: Executor, r: RegimeRow): Promise<Regime> {
  const indicators = await tables(ex).selectFrom('reporting_regime_indicators').select('indicator_code').where('regime_code', '=', r.code).orderBy('position').execute();
  const units = await tables(ex).selectFrom('reporting_regime_units').select('unit_code').where('regime_code', '=', r.code).orderBy('unit_code').execute();
  return { ...toRegime(r, indicators.map((i) => i.indicator_code)), units: units.map((u) => u.unit_code) };
}

export async function upsertRegimeInTx(ex: Executor, regime: Regime): Promise<void> {
  const row = {
    code: regime.code,
    name: regime.name,
    name_en: regime.nameEn,
    legal_basis: regime.legalBasis,
    frequency: regime.frequency,
    deadline_working_days: regime.deadlineWorkingDays,
    receiving_unit_code: regime.receivingUnitCode,
    narrative_sections: JSON.stringify(regime.narrativeSections),
    rules: JSON.stringify(regime.rules),
    level_deadlines: JSON.stringify(regime.levelDeadlines ?? {}),
  };
  await tables(ex)
    .insertInto('reporting_regimes')
    .values(row)
    .onConflict((oc) => oc.column('code').doUpdateSet({ ...row, code: undefined } as never))
    .execute();
  await tables(ex).deleteFrom('reporting_regime_indicators').where('regime_code', '=', regime.code).execute();
  if (regime.indicators.length > 0) {
    await tables(ex)
      .insertInto('reporting_regime_indicators')
      .values(regime.indicators.map((code, position) => ({ regime_code: regime.code, indicator_code: code, position })))
      .execute();
  }
  await tables(ex).deleteFrom('reporting_regime_units').where('regime_code', '=', regime.code).execute();
  if (regime.units.length > 0) {
    await tables(ex)
      .insertInto('reporting_regime_units')
      .values(regime.units.map((unit_code) => ({ regime_code: regime.code, unit_code })))
      .execute();
  }
}

export async function listUnitsOfKind(ex: Executor, kind: ReportingUnit['kind']): Promise<ReportingUnit[]> {
  const rows = await tables(ex).selectFrom('reporting_units').selectAll().where('kind', '=', kind).where('retired_at', 'is', null).orderBy('code').execute();
  return rows.map(toUnit);
}
