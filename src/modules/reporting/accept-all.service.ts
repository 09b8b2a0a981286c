import { appendAuditManyInTx } from '../../platform/audit/index.ts';
import { sql } from '../../platform/db/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { PERMISSIONS, requirePermission, signedIn, unitOfActor, type ReportingDeps } from './reporting.access.ts';
import { ReportingErrors } from './reporting.errors.ts';
import type { ReportAccepted } from './reporting.facts.ts';
import { periodWindow } from './reporting.periods.ts';
import * as repo from './reporting.repository.ts';
import { addToRollupsInTx } from './rollups.repository.ts';
import { tables } from './reporting.tables.ts';

/**
 * A unit accepts at once every report its children have approved and sent up for a period
 * (the province at the end of the month): one transaction of a few set-based statements (the
 * state change of all of them, one roll-up statement, the facts, the audit entries), whatever
 * the number of children. Reports in any other state are left alone.
 */
export async function acceptAll(deps: ReportingDeps, actor: Actor | undefined, key: { regime: string; period: string }): Promise<{ accepted: string[] }> {
  const who = signedIn(actor);
  requirePermission(deps, who, PERMISSIONS.accept);
  return deps.db.transaction().execute(async (tx) => {
    const regime = await tables(tx).selectFrom('reporting_regimes').select(['code', 'frequency']).where('code', '=', key.regime).executeTakeFirst();
    if (!regime) throw ReportingErrors.regimeNotFound(key.regime);
    if (!periodWindow(regime.frequency, key.period)) throw ReportingErrors.periodInvalid(key.period);
    const unit = await unitOfActor(tx, who);
    const now = new Date();
    // The children's approved reports in the regime, accepted in one statement; those of units
    // with no children in the regime carry values and join the roll-ups (the others report over
    // theirs), as when accepted one by one. Which children have children of their own is read
    // once (a hashed set), not probed per report.
    const rows = await sql<{ id: string | number; unit_code: string; rolled_up: boolean }>`
      WITH children AS (
        SELECT u.code FROM reporting_units u JOIN reporting_regime_units ru ON ru.unit_code = u.code AND ru.regime_code = ${regime.code}
        WHERE u.parent_code = ${unit.code}
      ), reporting_over_children AS (
        SELECT g.parent_code AS code FROM reporting_units g JOIN reporting_regime_units gr ON gr.unit_code = g.code AND gr.regime_code = ${regime.code}
        WHERE g.parent_code IN (SELECT code FROM children) AND g.retired_at IS NULL
      )
      UPDATE reporting_submissions s
      SET state = 'accepted', accepted_at = ${now}, updated_at = ${now}, version = s.version + 1,
        rolled_up = s.unit_code NOT IN (SELECT code FROM reporting_over_children)
      FROM children c
      WHERE s.regime_code = ${regime.code} AND s.period = ${key.period} AND s.state = 'approved' AND s.unit_code = c.code
      RETURNING s.id, s.unit_code, s.rolled_up`.execute(tx);
    const waiting = rows.rows.map((r) => ({ id: Number(r.id), unitCode: r.unit_code, leaf: r.rolled_up })).sort((a, b) => a.unitCode.localeCompare(b.unitCode));
    if (waiting.length === 0) return { accepted: [] };
    const leaves = waiting.filter((w) => w.leaf);
    const path = await repo.pathToRoot(tx, unit.code);
    await addToRollupsInTx(tx, { regime: regime.code, period: key.period, ancestors: path }, leaves.map((l) => l.id));
    await recordFactsInTx(tx, leaves.map((l) => ({ type: 'reporting.report_accepted', payload: { regime: regime.code, period: key.period, unit: l.unitCode, path: [l.unitCode, ...path] } satisfies ReportAccepted })));
    await appendAuditManyInTx(
      tx,
      waiting.map((w) => ({ actor: who.accountId, action: 'reporting.accept', entityType: 'reporting_submission', entityId: String(w.id), data: { regime: regime.code, period: key.period, unit: w.unitCode, from: 'approved', to: 'accepted', batch: true } })),
    );
    return { accepted: waiting.map((w) => w.unitCode) };
  });
}
