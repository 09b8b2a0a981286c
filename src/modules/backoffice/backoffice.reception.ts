import { findDossierState, type DossierState } from '../dossiers/index.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { canAct } from './backoffice.access.ts';
import { atVersion, deadlineAfter, dossierFor, processingTimeOf, signature, transitionInTx, type BackofficeContext } from './backoffice.context.ts';
import { BackofficeErrors } from './backoffice.errors.ts';
import { backofficeMessages } from './backoffice.messages.ts';
import * as repo from './backoffice.repository.ts';
import { DEFAULT_WORKFLOW, STATUS, type WorkflowStep } from './backoffice.workflow.ts';

const m = backofficeMessages.for('vi');
const MAX_ITEMS = 30;
const MAX_TEXT = 1000;

/** Lines of a list the official typed (gaps, reasons): trimmed, empty ones dropped, each bounded. */
export function listOf(input: readonly string[] | string | undefined, field: string): string[] {
  const raw = typeof input === 'string' ? input.split(/\r?\n/) : (input ?? []);
  const items = raw.map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw BackofficeErrors.invalidInput(m('errorListEmpty'), [{ field, message: m('errorListEmpty') }]);
  if (items.length > MAX_ITEMS || items.some((s) => s.length > MAX_TEXT)) throw BackofficeErrors.invalidInput(m('errorListLong'), [{ field, message: m('errorListLong') }]);
  return items;
}

/** The workflow of a dossier's case: the administrator's, or the default. */
export async function workflowOf(bo: BackofficeContext, dossier: DossierState): Promise<WorkflowStep[]> {
  return (await repo.findWorkflow(bo.db, dossier.procedureCode, dossier.caseCode ?? '01')) ?? [...DEFAULT_WORKFLOW];
}

/** A reception action: the clerk of the receiving unit, on a newly registered dossier at the version they saw. */
async function forReception(bo: BackofficeContext, actor: Actor | undefined, code: string, version: number, action: string): Promise<DossierState> {
  const dossier = await dossierFor(bo, actor, code);
  if (!canAct(actor, dossier.receivingAgency, 'clerk')) throw BackofficeErrors.actionForbidden(action);
  atVersion(dossier, version);
  if (dossier.status !== STATUS.registered) throw BackofficeErrors.actionNotAllowed(action, dossier.status);
  return dossier;
}

/**
 * The three outcomes of reception (NĐ 61/2018 art. 15–19) and the applicant's completion of a
 * dossier. Each writes its form, the transition and the notification in one transaction.
 */
export function createReception(bo: BackofficeContext) {
  return {
    /** Form 01: accepted, with the appointment date from the calendar (15:00 rule; the clock restarts after a supplement). */
    async accept(actor: Actor | undefined, code: string, input: { version: number }, now = new Date()) {
      const dossier = await forReception(bo, actor, code, input.version, 'accept');
      const who = await signature(bo, actor as Actor, 'clerk');
      const existing = await repo.findCase(bo.db, code);
      const clockFrom = existing?.clockFrom ?? dossier.receivedAt;
      const time = await processingTimeOf(bo, dossier);
      const steps = await workflowOf(bo, dossier);
      return bo.db.transaction().execute(async (tx) => {
        const dueAt = time ? await deadlineAfter(bo, tx, clockFrom, time) : dossier.dueAt;
        const next = steps[1] as WorkflowStep;
        const stepDueAt = time ? await deadlineAfter(bo, tx, now, time, next.share) : null;
        const documentId = await repo.insertDocumentInTx(tx, { dossierCode: code, kind: '01', data: { receivedAt: clockFrom.toISOString(), appointment: dueAt?.toISOString() ?? null }, issuerAgency: dossier.receivingAgency, issuerName: who.unitName, issuedAt: now });
        await repo.upsertCaseInTx(tx, { dossierCode: code, steps, stepIndex: 1, stepStartedAt: now, assigneeId: null, assigneeName: null, clockFrom, gaps: existing?.gaps ?? null }, dossier.receivingAgency);
        const note = m('noteAccepted', { due: dueAt ? formatDate(new Date(dueAt.getTime() - 1)) : '—' });
        const { version } = await transitionInTx(bo, tx, actor as Actor, dossier, {
          action: 'accept',
          change: { status: STATUS.accepted, dueAt, note, ...who, at: now, stepStartedAt: now, stepDueAt },
          auditData: { documentId, appointment: dueAt?.toISOString() ?? null },
          notify: note,
        });
        return { version, dueAt, documentId };
      });
    },

    /** Form 02: every gap at once; the clock stops until the applicant completes the dossier. */
    async requestSupplement(actor: Actor | undefined, code: string, input: { version: number; gaps: readonly string[] | string | undefined }, now = new Date()) {
      const gaps = listOf(input.gaps, 'gaps');
      const dossier = await forReception(bo, actor, code, input.version, 'request_supplement');
      const who = await signature(bo, actor as Actor, 'clerk');
      const existing = await repo.findCase(bo.db, code);
      const steps = await workflowOf(bo, dossier);
      return bo.db.transaction().execute(async (tx) => {
        const documentId = await repo.insertDocumentInTx(tx, { dossierCode: code, kind: '02', data: { gaps }, issuerAgency: dossier.receivingAgency, issuerName: who.unitName, issuedAt: now });
        await repo.upsertCaseInTx(tx, { dossierCode: code, steps: existing?.steps ?? steps, stepIndex: 0, stepStartedAt: now, assigneeId: null, assigneeName: null, clockFrom: existing?.clockFrom ?? null, gaps }, dossier.receivingAgency);
        const note = m('noteSupplement', { gaps: gaps.join('; ') });
        const { version } = await transitionInTx(bo, tx, actor as Actor, dossier, { action: 'request_supplement', change: { status: STATUS.supplementRequested, note, ...who, at: now }, auditData: { documentId, gaps: gaps.length }, notify: note });
        return { version, documentId };
      });
    },

    /** Form 03: refused, with the reasons. */
    async refuse(actor: Actor | undefined, code: string, input: { version: number; reasons: readonly string[] | string | undefined }, now = new Date()) {
      const reasons = listOf(input.reasons, 'reasons');
      const dossier = await forReception(bo, actor, code, input.version, 'refuse');
      const who = await signature(bo, actor as Actor, 'clerk');
      return bo.db.transaction().execute(async (tx) => {
        const documentId = await repo.insertDocumentInTx(tx, { dossierCode: code, kind: '03', data: { reasons }, issuerAgency: dossier.receivingAgency, issuerName: who.unitName, issuedAt: now });
        const note = m('noteRefused', { reasons: reasons.join('; ') });
        const { version } = await transitionInTx(bo, tx, actor as Actor, dossier, { action: 'refuse', change: { status: STATUS.refused, note, ...who, at: now }, auditData: { documentId }, notify: note });
        return { version, documentId };
      });
    },

    /** The applicant says the dossier is complete: back to reception, the clock restarting now. */
    async completeSupplement(actor: Actor | undefined, code: string, now = new Date()) {
      if (!actor) throw BackofficeErrors.unauthenticated();
      const dossier = await findDossierState(bo.db, code);
      if (!dossier || dossier.applicantAccountId !== actor.accountId) throw BackofficeErrors.dossierNotFound();
      if (dossier.status !== STATUS.supplementRequested) throw BackofficeErrors.actionNotAllowed('complete', dossier.status);
      const existing = await repo.findCase(bo.db, code);
      const time = await processingTimeOf(bo, dossier);
      return bo.db.transaction().execute(async (tx) => {
        const dueAt = time ? await deadlineAfter(bo, tx, now, time) : dossier.dueAt;
        await repo.upsertCaseInTx(tx, { dossierCode: code, steps: existing?.steps ?? (await workflowOf(bo, dossier)), stepIndex: 0, stepStartedAt: now, assigneeId: null, assigneeName: null, clockFrom: now, gaps: existing?.gaps ?? null }, dossier.receivingAgency);
        return transitionInTx(bo, tx, actor, dossier, { action: 'supplement_completed', change: { status: STATUS.registered, dueAt, note: m('noteCompleted'), byName: dossier.applicantName, at: now } });
      });
    },
  };
}
