import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpCatalog } from './catalog.test-support.ts';
import { runQuery, type EngineQuery } from './search-engine.ts';
import { runQueryReference } from './search-engine.reference.ts';
import { buildIndex } from './search-index.ts';
import type { ProcedureIndex } from './search-index.types.ts';
import { readIndexRows, readSynonyms, readUses } from './search.repository.ts';
import { foldQuery } from './search-text.ts';

/** The fast path (search-scoring.ts) answers exactly as the plain form: same documents in the same order, same totals. */
describe('search engine: fast path against the plain form', () => {
  let env: Awaited<ReturnType<typeof setUpCatalog>>;
  let index: ProcedureIndex;
  let extras: string[];

  beforeAll(async () => {
    env = await setUpCatalog();
    await env.api.seedSynthetic(1500);
    const [rows, synonyms, uses] = await Promise.all([readIndexRows(env.db), readSynonyms(env.db), readUses(env.db)]);
    // Some usage, so that the usage bonus plays a part.
    const used = new Map(uses);
    rows.forEach((r, i) => {
      if (i % 7 === 0) used.set(r.base_code, (i * 37) % 500);
    });
    index = buildIndex(rows, synonyms, used);
    extras = rows.map((r) => r.search_extra);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  /** Queries as the bench makes them (neighbouring words of names, a letter dropped, words added), the relevance list, and a few odd ones. */
  function queries(): string[] {
    let x = 7;
    const next = () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
    const extra = ['lam', 'xin', 'cho con', 'o dau', 'so do', 'bang lai', 'cccd', 'visa', 'giay doc than', 'tncn'];
    const out = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const words = (index.docs[Math.floor(next() * index.docs.length)]?.searchName ?? '').split(' ');
      const length = 1 + Math.floor(next() * 4);
      const start = Math.floor(next() * Math.max(1, words.length - length));
      const chosen = words.slice(start, start + length);
      const r = next();
      if (r < 0.25) {
        const j = Math.floor(next() * chosen.length);
        const w = chosen[j] ?? '';
        if (w.length > 2) chosen[j] = w.slice(0, 1) + w.slice(2);
      } else if (r < 0.45) chosen.unshift(extra[Math.floor(next() * extra.length)] as string);
      out.add(chosen.join(' '));
    }
    const relevance = readFileSync(path.join(import.meta.dirname, 'search-relevance.tsv'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => l.split('\t')[0] as string);
    // Words of a name with words of the other text (field, agency, case names): the documents
    // scored one by one, in name classes lifted by their other text or not.
    for (let i = 0; i < 400; i++) {
      const d = Math.floor(next() * index.docs.length);
      const name = (index.docs[d]?.searchName ?? '').split(' ');
      const extra = (extras[d] ?? '').split(' ');
      const from = Math.floor(next() * Math.max(1, name.length - 2));
      const words = name.slice(from, from + 1 + Math.floor(next() * 3));
      for (let j = 1 + Math.floor(next() * 3); j > 0; j--) words.splice(Math.floor(next() * (words.length + 1)), 0, extra[Math.floor(next() * extra.length)] ?? '');
      out.add(words.join(' '));
    }
    return [...out, ...relevance, 'uy ban nhan dan', 'so tu phap cap', 'truong hop cap lai giay phep', 'cap lai', 'tinh quang ninh dang ky', 'giay phep', 'cap giay phep kinh doanh', 'dangky khai sinh', 'xyzzy qwrt', 'a', 'cap cap cap', 'giay phep giay phep kinh doanh dich vu lu hanh quoc te cho to chuc nuoc ngoai'];
  }

  it('gives the same pages and totals with filters, a home province and deep pages', () => {
    const filterSets: EngineQuery['filters'][] = [{}, { province: '22' }, { applicant: 'business' }, { province: '79', applicant: 'citizen' }, { level: 'toan_trinh' }];
    let compared = 0;
    let nonEmpty = 0;
    queries().forEach((raw, i) => {
      const text = foldQuery(raw);
      if (!text) return;
      const q = { text, filters: filterSets[i % filterSets.length] ?? {}, home: i % 3 === 0 ? '22' : i % 3 === 1 ? '79' : undefined, offset: (i % 4) * 20 + (i % 9 === 0 ? 200 : 0), limit: i % 5 === 0 ? 50 : 20 };
      const fast = runQuery(index, q);
      const plain = runQueryReference(index, q);
      expect(fast, JSON.stringify(q)).toEqual(plain);
      // The fast path leaves its scratch arrays clean: the same query again answers the same.
      if (i % 10 === 0) expect(runQuery(index, q)).toEqual(fast);
      compared++;
      if (fast.total > 0) nonEmpty++;
    });
    expect(compared).toBeGreaterThan(900);
    expect(nonEmpty).toBeGreaterThan(compared / 2);
  });
});
