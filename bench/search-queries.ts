/** Words citizens add, colloquial names and abbreviations, mixed into the generated queries. */
const EXTRA = ['lam', 'xin', 'cho con', 'o dau', 'so do', 'bang lai', 'cccd', 'visa', 'giay doc than', 'tncn', 'tnhh', 'thu tuc'];

/** A deterministic pseudo-random sequence, so that two runs load the same queries. */
function random(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/**
 * Distinct query strings (URL parameters) from the catalogue's own folded names: 2–4
 * neighbouring syllables of a name, sometimes misspelt or with extra words, filters or a page.
 * bench:search loads them; bench/search-cost.ts times them one by one.
 */
export function distinctQueries(names: string[], count: number): string[] {
  const next = random(42);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)] as T;
  const seen = new Set<string>();
  for (let attempt = 0; seen.size < count && attempt < count * 20; attempt++) {
    const words = pick(names).split(' ');
    const length = 2 + Math.floor(next() * 3);
    const start = Math.floor(next() * Math.max(1, words.length - length));
    const chosen = words.slice(start, start + length);
    const r = next();
    if (r < 0.2 && chosen.length > 0) {
      // One letter dropped from one word.
      const i = Math.floor(next() * chosen.length);
      const w = chosen[i] as string;
      if (w.length > 2) chosen[i] = w.slice(0, 1) + w.slice(2);
    } else if (r < 0.4) chosen.unshift(pick(EXTRA));
    const params = new URLSearchParams({ q: chosen.join(' ') });
    const f = next();
    if (f < 0.1) params.set('page', '2');
    else if (f < 0.15) params.set('province', '22');
    else if (f < 0.2) params.set('applicant', 'business');
    seen.add(params.toString());
  }
  return [...seen];
}
