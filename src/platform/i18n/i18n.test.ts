import { describe, expect, it } from 'vitest';
import { defineMessages, formatDate, formatDateTime, formatDuration, formatMoney } from './i18n.ts';

describe('formatting', () => {
  it('says a span of seconds in minutes and seconds, pluralised in English', () => {
    expect(formatDuration('vi', 300)).toBe('5 phút');
    expect(formatDuration('en', 300)).toBe('5 minutes');
    expect(formatDuration('en', 60)).toBe('1 minute');
    expect(formatDuration('vi', 90)).toBe('1 phút 30 giây');
    expect(formatDuration('en', 90)).toBe('1 minute 30 seconds');
    expect(formatDuration('en', 1)).toBe('1 second');
    expect(formatDuration('en', 45)).toBe('45 seconds');
    expect(formatDuration('vi', 3600)).toBe('60 phút');
  });

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

describe('plural forms', () => {
  const messages = defineMessages(
    { days: 'Trả lời trong {n, plural, other {# ngày làm việc}}', copies: '{n, plural, other {# bản}} của {name}' },
    { days: 'Answers within {n, plural, one {# working day} other {# working days}}', copies: '{n, plural, =0 {no copy} one {# copy} other {# copies}} of {name}' },
  );

  it('chooses the branch by Intl.PluralRules of the locale', () => {
    expect(messages.t('en', 'days', { n: 1 })).toBe('Answers within 1 working day');
    expect(messages.t('en', 'days', { n: 2 })).toBe('Answers within 2 working days');
    expect(messages.t('vi', 'days', { n: 1 })).toBe('Trả lời trong 1 ngày làm việc');
    expect(messages.t('en', 'copies', { n: 0, name: 'the deed' })).toBe('no copy of the deed');
    expect(messages.t('en', 'copies', { n: 1, name: 'the deed' })).toBe('1 copy of the deed');
    expect(messages.t('en', 'copies', { n: '3', name: 'the deed' })).toBe('3 copies of the deed');
  });

  it('leaves a plural without its number as written', () => {
    expect(messages.t('en', 'days')).toBe('Answers within {n, plural, one {# working day} other {# working days}}');
  });
});
