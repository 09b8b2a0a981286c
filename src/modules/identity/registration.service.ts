import { createHash } from 'node:crypto';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { randomToken } from '../../platform/crypto/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { sendMailInTx } from '../../platform/notify/index.ts';
import {
  findAccountByLogin,
  findAccountById,
  findAccountsHolding,
  findTakenIdentifiers,
  insertAccountInTx,
  isUniqueViolation,
  revokePasswordTokensInTx,
  updateAccountInTx,
  type AccountRow,
} from './accounts.repository.ts';
import {
  consumeEmailConfirmationInTx,
  findUsableEmailConfirmation,
  insertEmailConfirmationInTx,
  revokeEmailConfirmationsInTx,
} from './confirmations.repository.ts';
import type { ClientInfo, IdentityContext } from './identity.context.ts';
import { identityErrors } from './identity.errors.ts';
import { mails, type IdentifierKind } from './identity.mails.ts';
import {
  checkEmail,
  checkFullName,
  checkNewPassword,
  checkPersonalId,
  checkPhone,
  checkTaxCode,
  clean,
  normaliseEmail,
  normalisePhone,
  problem,
  type Problems,
} from './identity.validation.ts';
import { sourceOf } from './login-throttle.ts';
import { hashPassword } from './passwords.ts';
import type { Throttle } from './throttle.ts';

/** How long a confirmation link works. */
export const CONFIRMATION_SECONDS = 48 * 60 * 60;

export interface RegisterInput {
  accountType?: string | undefined;
  personalId?: string | undefined;
  taxCode?: string | undefined;
  fullName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  password?: string | undefined;
  passwordConfirm?: string | undefined;
}

const compactDigits = (value: string | undefined) => clean(value)?.replace(/\s+/g, '');
const confirmationDigest = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Mails a link that proves `email` for the account: after registration (the account's own
 * address) or to change it (a new one). Earlier links of the account stop working.
 */
export async function mailConfirmationInTx(
  tx: Executor,
  ctx: IdentityContext,
  link: { account: Pick<AccountRow, 'id' | 'full_name'>; email: string; purpose: 'register' | 'change'; locale: Locale },
): Promise<void> {
  const token = randomToken(32);
  await revokeEmailConfirmationsInTx(tx, link.account.id);
  await insertEmailConfirmationInTx(tx, { tokenHash: confirmationDigest(token), accountId: link.account.id, email: link.email, validSeconds: CONFIRMATION_SECONDS });
  const params = { name: link.account.full_name, link: `${ctx.config.baseUrl}/register/confirm?token=${encodeURIComponent(token)}` };
  const mail = link.purpose === 'register' ? mails.confirmRegistration(link.locale, params) : mails.confirmNewAddress(link.locale, params);
  await sendMailInTx(tx, { to: link.email, ...mail });
}

/**
 * Someone used identifiers of this account (to register, or as their new address): its owner
 * is told, and the caller gets the same answer as for free identifiers. A few mails a day
 * per account at most, so the owner's inbox cannot be flooded.
 */
export async function tellOwnerInTx(
  tx: Executor,
  ctx: IdentityContext,
  counters: Throttle,
  owner: AccountRow,
  used: readonly IdentifierKind[],
): Promise<void> {
  await appendAuditInTx(tx, { actor: null, action: 'identity.identifiers_reused', entityType: 'account', entityId: owner.id, data: { used } });
  if (!(await counters.take(tx, ['owner_notice', owner.id]))) return;
  await sendMailInTx(tx, { to: owner.email, ...mails.inUse({ name: owner.full_name, used, baseUrl: ctx.config.baseUrl }) });
}

export function createRegistrationService(ctx: IdentityContext, counters: Throttle) {
  const { db } = ctx;

  async function isConfirmationUsable(token: string | undefined): Promise<boolean> {
    if (!token || token.length > 128) return false;
    return (await findUsableEmailConfirmation(db, confirmationDigest(token))) !== undefined;
  }

  return {
    /**
     * Self-registration of a citizen or a business. The answer is the same whether or not an
     * identifier is taken ("check your e-mail"): a new account waits for its address to be
     * confirmed; the owner of a taken identifier is told by mail. Only malformed input and the
     * per-source limit answer otherwise.
     */
    async register(input: RegisterInput, client: ClientInfo, locale: Locale): Promise<void> {
      const sourceKey = ['register_source', sourceOf(client.ip)] as const;
      await counters.assertOpen(db, [sourceKey]);
      const kind = input.accountType === 'citizen' || input.accountType === 'business' ? input.accountType : undefined;
      const personalId = kind === 'citizen' ? compactDigits(input.personalId) : undefined;
      const taxCode = kind === 'business' ? compactDigits(input.taxCode) : undefined;
      const fullName = clean(input.fullName);
      const email = normaliseEmail(input.email);
      const phone = normalisePhone(input.phone);
      const problems: Problems = [
        ...(kind ? [] : [problem('accountType', 'errAccountType')]),
        ...(kind === 'citizen' ? checkPersonalId(personalId) : []),
        ...(kind === 'business' ? checkTaxCode(taxCode) : []),
        ...checkFullName(fullName),
        ...checkEmail(email),
        ...checkPhone(phone),
        ...checkNewPassword(input.password, input.passwordConfirm ?? ''),
      ];
      if (problems.length > 0 || !kind || !fullName || !email || !input.password) throw identityErrors.invalidInput(problems);

      await counters.count(db, [sourceKey]);
      // Hashed whether or not the account is made: the same work either way.
      const passwordHash = await hashPassword(input.password);
      await db.transaction().execute(async (tx) => {
        const row = await insertAccountInTx(tx, { kind, personalId, taxCode, email, phone, fullName, passwordHash, emailConfirmed: false });
        if (row) {
          await mailConfirmationInTx(tx, ctx, { account: row, email, purpose: 'register', locale });
          await appendAuditInTx(tx, { actor: row.id, action: 'identity.account_registered', entityType: 'account', entityId: row.id, data: { kind } });
          return;
        }
        for (const holder of await findAccountsHolding(tx, { personalId, taxCode, email })) {
          const used: IdentifierKind[] = [
            ...(holder.email === email ? (['email'] as const) : []),
            ...(personalId !== undefined && holder.personal_id === personalId ? (['personalId'] as const) : []),
            ...(taxCode !== undefined && holder.tax_code === taxCode ? (['taxCode'] as const) : []),
          ];
          // Registering again with the address of an account still waiting for it: most
          // likely its owner, who lost the first mail. The mail goes to that address only.
          const waiting = holder.email === email && holder.email_confirmed_at === null && holder.status === 'active';
          if (waiting && (await counters.take(tx, ['owner_notice', holder.id]))) {
            await mailConfirmationInTx(tx, ctx, { account: holder, email, purpose: 'register', locale });
          } else if (!waiting) {
            await tellOwnerInTx(tx, ctx, counters, holder, used);
          }
        }
      });
    },

    /** A new link for an account waiting for its address. The same answer for any address. */
    async resendConfirmation(input: { email?: string | undefined }, client: ClientInfo, locale: Locale): Promise<void> {
      const email = normaliseEmail(input.email);
      const problems = checkEmail(email);
      if (problems.length > 0 || !email) throw identityErrors.invalidInput(problems);
      const keys = [['confirm_email', email], ['confirm_source', sourceOf(client.ip)]] as const;
      await counters.assertOpen(db, keys);
      await counters.count(db, keys);
      await db.transaction().execute(async (tx) => {
        const account = await findAccountByLogin(tx, { email });
        if (!account || account.email_confirmed_at !== null || account.status !== 'active') return;
        await mailConfirmationInTx(tx, ctx, { account, email, purpose: 'register', locale });
      });
    },

    /** Whether a confirmation link can still be used (to show its page or say it is dead). */
    isConfirmationUsable,

    /**
     * Spends the link: the account's address is proven (it may sign in), or its new address
     * replaces the old one. Says which, for the page that follows.
     */
    async confirmEmail(input: { token?: string | undefined }): Promise<'registered' | 'changed'> {
      const token = input.token ?? '';
      if (!(await isConfirmationUsable(token))) throw identityErrors.confirmationInvalid();
      const confirming = db.transaction().execute(async (tx) => {
        const spent = await consumeEmailConfirmationInTx(tx, confirmationDigest(token));
        const account = spent ? await findAccountById(tx, spent.accountId) : undefined;
        if (!spent || !account || account.status !== 'active') throw identityErrors.confirmationInvalid();
        const audit = { actor: account.id, entityType: 'account', entityId: account.id };
        if (account.email === spent.email) {
          await updateAccountInTx(tx, account.id, { emailConfirmed: true });
          await appendAuditInTx(tx, { ...audit, action: 'identity.email_confirmed' });
          return 'registered' as const;
        }
        // Taken by another account since the link was sent: the link is no good any more.
        if ((await findTakenIdentifiers(tx, { email: spent.email }, account.id)).email) throw identityErrors.confirmationInvalid();
        await updateAccountInTx(tx, account.id, { email: spent.email, emailConfirmed: true });
        // Reset links went to the old address.
        await revokePasswordTokensInTx(tx, account.id);
        await appendAuditInTx(tx, { ...audit, action: 'identity.email_changed' });
        return 'changed' as const;
      });
      // Another account took the address between the check and the update.
      return confirming.catch((error: unknown) => {
        throw isUniqueViolation(error) ? identityErrors.confirmationInvalid() : error;
      });
    },
  };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
