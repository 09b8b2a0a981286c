import type { DomainError, FieldError } from '../../platform/errors/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { AccountKind, Actor, Contributions } from '../../platform/module/index.ts';
import type { FieldErrors, Viewer } from '../../platform/ui/index.ts';
import { IdentityErrorCode } from './identity.errors.ts';
import { identityMessages, type IdentityMessageKey } from './identity.messages.ts';
import type { AccountStatus } from './identity.tables.ts';

// Turning identity's codes and keys into words for pages. No HTTP, no SQL.

const KIND_KEYS: Record<AccountKind, IdentityMessageKey> = {
  citizen: 'kindCitizen',
  business: 'kindBusiness',
  official: 'kindOfficial',
  admin: 'kindAdmin',
};

/** The roles modules declared, in one language: for the pages that show or give roles. */
export interface RoleNames {
  label(role: string): string;
  all: { name: string; label: string }[];
}

export function roleNamesIn(contributions: Contributions, locale: Locale): RoleNames {
  return {
    label: (role) => contributions.roleLabel(role, locale),
    all: contributions.roles().map((r) => ({ name: r.name, label: r.label[locale] })),
  };
}
export const kindName = (locale: Locale, kind: AccountKind) => identityMessages.t(locale, KIND_KEYS[kind]);
export const statusName = (locale: Locale, status: AccountStatus) =>
  identityMessages.t(locale, status === 'active' ? 'statusActive' : 'statusDisabled');

function isMessageKey(key: string): key is IdentityMessageKey {
  return Object.prototype.hasOwnProperty.call(identityMessages.vi, key);
}

/** Field errors in the visitor's language (messages are keys of identity.messages.ts). */
export function fieldErrorsIn(locale: Locale, fields: readonly FieldError[]): FieldErrors {
  const result: FieldErrors = {};
  for (const f of fields) {
    if (!(f.field in result)) result[f.field] = isMessageKey(f.message) ? identityMessages.t(locale, f.message) : f.message;
  }
  return result;
}

/** "5 giây", "1 second", "3 minutes": how long to wait, in words. */
export function waitIn(locale: Locale, seconds: number): string {
  const t = identityMessages.for(locale);
  if (seconds < 60) return t(seconds === 1 ? 'waitSecond' : 'waitSeconds', { n: seconds });
  return t('waitMinutes', { n: Math.ceil(seconds / 60) });
}

/** The sentence above a form for errors that are not about one field. */
export function errorMessageIn(locale: Locale, error: DomainError): string | undefined {
  const t = identityMessages.for(locale);
  const seconds = Math.max(1, Number(error.details.retryAfterSeconds ?? 60));
  const minutes = Math.ceil(seconds / 60);
  switch (error.code) {
    case IdentityErrorCode.invalidCredentials:
      return t('loginFailed');
    case IdentityErrorCode.loginThrottled:
      return error.details.scope === 'login_source' ? t('loginThrottledIp', { minutes }) : t('loginDelayed', { wait: waitIn(locale, seconds) });
    case IdentityErrorCode.accountLocked:
      return t('loginLocked', { minutes });
    case IdentityErrorCode.accountUnconfirmed:
      return t('loginUnconfirmed');
    case IdentityErrorCode.registerThrottled:
      return t('registerThrottled', { minutes });
    case IdentityErrorCode.resetThrottled:
      return t('resetThrottled', { minutes });
    case IdentityErrorCode.confirmThrottled:
      return t('confirmThrottled', { minutes });
    case IdentityErrorCode.emailChangeThrottled:
      return t('emailChangeThrottled', { minutes });
    case IdentityErrorCode.resetTokenInvalid:
      return t('resetInvalid');
    case IdentityErrorCode.confirmationInvalid:
      return t('confirmInvalid');
    case IdentityErrorCode.agencyOutOfScope:
      return t('errAgencyOutOfScope');
    default:
      return undefined;
  }
}

/** What the page shell shows for a signed-in account: the links the modules contribute to the banner. */
export function viewerOf(actor: Actor, locale: Locale, contributions: Contributions): Viewer {
  return { displayName: actor.displayName, homeUrl: '/profile', links: contributions.navigation('main', actor, locale) };
}

/** An identity error in English words, field by field (for the CLI and logs). */
export function describeIdentityError(error: DomainError): string {
  const fields = fieldErrorsIn('en', error.fields);
  const details = Object.entries(fields).map(([field, message]) => `${field}: ${message}`);
  return details.length > 0 ? details.join('; ') : error.message;
}
