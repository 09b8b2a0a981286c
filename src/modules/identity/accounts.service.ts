import { createHash } from 'node:crypto';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { randomToken } from '../../platform/crypto/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { sendMailInTx } from '../../platform/notify/index.ts';
import {
  consumePasswordTokenInTx,
  findAccountByLogin,
  findTakenIdentifiers,
  findUsablePasswordToken,
  getAccountById,
  insertAccountInTx,
  insertPasswordTokenInTx,
  revokePasswordTokensInTx,
  updateAccountInTx,
  type AccountRow,
  type LoginKey,
} from './accounts.repository.ts';
import { toAccountView, toActor, type AccountView, type ClientInfo, type IdentityContext } from './identity.context.ts';
import { identityErrors } from './identity.errors.ts';
import { identityMessages } from './identity.messages.ts';
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
  PERSONAL_ID,
  problem,
  TAX_CODE,
  type Problems,
} from './identity.validation.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { deleteSessionsOfAccountInTx } from './sessions.repository.ts';
import { endSessionToken, startSessionInTx } from './sessions.service.ts';
import type { Throttle } from './throttle.ts';

export const RESET_TOKEN_SECONDS = 30 * 60;

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

export interface ProfileInput {
  fullName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
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

/** Which account an identifier names: 12 digits a citizen, a tax code a business, anything with @ an e-mail. */
export function loginKeyOf(identifier: string): LoginKey | undefined {
  const compact = identifier.replace(/\s+/g, '');
  if (PERSONAL_ID.test(compact)) return { personalId: compact };
  if (TAX_CODE.test(compact)) return { taxCode: compact };
  if (compact.includes('@')) return { email: compact.toLowerCase() };
  return undefined;
}

const accountThrottleKey = (accountId: string) => `account:${accountId}`;

type UniqueKeys = { personalId?: string | undefined; taxCode?: string | undefined; email?: string | undefined };

const compactDigits = (value: string | undefined) => clean(value)?.replace(/\s+/g, '');

export function createAccountsService(ctx: IdentityContext, throttle: Throttle) {
  const { db } = ctx;

  async function authenticateAccount(identifier: string | undefined, password: string | undefined, ip: string): Promise<AccountRow> {
    const id = clean(identifier);
    if (!id || !password) {
      throw identityErrors.invalidInput([
        ...(!id ? [problem('identifier', 'errIdentifierRequired')] : []),
        ...(!password ? [problem('password', 'errPasswordRequired')] : []),
      ]);
    }
    const key = loginKeyOf(id);
    const account = key ? await findAccountByLogin(db, key) : undefined;
    // Counted per account (a citizen's personal ID and e-mail share one count) or, for a
    // login that names no account, per what was typed: both lock the same way.
    const accountKey = ['login_account', account ? accountThrottleKey(account.id) : `login:${id.toLowerCase()}`] as const;
    const ipKey = ['login_ip', ip] as const;
    await throttle.assertOpen(db, [accountKey, ipKey]);

    const ok = account ? await verifyPassword(account.password_hash, password) : await verifyAgainstDummy(password);
    if (account && ok && account.status === 'active') {
      await throttle.clear(db, accountKey);
      if (Math.random() < 0.01) await throttle.prune(db);
      return account;
    }
    const locked = await throttle.fail(db, [accountKey, ipKey]);
    if (locked) throw identityErrors.throttled(locked.scope, locked.seconds);
    throw identityErrors.invalidCredentials();
  }

  return {
    /** Checks a login and password under the throttling rules; the actor on success. */
    async authenticate(input: { identifier: string; password: string; ip: string }): Promise<Actor> {
      return toActor(await authenticateAccount(input.identifier, input.password, input.ip));
    },

    /** Authenticates and starts a new session (the old one of this browser ends). */
    async logIn(input: { identifier?: string | undefined; password?: string | undefined }, client: ClientInfo) {
      const account = await authenticateAccount(input.identifier, input.password, client.ip);
      const token = await db.transaction().execute((tx) => startSessionInTx(tx, account, client));
      return { actor: toActor(account), token };
    },

    async logOut(token: string | undefined): Promise<void> {
      if (token) await endSessionToken(db, token);
    },

    /** Self-registration of a citizen or a business; signs the new account in. */
    async register(input: RegisterInput, client: ClientInfo) {
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

      const keys = { personalId, taxCode, email };
      await assertNotTaken(keys);
      const passwordHash = await hashPassword(input.password);
      return db.transaction().execute(async (tx) => {
        const row = await insertAccountInTx(tx, { kind, personalId, taxCode, email, phone, fullName, passwordHash });
        // Someone registered the same identifier since the check above.
        if (!row) throw (await takenError(tx, keys)) ?? identityErrors.alreadyRegistered([]);
        await appendAuditInTx(tx, { actor: row.id, action: 'identity.account_registered', entityType: 'account', entityId: row.id, data: { kind } });
        const token = await startSessionInTx(tx, row, client);
        return { account: toAccountView(row), actor: toActor(row), token };
      });
    },

    /** For other modules: an account by id (they authorise their own use). */
    async getAccount(id: string): Promise<AccountView> {
      return toAccountView(await getAccountById(db, id));
    },

    async getProfile(actor: Actor | undefined): Promise<AccountView> {
      if (!actor) throw identityErrors.unauthenticated();
      return toAccountView(await getAccountById(db, actor.accountId));
    },

    /** Name and contact details. Changing the e-mail (where reset links go) needs the current password. */
    async updateProfile(actor: Actor | undefined, input: ProfileInput): Promise<AccountView> {
      if (!actor) throw identityErrors.unauthenticated();
      const current = await getAccountById(db, actor.accountId);
      const fullName = clean(input.fullName);
      const email = normaliseEmail(input.email);
      const phone = normalisePhone(input.phone);
      const problems: Problems = [...checkFullName(fullName), ...checkEmail(email), ...checkPhone(phone)];
      const emailChanged = email !== undefined && email !== current.email;
      if (emailChanged && problems.length === 0) {
        // Guessing the password through this form counts like guessing it at login.
        const accountKey = ['login_account', accountThrottleKey(current.id)] as const;
        if (!input.currentPassword) problems.push(problem('currentPassword', 'errCurrentPasswordRequired'));
        else {
          await throttle.assertOpen(db, [accountKey]);
          if (!(await verifyPassword(current.password_hash, input.currentPassword))) {
            const locked = await throttle.fail(db, [accountKey]);
            if (locked) throw identityErrors.throttled(locked.scope, locked.seconds);
            problems.push(problem('currentPassword', 'errCurrentPasswordWrong'));
          }
        }
      }
      if (problems.length > 0 || !fullName || !email) throw identityErrors.invalidInput(problems);
      if (emailChanged) await assertNotTaken({ email }, current.id);

      return db.transaction().execute(async (tx) => {
        const changed = [
          ...(fullName !== current.full_name ? ['fullName'] : []),
          ...(emailChanged ? ['email'] : []),
          ...((phone ?? null) !== current.phone ? ['phone'] : []),
        ];
        if (changed.length === 0) return toAccountView(current);
        const row = await updateAccountInTx(tx, current.id, { fullName, email, phone: phone ?? null }).catch((error: unknown) => {
          // Only the e-mail is unique among these fields; the failed statement ended the transaction.
          if (isUniqueViolation(error)) throw identityErrors.alreadyRegistered([problem('email', 'errEmailTaken')]);
          throw error;
        });
        // Field names only: the audit chain is permanent and should not hold contact details.
        await appendAuditInTx(tx, { actor: actor.accountId, action: 'identity.profile_updated', entityType: 'account', entityId: row.id, data: { changed } });
        return toAccountView(row);
      });
    },

    /**
     * "Forgotten password". The answer is the same whether or not the address has an
     * account; the e-mail is queued in the same transaction as its token.
     */
    async requestPasswordReset(input: { email?: string | undefined }, client: ClientInfo, locale: Locale): Promise<void> {
      const email = normaliseEmail(input.email);
      const problems = checkEmail(email);
      if (problems.length > 0 || !email) throw identityErrors.invalidInput(problems);
      const keys = [['reset_email', email], ['reset_ip', client.ip]] as const;
      await throttle.assertOpen(db, keys);
      await throttle.fail(db, keys);

      await db.transaction().execute(async (tx) => {
        const account = await findAccountByLogin(tx, { email });
        if (!account || account.status !== 'active') return;
        const token = randomToken(32);
        await revokePasswordTokensInTx(tx, account.id);
        await insertPasswordTokenInTx(tx, { tokenHash: passwordTokenHash(token), accountId: account.id, purpose: 'reset', validSeconds: RESET_TOKEN_SECONDS });
        const t = identityMessages.for(locale);
        const link = `${ctx.config.baseUrl}/password/reset?token=${encodeURIComponent(token)}`;
        await sendMailInTx(tx, { to: account.email, subject: t('resetMailSubject'), text: t('resetMailBody', { name: account.full_name, link }) });
        await appendAuditInTx(tx, { actor: null, action: 'identity.password_reset_requested', entityType: 'account', entityId: account.id });
      });
    },

    /** Whether a reset link can still be used (to show the form or say it is dead). */
    isPasswordTokenUsable,

    /** Sets the new password, spends the token and ends every session of the account. */
    async resetPassword(input: ResetInput): Promise<void> {
      const token = input.token ?? '';
      if (!(await isPasswordTokenUsable(token))) throw identityErrors.resetTokenInvalid();
      const problems = checkNewPassword(input.password, input.passwordConfirm ?? '');
      if (problems.length > 0 || !input.password) throw identityErrors.invalidInput(problems);
      const passwordHash = await hashPassword(input.password);
      await db.transaction().execute(async (tx) => {
        const spent = await consumePasswordTokenInTx(tx, passwordTokenHash(token));
        if (!spent) throw identityErrors.resetTokenInvalid();
        await updateAccountInTx(tx, spent.accountId, { passwordHash });
        await revokePasswordTokensInTx(tx, spent.accountId);
        const sessionsEnded = await deleteSessionsOfAccountInTx(tx, spent.accountId);
        await appendAuditInTx(tx, { actor: spent.accountId, action: 'identity.password_reset', entityType: 'account', entityId: spent.accountId, data: { sessionsEnded } });
      });
    },
  };

  async function isPasswordTokenUsable(token: string | undefined): Promise<boolean> {
    if (!token || token.length > 128) return false;
    return (await findUsablePasswordToken(db, passwordTokenHash(token))) !== undefined;
  }

  async function assertNotTaken(keys: UniqueKeys, exceptId?: string) {
    const error = await takenError(db, keys, exceptId);
    if (error) throw error;
  }

  /** The conflict to report for identifiers already in use, or undefined when none is. */
  async function takenError(executor: Executor, keys: UniqueKeys, exceptId?: string) {
    const taken = await findTakenIdentifiers(executor, keys, exceptId);
    const fields = [
      ...(taken.personalId ? [problem('personalId', 'errPersonalIdTaken')] : []),
      ...(taken.taxCode ? [problem('taxCode', 'errTaxCodeTaken')] : []),
      ...(taken.email ? [problem('email', 'errEmailTaken')] : []),
    ];
    return fields.length > 0 ? identityErrors.alreadyRegistered(fields) : undefined;
  }
}

export type AccountsService = ReturnType<typeof createAccountsService>;

/** PostgreSQL's unique_violation, from either driver. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
