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
  resetThrottled: 'identity.reset_throttled',
  resetTokenInvalid: 'identity.reset_token_invalid',
  unauthenticated: 'identity.unauthenticated',
  forbidden: 'identity.forbidden',
  agencyOutOfScope: 'identity.agency_out_of_scope',
  accountNotFound: 'identity.account_not_found',
} as const;

export type ThrottleScope = 'login_account' | 'login_ip' | 'reset_email' | 'reset_ip';

export const identityErrors = {
  invalidInput: (fields: FieldError[]) =>
    new DomainError(IdentityErrorCode.invalidInput, 'invalid', 'The input has errors', { fields }),
  alreadyRegistered: (fields: FieldError[]) =>
    new DomainError(IdentityErrorCode.alreadyRegistered, 'conflict', 'An account already exists with these details', { fields }),
  // One answer for an unknown login, a wrong password and a disabled account: no enumeration.
  invalidCredentials: () =>
    new DomainError(IdentityErrorCode.invalidCredentials, 'unauthenticated', 'Wrong login or password'),
  throttled: (scope: ThrottleScope, retryAfterSeconds: number) =>
    new DomainError(
      scope.startsWith('login') ? IdentityErrorCode.loginThrottled : IdentityErrorCode.resetThrottled,
      'throttled',
      'Too many attempts; try again later',
      { details: { scope, retryAfterSeconds } },
    ),
  resetTokenInvalid: () =>
    new DomainError(IdentityErrorCode.resetTokenInvalid, 'invalid', 'The password link is invalid, expired or used'),
  unauthenticated: () => new DomainError(IdentityErrorCode.unauthenticated, 'unauthenticated', 'Please log in'),
  forbidden: () => new DomainError(IdentityErrorCode.forbidden, 'forbidden', 'Not allowed'),
  agencyOutOfScope: (agencyCode: string) =>
    new DomainError(IdentityErrorCode.agencyOutOfScope, 'forbidden', `Agency ${agencyCode} is outside what you administer`, {
      fields: [{ field: 'agencyCode', message: 'errAgencyOutOfScope' }],
    }),
  accountNotFound: () => new DomainError(IdentityErrorCode.accountNotFound, 'not_found', 'No such account'),
};
