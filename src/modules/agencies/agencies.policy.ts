import type { Actor } from '../../platform/module/index.ts';
import { agencyScopeOf, scopeCovers, type AgencyScope } from './agency-scope.ts';
import { AgenciesErrors } from './agencies.errors.ts';

/**
 * Who may manage the directory and integration clients:
 * - a system administrator (`kind: 'admin'`): everything;
 * - an official with the `agency_admin` role: the agencies of their own level-1 body
 *   (same rightmost group: an administrator of 000.00.01.H49 manages everything ending
 *   in .H49) — nothing else;
 * - anyone else: nothing. Reading the public directory needs no permission at all.
 */
export type ManagementScope = AgencyScope;

export function managementScope(actor: Actor | undefined): ManagementScope {
  if (!actor) throw AgenciesErrors.unauthenticated();
  const scope = agencyScopeOf(actor, ['agency_admin']);
  if (!scope) throw AgenciesErrors.forbidden();
  return scope;
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
