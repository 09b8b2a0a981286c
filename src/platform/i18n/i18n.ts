import { plural, resolvePlurals } from './plural.ts';

/** Vietnamese first, English second. */
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';
export const LOCALE_COOKIE = 'lang';

export function isLocale(value: unknown): value is Locale {
  return value === 'vi' || value === 'en';
}

export type Params = Record<string, string | number>;

/**
 * A typed message catalogue: the Vietnamese catalogue is the source of keys and the
 * English one must have exactly the same keys, so a missing translation fails `tsc`.
 */
export interface Messages<K extends string> {
  readonly vi: Readonly<Record<K, string>>;
  readonly en: Readonly<Record<K, string>>;
  t(locale: Locale, key: K, params?: Params): string;
  /** Binds a locale: `const t = messages.for('vi'); t('title')`. */
  for(locale: Locale): (key: K, params?: Params) => string;
}

export function defineMessages<K extends string>(vi: Record<K, string>, en: NoInfer<Record<K, string>>): Messages<K> {
  const catalogues = { vi, en };
  const t = (locale: Locale, key: K, params?: Params) => interpolate(resolvePlurals(catalogues[locale][key] ?? vi[key], locale, params), params);
  return { vi, en, t, for: (locale) => (key, params) => t(locale, key, params) };
}

function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match,
  );
}

const TIME_ZONE = 'Asia/Ho_Chi_Minh';
// Made once: constructing an Intl.DateTimeFormat costs far more than formatting with it (it was
// about a third of the CPU time of a back-office queue page of 30 cards).
const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `dd/MM/yyyy` in Vietnam's time zone, whatever the locale (the format of official documents). */
export function formatDate(value: Date | string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  const ms = date.getTime();
  if (ms >= FIXED_OFFSET_FROM && ms < FIXED_OFFSET_UNTIL) {
    const local = new Date(ms + VIETNAM_OFFSET_MS);
    return `${pad2(local.getUTCDate())}/${pad2(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
  }
  return intlDate(date);
}

/** formatDate through Intl (instants before 1976 or beyond 9999, when Vietnam's offset was not +07:00 throughout, and invalid dates). */
function intlDate(date: Date): string {
  const parts = DAY_FORMAT.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')}`;
}

/** `dd/MM/yyyy HH:mm` in Vietnam's time zone. */
export function formatDateTime(value: Date): string {
  const ms = value.getTime();
  if (ms >= FIXED_OFFSET_FROM && ms < FIXED_OFFSET_UNTIL) {
    const local = new Date(ms + VIETNAM_OFFSET_MS);
    return `${formatDate(value)} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
  }
  return `${formatDate(value)} ${TIME_FORMAT.format(value)}`;
}

// Asia/Ho_Chi_Minh has been UTC+07:00 without daylight saving since 13 June 1975 (tz database):
// from 1976 on, a date is plain arithmetic — formatToParts cost a few microseconds a call, and a
// queue page formats sixty dates. Tested equal to Intl (i18n.test.ts).
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const FIXED_OFFSET_FROM = Date.UTC(1976, 0, 1);
const FIXED_OFFSET_UNTIL = Date.UTC(9999, 0, 1);
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `1.234.567 ₫`: dots group thousands, the đồng sign follows after a space. */
export function formatMoney(amountVnd: number | bigint): string {
  const negative = amountVnd < 0;
  const digits = (negative ? -BigInt(amountVnd) : BigInt(amountVnd)).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped} ₫`;
}

const DURATION_UNITS = {
  vi: { minute: { other: '# phút' }, second: { other: '# giây' } },
  en: { minute: { one: '# minute', other: '# minutes' }, second: { one: '# second', other: '# seconds' } },
} as const;

/**
 * A span of whole seconds as a reader says it: `5 phút`, `1 minute`, `1 phút 30 giây`,
 * `45 seconds` (plural by Intl.PluralRules). For texts that follow a setting (STEP_UP_SECONDS).
 */
export function formatDuration(locale: Locale, seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  const units = DURATION_UNITS[locale];
  const say = (n: number, forms: { other: string; one?: string }) => plural(locale, n, forms).replace('#', String(n));
  const parts = [minutes > 0 ? say(minutes, units.minute) : '', rest > 0 || minutes === 0 ? say(rest, units.second) : ''];
  return parts.filter(Boolean).join(' ');
}
