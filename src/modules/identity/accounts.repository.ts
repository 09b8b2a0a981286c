import type { Selectable } from 'kysely';
import { sql, type Db, type Executor } from '../../platform/db/index.ts';
import type { AccountKind } from '../../platform/module/index.ts';
import { identityErrors } from './identity.errors.ts';
import type { AccountStatus, AccountsTable, IdentityTables, PasswordTokenPurpose } from './identity.tables.ts';

// SQL for accounts and password tokens. Functions ending in InTx must run inside the
// caller's transaction; the others take whatever executor they are given.

export type AccountRow = Selectable<AccountsTable>;

// A Transaction is a Kysely, so narrowing through Db keeps the caller's connection.
export function identityDb(executor: Executor) {
  return (executor as Db).withTables<IdentityTables>();
}

/**
 * text[] parameters are serialised differently by node-postgres and PGlite; building
 * the array in SQL from a comma-joined string is the same on both (roles have no commas).
 */
export function rolesValue(roles: readonly string[]) {
  return sql<string[]>`string_to_array(${roles.join(',')}::text, ',')::text[]`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findAccountById(executor: Executor, id: string): Promise<AccountRow | undefined> {
  // An id from a URL that is not a uuid would make PostgreSQL raise; it simply matches nothing.
  if (!UUID.test(id)) return undefined;
  return identityDb(executor).selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getAccountById(executor: Executor, id: string): Promise<AccountRow> {
  const row = await findAccountById(executor, id);
  if (!row) throw identityErrors.accountNotFound();
  return row;
}

export type LoginKey = { personalId: string } | { taxCode: string } | { email: string };

export async function findAccountByLogin(executor: Executor, key: LoginKey): Promise<AccountRow | undefined> {
  let query = identityDb(executor).selectFrom('accounts').selectAll();
  if ('personalId' in key) query = query.where('personal_id', '=', key.personalId);
  else if ('taxCode' in key) query = query.where('tax_code', '=', key.taxCode);
  else query = query.where('email', '=', key.email);
  return query.executeTakeFirst();
}

/** Which of these unique identifiers already belong to an account (other than `exceptId`). */
export async function findTakenIdentifiers(
  executor: Executor,
  keys: { personalId?: string | undefined; taxCode?: string | undefined; email?: string | undefined },
  exceptId?: string,
): Promise<{ personalId: boolean; taxCode: boolean; email: boolean }> {
  const rows = await identityDb(executor)
    .selectFrom('accounts')
    .select(['personal_id', 'tax_code', 'email'])
    .where((eb) =>
      eb.or([
        ...(keys.personalId ? [eb('personal_id', '=', keys.personalId)] : []),
        ...(keys.taxCode ? [eb('tax_code', '=', keys.taxCode)] : []),
        ...(keys.email ? [eb('email', '=', keys.email)] : []),
        eb.val(false),
      ]),
    )
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId ?? ''))
    .execute();
  return {
    personalId: keys.personalId !== undefined && rows.some((r) => r.personal_id === keys.personalId),
    taxCode: keys.taxCode !== undefined && rows.some((r) => r.tax_code === keys.taxCode),
    email: keys.email !== undefined && rows.some((r) => r.email === keys.email),
  };
}

/** The accounts holding any of these unique identifiers (at most three). */
export async function findAccountsHolding(
  executor: Executor,
  keys: { personalId?: string | undefined; taxCode?: string | undefined; email?: string | undefined },
): Promise<AccountRow[]> {
  return identityDb(executor)
    .selectFrom('accounts')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(keys.personalId ? [eb('personal_id', '=', keys.personalId)] : []),
        ...(keys.taxCode ? [eb('tax_code', '=', keys.taxCode)] : []),
        ...(keys.email ? [eb('email', '=', keys.email)] : []),
        eb.val(false),
      ]),
    )
    .orderBy('id')
    .execute();
}

export interface NewAccount {
  kind: AccountKind;
  personalId?: string | null;
  taxCode?: string | null;
  email: string;
  phone?: string | null;
  fullName: string;
  passwordHash: string;
  agencyCode?: string | null;
  roles?: readonly string[];
  /** False for self-registration: the account cannot sign in until its address is confirmed. */
  emailConfirmed?: boolean;
}

/** Inserts an account; returns undefined when a unique identifier is already taken (a race the caller reports). */
export async function insertAccountInTx(executor: Executor, account: NewAccount): Promise<AccountRow | undefined> {
  return identityDb(executor)
    .insertInto('accounts')
    .values({
      kind: account.kind,
      personal_id: account.personalId ?? null,
      tax_code: account.taxCode ?? null,
      email: account.email,
      phone: account.phone ?? null,
      full_name: account.fullName,
      password_hash: account.passwordHash,
      agency_code: account.agencyCode ?? null,
      roles: rolesValue(account.roles ?? []),
      ...(account.emailConfirmed === false ? { email_confirmed_at: null } : {}),
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export interface AccountPatch {
  fullName?: string;
  email?: string;
  phone?: string | null;
  smsNotifications?: boolean;
  roles?: readonly string[];
  status?: AccountStatus;
  passwordHash?: string;
  /** The owner has just proven the (possibly new) address. */
  emailConfirmed?: true;
}

export async function updateAccountInTx(executor: Executor, id: string, patch: AccountPatch): Promise<AccountRow> {
  const row = await identityDb(executor)
    .updateTable('accounts')
    .set({
      ...(patch.fullName !== undefined ? { full_name: patch.fullName } : {}),
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      ...(patch.smsNotifications !== undefined ? { sms_notifications: patch.smsNotifications } : {}),
      ...(patch.roles !== undefined ? { roles: rolesValue(patch.roles) } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
      ...(patch.emailConfirmed ? { email_confirmed_at: sql<Date>`now()` } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw identityErrors.accountNotFound();
  return row;
}

export interface OfficialsFilter {
  /** Exact agency code. */
  agencyCode?: string | undefined;
  /** Only agencies whose code ends with this level-1 group (an agency admin's reach). */
  levelOneGroup?: string | undefined;
  limit: number;
}

export async function listOfficials(executor: Executor, filter: OfficialsFilter): Promise<AccountRow[]> {
  let query = identityDb(executor).selectFrom('accounts').selectAll().where('kind', '=', 'official');
  if (filter.agencyCode !== undefined) query = query.where('agency_code', '=', filter.agencyCode);
  if (filter.levelOneGroup !== undefined) {
    const group = filter.levelOneGroup;
    query = query.where((eb) => eb.or([eb('agency_code', '=', group), eb('agency_code', 'like', `%.${group}`)]));
  }
  return query.orderBy('agency_code').orderBy('full_name').orderBy('id').limit(filter.limit).execute();
}

/** Officials whose agency is exactly one of these units (a unit's staff is small: no cap but a safety bound). */
export async function listOfficialsOfUnits(executor: Executor, unitCodes: readonly string[], options: { activeOnly: boolean }): Promise<AccountRow[]> {
  if (unitCodes.length === 0) return [];
  let query = identityDb(executor).selectFrom('accounts').selectAll().where('kind', '=', 'official').where('agency_code', 'in', [...unitCodes]);
  if (options.activeOnly) query = query.where('status', '=', 'active');
  return query.orderBy('agency_code').orderBy('full_name').orderBy('id').limit(10_000).execute();
}

/** Which of these units have at least one active official. */
export async function staffedUnitsOf(executor: Executor, unitCodes: readonly string[]): Promise<string[]> {
  if (unitCodes.length === 0) return [];
  const rows = await identityDb(executor)
    .selectFrom('accounts')
    .select('agency_code')
    .distinct()
    .where('kind', '=', 'official')
    .where('status', '=', 'active')
    .where('agency_code', 'in', [...unitCodes])
    .execute();
  return rows.flatMap((r) => (r.agency_code ? [r.agency_code] : []));
}

// ── One-time password tokens ─────────────────────────────────────────────────────────

export async function insertPasswordTokenInTx(
  executor: Executor,
  token: { tokenHash: string; accountId: string; purpose: PasswordTokenPurpose; validSeconds: number },
): Promise<void> {
  await identityDb(executor)
    .insertInto('password_tokens')
    .values({
      token_hash: token.tokenHash,
      account_id: token.accountId,
      purpose: token.purpose,
      expires_at: sql<Date>`now() + ${token.validSeconds}::int * interval '1 second'`,
    })
    .execute();
}

/** Older unused links stop working when a new one is sent or the password changes. */
export async function revokePasswordTokensInTx(executor: Executor, accountId: string): Promise<void> {
  await identityDb(executor)
    .updateTable('password_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .execute();
}

export async function findUsablePasswordToken(executor: Executor, tokenHash: string): Promise<{ accountId: string } | undefined> {
  const row = await identityDb(executor)
    .selectFrom('password_tokens')
    .innerJoin('accounts', 'accounts.id', 'password_tokens.account_id')
    .select('password_tokens.account_id')
    .where('password_tokens.token_hash', '=', tokenHash)
    .where('password_tokens.used_at', 'is', null)
    .where('password_tokens.expires_at', '>', sql<Date>`now()`)
    .where('accounts.status', '=', 'active')
    .executeTakeFirst();
  return row ? { accountId: row.account_id } : undefined;
}

/** Marks the token used and returns its account, in one statement: two concurrent uses cannot both win. */
export async function consumePasswordTokenInTx(executor: Executor, tokenHash: string): Promise<{ accountId: string } | undefined> {
  const row = await identityDb(executor)
    .updateTable('password_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('account_id')
    .executeTakeFirst();
  return row ? { accountId: row.account_id } : undefined;
}

/** PostgreSQL's unique_violation, from either driver. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
