import { describe, expect, it } from 'vitest';
import { constantTimeEqual, decryptSecret, deriveKey, encryptSecret } from './keys.ts';

describe('keys', () => {
  const secret = 'a-test-secret-that-is-long-enough-0123456789';

  it('derives a different key per purpose', () => {
    expect(deriveKey(secret, 'cookies').equals(deriveKey(secret, 'cookies'))).toBe(true);
    expect(deriveKey(secret, 'cookies').equals(deriveKey(secret, 'clients'))).toBe(false);
  });

  it('round-trips a sealed secret and detects tampering or a wrong key', () => {
    const key = deriveKey(secret, 'clients');
    const sealed = encryptSecret('hmac-key-value', key);
    expect(sealed).not.toContain('hmac-key-value');
    expect(decryptSecret(sealed, key)).toBe('hmac-key-value');
    expect(() => decryptSecret(sealed, deriveKey(secret, 'other'))).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptSecret(parts.join('.'), key)).toThrow();
  });

  it('compares in constant time', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});
