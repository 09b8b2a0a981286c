import { describe, expect, it } from 'vitest';
import { defineMessages, formatDate, formatDateTime, formatMoney } from './i18n.ts';

describe('formatting', () => {
  it('writes money with dot thousands and the đồng sign', () => {
    expect(formatMoney(1234567)).toBe('1.234.567 ₫');
    expect(formatMoney(0)).toBe('0 ₫');
    expect(formatMoney(999)).toBe('999 ₫');
    expect(formatMoney(1000)).toBe('1.000 ₫');
    expect(formatMoney(-50000)).toBe('-50.000 ₫');
  });

  it('writes dates as dd/MM/yyyy in Vietnam time', () => {
    expect(formatDate('2026-02-17')).toBe('17/02/2026');
    // 20:00 UTC on 31 Dec is already 1 Jan in Hà Nội (UTC+7).
    expect(formatDate(new Date('2025-12-31T20:00:00Z'))).toBe('01/01/2026');
    expect(formatDateTime(new Date('2025-12-31T20:05:00Z'))).toBe('01/01/2026 03:05');
  });
});

describe('messages', () => {
  const messages = defineMessages(
    { hello: 'Xin chào {name}', bye: 'Tạm biệt' },
    { hello: 'Hello {name}', bye: 'Goodbye' },
  );

  it('translates with parameters and falls back to Vietnamese by default', () => {
    expect(messages.t('vi', 'hello', { name: 'An' })).toBe('Xin chào An');
    expect(messages.for('en')('hello', { name: 'An' })).toBe('Hello An');
    expect(messages.t('en', 'bye')).toBe('Goodbye');
  });
});
