import { sql, type Executor } from '../../platform/db/index.ts';
import { identityDb } from './accounts.repository.ts';

// SQL of the second factor: authenticators and recovery codes. Secrets arrive sealed.

export interface SecondFactorRow {
  accountId: string;
  sealedSecret: string;
  confirmedAt: Date | null;
  lastUsedStep: number | null;
}

export async function findSecondFactor(executor: Executor, accountId: string): Promise<SecondFactorRow | undefined> {
  const row = await identityDb(executor).selectFrom('second_factors').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  if (!row) return undefined;
  return { accountId: row.account_id, sealedSecret: row.totp_secret, confirmedAt: row.confirmed_at, lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step) };
}

/** A new enrolment replaces one in progress, never a confirmed authenticator (the WHERE of the upsert). */
export async function startEnrolmentInTx(executor: Executor, accountId: string, sealedSecret: string): Promise<boolean> {
  const result = await identityDb(executor)
    .insertInto('second_factors')
    .values({ account_id: accountId, totp_secret: sealedSecret, confirmed_at: null })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ totp_secret: sealedSecret }).where('second_factors.confirmed_at', 'is', null))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function confirmEnrolmentInTx(executor: Executor, accountId: string, step: number): Promise<boolean> {
  const result = await identityDb(executor)
    .updateTable('second_factors')
    .set({ confirmed_at: sql<Date>`now()`, last_used_step: step })
    .where('account_id', '=', accountId)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records the time step of an accepted code, only if it is later than the last one: two
 * requests racing with the same code cannot both succeed.
 */
export async function advanceStepInTx(executor: Executor, accountId: string, step: number): Promise<boolean> {
  const result = await identityDb(executor)
    .updateTable('second_factors')
    .set({ last_used_step: step })
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteSecondFactorInTx(executor: Executor, accountId: string): Promise<void> {
  await identityDb(executor).deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
  await identityDb(executor).deleteFrom('second_factors').where('account_id', '=', accountId).execute();
}

export async function replaceRecoveryCodesInTx(executor: Executor, accountId: string, hashes: readonly string[]): Promise<void> {
  await identityDb(executor).deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
  await identityDb(executor)
    .insertInto('recovery_codes')
    .values(hashes.map((code_hash) => ({ account_id: accountId, code_hash })))
    .execute();
}

/** Spends a recovery code: true once, false for an unknown or already used code. */
export async function spendRecoveryCodeInTx(executor: Executor, accountId: string, hash: string): Promise<boolean> {
  const result = await identityDb(executor)
    .updateTable('recovery_codes')
    .set({ used_at: sql<Date>`now()` })
    .where('account_id', '=', accountId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(executor: Executor, accountId: string): Promise<number> {
  const row = await identityDb(executor)
    .selectFrom('recovery_codes')
    .select(sql<number>`count(*)::int8`.as('n'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
