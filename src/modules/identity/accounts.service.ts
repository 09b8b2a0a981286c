import { createHash } from 'node:crypto';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { randomToken } from '../../platform/crypto/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { sendMailInTx } from '../../platform/notify/index.ts';
import {
  consumePasswordTokenInTx,
  findAccountByLogin,
  findUsablePasswordToken,
  getAccountById,
  insertPasswordTokenInTx,
  revokePasswordTokensInTx,
  updateAccountInTx,
} from './accounts.repository.ts';
import { toAccountView, toActor, type AccountView, type ClientInfo, type IdentityContext } from './identity.context.ts';
import { identityErrors } from './identity.errors.ts';
import { mails } from './identity.mails.ts';
import { checkEmail, checkFullName, checkNewPassword, checkPhone, clean, normaliseEmail, normalisePhone, problem, type Problems } from './identity.validation.ts';
import { sourceOf } from './login-throttle.ts';
import { createLoginChecks, type Throttles } from './login.service.ts';
import { hashPassword } from './passwords.ts';
import { createRegistrationService, mailConfirmationInTx, tellOwnerInTx } from './registration.service.ts';
import { deleteSessionsOfAccountInTx } from './sessions.repository.ts';
import { endSessionToken, startSessionInTx } from './sessions.service.ts';
import { findSecondFactor } from './two-factor.repository.ts';

export const RESET_TOKEN_SECONDS = 30 * 60;

export interface ProfileInput {
  fullName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  /** A ticked box ('1'): tell me of my dossiers by SMS (needs a phone). Absent: not ticked. */
  smsNotifications?: string | undefined;
  currentPassword?: string | undefined;
}

export interface ResetInput {
  token?: string | undefined;
  password?: string | undefined;
  passwordConfirm?: string | undefined;
}

/** Digests of one-time password tokens, as stored. */
export function passwordTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createAccountsService(ctx: IdentityContext, throttles: Throttles) {
  const { db } = ctx;
  const { counters, logins } = throttles;
  const checks = createLoginChecks(ctx, throttles);
  const registration = createRegistrationService(ctx, counters);

  return {
    ...registration,

    /** Checks a login and password under the throttling rules; the actor on success. */
    async authenticate(input: { identifier: string; password: string; ip: string }): Promise<Actor> {
      return toActor(await checks.checkLogin(input.identifier, input.password, input.ip));
    },

    /** Authenticates and starts a new session (the old one of this browser ends). */
    async logIn(input: { identifier?: string | undefined; password?: string | undefined }, client: ClientInfo) {
      const account = await checks.checkLogin(input.identifier, input.password, client.ip);
      // With an authenticator, the password opens only the second step of the login.
      const awaitingSecondFactor = Boolean((await findSecondFactor(db, account.id))?.confirmedAt);
      const token = await db.transaction().execute((tx) => startSessionInTx(tx, account, client, { awaitingSecondFactor }));
      return { actor: toActor(account), token, awaitingSecondFactor };
    },

    async logOut(token: string | undefined): Promise<void> {
      if (token) await endSessionToken(db, token);
    },

    /** Refuses a source that spent its budget for this kind of request (checked before the body is read). */
    async assertSourceOpen(scope: 'login_source' | 'register_source' | 'reset_source' | 'confirm_source', ip: string): Promise<void> {
      await counters.assertOpen(db, [[scope, sourceOf(ip)]]);
    },

    /** The stored row (identity's own use: assurance level, date of birth). */
    async getAccountRow(id: string) {
      return getAccountById(db, id);
    },

    /** For other modules: an account by id (they authorise their own use). */
    async getAccount(id: string): Promise<AccountView> {
      return toAccountView(await getAccountById(db, id));
    },

    async getProfile(actor: Actor | undefined): Promise<AccountView> {
      if (!actor) throw identityErrors.unauthenticated();
      return toAccountView(await getAccountById(db, actor.accountId));
    },

    /**
     * Name and contact details. A new e-mail address (where reset links go) needs the current
     * password and takes effect only when the link mailed to it is opened; if another account
     * holds it, that owner is told instead, and the answer is the same.
     */
    async updateProfile(actor: Actor | undefined, input: ProfileInput, client: ClientInfo, locale: Locale): Promise<{ emailChangeSent: boolean }> {
      if (!actor) throw identityErrors.unauthenticated();
      const current = await getAccountById(db, actor.accountId);
      const fullName = clean(input.fullName);
      const email = normaliseEmail(input.email);
      const phone = normalisePhone(input.phone);
      const sms = input.smsNotifications !== undefined && input.smsNotifications !== '';
      const problems: Problems = [...checkFullName(fullName), ...checkEmail(email), ...checkPhone(phone)];
      if (sms && !phone) problems.push(problem('smsNotifications', 'errSmsNeedsPhone'));
      const emailChanged = email !== undefined && email !== current.email;
      if (emailChanged && problems.length === 0) {
        if (!input.currentPassword) problems.push(problem('currentPassword', 'errCurrentPasswordRequired'));
        else if (!(await checks.checkCurrentPassword(current, input.currentPassword, client.ip))) {
          problems.push(problem('currentPassword', 'errCurrentPasswordWrong'));
        }
      }
      if (problems.length > 0 || !fullName || !email) throw identityErrors.invalidInput(problems);
      const changeKey = ['email_change', current.id] as const;
      if (emailChanged) await counters.assertOpen(db, [changeKey]);

      await db.transaction().execute(async (tx) => {
        const changed = [
          ...(fullName !== current.full_name ? ['fullName'] : []),
          ...((phone ?? null) !== current.phone ? ['phone'] : []),
          ...(sms !== current.sms_notifications ? ['smsNotifications'] : []),
        ];
        if (changed.length > 0) {
          await updateAccountInTx(tx, current.id, { fullName, phone: phone ?? null, smsNotifications: sms });
          // Field names only: the audit chain is permanent and should not hold contact details.
          await appendAuditInTx(tx, { actor: actor.accountId, action: 'identity.profile_updated', entityType: 'account', entityId: current.id, data: { changed } });
        }
        if (!emailChanged) return;
        await counters.count(tx, [changeKey]);
        const holder = await findAccountByLogin(tx, { email });
        if (holder) await tellOwnerInTx(tx, ctx, counters, holder, ['email']);
        else await mailConfirmationInTx(tx, ctx, { account: current, email, purpose: 'change', locale });
      });
      return { emailChangeSent: emailChanged };
    },

    /**
     * "Forgotten password". The answer is the same whether or not the address has an
     * account; the e-mail is queued in the same transaction as its token.
     */
    async requestPasswordReset(input: { email?: string | undefined }, client: ClientInfo, locale: Locale): Promise<void> {
      const email = normaliseEmail(input.email);
      const problems = checkEmail(email);
      if (problems.length > 0 || !email) throw identityErrors.invalidInput(problems);
      const keys = [['reset_email', email], ['reset_source', sourceOf(client.ip)]] as const;
      await counters.assertOpen(db, keys);
      await counters.count(db, keys);

      await db.transaction().execute(async (tx) => {
        const account = await findAccountByLogin(tx, { email });
        if (!account || account.status !== 'active') return;
        const token = randomToken(32);
        await revokePasswordTokensInTx(tx, account.id);
        await insertPasswordTokenInTx(tx, { tokenHash: passwordTokenHash(token), accountId: account.id, purpose: 'reset', validSeconds: RESET_TOKEN_SECONDS });
        const link = `${ctx.config.baseUrl}/password/reset?token=${encodeURIComponent(token)}`;
        await sendMailInTx(tx, { to: account.email, ...mails.reset(locale, { name: account.full_name, link }) });
        await appendAuditInTx(tx, { actor: null, action: 'identity.password_reset_requested', entityType: 'account', entityId: account.id });
      });
    },

    /** Whether a reset link can still be used (to show the form or say it is dead). */
    isPasswordTokenUsable,

    /**
     * Sets the new password, spends the token and ends every session of the account. The link
     * came to the account's address, so that address is proven, and a login lock is lifted.
     */
    async resetPassword(input: ResetInput): Promise<void> {
      const token = input.token ?? '';
      if (!(await isPasswordTokenUsable(token))) throw identityErrors.resetTokenInvalid();
      const problems = checkNewPassword(input.password, input.passwordConfirm ?? '');
      if (problems.length > 0 || !input.password) throw identityErrors.invalidInput(problems);
      const passwordHash = await hashPassword(input.password);
      await db.transaction().execute(async (tx) => {
        const spent = await consumePasswordTokenInTx(tx, passwordTokenHash(token));
        if (!spent) throw identityErrors.resetTokenInvalid();
        await updateAccountInTx(tx, spent.accountId, { passwordHash, emailConfirmed: true });
        await revokePasswordTokensInTx(tx, spent.accountId);
        await logins.releaseInTx(tx, spent.accountId);
        const sessionsEnded = await deleteSessionsOfAccountInTx(tx, spent.accountId);
        await appendAuditInTx(tx, { actor: spent.accountId, action: 'identity.password_reset', entityType: 'account', entityId: spent.accountId, data: { sessionsEnded } });
      });
    },
  };

  async function isPasswordTokenUsable(token: string | undefined): Promise<boolean> {
    if (!token || token.length > 128) return false;
    return (await findUsablePasswordToken(db, passwordTokenHash(token))) !== undefined;
  }
}

export type AccountsService = ReturnType<typeof createAccountsService>;
