import { agencyScopeOf, level1Of, type AgencyScope } from '../agencies/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { CatalogErrors } from './catalog.errors.ts';
import { parseProcedureCode } from './procedure-code.ts';

/**
 * Who may create, edit, publish and withdraw procedures:
 * - a system administrator: every procedure;
 * - an official with the `agency_admin` or `leader` role: procedures whose competent agency
 *   belongs to their level-1 body (same rightmost code group: H49), and variants published
 *   by an agency of that body (`1.001193.000.00.00.H49`);
 * - anyone else: nothing. The public reads published procedures without signing in.
 */
export type CatalogScope = AgencyScope;

export const MANAGING_ROLES = ['agency_admin', 'leader'];

export function catalogScope(actor: Actor | undefined): CatalogScope {
  if (!actor) throw CatalogErrors.unauthenticated();
  const scope = agencyScopeOf(actor, MANAGING_ROLES);
  if (!scope) throw CatalogErrors.forbidden();
  return scope;
}

/** The actor, known to be a manager, with their scope. */
export function managerOf(actor: Actor | undefined): { accountId: string; scope: CatalogScope } {
  const scope = catalogScope(actor);
  return { accountId: (actor as Actor).accountId, scope };
}

/** The level-1 bodies whose managers may manage a procedure with this code and competent agency. */
export function scopeLevel1s(code: string, competentAgency: string): string[] {
  const result = new Set<string>();
  const competent = level1Of(competentAgency);
  if (competent) result.add(competent);
  const variant = parseProcedureCode(code)?.agencyCode;
  const publisher = variant ? level1Of(variant) : undefined;
  if (publisher) result.add(publisher);
  return [...result];
}

export function scopeCovers(scope: CatalogScope, level1s: readonly string[]): boolean {
  return scope.kind === 'all' || level1s.includes(scope.level1);
}

export function assertCovers(scope: CatalogScope, level1s: readonly string[]): void {
  if (!scopeCovers(scope, level1s)) throw CatalogErrors.forbidden();
}
