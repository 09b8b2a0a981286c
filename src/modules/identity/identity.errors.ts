import { DomainError, type FieldError } from '../../platform/errors/index.ts';

/**
 * The identity module's error codes, in one place. Messages are English for logs and
 * API clients; pages translate by code (see identity.messages.ts).
 */
export const IdentityErrorCode = {
  invalidInput: 'identity.invalid_input',
  alreadyRegistered: 'identity.already_registered',
  invalidCredentials: 'identity.invalid_credentials',
  loginThrottled: 'identity.login_throttled',
  accountLocked: 'identity.account_locked',
  accountUnconfirmed: 'identity.account_unconfirmed',
  registerThrottled: 'identity.register_throttled',
  resetThrottled: 'identity.reset_throttled',
  confirmThrottled: 'identity.confirm_throttled',
  emailChangeThrottled: 'identity.email_change_throttled',
  resetTokenInvalid: 'identity.reset_token_invalid',
  confirmationInvalid: 'identity.confirmation_invalid',
  unauthenticated: 'identity.unauthenticated',
  forbidden: 'identity.forbidden',
  agencyOutOfScope: 'identity.agency_out_of_scope',
  accountNotFound: 'identity.account_not_found',
  secondFactorInvalid: 'identity.second_factor_invalid',
  secondFactorNotEnrolled: 'identity.second_factor_not_enrolled',
  secondFactorRequired: 'identity.second_factor_required',
  stepUpRequired: 'identity.step_up_required',
  assertionInvalid: 'identity.assertion_invalid',
} as const;

/** Windowed counters of throttle.ts (login delays per account and source are in login-throttle.ts). */
export type ThrottleScope =
  | 'login_source'
  | 'register_source'
  | 'reset_email'
  | 'reset_source'
  | 'confirm_email'
  | 'confirm_source'
  | 'email_change'
  | 'owner_notice'
  | 'help_request_source';

const THROTTLED_CODE: Record<ThrottleScope, string> = {
  login_source: IdentityErrorCode.loginThrottled,
  register_source: IdentityErrorCode.registerThrottled,
  reset_email: IdentityErrorCode.resetThrottled,
  reset_source: IdentityErrorCode.resetThrottled,
  confirm_email: IdentityErrorCode.confirmThrottled,
  confirm_source: IdentityErrorCode.confirmThrottled,
  email_change: IdentityErrorCode.emailChangeThrottled,
  owner_notice: IdentityErrorCode.registerThrottled,
  // Never thrown: the helpdesk answers with its own error (takeSourceBudget).
  help_request_source: IdentityErrorCode.registerThrottled,
};

const TOO_MANY = 'Too many attempts; try again later';

export const identityErrors = {
  invalidInput: (fields: FieldError[]) =>
    new DomainError(IdentityErrorCode.invalidInput, 'invalid', 'The input has errors', { fields }),
  alreadyRegistered: (fields: FieldError[]) =>
    new DomainError(IdentityErrorCode.alreadyRegistered, 'conflict', 'An account already exists with these details', { fields }),
  // One answer for an unknown login, a wrong password and a disabled account: no enumeration.
  invalidCredentials: () =>
    new DomainError(IdentityErrorCode.invalidCredentials, 'unauthenticated', 'Wrong login or password'),
  throttled: (scope: ThrottleScope, retryAfterSeconds: number) =>
    new DomainError(THROTTLED_CODE[scope], 'throttled', TOO_MANY, { details: { scope, retryAfterSeconds } }),
  // Wrong passwords from this source for this login: the next try must wait.
  loginDelayed: (retryAfterSeconds: number) =>
    new DomainError(IdentityErrorCode.loginThrottled, 'throttled', TOO_MANY, { details: { scope: 'login_delay', retryAfterSeconds } }),
  // Failures from many sources: refused everywhere until the lock ends or the password is reset.
  accountLocked: (retryAfterSeconds: number) =>
    new DomainError(IdentityErrorCode.accountLocked, 'throttled', 'Sign-in to this account is locked for a while; reset the password to unlock it', {
      details: { retryAfterSeconds },
    }),
  // Only after the right password, so it tells nothing to someone who does not know it.
  accountUnconfirmed: () =>
    new DomainError(IdentityErrorCode.accountUnconfirmed, 'forbidden', 'The e-mail address of this account is not confirmed yet'),
  resetTokenInvalid: () =>
    new DomainError(IdentityErrorCode.resetTokenInvalid, 'invalid', 'The password link is invalid, expired or used'),
  confirmationInvalid: () =>
    new DomainError(IdentityErrorCode.confirmationInvalid, 'invalid', 'The confirmation link is invalid, expired or used'),
  unauthenticated: () => new DomainError(IdentityErrorCode.unauthenticated, 'unauthenticated', 'Please log in'),
  forbidden: () => new DomainError(IdentityErrorCode.forbidden, 'forbidden', 'Not allowed'),
  agencyOutOfScope: (agencyCode: string) =>
    new DomainError(IdentityErrorCode.agencyOutOfScope, 'forbidden', `Agency ${agencyCode} is outside what you administer`, {
      fields: [{ field: 'agencyCode', message: 'errAgencyOutOfScope' }],
    }),
  accountNotFound: () => new DomainError(IdentityErrorCode.accountNotFound, 'not_found', 'No such account'),
  secondFactorInvalid: () =>
    new DomainError(IdentityErrorCode.secondFactorInvalid, 'invalid', 'The code is wrong, expired or already used', {
      fields: [{ field: 'code', message: 'errSecondFactorInvalid' }],
    }),
  secondFactorNotEnrolled: () =>
    new DomainError(IdentityErrorCode.secondFactorNotEnrolled, 'conflict', 'This account has no authenticator yet'),
  // Officials and admins cannot go back to a password alone.
  secondFactorRequired: () =>
    new DomainError(IdentityErrorCode.secondFactorRequired, 'forbidden', 'Two-factor authentication is required for this account'),
  // Bad signature, expired, about someone else, or already used (a replay): one answer.
  assertionInvalid: () =>
    new DomainError(IdentityErrorCode.assertionInvalid, 'invalid', 'The national identity assertion is invalid, expired, not yours or already used'),
  /** The action is sensitive: the second factor must have been given in the last minutes. */
  stepUpRequired: (maxAgeSeconds: number) =>
    new DomainError(IdentityErrorCode.stepUpRequired, 'forbidden', 'Confirm with your authenticator code to continue', { details: { maxAgeSeconds } }),
};
