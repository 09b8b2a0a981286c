import type { Locale, Messages } from './i18n.ts';

/**
 * Translates texts that were stored in Vietnamese from a catalogue (a dossier's timeline note,
 * "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công", "Trả lại bước trước: {reason}") when a page
 * in another language shows them: the stored text is matched against the Vietnamese templates
 * of the given keys, its parameters taken back out and put into the page language's template.
 * The parameters (an official's reason, a name) stay as they were written, except a parameter
 * named `{p}` whose value is the Vietnamese text of a key `p_…` of the same catalogue (a step's
 * name: `{step}` holding `step_review`'s text): that is a label of the catalogue, shown in the
 * page's language too. A text that matches no template (an official's own words) is shown as stored.
 */
export function storedTextTranslator<K extends string>(messages: Messages<K>, keys: readonly K[]): (text: string, locale: Locale) => string {
  const patterns = keys
    .map((key) => {
      const template = messages.vi[key];
      const parts = template.split(/\{(\w+)\}/);
      const names: string[] = [];
      let source = '^';
      parts.forEach((part, i) => {
        if (i % 2 === 0) source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        else {
          names.push(part);
          source += '([\\s\\S]*?)';
        }
      });
      return { key, names, regex: new RegExp(`${source}$`), literal: parts.filter((_, i) => i % 2 === 0).join('').length };
    })
    // The most specific template first ("Đã trả kết quả: {name}" before "{text}").
    .sort((a, b) => b.literal - a.literal);
  const labels = new Map<string, K>();
  for (const key of Object.keys(messages.vi) as K[]) {
    const prefix = /^([a-z]\w*?)_/i.exec(key)?.[1];
    if (prefix && !messages.vi[key].includes('{')) labels.set(`${prefix}\0${messages.vi[key]}`, key);
  }
  const label = (name: string, value: string, locale: Locale) => {
    const key = labels.get(`${name}\0${value}`);
    return key === undefined ? value : messages.t(locale, key);
  };
  return (text, locale) => {
    if (locale === 'vi') return text;
    for (const p of patterns) {
      const match = p.regex.exec(text);
      if (!match) continue;
      const params: Record<string, string> = {};
      p.names.forEach((name, i) => (params[name] = label(name, match[i + 1] ?? '', locale)));
      return messages.t(locale, p.key, params);
    }
    return text;
  };
}
