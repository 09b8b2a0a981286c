import { sql, type Executor } from '../../platform/db/index.ts';
import { identityDb } from './accounts.repository.ts';

// SQL of e-mail confirmation links (migrations/0003_email_confirmation.sql). Functions
// ending in InTx must run inside the caller's transaction.

export async function insertEmailConfirmationInTx(
  executor: Executor,
  link: { tokenHash: string; accountId: string; email: string; validSeconds: number },
): Promise<void> {
  await identityDb(executor)
    .insertInto('email_confirmations')
    .values({
      token_hash: link.tokenHash,
      account_id: link.accountId,
      email: link.email,
      expires_at: sql<Date>`now() + ${link.validSeconds}::int * interval '1 second'`,
    })
    .execute();
}

/** Only the newest link of an account works. */
export async function revokeEmailConfirmationsInTx(executor: Executor, accountId: string): Promise<void> {
  await identityDb(executor)
    .updateTable('email_confirmations')
    .set({ used_at: sql<Date>`now()` })
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .execute();
}

export async function findUsableEmailConfirmation(executor: Executor, tokenHash: string): Promise<{ accountId: string } | undefined> {
  const row = await identityDb(executor)
    .selectFrom('email_confirmations')
    .select('account_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row ? { accountId: row.account_id } : undefined;
}

/** Marks the link used and returns what it proves, in one statement: two concurrent uses cannot both win. */
export async function consumeEmailConfirmationInTx(executor: Executor, tokenHash: string): Promise<{ accountId: string; email: string } | undefined> {
  const row = await identityDb(executor)
    .updateTable('email_confirmations')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['account_id', 'email'])
    .executeTakeFirst();
  return row ? { accountId: row.account_id, email: row.email } : undefined;
}

/** Links past their expiry tell nothing any more. */
export async function deleteExpiredEmailConfirmations(executor: Executor): Promise<number> {
  const result = await identityDb(executor).deleteFrom('email_confirmations').where('expires_at', '<=', sql<Date>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
