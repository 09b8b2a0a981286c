import type { Actor } from '../../platform/module/index.ts';

/**
 * Who sees and who acts on a dossier. A dossier is in the queue of its receiving unit; the
 * unit's officials see it, and so do supervisors (leaders and agency administrators) of a
 * unit above it. Only the unit's own officials act, each through the role of the step.
 */
export const SUPERVISOR_ROLES = ['leader', 'agency_admin'] as const;

export type WithinCheck = (code: string, ancestorCode: string) => boolean;

export function isOfficial(actor: Actor | undefined): actor is Actor & { kind: 'official'; agencyCode: string } {
  return actor?.kind === 'official' && typeof actor.agencyCode === 'string' && actor.agencyCode !== '';
}

export function canSee(actor: Actor | undefined, unit: string, isWithin: WithinCheck): boolean {
  if (!isOfficial(actor)) return false;
  if (actor.agencyCode === unit) return true;
  return actor.roles.some((r) => (SUPERVISOR_ROLES as readonly string[]).includes(r)) && isWithin(unit, actor.agencyCode);
}

export function canAct(actor: Actor | undefined, unit: string, role: string): boolean {
  return isOfficial(actor) && actor.agencyCode === unit && actor.roles.includes(role);
}

export function isSupervisor(actor: Actor | undefined): boolean {
  return isOfficial(actor) && actor.roles.some((r) => (SUPERVISOR_ROLES as readonly string[]).includes(r));
}
