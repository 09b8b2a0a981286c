import type { AgenciesApi } from '../agencies/index.ts';
import type { CalendarApi } from '../calendar/index.ts';
import type { CatalogApi, ProcessingTime } from '../catalog/index.ts';
import { findDossierState, transitionDossierInTx, type DossierState, type StateChange } from '../dossiers/index.ts';
import type { DossiersApi } from '../dossiers/index.ts';
import { requireRecentSecondFactor, type IdentityApi } from '../identity/index.ts';
import type { PaymentsApi } from '../payments/index.ts';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db, Executor } from '../../platform/db/index.ts';
import { recordFactsInTx, type NewFact } from '../../platform/events/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import type { Actor, Contributions } from '../../platform/module/index.ts';
import { notifyApplicantInTx } from './backoffice.notify.ts';
import { canSee, isOfficial } from './backoffice.access.ts';
import { BackofficeErrors } from './backoffice.errors.ts';
import type { DossierTransitioned } from './backoffice.facts.ts';
import * as repo from './backoffice.repository.ts';

/** What the back office needs from other modules (each through its door). */
export interface BackofficeDependencies {
  agencies: Pick<AgenciesApi, 'findAgency' | 'isWithin' | 'listUnitsOf' | 'listProvinces' | 'listCommunes'>;
  identity: Pick<IdentityApi, 'listOfficials' | 'createOfficial' | 'officialsOfUnits' | 'staffedUnits' | 'smsRecipientOf'>;
  catalog: Pick<CatalogApi, 'getProcedureVersion' | 'findPublishedProcedure' | 'exportProcedures'>;
  calendar: Pick<CalendarApi, 'workingCalendar'>;
  dossiers: Pick<DossiersApi, 'componentNames' | 'acceptSupplementUpload'>;
  payments: Pick<PaymentsApi, 'caseFees' | 'createOrderInTx' | 'ordersOfDossier' | 'cancelPendingOrdersInTx'>;
}

/**
 * The step-up of sensitive actions (issue #13): approving a dossier at a leader's step and
 * issuing a result need a second factor given in the last five minutes (of the real clock:
 * it is about the session, not the use case's `now`). Fails with `identity.step_up_required` (403), which pages answer with
 * identity's step-up page.
 */
export type StepUpCheck = (actor: Actor, action: string) => Promise<void>;
export const recentSecondFactor: StepUpCheck = async (actor) => requireRecentSecondFactor(actor);

export interface BackofficeContext extends BackofficeDependencies {
  db: Db;
  files: FileStore;
  baseUrl: string;
  contributions: Contributions;
  stepUp: StepUpCheck;
}

/**
 * Reading officials of a unit is the identity module's administrators' use case; the back
 * office reads them to offer assignees and to find unstaffed units, after deciding itself
 * that the actor may (see processing and queries). This principal is never a request's.
 */
export const OFFICIALS_READER: Actor = Object.freeze({ accountId: '00000000-0000-0000-0000-000000000000', kind: 'admin', displayName: 'backoffice', agencyCode: null, roles: [] });

/** The dossier, if the actor may see it (its unit or a supervisor above); one answer otherwise. */
export async function dossierFor(bo: BackofficeContext, actor: Actor | undefined, code: string, ex: Executor = bo.db): Promise<DossierState> {
  if (!actor) throw BackofficeErrors.unauthenticated();
  if (!isOfficial(actor)) throw BackofficeErrors.officialsOnly();
  const dossier = await findDossierState(ex, code);
  if (!dossier) throw BackofficeErrors.dossierNotFound();
  if (canSee(actor, dossier.receivingAgency, bo.agencies.isWithin)) return dossier;
  // Liên thông: the units it was handed to (and their supervisors) see it and its trail too.
  const handoffs = await repo.listHandoffs(ex, code);
  if (!handoffs.some((h) => canSee(actor, h.toUnit, bo.agencies.isWithin))) throw BackofficeErrors.dossierNotFound();
  return dossier;
}

/** The form's version the official saw: another official acted since, whatever the action. */
export function atVersion(dossier: DossierState, version: number): DossierState {
  if (dossier.version !== version) throw BackofficeErrors.dossierChanged();
  return dossier;
}

/** The processing time of the dossier's case, if the catalogue still knows its version. */
export async function processingTimeOf(bo: BackofficeContext, dossier: DossierState): Promise<ProcessingTime | undefined> {
  if (dossier.procedureVersionId === null) return undefined;
  const procedure = await bo.catalog.getProcedureVersion(dossier.procedureVersionId).catch(() => undefined);
  return procedure?.document.cases.find((c) => c.code === dossier.caseCode)?.processingTime;
}

/** The end of a time limit counted from `from` (15:00 rule, working days; hours as elapsed hours). */
export async function deadlineAfter(bo: BackofficeContext, ex: Executor, from: Date, time: ProcessingTime, share = 100): Promise<Date> {
  if (time.unit === 'hours') return new Date(from.getTime() + Math.ceil((time.value * share) / 100) * 3_600_000);
  const year = from.getUTCFullYear();
  const calendar = await bo.calendar.workingCalendar([year, year + 1, year + 2], ex);
  return calendar.deadline(from, Math.ceil((time.value * share) / 100)).dueAt;
}

export interface TransitionInput {
  action: string;
  change: StateChange;
  /** What the audit entry records besides the change. */
  auditData?: Record<string, unknown>;
  /** A sentence for the applicant's e-mail; none: no e-mail. */
  notify?: string;
  /** The unit holding the dossier after the change when it is not the receiving unit (liên thông). */
  unit?: string;
}

/**
 * One transition, whole, in the caller's transaction: the dossier's state on the version read
 * (dossiers door), its progress entry, the fact, the applicant's e-mail and the audit entry
 * (last: its chain lock is held until commit).
 */
export async function transitionInTx(bo: BackofficeContext, tx: Executor, actor: Actor, dossier: DossierState, input: TransitionInput): Promise<{ version: number }> {
  const at = input.change.at ?? new Date();
  const { version } = await transitionDossierInTx(tx, dossier.code, dossier.version, { ...input.change, at });
  const dueAt = input.change.dueAt !== undefined ? input.change.dueAt : dossier.dueAt;
  const fact: NewFact<DossierTransitioned> = {
    type: 'backoffice.dossier_transitioned',
    payload: { code: dossier.code, action: input.action, status: input.change.status, receivingAgency: dossier.receivingAgency, at: at.toISOString(), dueAt: dueAt?.toISOString() ?? null, version, ...(input.unit ? { unit: input.unit } : {}) },
  };
  await recordFactsInTx(tx, [fact]);
  if (input.notify) await notifyApplicantInTx(bo, tx, dossier, input.change.status, input.notify);
  await appendAuditInTx(tx, {
    actor: actor.accountId,
    action: `backoffice.${input.action}`,
    entityType: 'dossier',
    entityId: dossier.code,
    data: { from: dossier.status, to: input.change.status, version, ...(input.auditData ?? {}) },
  });
  return { version };
}

/** Who acted, as the progress entry shows it: name, position (the role used) and unit. */
export async function signature(bo: BackofficeContext, actor: Actor, role: string): Promise<{ byName: string; byPosition: string; unitName: string }> {
  const agency = actor.agencyCode ? await bo.agencies.findAgency(actor.agencyCode) : undefined;
  return { byName: actor.displayName, byPosition: bo.contributions.roleLabel(role, 'vi'), unitName: agency?.name ?? actor.agencyCode ?? '' };
}
