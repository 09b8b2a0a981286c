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

  it('writes the same dates as Intl in Asia/Ho_Chi_Minh, around every day boundary and before 1976 (other offsets)', () => {
    const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' });
    const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const viaIntl = (d: Date) => {
      const parts = day.formatToParts(d);
      const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
      return `${get('day')}/${get('month')}/${get('year')}`;
    };
    const instants: Date[] = [new Date('1960-06-01T16:30:00Z'), new Date('1975-06-12T16:30:00Z'), new Date('1975-12-31T16:59:59Z'), new Date('1976-01-01T00:00:00Z'), new Date('2100-02-28T17:00:00Z')];
    // Every hour around the local midnights of 2026–2027 (16:00–18:00 UTC), and a spread of instants to 2099.
    for (let t = Date.UTC(2026, 0, 1, 16); t < Date.UTC(2028, 0, 1); t += 86_400_000) for (const m of [-1, 0, 59, 60, 61]) instants.push(new Date(t + m * 60_000 + 59_999));
    for (let t = Date.UTC(1976, 0, 1); t < Date.UTC(2099, 0, 1); t += 7_777_777_777) instants.push(new Date(t));
    for (const d of instants) {
      expect(formatDate(d)).toBe(viaIntl(d));
      expect(formatDateTime(d)).toBe(`${viaIntl(d)} ${time.format(d)}`);
    }
    expect(() => formatDate(new Date(Number.NaN))).toThrow(RangeError);
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
