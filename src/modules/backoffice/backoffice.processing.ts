import { addToWalletInTx, findDossierState, type DossierState } from '../dossiers/index.ts';
import { endOfVietnamDay, isIsoDate, vietnamDay } from '../../platform/calendar/index.ts';
import { randomToken } from '../../platform/crypto/index.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { canAct } from './backoffice.access.ts';
import { atVersion, deadlineAfter, dossierFor, processingTimeOf, signature, transitionInTx, type BackofficeContext } from './backoffice.context.ts';
import { BackofficeErrors } from './backoffice.errors.ts';
import { backofficeMessages } from './backoffice.messages.ts';
import { renderResultPdf } from './backoffice.documents.ts';
import { listOf } from './backoffice.reception.ts';
import * as repo from './backoffice.repository.ts';
import { handoffShare, holderOf, STATUS, type WorkflowStep } from './backoffice.workflow.ts';

const m = backofficeMessages.for('vi');
const IN_PROCESSING: readonly number[] = [STATUS.accepted, STATUS.processing, STATUS.processed];

/** A processing action on the current step, by an official of the unit holding the step's role. */
async function onStep(bo: BackofficeContext, actor: Actor | undefined, code: string, version: number, action: string) {
  const dossier = await dossierFor(bo, actor, code);
  const found = await repo.findCase(bo.db, code);
  const holder = holderOf(found?.steps[found.stepIndex], dossier.receivingAgency);
  if (found && dossier.version !== version && canAct(actor, holder, found.steps[found.stepIndex]?.role ?? '')) atVersion(dossier, version);
  if (!found || !IN_PROCESSING.includes(dossier.status)) throw BackofficeErrors.actionNotAllowed(action, dossier.status);
  const step = found.steps[found.stepIndex] as WorkflowStep;
  // The unit holding the step acts: the receiving unit, or another agency's unit it was handed to (liên thông).
  if (!canAct(actor, holder, step.role)) throw BackofficeErrors.actionForbidden(action);
  if (found.assigneeId && found.assigneeId !== actor?.accountId && !actor?.roles.includes('leader')) throw BackofficeErrors.actionForbidden(action);
  return { dossier: { ...dossier, version } as DossierState, kase: found, step };
}

/** Moving from step `from` to step `to` crosses units: a hand-off (liên thông) out, back or on. */
function crossing(dossier: DossierState, steps: readonly WorkflowStep[], from: number, to: number) {
  const fromUnit = holderOf(steps[from], dossier.receivingAgency);
  const toUnit = holderOf(steps[to], dossier.receivingAgency);
  if (fromUnit === toUnit) return undefined;
  return { fromUnit, toUnit, action: toUnit === dossier.receivingAgency ? 'handoff_return' : 'handoff' };
}

/** Processing after reception (NĐ 61/2018 art. 16–19): steps, assignment, sending back, stopping, withdrawal, apology, results. */
export function createProcessing(bo: BackofficeContext) {
  async function unitName(code: string): Promise<string> {
    return (await bo.agencies.findAgency(code))?.name ?? code;
  }

  async function stepDue(dossier: DossierState, step: WorkflowStep | undefined, from: Date) {
    const time = await processingTimeOf(bo, dossier);
    return time && step ? deadlineAfter(bo, bo.db, from, time, step.share) : null;
  }

  return {
    /** Officials of the dossier's unit who may take its current step (for the assignment form). */
    async assignees(actor: Actor | undefined, code: string, seen?: { dossier: DossierState; case: repo.CaseRow | undefined }) {
      // The dossier page passes what its dossierView (which checked the actor) just read.
      const dossier = seen?.dossier.code === code ? seen.dossier : await dossierFor(bo, actor, code);
      const found = seen?.dossier.code === code ? seen.case : await repo.findCase(bo.db, code);
      const role = found ? (found.steps[found.stepIndex]?.role ?? 'clerk') : 'clerk';
      const officials = await bo.identity.officialsOfUnits([holderOf(found?.steps[found.stepIndex], dossier.receivingAgency)]);
      return officials.filter((o) => o.status === 'active' && o.roles.includes(role)).map((o) => ({ id: o.id, name: o.fullName }));
    },

    /** The unit's clerk or leader gives the current step to an official holding its role. */
    async assign(actor: Actor | undefined, code: string, input: { version: number; assigneeId: string }, now = new Date()) {
      const dossier = await dossierFor(bo, actor, code);
      const found = await repo.findCase(bo.db, code);
      if (!found || !IN_PROCESSING.includes(dossier.status)) throw BackofficeErrors.actionNotAllowed('assign', dossier.status);
      const role = actor?.roles.includes('leader') ? 'leader' : 'clerk';
      if (!canAct(actor, holderOf(found.steps[found.stepIndex], dossier.receivingAgency), role)) throw BackofficeErrors.actionForbidden('assign');
      atVersion(dossier, input.version);
      const candidates = await this.assignees(actor, code);
      const assignee = candidates.find((c) => c.id === input.assigneeId);
      if (!assignee) throw BackofficeErrors.assigneeInvalid();
      const who = await signature(bo, actor as Actor, role);
      return bo.db.transaction().execute(async (tx) => {
        await repo.upsertCaseInTx(tx, { ...found, assigneeId: assignee.id, assigneeName: assignee.name }, dossier.receivingAgency);
        const note = m('noteAssigned', { name: assignee.name, step: m(`step_${found.steps[found.stepIndex]?.kind ?? 'review'}`) });
        return transitionInTx(bo, tx, actor as Actor, { ...dossier, version: input.version }, { action: 'assign', change: { status: dossier.status, note, ...who, at: now }, auditData: { assignee: assignee.id, step: found.stepIndex } });
      });
    },

    /** The holder of the step approves it: the dossier moves to the next step (after a leader's approval, processed: 9). */
    async forward(actor: Actor | undefined, code: string, input: { version: number; note?: string | undefined }, now = new Date()) {
      const { dossier, kase, step } = await onStep(bo, actor, code, input.version, 'forward');
      if (step.kind === 'issuance' || step.kind === 'reception') throw BackofficeErrors.actionNotAllowed('forward', dossier.status);
      if (step.kind === 'approval') await bo.stepUp(actor as Actor, 'backoffice.approve');
      const nextIndex = kase.stepIndex + 1;
      const next = kase.steps[nextIndex] as WorkflowStep;
      const status = next.kind === 'issuance' ? STATUS.processed : STATUS.processing;
      const who = await signature(bo, actor as Actor, step.role);
      const handoff = crossing(dossier, kase.steps, kase.stepIndex, nextIndex);
      const stepDueAt = await stepDue(dossier, next, now);
      const partDueAt = handoff ? await stepDue(dossier, { ...next, share: handoffShare(kase.steps, nextIndex, dossier.receivingAgency) }, now) : null;
      const toName = handoff ? await unitName(handoff.toUnit) : '';
      return bo.db.transaction().execute(async (tx) => {
        await repo.upsertCaseInTx(tx, { ...kase, stepIndex: nextIndex, stepStartedAt: now, assigneeId: null, assigneeName: null }, dossier.receivingAgency);
        const done = [m(`done_${step.kind}`), input.note?.trim().slice(0, 1000)].filter(Boolean).join(': ');
        if (!handoff) return transitionInTx(bo, tx, actor as Actor, dossier, { action: 'forward', change: { status, note: done, ...who, at: now, stepStartedAt: now, stepDueAt }, auditData: { step: kase.stepIndex, kind: step.kind }, ...(status === STATUS.processed ? { notify: done } : {}) });
        // Liên thông: the dossier enters the other unit's queue with its part of the time limit, or comes back.
        await repo.moveHandoffInTx(tx, { dossierCode: dossier.code, receivingUnit: dossier.receivingAgency, fromUnit: handoff.fromUnit, toUnit: handoff.toUnit, stepIndex: nextIndex, at: now, by: (actor as Actor).accountId, dueAt: partDueAt });
        const note = `${done}. ${m(handoff.action === 'handoff' ? 'noteHandoff' : 'noteHandoffReturn', { unit: toName, due: partDueAt ? formatDate(new Date(partDueAt.getTime() - 1)) : '—' })}`;
        return transitionInTx(bo, tx, actor as Actor, dossier, {
          action: handoff.action,
          change: { status, note, ...who, at: now, stepStartedAt: now, stepDueAt: handoff.action === 'handoff' ? partDueAt : stepDueAt },
          auditData: { step: kase.stepIndex, kind: step.kind, fromUnit: handoff.fromUnit, toUnit: handoff.toUnit, partDueAt: partDueAt?.toISOString() ?? null },
          ...(handoff.action === 'handoff' ? { unit: handoff.toUnit } : {}),
          ...(status === STATUS.processed ? { notify: note } : {}),
        });
      });
    },

    /** Sends the dossier back to the previous processing step, with the reason. */
    async sendBack(actor: Actor | undefined, code: string, input: { version: number; reason: string | undefined }, now = new Date()) {
      const [reason] = listOf(input.reason, 'reason');
      const { dossier, kase, step } = await onStep(bo, actor, code, input.version, 'send_back');
      if (kase.stepIndex <= 1) throw BackofficeErrors.actionNotAllowed('send_back', dossier.status);
      const previous = kase.steps[kase.stepIndex - 1] as WorkflowStep;
      const who = await signature(bo, actor as Actor, step.role);
      const stepDueAt = await stepDue(dossier, previous, now);
      const handoff = crossing(dossier, kase.steps, kase.stepIndex, kase.stepIndex - 1);
      return bo.db.transaction().execute(async (tx) => {
        await repo.upsertCaseInTx(tx, { ...kase, stepIndex: kase.stepIndex - 1, stepStartedAt: now, assigneeId: null, assigneeName: null }, dossier.receivingAgency);
        // Sent back across agencies: the hand-off moves with it (the receiving unit's queue, or the other unit's again).
        if (handoff) await repo.moveHandoffInTx(tx, { dossierCode: dossier.code, receivingUnit: dossier.receivingAgency, fromUnit: handoff.fromUnit, toUnit: handoff.toUnit, stepIndex: kase.stepIndex - 1, at: now, by: (actor as Actor).accountId, dueAt: stepDueAt });
        return transitionInTx(bo, tx, actor as Actor, dossier, { action: 'send_back', change: { status: STATUS.processing, note: m('noteSentBack', { reason: reason as string }), ...who, at: now, stepStartedAt: now, stepDueAt }, auditData: { from: kase.stepIndex, reason, ...(handoff ? { fromUnit: handoff.fromUnit, toUnit: handoff.toUnit } : {}) }, ...(handoff && handoff.action === 'handoff' ? { unit: handoff.toUnit } : {}) });
      });
    },

    /** A leader of the unit stops processing (status 8), with the reason. */
    async stop(actor: Actor | undefined, code: string, input: { version: number; reason: string | undefined }, now = new Date()) {
      const [reason] = listOf(input.reason, 'reason');
      const dossier = await dossierFor(bo, actor, code);
      if (!canAct(actor, dossier.receivingAgency, 'leader')) throw BackofficeErrors.actionForbidden('stop');
      atVersion(dossier, input.version);
      if (![1, 2, 4, 5, 6, 9].includes(dossier.status)) throw BackofficeErrors.actionNotAllowed('stop', dossier.status);
      const who = await signature(bo, actor as Actor, 'leader');
      const note = m('noteStopped', { reason: reason as string });
      return bo.db.transaction().execute(async (tx) => {
        await repo.closeHandoffInTx(tx, code, now);
        await repo.closeCaseInTx(tx, code);
        return transitionInTx(bo, tx, actor as Actor, { ...dossier, version: input.version }, { action: 'stop', change: { status: STATUS.stopped, note, ...who, at: now }, auditData: { reason }, notify: note });
      });
    },

    /** The applicant withdraws the dossier (status 7) before a result. */
    async withdraw(actor: Actor | undefined, code: string, input: { reason?: string | undefined }, now = new Date()) {
      if (!actor) throw BackofficeErrors.unauthenticated();
      const dossier = await findDossierState(bo.db, code);
      if (!dossier || dossier.applicantAccountId !== actor.accountId) throw BackofficeErrors.dossierNotFound();
      if (![1, 2, 4, 5, 6].includes(dossier.status)) throw BackofficeErrors.actionNotAllowed('withdraw', dossier.status);
      const note = m('noteWithdrawn', { reason: input.reason?.trim().slice(0, 1000) || '—' });
      return bo.db.transaction().execute(async (tx) => {
        await repo.closeHandoffInTx(tx, code, now);
        await repo.closeCaseInTx(tx, code);
        return transitionInTx(bo, tx, actor, dossier, { action: 'withdraw', change: { status: STATUS.withdrawn, note, byName: dossier.applicantName, at: now }, notify: note });
      });
    },

    /**
     * Form 04: the apology with a new return date, at least one working day before the
     * deadline and only once per dossier (the unique index holds it under races too).
     */
    async apologise(actor: Actor | undefined, code: string, input: { version: number; newDueDay: string; reason: string | undefined }, now = new Date()) {
      const [reason] = listOf(input.reason, 'reason');
      const dossier = await dossierFor(bo, actor, code);
      const role = actor?.roles.includes('leader') ? 'leader' : 'clerk';
      if (!canAct(actor, dossier.receivingAgency, role)) throw BackofficeErrors.actionForbidden('apologise');
      atVersion(dossier, input.version);
      if (![2, 4, 6, 9].includes(dossier.status) || !dossier.dueAt) throw BackofficeErrors.actionNotAllowed('apologise', dossier.status);
      if (await repo.hasApology(bo.db, code)) throw BackofficeErrors.apologyAlreadyIssued();
      const lastDay = vietnamDay(new Date(dossier.dueAt.getTime() - 1));
      const today = vietnamDay(now);
      const year = Number(today.slice(0, 4));
      const calendar = await bo.calendar.workingCalendar([year, year + 1]);
      // NĐ 61/2018 art. 19: at least one (working) day before the deadline.
      if (today >= lastDay || calendar.workingDaysBetween(today, lastDay) < 1) throw BackofficeErrors.apologyTooLate();
      if (!isIsoDate(input.newDueDay) || input.newDueDay <= lastDay) throw BackofficeErrors.invalidInput(m('errorNewDue'), [{ field: 'newDueDay', message: m('errorNewDue') }]);
      const newDay = calendar.isWorkingDay(input.newDueDay) ? input.newDueDay : calendar.nextWorkingDay(input.newDueDay);
      const dueAt = endOfVietnamDay(newDay);
      const who = await signature(bo, actor as Actor, role);
      return bo.db.transaction().execute(async (tx) => {
        const documentId = await repo.insertDocumentInTx(tx, { dossierCode: code, kind: '04', data: { reason, previousDue: dossier.dueAt?.toISOString(), newDue: dueAt.toISOString() }, issuerAgency: dossier.receivingAgency, issuerName: who.unitName, issuedAt: now });
        const note = m('noteApology', { due: formatDate(newDay), reason: reason as string });
        const { version } = await transitionInTx(bo, tx, actor as Actor, { ...dossier, version: input.version }, { action: 'apologise', change: { status: dossier.status, dueAt, note, ...who, at: now }, auditData: { documentId, newDue: dueAt.toISOString() }, notify: note });
        return { version, documentId, dueAt };
      });
    },

    /** The result, from its template as a PDF with a verification QR, returned to the applicant (status 10). */
    async issueResult(actor: Actor | undefined, code: string, input: { version: number }, now = new Date()) {
      const { dossier, kase, step } = await onStep(bo, actor, code, input.version, 'issue_result');
      if (step.kind !== 'issuance' || dossier.status !== STATUS.processed) throw BackofficeErrors.actionNotAllowed('issue_result', dossier.status);
      await bo.stepUp(actor as Actor, 'backoffice.issue_result');
      const who = await signature(bo, actor as Actor, step.role);
      const procedure = dossier.procedureVersionId === null ? undefined : await bo.catalog.getProcedureVersion(dossier.procedureVersionId).catch(() => undefined);
      const resultName = procedure?.document.results[0] ?? dossier.procedureName;
      const token = randomToken(18);
      const verifyUrl = `${bo.baseUrl}/verify/${token}`;
      const pdf = await renderResultPdf({ dossier, resultName, issuer: who.unitName, signer: who.byName, issuedAt: now, verifyUrl });
      const stored = await bo.files.put(pdf);
      return bo.db.transaction().execute(async (tx) => {
        const documentId = await repo.insertDocumentInTx(tx, { dossierCode: code, kind: 'result', data: { name: resultName }, sha256: stored.sha256, verifyToken: token, issuerAgency: dossier.receivingAgency, issuerName: who.unitName, issuedAt: now });
        await repo.upsertCaseInTx(tx, { ...kase, stepIndex: kase.stepIndex, assigneeId: null, assigneeName: null }, dossier.receivingAgency, false);
        // A copy goes to the applicant's document wallet, to attach to later applications.
        const walletDocumentId = dossier.applicantAccountId
          ? await addToWalletInTx(tx, { accountId: dossier.applicantAccountId, title: resultName, sha256: stored.sha256, size: stored.size, contentType: 'application/pdf', fileName: `ket-qua-${code}.pdf`, dossierCode: code, issuerName: who.unitName, issuedAt: now })
          : null;
        const note = m('noteReturned', { name: resultName });
        const { version } = await transitionInTx(bo, tx, actor as Actor, dossier, { action: 'issue_result', change: { status: STATUS.returned, note, ...who, at: now }, auditData: { documentId, sha256: stored.sha256, walletDocumentId }, notify: note });
        return { version, documentId, sha256: stored.sha256, verifyUrl };
      });
    },
  };
}
