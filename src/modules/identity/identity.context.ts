import type { Config } from '../../platform/config/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Logger } from '../../platform/logging/index.ts';
import type { AccountKind, Actor, Contributions } from '../../platform/module/index.ts';
import type { AccountRow } from './accounts.repository.ts';
import type { AccountStatus } from './identity.tables.ts';

/**
 * What identity needs from the agencies module: only the directory lookup, so tests can
 * pass a two-line fake and the module never reads the agencies' tables.
 */
export interface AgencyDirectory {
  findAgency(code: string): Promise<{ code: string; name: string; provinceCode?: string | null } | undefined>;
}

/** Shared by the identity use cases. */
export interface IdentityContext {
  db: Db;
  config: Config;
  logger: Logger;
  agencies: AgencyDirectory;
  /** Roles and menus the modules contribute. */
  contributions: Contributions;
}

/** Who is asking, as the HTTP layer knows it: for throttling, session rotation and the session record. */
export interface ClientInfo {
  ip: string;
  userAgent?: string | undefined;
  /** The session token the browser already holds: ended when a new session starts (rotation). */
  previousToken?: string | undefined;
}

/** An account as other code sees it. Every exposed field is listed here; the password hash is not one. */
export interface AccountView {
  id: string;
  kind: AccountKind;
  personalId: string | null;
  taxCode: string | null;
  email: string;
  phone: string | null;
  /** The owner asked to be told of their dossiers by SMS on `phone`. */
  smsNotifications: boolean;
  fullName: string;
  agencyCode: string | null;
  roles: string[];
  status: AccountStatus;
  createdAt: Date;
}

export function toAccountView(row: AccountRow): AccountView {
  return {
    id: row.id,
    kind: row.kind,
    personalId: row.personal_id,
    taxCode: row.tax_code,
    email: row.email,
    phone: row.phone,
    smsNotifications: row.sms_notifications,
    fullName: row.full_name,
    agencyCode: row.agency_code,
    roles: row.roles,
    status: row.status,
    createdAt: row.created_at,
  };
}

export function toActor(row: Pick<AccountRow, 'id' | 'kind' | 'full_name' | 'agency_code' | 'roles'>): Actor {
  return {
    accountId: row.id,
    kind: row.kind,
    displayName: row.full_name,
    agencyCode: row.agency_code,
    roles: row.kind === 'official' ? row.roles : [],
  };
}

/** Where an account lands after logging in. */
export function homeUrlOf(kind: AccountKind): string {
  if (kind === 'official') return '/console';
  if (kind === 'admin') return '/admin';
  return '/profile';
}
