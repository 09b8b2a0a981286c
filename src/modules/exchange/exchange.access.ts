import type { Db } from '../../platform/db/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { EXCHANGE_WORKING_ROLES } from './exchange.contributions.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import type { DeliveryRecord } from './exchange.repository.ts';
import type { SignatureService } from './exchange.signature.ts';
import type { DeliveryView, ExchangeCaller, Principal } from './exchange.types.ts';

export type { Principal };

/** What the use cases need; built once by createExchangeModule. */
export interface ExchangeDeps {
  db: Db;
  files: FileStore;
  agencies: Pick<AgenciesApi, 'isWithin' | 'searchAgencies'>;
  /** Whether a recipient code is in the directory (see cachedAgencyExists). */
  agencyExists(code: string): Promise<boolean>;
  /** Refusal threshold for one package (bytes). */
  maxPackageBytes: number;
  /** XML-DSig verification against the sender's certificates, and the recipients' policies. */
  signatures: SignatureService;
}


/** Systems act for their agency; officials only as clerks (văn thư) or leaders of theirs. */
export function resolvePrincipal(caller: ExchangeCaller): Principal {
  if (caller.kind === 'system') return { agencyCode: caller.agencyCode, principalId: caller.clientId };
  const actor = caller.actor;
  if (!actor) throw ExchangeErrors.unauthenticated();
  if (actor.kind !== 'official' || actor.agencyCode === null || !actor.roles.some((r) => EXCHANGE_WORKING_ROLES.includes(r))) {
    throw ExchangeErrors.forbidden();
  }
  return { agencyCode: actor.agencyCode, principalId: actor.accountId };
}

/** Signing certificates and signature policy: the agency's systems, or its agency administrators in the UI. */
export function resolveAdminPrincipal(caller: ExchangeCaller): Principal {
  if (caller.kind === 'system') return { agencyCode: caller.agencyCode, principalId: caller.clientId };
  const actor = caller.actor;
  if (!actor) throw ExchangeErrors.unauthenticated();
  if (actor.kind !== 'official' || actor.agencyCode === null || !actor.roles.includes('agency_admin')) throw ExchangeErrors.forbidden();
  return { agencyCode: actor.agencyCode, principalId: actor.accountId };
}

export function presentDeliveries(deliveries: DeliveryRecord[]): DeliveryView[] {
  return deliveries.map((d) => ({
    recipient: d.recipientAgency,
    sequence: d.sequence,
    state: d.state,
    ackResult: d.ackResult,
    withdrawn: d.withdrawn,
    withdrawnBy: d.withdrawnBy,
    deliveredAt: d.deliveredAt,
    acknowledgedAt: d.acknowledgedAt,
  }));
}

/**
 * Whether an agency code exists, remembering hits for a minute: every send checks each
 * recipient, and the directory changes rarely. Only hits are kept, so a newly added agency
 * is usable at once; a removed one may still receive for up to `ttlMs`.
 */
export function cachedAgencyExists(findAgency: AgenciesApi['findAgency'], ttlMs = 60_000, maxEntries = 20_000): (code: string) => Promise<boolean> {
  const known = new Map<string, number>();
  return async (code) => {
    const until = known.get(code);
    if (until !== undefined && until > Date.now()) return true;
    if (!(await findAgency(code))) return false;
    if (known.size >= maxEntries) known.clear();
    known.set(code, Date.now() + ttlMs);
    return true;
  };
}

/** The Vietnamese calendar day (UTC+7, no daylight saving) of an instant: insights count per agency per day. */
export function vnDay(at: Date = new Date()): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
