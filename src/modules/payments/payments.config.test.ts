import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../platform/config/index.ts';
import { DEVELOPMENT_VNPAY, vnpayConfig } from './payments.config.ts';

const dev = { nodeEnv: 'development' as const, baseUrl: 'http://localhost:3000' };
const prod = { nodeEnv: 'production' as const, baseUrl: 'https://dichvucong.example.vn' };

describe('VNPay settings', () => {
  it('uses the local gateway and development values outside production', () => {
    expect(vnpayConfig(dev, {})).toEqual({ tmnCode: DEVELOPMENT_VNPAY.tmnCode, hashSecret: DEVELOPMENT_VNPAY.hashSecret, host: 'http://localhost:3000/local-gateway/vnpay', local: true, defaults: true });
  });

  it('refuses to start in production without the merchant code, the secret and a real gateway, naming every problem', () => {
    let error: unknown;
    try {
      vnpayConfig(prod, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/VNPAY_TMN_CODE is required in production/);
    expect(problems).toMatch(/VNPAY_HASH_SECRET is required in production/);
    expect(problems).toMatch(/VNPAY_HOST is required in production/);
  });

  it('switches to the real gateway by configuration', () => {
    expect(vnpayConfig(prod, { VNPAY_TMN_CODE: 'ABCD1234', VNPAY_HASH_SECRET: 'S'.repeat(32), VNPAY_HOST: 'https://sandbox.vnpayment.vn/' })).toEqual({ tmnCode: 'ABCD1234', hashSecret: 'S'.repeat(32), host: 'https://sandbox.vnpayment.vn', local: false, defaults: false });
    expect(() => vnpayConfig(dev, { VNPAY_HASH_SECRET: 'short' })).toThrow(/at least 16 characters/);
    expect(() => vnpayConfig(dev, { VNPAY_HOST: 'ftp://x' })).toThrow(/VNPAY_HOST/);
  });
});
