import { appendAuditInTx } from '../../platform/audit/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import type { ReportAccepted, ReportUnlocked } from './reporting.facts.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { getRegime, getUnit, mayViewUnit, PERMISSIONS, requirePermission, scheduleOf, signedIn, unitOfActor, windowOf, type ReportingDeps } from './reporting.access.ts';
import { ReportingErrors } from './reporting.errors.ts';
import * as repo from './reporting.repository.ts';
import { valuesAtUnit } from './rollups.values.ts';
import { addToRollupsInTx, removeFromRollupsInTx } from './rollups.repository.ts';
import * as subs from './submissions.repository.ts';
import { EDITABLE_STATES, type Indicator, type Regime, type ReportingUnit, type Submission, type SubmissionState } from './reporting.types.ts';
import { checkValues, readValues, type ValueProblem } from './reporting.validation.ts';

/**
 * Data entry and the approval chain (DOMAIN.md §8): a unit enters (draft), submits to its
 * leader, who approves and sends it up (data locked) or returns it; the unit above accepts
 * (its values join the roll-ups) or asks for a correction; an accepted report is unlocked only
 * explicitly, with a reason, by the unit above. A unit with children in the regime sends its
 * report (its narrative over its children's roll-up) only once every child is accepted.
 * Every change is audited in its transaction.
 */

export interface ReportKey {
  regime: string;
  period: string;
  /** The unit whose report it is (default: the actor's own). */
  unit?: string | undefined;
}

export interface ReportView {
  regime: Regime;
  period: string;
  unit: ReportingUnit;
  window: { from: string; to: string };
  deadline: string;
  indicators: Indicator[];
  /** Null when there is none yet, or when the viewer may not see it (another unit's draft). */
  submission: Submission | null;
  /** True when the unit enters values; false when it reports over its children's roll-up. */
  entersValues: boolean;
  children: subs.SubmissionStatus[];
  childNames: Record<string, string>;
  /** The roll-up at this unit (what its accepted children add up to). */
  rollup: Record<string, number>;
  problems: ValueProblem[];
  own: boolean;
}

const SENT_UP: readonly SubmissionState[] = ['approved', 'accepted'];

async function context(deps: ReportingDeps, ex: Executor, key: ReportKey, actor: Actor) {
  const regime = await getRegime(ex, key.regime);
  windowOf(regime, key.period);
  const actorUnit = await unitOfActor(ex, actor);
  const unit = key.unit && key.unit !== actorUnit.code ? await getUnit(ex, key.unit) : actorUnit;
  if (!regime.units.includes(unit.code)) throw ReportingErrors.unitNotInRegime(unit.code);
  const children = await subs.regimeChildren(ex, regime.code, unit.code);
  const indicators = await repo.listIndicators(ex, regime.indicators);
  indicators.sort((a, b) => regime.indicators.indexOf(a.code) - regime.indicators.indexOf(b.code));
  return { regime, actorUnit, unit, children, indicators, own: actorUnit.code === unit.code };
}

export async function getReport(deps: ReportingDeps, actor: Actor | undefined, key: ReportKey): Promise<ReportView> {
  const who = signedIn(actor);
  const c = await context(deps, deps.db, key, who);
  if (c.own) {
    if (!deps.may(who, PERMISSIONS.enter) && !deps.may(who, PERMISSIONS.approve) && !deps.may(who, PERMISSIONS.view)) throw ReportingErrors.forbidden();
  } else {
    requirePermission(deps, who, PERMISSIONS.view);
    if (!(await mayViewUnit(deps.db, c.regime, c.actorUnit, c.unit.code))) throw ReportingErrors.forbidden();
  }
  const stored = await subs.findSubmission(deps.db, c.regime.code, key.period, c.unit.code);
  // Another unit sees a report only once it was sent up: drafts stay the unit's own.
  const submission = stored && (c.own || SENT_UP.includes(stored.state)) ? stored : null;
  const { window, deadline } = await scheduleOf(deps, c.regime, key.period, c.unit.kind);
  const rollup = c.children.length > 0 ? await valuesAtUnit(deps.db, c.regime.code, c.unit.code, key.period, c.indicators) : {};
  const childUnits = await repo.listUnits(deps.db, c.children);
  return {
    regime: c.regime,
    period: key.period,
    unit: c.unit,
    window: { from: window.from, to: window.to },
    deadline,
    indicators: c.indicators,
    submission,
    entersValues: c.children.length === 0,
    children: await subs.statusesOf(deps.db, c.regime.code, key.period, c.children),
    childNames: Object.fromEntries(childUnits.map((u) => [u.code, u.name])),
    rollup,
    problems: submission && c.children.length === 0 ? checkValues(c.indicators, c.regime.rules, submission.values) : [],
    own: c.own,
  };
}

export interface SaveInput extends ReportKey {
  /** Raw inputs by value key (form fields or Excel cells). */
  values: Record<string, string | number | undefined>;
  narrative?: Record<string, string> | undefined;
  /** The version the form was read at: a save over a newer one is refused. */
  version?: number | undefined;
  /** Refuse the whole save when any input is not a number (the Excel upload). */
  strict?: boolean;
}

const NARRATIVE_MAX = 20_000;

/** Saves the unit's own draft; returns what it holds and every problem to fix before submitting. */
export async function saveReport(deps: ReportingDeps, actor: Actor | undefined, input: SaveInput): Promise<{ submission: Submission; problems: ValueProblem[] }> {
  const who = signedIn(actor);
  requirePermission(deps, who, PERMISSIONS.enter);
  return deps.db.transaction().execute(async (tx) => {
    const c = await context(deps, tx, input, who);
    if (!c.own) throw ReportingErrors.forbidden();
    const existing = await subs.findSubmission(tx, c.regime.code, input.period, c.unit.code, { forUpdate: true });
    const submission = existing ?? (await subs.createSubmissionInTx(tx, c.regime.code, input.period, c.unit.code));
    if (!EDITABLE_STATES.includes(submission.state)) throw SENT_UP.includes(submission.state) ? ReportingErrors.locked() : ReportingErrors.stateConflict(submission.state, 'sửa');
    if (existing && input.version !== undefined && input.version !== existing.version) throw ReportingErrors.versionConflict();
    const read = c.children.length === 0 ? readValues(c.indicators, input.values) : { values: {}, problems: [] };
    if (input.strict && read.problems.length > 0) throw ReportingErrors.valuesInvalid(read.problems.map((p) => ({ field: p.key, message: p.kind })));
    const narrative: Record<string, string> = {};
    for (const section of c.regime.narrativeSections) {
      const text = (input.narrative?.[section.code] ?? submission.narrative[section.code] ?? '').slice(0, NARRATIVE_MAX);
      if (text.trim() !== '') narrative[section.code] = text;
    }
    if (c.children.length === 0) await subs.replaceValuesInTx(tx, submission.id, read.values);
    await subs.updateSubmissionInTx(tx, submission.id, { narrative });
    await appendAuditInTx(tx, {
      actor: who.accountId,
      action: 'reporting.saved',
      entityType: 'reporting_submission',
      entityId: String(submission.id),
      data: { regime: c.regime.code, period: input.period, unit: c.unit.code, values: Object.keys(read.values).length },
    });
    const saved = (await subs.findSubmission(tx, c.regime.code, input.period, c.unit.code))!;
    return { submission: saved, problems: [...read.problems, ...checkValues(c.indicators, c.regime.rules, saved.values)] };
  });
}

type Transition = 'submit' | 'approve' | 'return' | 'accept' | 'request_correction' | 'unlock';

const RULES: Record<Transition, { from: readonly SubmissionState[]; to: SubmissionState; permission: string; by: 'own' | 'parent'; reason?: true; verb: string }> = {
  submit: { from: EDITABLE_STATES, to: 'submitted', permission: PERMISSIONS.enter, by: 'own', verb: 'trình lãnh đạo' },
  approve: { from: ['submitted'], to: 'approved', permission: PERMISSIONS.approve, by: 'own', verb: 'phê duyệt và gửi' },
  return: { from: ['submitted'], to: 'returned', permission: PERMISSIONS.approve, by: 'own', reason: true, verb: 'trả lại' },
  accept: { from: ['approved'], to: 'accepted', permission: PERMISSIONS.accept, by: 'parent', verb: 'tiếp nhận' },
  request_correction: { from: ['approved'], to: 'correction_requested', permission: PERMISSIONS.accept, by: 'parent', reason: true, verb: 'yêu cầu chỉnh sửa' },
  unlock: { from: ['accepted'], to: 'correction_requested', permission: PERMISSIONS.accept, by: 'parent', reason: true, verb: 'mở khóa' },
};

/** Moves a report along the approval chain (see RULES); audited. */
export async function transition(deps: ReportingDeps, actor: Actor | undefined, action: Transition, key: ReportKey & { reason?: string | undefined }): Promise<Submission> {
  const who = signedIn(actor);
  const rule = RULES[action];
  const systemAdminUnlock = action === 'unlock' && who.kind === 'admin';
  if (!systemAdminUnlock) requirePermission(deps, who, rule.permission);
  const reason = key.reason?.trim().slice(0, 2000) ?? '';
  if (rule.reason && reason === '') throw ReportingErrors.reasonRequired();
  return deps.db.transaction().execute(async (tx) => {
    const regime = await getRegime(tx, key.regime);
    windowOf(regime, key.period);
    let unit: ReportingUnit;
    if (systemAdminUnlock) {
      unit = await getUnit(tx, key.unit ?? '');
    } else {
      const actorUnit = await unitOfActor(tx, who);
      unit = key.unit ? await getUnit(tx, key.unit) : actorUnit;
      const allowed = rule.by === 'own' ? unit.code === actorUnit.code : unit.parentCode === actorUnit.code;
      if (!allowed) throw ReportingErrors.forbidden();
    }
    if (!regime.units.includes(unit.code)) throw ReportingErrors.unitNotInRegime(unit.code);
    const submission = await subs.findSubmission(tx, regime.code, key.period, unit.code, { forUpdate: true });
    if (!submission) throw ReportingErrors.submissionNotFound();
    if (!rule.from.includes(submission.state)) throw ReportingErrors.stateConflict(submission.state, rule.verb);
    const children = await subs.regimeChildren(tx, regime.code, unit.code);
    if (action === 'submit' || action === 'approve') {
      if (children.length === 0) {
        const indicators = await repo.listIndicators(tx, regime.indicators);
        const problems = checkValues(indicators, regime.rules, submission.values, { complete: true });
        if (problems.length > 0) throw ReportingErrors.valuesInvalid(problems.map((p) => ({ field: p.key, message: p.kind })));
      } else {
        const pending = (await subs.statusesOf(tx, regime.code, key.period, children)).filter((s) => s.state !== 'accepted').map((s) => s.unitCode);
        if (pending.length > 0) throw ReportingErrors.childrenPending(pending);
      }
    }
    if (action === 'unlock' && unit.parentCode) {
      // The report above already counts this one: it must be reopened first, or its approval would silently cover other data.
      const above = await subs.findSubmission(tx, regime.code, key.period, unit.parentCode);
      if (above && (above.state === 'submitted' || SENT_UP.includes(above.state))) throw ReportingErrors.stateConflict(above.state, 'mở khóa báo cáo cấp dưới');
    }
    const now = new Date();
    await subs.updateSubmissionInTx(tx, submission.id, {
      state: rule.to,
      reason: rule.reason ? reason : action === 'submit' ? null : undefined,
      ...(action === 'approve' ? { sentAt: now } : {}),
      ...(action === 'accept' ? { acceptedAt: now, rolledUp: children.length === 0 } : {}),
      ...(action === 'unlock' ? { rolledUp: false } : {}),
    });
    if ((action === 'accept' || action === 'unlock') && children.length === 0) {
      const path = await repo.pathToRoot(tx, unit.code);
      const base = { regime: regime.code, period: key.period, unit: unit.code, path };
      if (action === 'accept') {
        await addToRollupsInTx(tx, { regime: regime.code, period: key.period, ancestors: path.slice(1) }, [submission.id]);
        await recordFactsInTx(tx, [{ type: 'reporting.report_accepted', payload: base satisfies ReportAccepted }]);
      } else {
        await removeFromRollupsInTx(tx, submission.id, path);
        await recordFactsInTx(tx, [{ type: 'reporting.report_unlocked', payload: { ...base, reason } satisfies ReportUnlocked }]);
      }
    }
    await appendAuditInTx(tx, {
      actor: who.accountId,
      action: `reporting.${action}`,
      entityType: 'reporting_submission',
      entityId: String(submission.id),
      data: { regime: regime.code, period: key.period, unit: unit.code, from: submission.state, to: rule.to, ...(reason ? { reason } : {}) },
    });
    return (await subs.findSubmission(tx, regime.code, key.period, unit.code))!;
  });
}
