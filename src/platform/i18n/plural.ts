// Imports nothing from i18n.ts (which imports this): a locale is any BCP 47 tag here.
type Locale = string;
type Params = Record<string, string | number>;

/**
 * Plural forms in catalogue strings, in the ICU message syntax's plural argument:
 * `{n, plural, one {# working day} other {# working days}}`. The branch is chosen by
 * `Intl.PluralRules` of the message's locale (Vietnamese has only `other`; English has
 * `one` and `other`), `=0`, `=1`… match an exact number first, `#` is the number and
 * `{name}` inside a branch is an ordinary parameter.
 */
const rules = new Map<Locale, Intl.PluralRules>();

function pluralRules(locale: Locale): Intl.PluralRules {
  let found = rules.get(locale);
  if (!found) rules.set(locale, (found = new Intl.PluralRules(locale)));
  return found;
}

/** The category of `n` in `locale` ('one', 'other', …). */
export function pluralCategory(locale: Locale, n: number): Intl.LDMLPluralRule {
  return pluralRules(locale).select(n);
}

/** Picks `forms[category]`, falling back to `forms.other`: `plural('en', 1, { one: 'copy', other: 'copies' })`. */
export function plural(locale: Locale, n: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  return forms[pluralCategory(locale, n)] ?? forms.other;
}

const HEAD = /\{(\w+),\s*plural,/g;

/** Replaces every plural argument of `template`; other `{name}` placeholders are left for interpolation. */
export function resolvePlurals(template: string, locale: Locale, params: Params | undefined): string {
  if (!template.includes(', plural,') && !template.includes(',plural,')) return template;
  let out = '';
  let from = 0;
  HEAD.lastIndex = 0;
  for (let head = HEAD.exec(template); head; head = HEAD.exec(template)) {
    const name = head[1] ?? '';
    const parsed = parseBranches(template, head.index + head[0].length);
    if (!parsed) break;
    const raw = params?.[name];
    // A number already formatted for reading ("1.234", "12 345") counts by its digits.
    const n = typeof raw === 'number' ? raw : Number(String(raw).replace(/[.,\s\u00a0]/g, ''));
    out += template.slice(from, head.index);
    if (raw === undefined) {
      out += template.slice(head.index, parsed.end);
    } else {
      const category = Number.isFinite(n) ? pluralCategory(locale, n) : 'other';
      const branch = parsed.branches.get(`=${n}`) ?? parsed.branches.get(category) ?? parsed.branches.get('other') ?? '';
      out += branch.replace(/#/g, String(raw));
    }
    from = parsed.end;
    HEAD.lastIndex = parsed.end;
  }
  return out + template.slice(from);
}

/** Reads `one {…} other {…}}` from `start`; the branches and the index after the closing brace. */
function parseBranches(s: string, start: number): { branches: Map<string, string>; end: number } | undefined {
  const branches = new Map<string, string>();
  let i = start;
  for (;;) {
    while (i < s.length && /\s/.test(s[i] ?? '')) i++;
    if (s[i] === '}') return { branches, end: i + 1 };
    const key = /^(=\d+|zero|one|two|few|many|other)\s*\{/.exec(s.slice(i));
    if (!key) return undefined;
    i += key[0].length;
    let depth = 1;
    const bodyStart = i;
    for (; i < s.length && depth > 0; i++) {
      if (s[i] === '{') depth++;
      else if (s[i] === '}') depth--;
    }
    if (depth !== 0) return undefined;
    branches.set(key[1] ?? 'other', s.slice(bodyStart, i - 1));
  }
}
