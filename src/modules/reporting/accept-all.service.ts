import { appendAuditManyInTx } from '../../platform/audit/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { getRegime, PERMISSIONS, requirePermission, signedIn, unitOfActor, windowOf, type ReportingDeps } from './reporting.access.ts';
import type { ReportAccepted } from './reporting.facts.ts';
import * as repo from './reporting.repository.ts';
import { addManyToRollupsInTx } from './rollups.repository.ts';
import { tables } from './reporting.tables.ts';
import * as subs from './submissions.repository.ts';

/**
 * A unit accepts at once every report its children have approved and sent up for a period
 * (the province at the end of the month): one transaction, one roll-up statement for all of
 * them, one audit entry and one fact each. Reports in any other state are left alone.
 */
export async function acceptAll(deps: ReportingDeps, actor: Actor | undefined, key: { regime: string; period: string }): Promise<{ accepted: string[] }> {
  const who = signedIn(actor);
  requirePermission(deps, who, PERMISSIONS.accept);
  return deps.db.transaction().execute(async (tx) => {
    const regime = await getRegime(tx, key.regime);
    windowOf(regime, key.period);
    const unit = await unitOfActor(tx, who);
    const children = await subs.regimeChildren(tx, regime.code, unit.code);
    if (children.length === 0) return { accepted: [] };
    const waiting = await tables(tx)
      .selectFrom('reporting_submissions')
      .select(['id', 'unit_code'])
      .where('regime_code', '=', regime.code)
      .where('period', '=', key.period)
      .where('unit_code', 'in', children)
      .where('state', '=', 'approved')
      .orderBy('unit_code')
      .forUpdate()
      .execute();
    if (waiting.length === 0) return { accepted: [] };
    // Children that report over their own children carry no values of their own.
    const withChildren = new Set((await tables(tx).selectFrom('reporting_units').select('parent_code').where('parent_code', 'in', waiting.map((w) => w.unit_code)).execute()).map((r) => r.parent_code));
    const leaves = waiting.filter((w) => !withChildren.has(w.unit_code));
    const now = new Date();
    await tables(tx)
      .updateTable('reporting_submissions')
      .set((eb) => ({ state: 'accepted', accepted_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', 'in', waiting.map((w) => w.id))
      .execute();
    if (leaves.length > 0) await tables(tx).updateTable('reporting_submissions').set({ rolled_up: true }).where('id', 'in', leaves.map((l) => l.id)).execute();
    await addManyToRollupsInTx(tx, leaves.map((l) => l.id));
    const path = await repo.pathToRoot(tx, unit.code);
    await recordFactsInTx(tx, leaves.map((l) => ({ type: 'reporting.report_accepted', payload: { regime: regime.code, period: key.period, unit: l.unit_code, path: [l.unit_code, ...path] } satisfies ReportAccepted })));
    await appendAuditManyInTx(
      tx,
      waiting.map((w) => ({ actor: who.accountId, action: 'reporting.accept', entityType: 'reporting_submission', entityId: String(w.id), data: { regime: regime.code, period: key.period, unit: w.unit_code, from: 'approved', to: 'accepted', batch: true } })),
    );
    return { accepted: waiting.map((w) => w.unit_code) };
  });
}
