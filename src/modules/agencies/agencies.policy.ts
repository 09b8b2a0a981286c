import type { Actor } from '../../platform/module/index.ts';
import { level1Of } from './agency-code.ts';
import { AgenciesErrors } from './agencies.errors.ts';

/**
 * Who may manage the directory and integration clients:
 * - a system administrator (`kind: 'admin'`): everything;
 * - an official with the `agency_admin` role: the agencies of their own level-1 body
 *   (same rightmost group: an administrator of 000.00.01.H49 manages everything ending
 *   in .H49) — nothing else;
 * - anyone else: nothing. Reading the public directory needs no permission at all.
 */
export type ManagementScope = { kind: 'all' } | { kind: 'level1'; level1: string };

export function managementScope(actor: Actor | undefined): ManagementScope {
  if (!actor) throw AgenciesErrors.unauthenticated();
  if (actor.kind === 'admin') return { kind: 'all' };
  if (actor.kind === 'official' && actor.roles.includes('agency_admin') && actor.agencyCode) {
    const level1 = level1Of(actor.agencyCode);
    if (level1) return { kind: 'level1', level1 };
  }
  throw AgenciesErrors.forbidden();
}

export function scopeCovers(scope: ManagementScope, agencyCode: string): boolean {
  return scope.kind === 'all' || level1Of(agencyCode) === scope.level1;
}

/** Throws unless the actor may manage `agencyCode`. */
export function assertManagerOf(actor: Actor | undefined, agencyCode: string): asserts actor is Actor {
  if (!scopeCovers(managementScope(actor), agencyCode)) throw AgenciesErrors.forbidden();
}

/** Throws unless the actor manages some agencies (a system or agency administrator). */
export function assertManager(actor: Actor | undefined): asserts actor is Actor {
  managementScope(actor);
}

/** Only system administrators (bulk imports of reference data). */
export function assertSystemAdmin(actor: Actor | undefined): asserts actor is Actor {
  if (!actor) throw AgenciesErrors.unauthenticated();
  if (actor.kind !== 'admin') throw AgenciesErrors.forbidden();
}
