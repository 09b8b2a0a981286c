import { appendAuditInTx } from '../../platform/audit/index.ts';
import { sendMailInTx } from '../../platform/notify/index.ts';
import { findAccountByLogin, type AccountRow, type LoginKey } from './accounts.repository.ts';
import { deleteExpiredEmailConfirmations } from './confirmations.repository.ts';
import type { IdentityContext } from './identity.context.ts';
import { identityErrors } from './identity.errors.ts';
import { mails } from './identity.mails.ts';
import { clean, PERSONAL_ID, problem, TAX_CODE } from './identity.validation.ts';
import { sourceOf, type LoginSubject, type LoginThrottle } from './login-throttle.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import type { Throttle } from './throttle.ts';

/** Windowed counters (throttle.ts) and login delays and locks (login-throttle.ts). */
export interface Throttles {
  counters: Throttle;
  logins: LoginThrottle;
}

/** Which account an identifier names: 12 digits a citizen, a tax code a business, anything with @ an e-mail. */
export function loginKeyOf(identifier: string): LoginKey | undefined {
  const compact = identifier.replace(/\s+/g, '');
  if (PERSONAL_ID.test(compact)) return { personalId: compact };
  if (TAX_CODE.test(compact)) return { taxCode: compact };
  if (compact.includes('@')) return { email: compact.toLowerCase() };
  return undefined;
}

// Expired throttling rows and links are harmless but take space; sweeping now and then at a
// login is enough and needs no scheduler.
const SWEEP_ODDS = 0.01;

/**
 * Password checks under the throttling rules. An unknown login goes through the same steps
 * as a known one (its own delays and lock, an argon2 check against a dummy hash), so neither
 * the answer nor the work tells which logins exist.
 */
export function createLoginChecks(ctx: IdentityContext, throttles: Throttles) {
  const { db } = ctx;
  const { counters, logins } = throttles;

  async function admit(subject: LoginSubject, source: string): Promise<void> {
    const verdict = await logins.begin(db, subject, source);
    if (verdict.allowed) return;
    throw verdict.reason === 'locked' ? identityErrors.accountLocked(verdict.retryAfterSeconds) : identityErrors.loginDelayed(verdict.retryAfterSeconds);
  }

  /** A wrong password (already counted by admit): the source's budget, and the lock on evidence, with its mail. */
  async function failed(subject: LoginSubject, account: AccountRow | undefined, source: string): Promise<void> {
    await db.transaction().execute(async (tx) => {
      await counters.count(tx, [['login_source', source]]);
      const lock = await logins.assessInTx(tx, subject);
      if (!lock || !account) return;
      await appendAuditInTx(tx, { actor: null, action: 'identity.login_locked', entityType: 'account', entityId: account.id, data: { sources: lock.sources } });
      if (lock.notify) {
        const mail = mails.locked({ name: account.full_name, sources: lock.sources, until: lock.lockedUntil, baseUrl: ctx.config.baseUrl });
        await sendMailInTx(tx, { to: account.email, ...mail });
      }
    });
  }

  async function sweep(): Promise<void> {
    if (Math.random() >= SWEEP_ODDS) return;
    await counters.prune(db);
    await logins.prune(db);
    await deleteExpiredEmailConfirmations(db);
  }

  return {
    /** The account of a login and password, or a throttled / invalid-credentials / unconfirmed error. */
    async checkLogin(identifier: string | undefined, password: string | undefined, ip: string): Promise<AccountRow> {
      const id = clean(identifier);
      if (!id || !password) {
        throw identityErrors.invalidInput([
          ...(!id ? [problem('identifier', 'errIdentifierRequired')] : []),
          ...(!password ? [problem('password', 'errPasswordRequired')] : []),
        ]);
      }
      const source = sourceOf(ip);
      await counters.assertOpen(db, [['login_source', source]]);
      const key = loginKeyOf(id);
      const account = key ? await findAccountByLogin(db, key) : undefined;
      // A citizen's personal ID and e-mail are one subject; a login naming no account is its own.
      const subject: LoginSubject = account ? { accountId: account.id } : { typed: key ? JSON.stringify(key) : id };
      await admit(subject, source);

      const ok = account ? await verifyPassword(account.password_hash, password) : await verifyAgainstDummy(password);
      await sweep();
      if (account && ok && account.status === 'active') {
        await logins.succeeded(db, subject, source);
        if (account.email_confirmed_at === null) throw identityErrors.accountUnconfirmed();
        return account;
      }
      await failed(subject, account, source);
      throw identityErrors.invalidCredentials();
    },

    /** The current password of a signed-in account (to change its address): counted like a login from the same source. */
    async checkCurrentPassword(account: AccountRow, password: string, ip: string): Promise<boolean> {
      const source = sourceOf(ip);
      const subject = { accountId: account.id };
      await counters.assertOpen(db, [['login_source', source]]);
      await admit(subject, source);
      if (await verifyPassword(account.password_hash, password)) {
        await logins.succeeded(db, subject, source);
        return true;
      }
      await failed(subject, account, source);
      return false;
    },
  };
}

export type LoginChecks = ReturnType<typeof createLoginChecks>;
