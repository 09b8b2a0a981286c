import type { Selectable } from 'kysely';
import { sql, type Executor } from '../../platform/db/index.ts';
import { tables, type ReportingTables } from './reporting.tables.ts';
import { splitValueKey, type Submission, type SubmissionState } from './reporting.types.ts';

/** Submissions and their values: SQL only. */

type SubmissionRow = Selectable<ReportingTables['reporting_submissions']>;

function toSubmission(row: SubmissionRow, values: Record<string, number>): Submission {
  return {
    id: row.id,
    regimeCode: row.regime_code,
    period: row.period,
    unitCode: row.unit_code,
    state: row.state,
    narrative: row.narrative,
    reason: row.reason,
    version: row.version,
    sentAt: row.sent_at,
    acceptedAt: row.accepted_at,
    updatedAt: row.updated_at,
    values,
  };
}

export async function findSubmission(ex: Executor, regime: string, period: string, unit: string, options: { forUpdate?: boolean } = {}): Promise<Submission | undefined> {
  let query = tables(ex).selectFrom('reporting_submissions').selectAll().where('regime_code', '=', regime).where('period', '=', period).where('unit_code', '=', unit);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const values = await tables(ex).selectFrom('reporting_values').select(['indicator_code', 'category', 'value']).where('submission_id', '=', row.id).execute();
  return toSubmission(row, Object.fromEntries(values.map((v) => [v.category === '' ? v.indicator_code : `${v.indicator_code}|${v.category}`, v.value])));
}

export async function createSubmissionInTx(ex: Executor, regime: string, period: string, unit: string): Promise<Submission> {
  await tables(ex)
    .insertInto('reporting_submissions')
    .values({ regime_code: regime, period, unit_code: unit, state: 'draft', narrative: '{}' })
    .onConflict((oc) => oc.columns(['regime_code', 'period', 'unit_code']).doNothing())
    .execute();
  return (await findSubmission(ex, regime, period, unit, { forUpdate: true }))!;
}

/** Replaces the values of a submission. */
export async function replaceValuesInTx(ex: Executor, submissionId: number, values: Record<string, number>): Promise<void> {
  await tables(ex).deleteFrom('reporting_values').where('submission_id', '=', submissionId).execute();
  const rows = Object.entries(values).map(([key, value]) => {
    const { indicator, category } = splitValueKey(key);
    return { submission_id: submissionId, indicator_code: indicator, category, value };
  });
  for (let i = 0; i < rows.length; i += 1000) await tables(ex).insertInto('reporting_values').values(rows.slice(i, i + 1000)).execute();
}

export async function updateSubmissionInTx(
  ex: Executor,
  id: number,
  change: { state?: SubmissionState; narrative?: Record<string, string>; reason?: string | null; sentAt?: Date | null; acceptedAt?: Date | null; rolledUp?: boolean },
): Promise<void> {
  await tables(ex)
    .updateTable('reporting_submissions')
    .set({
      ...(change.state !== undefined ? { state: change.state } : {}),
      ...(change.narrative !== undefined ? { narrative: JSON.stringify(change.narrative) } : {}),
      ...(change.reason !== undefined ? { reason: change.reason } : {}),
      ...(change.sentAt !== undefined ? { sent_at: change.sentAt } : {}),
      ...(change.acceptedAt !== undefined ? { accepted_at: change.acceptedAt } : {}),
      ...(change.rolledUp !== undefined ? { rolled_up: change.rolledUp } : {}),
      version: sql<number>`version + 1`,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export interface SubmissionStatus {
  unitCode: string;
  state: SubmissionState | null;
  sentAt: Date | null;
  acceptedAt: Date | null;
}

/** The state of each of these units' submissions for a period (null: not started). */
export async function statusesOf(ex: Executor, regime: string, period: string, units: readonly string[]): Promise<SubmissionStatus[]> {
  if (units.length === 0) return [];
  const rows = await tables(ex)
    .selectFrom('reporting_submissions')
    .select(['unit_code', 'state', 'sent_at', 'accepted_at'])
    .where('regime_code', '=', regime)
    .where('period', '=', period)
    .where('unit_code', 'in', units)
    .execute();
  const byUnit = new Map(rows.map((r) => [r.unit_code, r]));
  return units.map((unitCode) => {
    const row = byUnit.get(unitCode);
    return { unitCode, state: row?.state ?? null, sentAt: row?.sent_at ?? null, acceptedAt: row?.accepted_at ?? null };
  });
}

/** The regime's units whose parent is this unit (its children in the regime). */
export async function regimeChildren(ex: Executor, regime: string, parent: string): Promise<string[]> {
  const rows = await tables(ex)
    .selectFrom('reporting_regime_units as ru')
    .innerJoin('reporting_units as u', 'u.code', 'ru.unit_code')
    .select('u.code')
    .where('ru.regime_code', '=', regime)
    .where('u.parent_code', '=', parent)
    .where('u.retired_at', 'is', null)
    .orderBy('u.code')
    .execute();
  return rows.map((r) => r.code);
}
