import type { Locale } from '../../platform/i18n/index.ts';
import { reportingMessages } from './reporting.messages.ts';
import { splitValueKey, type Indicator } from './reporting.types.ts';
import type { ValueProblem } from './reporting.validation.ts';

/** How values, labels and problems read on the pages and in the Excel files. */

export function formatNumber(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
}

/** The label of a value key: the indicator's name, and the part's (`Dân số trung bình — Nữ`). */
export function labelOf(key: string, indicators: readonly Indicator[], locale: Locale): string {
  const { indicator, category } = splitValueKey(key);
  const found = indicators.find((i) => i.code === indicator);
  if (!found) return indicator;
  const name = locale === 'vi' ? found.name : found.nameEn;
  if (category === '') return name;
  const [dimension, option] = category.split('=');
  const part = found.disaggregation.find((d) => d.code === dimension)?.options.find((o) => o.code === option);
  return part ? `${name} — ${locale === 'vi' ? part.name : part.nameEn}` : `${name} — ${category}`;
}

export function problemText(problem: Pick<ValueProblem, 'key' | 'kind' | 'params'>, indicators: readonly Indicator[], locale: Locale): string {
  const t = reportingMessages.for(locale);
  const params: Record<string, string | number> = { ...problem.params, label: labelOf(problem.key, indicators, locale) };
  for (const name of ['min', 'max', 'total', 'sum', 'leftValue', 'rightValue'] as const) {
    if (typeof params[name] === 'number') params[name] = formatNumber(params[name], locale);
  }
  if (typeof params.right === 'string') params.right = labelOf(params.right, indicators, locale);
  return t(`problem_${problem.kind}`, params);
}
