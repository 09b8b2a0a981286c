import type { Actor } from '../../platform/module/index.ts';
import type { ReportKey, ReportView, SaveInput } from './submissions.service.ts';
import type { Indicator, Regime, ReportingUnit, Submission } from './reporting.types.ts';
import type { IndicatorLinkSource } from './reporting.indicator-links.ts';
import type { ValueProblem } from './reporting.validation.ts';
import type { Comparison, SeriesPoint } from './rollups.service.ts';
import type { PeriodProgress } from './timeliness.service.ts';

/** What other modules, the CLI and tests use of the reporting system. */
export interface ReportingApi {
  /** System administrators: the unit tree from the administrative units and the agency directory. */
  syncUnits(actor: Actor | undefined): Promise<{ units: number; retired: number }>;
  saveUnit(actor: Actor | undefined, unit: Omit<ReportingUnit, 'retiredAt' | 'depth'>): Promise<ReportingUnit>;
  defineIndicators(actor: Actor | undefined, indicators: readonly Indicator[]): Promise<void>;
  defineRegime(actor: Actor | undefined, regime: Regime): Promise<Regime>;
  listRegimes(): Promise<Regime[]>;
  listIndicators(): Promise<Indicator[]>;

  getReport(actor: Actor | undefined, key: ReportKey): Promise<ReportView>;
  saveReport(actor: Actor | undefined, input: SaveInput): Promise<{ submission: Submission; problems: ValueProblem[] }>;
  submit(actor: Actor | undefined, key: ReportKey): Promise<Submission>;
  approve(actor: Actor | undefined, key: ReportKey): Promise<Submission>;
  returnReport(actor: Actor | undefined, key: ReportKey & { reason: string }): Promise<Submission>;
  accept(actor: Actor | undefined, key: ReportKey): Promise<Submission>;
  /** The actor's unit accepts every report its children approved and sent up for the period, at once. */
  acceptAll(actor: Actor | undefined, key: { regime: string; period: string }): Promise<{ accepted: string[] }>;
  requestCorrection(actor: Actor | undefined, key: ReportKey & { reason: string }): Promise<Submission>;
  unlock(actor: Actor | undefined, key: ReportKey & { reason: string }): Promise<Submission>;

  /** The time series of indicators at a unit (rolled up), over periods in order. */
  series(actor: Actor | undefined, query: { regime: string; unit: string; indicators: string[]; periods: string[] }): Promise<SeriesPoint[]>;
  /** This period against the same period of the previous year, per indicator. */
  compare(actor: Actor | undefined, query: { regime: string; unit: string; period: string }): Promise<Comparison[]>;
  /** Who has sent, who is late, and the rates, for a unit's children in a period. */
  progress(actor: Actor | undefined, query: { regime: string; unit?: string | undefined; period: string }): Promise<PeriodProgress>;
  /** Queues reminders (outbox e-mail) to units that have not sent a report due within `workingDays`; never twice. */
  sendReminders(now?: Date, workingDays?: number): Promise<{ sent: number }>;
  /** A module above adds a section of links to every indicator's figures page (task tracking: the tasks that move it). */
  registerIndicatorLinks(source: IndicatorLinkSource): void;
}
