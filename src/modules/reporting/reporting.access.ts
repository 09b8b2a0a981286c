import type { Db, Executor } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { CalendarApi } from '../calendar/index.ts';
import type { IndicatorLinks } from './reporting.indicator-links.ts';
import { ReportingErrors } from './reporting.errors.ts';
import { periodWindow, sendDeadline, type PeriodWindow } from './reporting.periods.ts';
import * as repo from './reporting.repository.ts';
import { deadlineDaysFor, type Regime, type ReportingUnit, type UnitKind } from './reporting.types.ts';

/** What the use cases share: the database, the permission check and the working calendar. */
export interface ReportingDeps {
  db: Db;
  may(actor: Actor | undefined, permission: string): boolean;
  calendar: Pick<CalendarApi, 'workingCalendar'>;
  /** Sections other modules add to an indicator's figures page (none when absent). */
  indicatorLinks?: IndicatorLinks;
}

export const PERMISSIONS = {
  enter: 'reporting.enter',
  approve: 'reporting.approve',
  accept: 'reporting.accept',
  view: 'reporting.view',
} as const;

export function signedIn(actor: Actor | undefined): Actor {
  if (!actor) throw ReportingErrors.unauthenticated();
  return actor;
}

/** The reporting unit an official acts for: the one of their agency. */
export async function unitOfActor(ex: Executor, actor: Actor | undefined): Promise<ReportingUnit> {
  const who = signedIn(actor);
  if (who.kind !== 'official' || !who.agencyCode) throw ReportingErrors.notAUnit();
  const unit = await repo.findUnitOfAgency(ex, who.agencyCode);
  if (!unit) throw ReportingErrors.notAUnit();
  return unit;
}

export function requirePermission(deps: ReportingDeps, actor: Actor, permission: string): void {
  if (!deps.may(actor, permission)) throw ReportingErrors.forbidden();
}

export async function getRegime(ex: Executor, code: string): Promise<Regime> {
  const regime = await repo.findRegime(ex, code);
  if (!regime) throw ReportingErrors.regimeNotFound(code);
  return regime;
}

/** The regime without its units, for reads of its figures. */
export async function getRegimeOutline(ex: Executor, code: string): Promise<repo.RegimeOutline> {
  const regime = await repo.findRegimeOutline(ex, code);
  if (!regime) throw ReportingErrors.regimeNotFound(code);
  return regime;
}

export async function getUnit(ex: Executor, code: string): Promise<ReportingUnit> {
  const unit = await repo.findUnit(ex, code);
  if (!unit) throw ReportingErrors.unitNotFound(code);
  return unit;
}

export function windowOf(regime: Pick<Regime, 'frequency'>, period: string): PeriodWindow {
  const window = periodWindow(regime.frequency, period);
  if (!window) throw ReportingErrors.periodInvalid(period);
  return window;
}

/** The window of the period and the last day for a unit of this kind to send it (the regime's default without one). */
export async function scheduleOf(deps: ReportingDeps, regime: Regime, period: string, kind?: UnitKind): Promise<{ window: PeriodWindow; deadline: string }> {
  const window = windowOf(regime, period);
  const year = Number(window.to.slice(0, 4));
  const calendar = await deps.calendar.workingCalendar([year, year + 1]);
  return { window, deadline: sendDeadline(calendar, window, kind ? deadlineDaysFor(regime, kind) : regime.deadlineWorkingDays) };
}

/**
 * Whether `viewer` may see what `target` sent up in this regime: the unit itself, any unit
 * above it, and the regime's receiving unit. Drafts are another matter (only the unit's own).
 */
export async function mayViewUnit(ex: Executor, regime: Pick<Regime, 'receivingUnitCode'>, viewer: ReportingUnit, target: string): Promise<boolean> {
  if (viewer.code === regime.receivingUnitCode) return true;
  return (await repo.pathToRoot(ex, target)).includes(viewer.code);
}
