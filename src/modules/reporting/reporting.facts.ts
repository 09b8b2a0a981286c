import { Type, type Static } from 'typebox';

/**
 * The facts the reporting system publishes: the operations center (or any module) follows
 * them at its own position to refresh what it shows when a period's figures change, instead
 * of polling the roll-ups. The roll-ups themselves are written in the acceptance's transaction.
 */
export const ReportAccepted = Type.Object({
  regime: Type.String({ minLength: 1 }),
  period: Type.String({ minLength: 4 }),
  unit: Type.String({ minLength: 1 }),
  /** The units whose roll-ups changed: the unit and each ancestor, the unit first. */
  path: Type.Array(Type.String({ minLength: 1 })),
});
export type ReportAccepted = Static<typeof ReportAccepted>;

export const ReportUnlocked = Type.Object({
  regime: Type.String({ minLength: 1 }),
  period: Type.String({ minLength: 4 }),
  unit: Type.String({ minLength: 1 }),
  path: Type.Array(Type.String({ minLength: 1 })),
  reason: Type.String({ minLength: 1 }),
});
export type ReportUnlocked = Static<typeof ReportUnlocked>;

export const REPORTING_FACTS = {
  'reporting.report_accepted': ReportAccepted,
  'reporting.report_unlocked': ReportUnlocked,
};
