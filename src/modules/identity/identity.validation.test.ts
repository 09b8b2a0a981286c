import { describe, expect, it } from 'vitest';
import {
  AGENCY_CODE,
  checkEmail,
  checkNewPassword,
  checkPhone,
  checkRoles,
  normalisePhone,
  PERSONAL_ID,
  TAX_CODE,
} from './identity.validation.ts';
import { loginKeyOf } from './login.service.ts';
import { generatePassword } from './passwords.ts';

describe('identity input rules', () => {
  it('takes a personal ID of exactly 12 digits', () => {
    expect(PERSONAL_ID.test('001090000001')).toBe(true);
    for (const bad of ['00109000000', '0010900000012', '00109000000a', ' 001090000001']) expect(PERSONAL_ID.test(bad)).toBe(false);
  });

  it('takes a tax code of 10 digits, or 10-3 for a dependent unit', () => {
    expect(TAX_CODE.test('5700100256')).toBe(true);
    expect(TAX_CODE.test('0101234567-001')).toBe(true);
    for (const bad of ['570010025', '0101234567-01', '0101234567001', '0101234567-0011']) expect(TAX_CODE.test(bad)).toBe(false);
  });

  it('takes Vietnamese mobile numbers, with 0 or +84, after removing spaces and dots', () => {
    expect(checkPhone(normalisePhone('0912 345 678'))).toEqual([]);
    expect(checkPhone(normalisePhone('+84.383.456.789'))).toEqual([]);
    expect(checkPhone(undefined)).toEqual([]);
    expect(checkPhone('0212345678')).toEqual([{ field: 'phone', message: 'errPhoneFormat' }]);
    expect(checkPhone('091234567')).toHaveLength(1);
  });

  it('wants passwords of 10+ characters with letters and digits, and the two copies equal', () => {
    expect(checkNewPassword('Mật khẩu 2026', 'Mật khẩu 2026')).toEqual([]);
    expect(checkNewPassword('abcdefghij', 'abcdefghij')).toEqual([{ field: 'password', message: 'errPasswordWeak' }]);
    expect(checkNewPassword('1234567890', '1234567890')).toEqual([{ field: 'password', message: 'errPasswordWeak' }]);
    expect(checkNewPassword('abc123', 'abc123')).toEqual([{ field: 'password', message: 'errPasswordWeak' }]);
    expect(checkNewPassword('abcdefgh12', 'abcdefgh13')).toEqual([{ field: 'passwordConfirm', message: 'errPasswordMismatch' }]);
    expect(checkNewPassword('', '')).toEqual([{ field: 'password', message: 'errPasswordRequired' }]);
    expect(checkNewPassword(`a1${'x'.repeat(127)}`, undefined)).toEqual([{ field: 'password', message: 'errPasswordTooLong' }]);
  });

  it('checks e-mail addresses loosely', () => {
    expect(checkEmail('an.nguyen@example.vn')).toEqual([]);
    for (const bad of ['an.nguyen', 'an@example', 'an @example.vn', 'a@b@c.vn']) expect(checkEmail(bad)).toHaveLength(1);
  });

  it('knows QĐ 20 agency codes and their level-1 group', () => {
    expect(AGENCY_CODE.test('000.00.00.H49')).toBe(true);
    expect(AGENCY_CODE.test('000.01.01.H59')).toBe(true);
    expect(AGENCY_CODE.test('G22')).toBe(true);
    for (const bad of ['000.00.00.h49', '000.00.00.49H', '000..00.H49', '000.00.00.H4']) expect(AGENCY_CODE.test(bad)).toBe(false);
  });

  it('accepts only roles some module declares', () => {
    const isRole = (name: string) => ['clerk', 'agency_admin'].includes(name);
    expect(checkRoles(['clerk', 'agency_admin'], isRole)).toEqual([]);
    expect(checkRoles([], isRole)).toEqual([{ field: 'roles', message: 'errRolesRequired' }]);
    expect(checkRoles(['clerk', 'mayor'], isRole)).toEqual([{ field: 'roles', message: 'errRolesInvalid' }]);
  });

  it('reads a login as a personal ID, a tax code or an e-mail', () => {
    expect(loginKeyOf('001 090 000 001')).toEqual({ personalId: '001090000001' });
    expect(loginKeyOf('0101234567-001')).toEqual({ taxCode: '0101234567-001' });
    expect(loginKeyOf(' An@Example.VN ')).toEqual({ email: 'an@example.vn' });
    expect(loginKeyOf('nguyenvanan')).toBeUndefined();
  });

  it('generates passwords that pass the policy', () => {
    const passwords = Array.from({ length: 50 }, () => generatePassword());
    expect(new Set(passwords).size).toBe(50);
    for (const p of passwords) expect(checkNewPassword(p, p)).toEqual([]);
  });
});
