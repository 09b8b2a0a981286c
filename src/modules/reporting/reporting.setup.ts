import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { GOVERNMENT_OFFICE_CODE } from '../agencies/index.ts';
import { signedIn } from './reporting.access.ts';
import { ReportingErrors } from './reporting.errors.ts';
import { FormulaError, formulaInputs, parseFormula } from './reporting.formula.ts';
import { FREQUENCIES } from './reporting.periods.ts';
import * as repo from './reporting.repository.ts';
import type { Indicator, Regime, ReportingUnit, UnitKind } from './reporting.types.ts';

/**
 * Configuration of the reporting system by system administrators: the unit tree (from the
 * administrative units and the agency directory, plus any unit added by hand at any depth),
 * indicators and regimes, each checked whole before it is stored, and audited.
 */

export const NATION_CODE = 'VN';
export const provinceUnitCode = (province: string) => `P.${province}`;
export const communeUnitCode = (commune: string) => `C.${commune}`;
export const ministryUnitCode = (level1: string) => `M.${level1}`;

type NewUnit = Omit<ReportingUnit, 'retiredAt' | 'depth'>;

function assertAdmin(actor: Actor | undefined): Actor {
  const who = signedIn(actor);
  if (who.kind !== 'admin') throw ReportingErrors.adminOnly();
  return who;
}

/**
 * The nation, the ministries, the 34 provinces and their communes, read through the agencies
 * door; each unit is linked to the agency whose officials act for it. Idempotent: names are
 * refreshed, a commune no longer in the administrative units is retired (its reports stay).
 */
export async function syncUnitsFromAgencies(db: Db, agencies: AgenciesApi, actor: Actor | null): Promise<{ units: number; retired: number }> {
  const level1: Awaited<ReturnType<AgenciesApi['searchAgencies']>>['items'] = [];
  for (let after: string | null | undefined = undefined; ; ) {
    const page = await agencies.searchAgencies({ level: 1, limit: 100, after: after ?? undefined });
    level1.push(...page.items);
    if (!page.nextAfter) break;
    after = page.nextAfter;
  }
  const units: NewUnit[] = [{ code: NATION_CODE, name: 'Chính phủ', nameEn: 'Government', kind: 'nation', parentCode: null, adminUnitCode: null, agencyCode: GOVERNMENT_OFFICE_CODE, contactEmail: null }];
  for (const agency of level1) {
    if (agency.provinceCode !== null || agency.code === GOVERNMENT_OFFICE_CODE) continue;
    units.push({ code: ministryUnitCode(agency.level1), name: agency.name, nameEn: agency.nameEn, kind: 'ministry', parentCode: NATION_CODE, adminUnitCode: null, agencyCode: agency.code, contactEmail: null });
  }
  const present = new Set<string>();
  for (const province of await agencies.listProvinces()) {
    const committee = level1.find((a) => a.provinceCode === province.code);
    const code = provinceUnitCode(province.code);
    units.push({ code, name: province.name, nameEn: null, kind: 'province', parentCode: NATION_CODE, adminUnitCode: province.code, agencyCode: committee?.code ?? null, contactEmail: null });
    const committees = committee ? await agencies.listUnitsOf(committee.code) : [];
    const agencyOfCommune = new Map(committees.filter((a) => a.communeCode).map((a) => [a.communeCode!, a.code]));
    for (const commune of await agencies.listCommunes(province.code)) {
      present.add(communeUnitCode(commune.code));
      units.push({ code: communeUnitCode(commune.code), name: commune.name, nameEn: null, kind: 'commune', parentCode: code, adminUnitCode: commune.code, agencyCode: agencyOfCommune.get(commune.code) ?? null, contactEmail: null });
    }
  }
  return db.transaction().execute(async (tx) => {
    await repo.upsertUnitsInTx(tx, units);
    let retired = 0;
    for (const unit of await repo.listUnitsOfKind(tx, 'commune')) {
      if (!present.has(unit.code) && (await repo.retireUnitInTx(tx, unit.code))) retired++;
    }
    await appendAuditInTx(tx, { actor: actor?.accountId ?? null, action: 'reporting.units_synced', entityType: 'reporting_units', entityId: NATION_CODE, data: { units: units.length, retired } });
    return { units: units.length, retired };
  });
}

export async function syncUnits(db: Db, agencies: AgenciesApi, actor: Actor | undefined): Promise<{ units: number; retired: number }> {
  return syncUnitsFromAgencies(db, agencies, assertAdmin(actor));
}

/** Adds or renames a unit anywhere in the tree (a ministry's department, a pilot level). */
export async function saveUnit(db: Db, actor: Actor | undefined, unit: NewUnit): Promise<ReportingUnit> {
  const admin = assertAdmin(actor);
  if (!/^[A-Z0-9][A-Z0-9.]{0,39}$/.test(unit.code)) throw ReportingErrors.configInvalid(`Mã đơn vị ${unit.code.slice(0, 40)} không hợp lệ.`);
  return db.transaction().execute(async (tx) => {
    if (unit.parentCode && !(await repo.findUnit(tx, unit.parentCode))) throw ReportingErrors.unitNotFound(unit.parentCode);
    await repo.upsertUnitsInTx(tx, [unit]);
    await appendAuditInTx(tx, { actor: admin.accountId, action: 'reporting.unit_saved', entityType: 'reporting_unit', entityId: unit.code, data: { name: unit.name, parent: unit.parentCode } });
    return (await repo.findUnit(tx, unit.code))!;
  });
}

/** Checks a set of indicators against itself and those stored: formulas, weights, ranges. */
function checkIndicators(indicators: readonly Indicator[], known: ReadonlyMap<string, Indicator>): void {
  for (const i of indicators) {
    if (!/^[A-Z][A-Z0-9_]{0,39}$/.test(i.code)) throw ReportingErrors.configInvalid(`Mã chỉ tiêu ${i.code.slice(0, 40)} không hợp lệ.`);
    if (!i.name?.trim() || !i.nameEn?.trim() || !i.unit?.trim()) throw ReportingErrors.configInvalid(`Chỉ tiêu ${i.code}: cần tên, tên tiếng Anh và đơn vị tính.`);
    if (i.minValue !== null && i.maxValue !== null && i.minValue > i.maxValue) throw ReportingErrors.configInvalid(`Chỉ tiêu ${i.code}: giá trị nhỏ nhất lớn hơn giá trị lớn nhất.`);
    if (i.weightIndicator && (i.aggregation !== 'AVG' || !known.has(i.weightIndicator))) throw ReportingErrors.configInvalid(`Chỉ tiêu ${i.code}: trọng số ${i.weightIndicator} không dùng được.`);
    if (i.aggregation === 'FORMULA') {
      let inputs: Set<string>;
      try {
        inputs = formulaInputs(parseFormula(i.formula ?? ''));
      } catch (error) {
        throw ReportingErrors.configInvalid(`Chỉ tiêu ${i.code}: công thức sai (${error instanceof FormulaError ? error.message : 'không đọc được'}).`);
      }
      for (const input of inputs) {
        const source = known.get(input);
        // Formulas read entered (or rolled-up) values, not other formulas: no cycles, one pass.
        if (!source || source.aggregation === 'FORMULA') throw ReportingErrors.configInvalid(`Chỉ tiêu ${i.code}: công thức dùng ${input}, không phải chỉ tiêu được nhập.`);
      }
    } else if (i.formula) throw ReportingErrors.configInvalid(`Chỉ tiêu ${i.code}: chỉ chỉ tiêu tính theo công thức mới có công thức.`);
  }
}

export async function saveIndicators(db: Db, actor: Actor | null, indicators: readonly Indicator[]): Promise<void> {
  return db.transaction().execute(async (tx) => {
    const known = new Map((await repo.listIndicators(tx)).map((i) => [i.code, i]));
    for (const i of indicators) known.set(i.code, i);
    checkIndicators(indicators, known);
    await repo.upsertIndicatorsInTx(tx, indicators);
    await appendAuditInTx(tx, { actor: actor?.accountId ?? null, action: 'reporting.indicators_saved', entityType: 'reporting_indicators', entityId: indicators.map((i) => i.code).join(',').slice(0, 200), data: { count: indicators.length } });
  });
}

export async function defineIndicators(db: Db, actor: Actor | undefined, indicators: readonly Indicator[]): Promise<void> {
  return saveIndicators(db, assertAdmin(actor), indicators);
}

/**
 * Stores a regime whole: its indicators exist, its rules name them, each reporting unit's
 * parent reports in it too or is the receiving unit (the chain of approvals has no gap).
 */
export async function saveRegime(db: Db, actor: Actor | null, regime: Regime): Promise<Regime> {
  if (!/^[A-Z][A-Z0-9_-]{0,39}$/.test(regime.code)) throw ReportingErrors.configInvalid('Mã chế độ báo cáo không hợp lệ.');
  if (!(FREQUENCIES as readonly string[]).includes(regime.frequency)) throw ReportingErrors.configInvalid('Tần suất báo cáo không hợp lệ.');
  checkDeadlines(regime);
  if (!regime.name?.trim() || !regime.nameEn?.trim() || !regime.legalBasis?.trim()) throw ReportingErrors.configInvalid('Chế độ báo cáo cần tên, tên tiếng Anh và căn cứ pháp lý.');
  return db.transaction().execute(async (tx) => {
    const indicators = new Set((await repo.listIndicators(tx, regime.indicators)).map((i) => i.code));
    const missing = regime.indicators.filter((c) => !indicators.has(c));
    if (missing.length > 0) throw ReportingErrors.configInvalid(`Chỉ tiêu không tồn tại: ${missing.join(', ')}.`);
    for (const rule of regime.rules) {
      if (!indicators.has(rule.left) || !indicators.has(rule.right)) throw ReportingErrors.configInvalid(`Quy tắc ${rule.left} ≤ ${rule.right} dùng chỉ tiêu ngoài chế độ.`);
    }
    const units = await repo.listUnits(tx, regime.units);
    if (units.length !== new Set(regime.units).size) throw ReportingErrors.configInvalid('Có đơn vị báo cáo không tồn tại.');
    if (!(await repo.findUnit(tx, regime.receivingUnitCode))) throw ReportingErrors.unitNotFound(regime.receivingUnitCode);
    const inRegime = new Set([...regime.units, regime.receivingUnitCode]);
    const orphan = units.find((u) => !u.parentCode || !inRegime.has(u.parentCode));
    if (orphan) throw ReportingErrors.configInvalid(`Đơn vị ${orphan.code} báo cáo lên ${orphan.parentCode ?? '—'}, đơn vị này không thuộc chế độ.`);
    await repo.upsertRegimeInTx(tx, regime);
    await appendAuditInTx(tx, { actor: actor?.accountId ?? null, action: 'reporting.regime_saved', entityType: 'reporting_regime', entityId: regime.code, data: { frequency: regime.frequency, indicators: regime.indicators.length, units: regime.units.length } });
    return (await repo.findRegime(tx, regime.code))!;
  });
}

const UNIT_KINDS: readonly UnitKind[] = ['nation', 'province', 'commune', 'ministry', 'department', 'other'];
const validDays = (days: unknown) => Number.isInteger(days) && (days as number) >= 0 && (days as number) <= 60;

/** The default deadline and each level's: whole working days from 0 to 60, levels by unit kind. */
function checkDeadlines(regime: Regime): void {
  if (!validDays(regime.deadlineWorkingDays)) throw ReportingErrors.configInvalid('Hạn gửi phải là số ngày làm việc từ 0 đến 60.');
  for (const [kind, days] of Object.entries(regime.levelDeadlines ?? {})) {
    if (!(UNIT_KINDS as readonly string[]).includes(kind)) throw ReportingErrors.configInvalid(`Cấp đơn vị ${kind.slice(0, 20)} không hợp lệ.`);
    if (!validDays(days)) throw ReportingErrors.configInvalid(`Hạn gửi của cấp ${kind} phải là số ngày làm việc từ 0 đến 60.`);
  }
}

export async function defineRegime(db: Db, actor: Actor | undefined, regime: Regime): Promise<Regime> {
  return saveRegime(db, assertAdmin(actor), regime);
}
