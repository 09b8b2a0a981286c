import { isValidAgencyCode } from '../agencies/index.ts';

/**
 * Processing steps and the portal statuses (TrangThaiHoSo, DOMAIN §4) each action leads to.
 * NĐ 61/2018: the one-stop desk receives, a specialist reviews, a leader decides, the desk
 * returns the result.
 */

export const STEP_KINDS = ['reception', 'review', 'approval', 'issuance'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export const STEP_ROLES = ['clerk', 'specialist', 'leader'] as const;
export type StepRole = (typeof STEP_ROLES)[number];

export interface WorkflowStep {
  kind: StepKind;
  role: StepRole;
  /** Percent of the case's time budget. */
  share: number;
  /**
   * Liên thông (DOMAIN §4): the QĐ 20 code of another agency's unit that holds this step; the
   * dossier is handed over to it and comes back (or goes on). Absent: the receiving unit.
   */
  unit?: string;
}

/** The unit holding a step: its own, or the dossier's receiving unit. */
export function holderOf(step: WorkflowStep | undefined, receivingUnit: string): string {
  return step?.unit ?? receivingUnit;
}

/** A hand-off's share of the time budget: the run of consecutive steps held by the unit of step `from`. */
export function handoffShare(steps: readonly WorkflowStep[], from: number, receivingUnit: string): number {
  const unit = holderOf(steps[from], receivingUnit);
  let share = 0;
  for (let i = from; i < steps.length && holderOf(steps[i], receivingUnit) === unit; i++) share += steps[i]?.share ?? 0;
  return share;
}

export const DEFAULT_WORKFLOW: readonly WorkflowStep[] = Object.freeze([
  { kind: 'reception', role: 'clerk', share: 10 },
  { kind: 'review', role: 'specialist', share: 60 },
  { kind: 'approval', role: 'leader', share: 20 },
  { kind: 'issuance', role: 'clerk', share: 10 },
]);

export const STATUS = {
  registered: 1,
  accepted: 2,
  refused: 3,
  processing: 4,
  supplementRequested: 5,
  paymentRequested: 6,
  withdrawn: 7,
  stopped: 8,
  processed: 9,
  returned: 10,
} as const;

/** Statuses a dossier can still move from. */
export const OPEN_STATUSES = [1, 2, 4, 5, 6, 9] as const;
/** Statuses whose time limit runs (a supplement request stops the clock). */
export const RUNNING_STATUSES = [1, 2, 4, 6, 9] as const;
export const FINISHED_STATUSES = [3, 7, 8, 10] as const;

/** The queues of the work page. */
export const BUCKETS = ['mine', 'receive', 'processing', 'supplement', 'payment', 'due_soon', 'overdue', 'finished', 'interagency'] as const;
export type Bucket = (typeof BUCKETS)[number];

export function bucketStatuses(bucket: Bucket): readonly number[] {
  switch (bucket) {
    case 'receive':
      return [1];
    case 'processing':
      return [2, 4, 9];
    // The steps the official may take now in their unit (backoffice_cases.holder_*), in processing.
    case 'mine':
      return [2, 4, 9];
    case 'supplement':
      return [5];
    case 'payment':
      return [6];
    case 'due_soon':
    case 'overdue':
      return RUNNING_STATUSES;
    case 'finished':
      return FINISHED_STATUSES;
    // Liên thông: open hand-offs to or from the units (backoffice_handoffs), in processing.
    case 'interagency':
      return [4];
  }
}

/** The first queue an official of these roles sees: the desk receives; specialists and leaders see the steps they hold. */
export function defaultBucket(roles: readonly string[]): Bucket {
  return roles.includes('clerk') ? 'receive' : 'mine';
}

/** Checks an administrator's steps: one reception first, one issuance last, shares summing to 100. */
export function workflowProblems(steps: readonly WorkflowStep[]): string[] {
  const problems: string[] = [];
  if (steps.length < 2) problems.push('steps');
  if (steps[0]?.kind !== 'reception') problems.push('first');
  if (steps.at(-1)?.kind !== 'issuance') problems.push('last');
  if (steps.filter((s) => s.kind === 'reception' || s.kind === 'issuance').length !== 2) problems.push('middle');
  if (steps.some((s) => !STEP_KINDS.includes(s.kind) || !STEP_ROLES.includes(s.role) || !Number.isInteger(s.share) || s.share < 0 || s.share > 100)) problems.push('values');
  if (steps.reduce((sum, s) => sum + s.share, 0) !== 100) problems.push('shares');
  // The receiving unit's desk receives and returns; other agencies' units take steps in between.
  if (steps.some((s, i) => s.unit !== undefined && (i === 0 || i === steps.length - 1 || !isValidAgencyCode(s.unit)))) problems.push('unit');
  return problems;
}
