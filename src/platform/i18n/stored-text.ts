import type { Locale, Messages } from './i18n.ts';

/**
 * Translates texts that were stored in Vietnamese from a catalogue (a dossier's timeline note,
 * "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công", "Trả lại bước trước: {reason}") when a page
 * in another language shows them: the stored text is matched against the Vietnamese templates
 * of the given keys, its parameters taken back out and put into the page language's template.
 * The parameters (an official's reason, a name) stay as they were written; a text that matches
 * no template (an official's own words) is shown as stored.
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
  return (text, locale) => {
    if (locale === 'vi') return text;
    for (const p of patterns) {
      const match = p.regex.exec(text);
      if (!match) continue;
      const params: Record<string, string> = {};
      p.names.forEach((name, i) => (params[name] = match[i + 1] ?? ''));
      return messages.t(locale, p.key, params);
    }
    return text;
  };
}
