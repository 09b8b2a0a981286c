import type { FieldError } from '../../platform/errors/index.ts';
import type { IdentityMessageKey } from './identity.messages.ts';

/**
 * Input rules for accounts. Each check returns field errors whose message is a key of
 * identity.messages.ts, so the page can show it in the visitor's language.
 */
export type Problems = FieldError[];

// Số định danh cá nhân (Luật Căn cước 2023): 12 digits; the first three are the
// province of birth registration, which we do not check against a table.
export const PERSONAL_ID = /^\d{12}$/;
// Mã số thuế: 10 digits, or 10-3 for a dependent unit (branch, representative office).
export const TAX_CODE = /^\d{10}(-\d{3})?$/;
// Vietnamese mobile numbers since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x.
export const PHONE = /^(0|\+84)(3|5|7|8|9)\d{8}$/;
// Deliberately plain: one @, a dotted domain, no spaces. Real checking is the e-mail we send.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// QĐ 20/2020/QĐ-TTg: dot-separated groups of A-Z 0-9, the rightmost (level 1) a letter and two digits.
export const AGENCY_CODE = /^(?=.{3,35}$)([A-Z0-9]+\.)*[A-Z]\d{2}$/;

export const MAX_NAME = 200;
export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 128;

function problem(field: string, message: IdentityMessageKey): FieldError {
  return { field, message };
}

/** Trims and drops empty strings, so "not given" has one shape. */
export function clean(value: string | undefined | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function normaliseEmail(value: string | undefined): string | undefined {
  return clean(value)?.toLowerCase();
}

/** Spaces and dots people type inside phone numbers are not part of the number. */
export function normalisePhone(value: string | undefined): string | undefined {
  return clean(value)?.replace(/[\s.-]/g, '');
}

export function checkPersonalId(value: string | undefined, field = 'personalId'): Problems {
  if (!value) return [problem(field, 'errPersonalIdRequired')];
  return PERSONAL_ID.test(value) ? [] : [problem(field, 'errPersonalIdFormat')];
}

export function checkTaxCode(value: string | undefined, field = 'taxCode'): Problems {
  if (!value) return [problem(field, 'errTaxCodeRequired')];
  return TAX_CODE.test(value) ? [] : [problem(field, 'errTaxCodeFormat')];
}

export function checkFullName(value: string | undefined, field = 'fullName'): Problems {
  if (!value) return [problem(field, 'errFullNameRequired')];
  return value.length > MAX_NAME ? [problem(field, 'errFullNameTooLong')] : [];
}

export function checkEmail(value: string | undefined, field = 'email'): Problems {
  if (!value) return [problem(field, 'errEmailRequired')];
  return value.length <= 254 && EMAIL.test(value) ? [] : [problem(field, 'errEmailFormat')];
}

export function checkPhone(value: string | undefined, field = 'phone'): Problems {
  if (!value) return [];
  return PHONE.test(value) ? [] : [problem(field, 'errPhoneFormat')];
}

export function checkNewPassword(password: string | undefined, confirm: string | undefined, field = 'password'): Problems {
  // Passwords are not trimmed: a space is a character like any other.
  if (!password) return [problem(field, 'errPasswordRequired')];
  if (password.length > MAX_PASSWORD) return [problem(field, 'errPasswordTooLong')];
  if (password.length < MIN_PASSWORD || !/\p{L}/u.test(password) || !/\d/.test(password)) {
    return [problem(field, 'errPasswordWeak')];
  }
  if (confirm !== undefined && confirm !== password) return [problem(`${field}Confirm`, 'errPasswordMismatch')];
  return [];
}

export function checkAgencyCode(value: string | undefined, field = 'agencyCode'): Problems {
  if (!value) return [problem(field, 'errAgencyCodeRequired')];
  return AGENCY_CODE.test(value) ? [] : [problem(field, 'errAgencyCodeFormat')];
}

/** Roles are declared by modules; `isRole` is the application's list (ctx.contributions). */
export function checkRoles(values: readonly string[], isRole: (name: string) => boolean, field = 'roles'): Problems {
  if (values.length === 0) return [problem(field, 'errRolesRequired')];
  return values.every(isRole) ? [] : [problem(field, 'errRolesInvalid')];
}

export { problem };
