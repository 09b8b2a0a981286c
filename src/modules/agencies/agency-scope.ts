import type { Actor } from '../../platform/module/index.ts';
import { level1Of } from './agency-code.ts';

/**
 * Which agencies an actor may act for, the one rule every module uses: a system
 * administrator acts for all of them; an official holding one of the roles that a use case
 * asks for acts for the agencies of their level-1 body — their own agency, whatever unit of
 * that body it is, and every unit below it (QĐ 20: the rightmost code group, `H49` for Quảng
 * Ninh); anyone else for none. Codes are compared in their full QĐ 20 form, so `h49`,
 * `0.0.0.H49` and `000.00.00.H49` are one agency.
 */
export type AgencyScope = { kind: 'all' } | { kind: 'level1'; level1: string };

/** The scope of `actor` for a use case open to these roles; undefined when it may act for no agency. */
export function agencyScopeOf(actor: Actor | undefined, roles: readonly string[]): AgencyScope | undefined {
  if (!actor) return undefined;
  if (actor.kind === 'admin') return { kind: 'all' };
  if (actor.kind !== 'official' || !actor.agencyCode || !actor.roles.some((role) => roles.includes(role))) return undefined;
  const level1 = level1Of(actor.agencyCode);
  return level1 ? { kind: 'level1', level1 } : undefined;
}

/** True when the scope covers the agency with this code (as written by anyone: it is normalised). */
export function scopeCovers(scope: AgencyScope, agencyCode: string): boolean {
  return scope.kind === 'all' || level1Of(agencyCode) === scope.level1;
}
