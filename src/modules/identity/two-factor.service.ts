import { createHmac, randomInt } from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { appendAuditInTx } from '../../platform/audit/index.ts';
import { decryptSecret, deriveKey, encryptSecret, randomToken } from '../../platform/crypto/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import type { ClientInfo, IdentityContext } from './identity.context.ts';
import { identityErrors } from './identity.errors.ts';
import { sourceOf, type LoginThrottle } from './login-throttle.ts';
import { deleteOtherSessionsInTx, markSecondFactorInTx, renameSessionInTx } from './sessions.repository.ts';
import { resolveSessionState, SECOND_FACTOR_REQUIRED, sessionIdOf } from './sessions.service.ts';
import {
  advanceStepInTx,
  confirmEnrolmentInTx,
  countUnusedRecoveryCodes,
  deleteSecondFactorInTx,
  findSecondFactor,
  replaceRecoveryCodesInTx,
  spendRecoveryCodeInTx,
  startEnrolmentInTx,
} from './two-factor.repository.ts';

/** Sensitive actions need the second factor given this recently (issue #13: five minutes), unless configured. */
export const STEP_UP_SECONDS = 5 * 60;
let stepUpSeconds = STEP_UP_SECONDS;

/** The step-up window of this process (config STEP_UP_SECONDS), set when identity is created. */
export function configureStepUpWindow(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 1) throw new RangeError('the step-up window is a positive whole number of seconds');
  stepUpSeconds = seconds;
}

export function stepUpWindowSeconds(): number {
  return stepUpSeconds;
}
const RECOVERY_CODE_COUNT = 10;
// 30-second steps: one step either side forgives a phone clock a little off.
const TOLERANCE_SECONDS = 30;
const ISSUER = 'egov';
// Recovery codes are read from paper: no 0/O or 1/I/L to confuse.
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * The use-case check of a sensitive action: the actor's session gave its second factor in the
 * last five minutes (STEP_UP_SECONDS), or `identity.step_up_required`. The web layer answers that error with the
 * step-up page (`stepUpUrl`), which comes back to the action.
 */
export function requireRecentSecondFactor(actor: Actor, now: Date = new Date()): void {
  const at = actor.secondFactorAt ? Date.parse(actor.secondFactorAt) : Number.NaN;
  const age = (now.getTime() - at) / 1000;
  // A time in the future is a forged or broken clock: not recent.
  if (!Number.isFinite(age) || age < -5 || age > stepUpSeconds) throw identityErrors.stepUpRequired(stepUpSeconds);
}

/** Where the web layer sends someone asked to step up; `next` is a path of this site to come back to. */
export function stepUpUrl(next: string): string {
  return `/login/step-up?next=${encodeURIComponent(next)}`;
}

function formatRecoveryCode(raw: string): string {
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** Recovery codes are typed by hand: case, spaces and dashes do not matter. */
function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export interface Enrolment {
  enrolled: boolean;
  recoveryCodesLeft: number;
  /** While not enrolled: what the authenticator app needs. */
  pending?: { secret: string; uri: string; qrSvg: string };
}

export function createTwoFactorService(ctx: IdentityContext, logins: LoginThrottle) {
  const { db } = ctx;
  const sealKey = deriveKey(ctx.config.secretKey, 'identity.totp');
  const codeKey = deriveKey(ctx.config.secretKey, 'identity.recovery-code');
  const recoveryHash = (code: string) => createHmac('sha256', codeKey).update(normaliseRecoveryCode(code)).digest('hex');

  function newRecoveryCodes(): string[] {
    return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
      formatRecoveryCode(Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('')),
    );
  }

  /** The time step a TOTP code is valid for, or undefined (wrong, or not later than the last one used). */
  async function totpStep(sealedSecret: string, code: string, lastUsedStep: number | null): Promise<number | undefined> {
    const token = code.replace(/\s/g, '');
    if (!/^[0-9]{6}$/.test(token)) return undefined;
    const secret = decryptSecret(sealedSecret, sealKey);
    const result = await verify({ secret, token, epochTolerance: TOLERANCE_SECONDS, ...(lastUsedStep !== null ? { afterTimeStep: lastUsedStep } : {}) });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  }

  /**
   * Checks a code of the account's confirmed authenticator, or one of its recovery codes,
   * under the login throttle (a wrong code counts as a wrong password: whoever types it
   * knows the password). Spends what it accepts, in `tx`'s caller's transaction.
   */
  async function checkCode(accountId: string, code: string | undefined, client: ClientInfo): Promise<'totp' | 'recovery_code'> {
    const subject = { accountId };
    const source = sourceOf(client.ip);
    const verdict = await logins.begin(db, subject, source);
    if (!verdict.allowed) {
      throw verdict.reason === 'locked' ? identityErrors.accountLocked(verdict.retryAfterSeconds) : identityErrors.loginDelayed(verdict.retryAfterSeconds);
    }
    const factor = await findSecondFactor(db, accountId);
    if (!factor?.confirmedAt) throw identityErrors.secondFactorNotEnrolled();
    const typed = (code ?? '').slice(0, 64);
    const step = await totpStep(factor.sealedSecret, typed, factor.lastUsedStep);
    const used = await db.transaction().execute(async (tx) => {
      if (step !== undefined) return (await advanceStepInTx(tx, accountId, step)) ? ('totp' as const) : undefined;
      if (typed.trim().length < 10) return undefined;
      return (await spendRecoveryCodeInTx(tx, accountId, recoveryHash(typed))) ? ('recovery_code' as const) : undefined;
    });
    if (!used) {
      await db.transaction().execute(async (tx) => {
        const lock = await logins.assessInTx(tx, subject);
        if (lock) await appendAuditInTx(tx, { actor: null, action: 'identity.login_locked', entityType: 'account', entityId: accountId, data: { sources: lock.sources, factor: 'second' } });
      });
      throw identityErrors.secondFactorInvalid();
    }
    await logins.succeeded(db, subject, source);
    return used;
  }

  return {
    requireRecentSecondFactor,

    /** The signed-in person's authenticator: enrolled or not, and while not, a fresh secret to scan. */
    async enrolmentOf(actor: Actor | undefined): Promise<Enrolment> {
      if (!actor) throw identityErrors.unauthenticated();
      const factor = await findSecondFactor(db, actor.accountId);
      if (factor?.confirmedAt) return { enrolled: true, recoveryCodesLeft: await countUnusedRecoveryCodes(db, actor.accountId) };
      // The same secret until it is confirmed, so reloading the page does not invalidate a scan.
      let sealed = factor?.sealedSecret;
      if (!sealed) {
        sealed = encryptSecret(generateSecret(), sealKey);
        await db.transaction().execute(async (tx) => {
          await startEnrolmentInTx(tx, actor.accountId, sealed as string);
        });
        sealed = (await findSecondFactor(db, actor.accountId))?.sealedSecret ?? sealed;
      }
      const secret = decryptSecret(sealed, sealKey);
      const uri = generateURI({ issuer: ISSUER, label: actor.displayName, secret });
      const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return { enrolled: false, recoveryCodesLeft: 0, pending: { secret, uri, qrSvg } };
    },

    /**
     * The first code from the app confirms the enrolment: the account is protected from now
     * on, this session counts as having given the second factor, and the recovery codes are
     * returned (the only time they are shown).
     */
    async confirmEnrolment(actor: Actor | undefined, sessionToken: string | undefined, code: string | undefined): Promise<{ recoveryCodes: string[] }> {
      if (!actor) throw identityErrors.unauthenticated();
      const factor = await findSecondFactor(db, actor.accountId);
      if (!factor || factor.confirmedAt) throw identityErrors.forbidden();
      const step = await totpStep(factor.sealedSecret, code ?? '', null);
      if (step === undefined) throw identityErrors.secondFactorInvalid();
      const recoveryCodes = newRecoveryCodes();
      await db.transaction().execute(async (tx) => {
        if (!(await confirmEnrolmentInTx(tx, actor.accountId, step))) throw identityErrors.forbidden();
        await replaceRecoveryCodesInTx(tx, actor.accountId, recoveryCodes.map(recoveryHash));
        if (sessionToken) {
          await markSecondFactorInTx(tx, sessionIdOf(sessionToken));
          await deleteOtherSessionsInTx(tx, actor.accountId, sessionIdOf(sessionToken));
        }
        await appendAuditInTx(tx, { actor: actor.accountId, action: 'identity.second_factor_enrolled', entityType: 'account', entityId: actor.accountId });
      });
      return { recoveryCodes };
    },

    /**
     * The second step of a login: the session waiting for a code becomes a signed-in one,
     * under a new token (as at any login).
     */
    async completeLogin(sessionToken: string | undefined, code: string | undefined, client: ClientInfo): Promise<{ actor: Actor; token: string; used: 'totp' | 'recovery_code' }> {
      const state = sessionToken ? await resolveSessionState(db, sessionToken) : undefined;
      if (!state?.awaitingSecondFactor) throw identityErrors.unauthenticated();
      const used = await checkCode(state.actor.accountId, code, client);
      const token = randomToken(32);
      await db.transaction().execute(async (tx) => {
        await renameSessionInTx(tx, state.sessionId, sessionIdOf(token));
        await markSecondFactorInTx(tx, sessionIdOf(token));
        await appendAuditInTx(tx, { actor: state.actor.accountId, action: 'identity.second_factor_passed', entityType: 'account', entityId: state.actor.accountId, data: { factor: used } });
      });
      return { actor: { ...state.actor, secondFactorAt: new Date().toISOString() }, token, used };
    },

    /** A step-up: the signed-in session gives a code again before a sensitive action. */
    async stepUp(actor: Actor | undefined, sessionToken: string | undefined, code: string | undefined, client: ClientInfo): Promise<void> {
      if (!actor || !sessionToken) throw identityErrors.unauthenticated();
      const used = await checkCode(actor.accountId, code, client);
      await db.transaction().execute(async (tx) => {
        await markSecondFactorInTx(tx, sessionIdOf(sessionToken));
        await appendAuditInTx(tx, { actor: actor.accountId, action: 'identity.step_up', entityType: 'account', entityId: actor.accountId, data: { factor: used } });
      });
    },

    /** New recovery codes (the old ones die): a sensitive action, after a recent step-up. */
    async regenerateRecoveryCodes(actor: Actor | undefined): Promise<{ recoveryCodes: string[] }> {
      if (!actor) throw identityErrors.unauthenticated();
      requireRecentSecondFactor(actor);
      const factor = await findSecondFactor(db, actor.accountId);
      if (!factor?.confirmedAt) throw identityErrors.secondFactorNotEnrolled();
      const recoveryCodes = newRecoveryCodes();
      await db.transaction().execute(async (tx) => {
        await replaceRecoveryCodesInTx(tx, actor.accountId, recoveryCodes.map(recoveryHash));
        await appendAuditInTx(tx, { actor: actor.accountId, action: 'identity.recovery_codes_replaced', entityType: 'account', entityId: actor.accountId });
      });
      return { recoveryCodes };
    },

    /** Citizens and businesses may go back to a password alone; officials and admins may not. */
    async disable(actor: Actor | undefined): Promise<void> {
      if (!actor) throw identityErrors.unauthenticated();
      if (SECOND_FACTOR_REQUIRED.includes(actor.kind)) throw identityErrors.secondFactorRequired();
      requireRecentSecondFactor(actor);
      await db.transaction().execute(async (tx) => {
        await deleteSecondFactorInTx(tx, actor.accountId);
        await appendAuditInTx(tx, { actor: actor.accountId, action: 'identity.second_factor_removed', entityType: 'account', entityId: actor.accountId });
      });
    },
  };
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;

/** A code of a Base32 secret now (demo and tests: what an authenticator app would show). */
export async function currentTotpCode(secret: string, at: Date = new Date()): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}
