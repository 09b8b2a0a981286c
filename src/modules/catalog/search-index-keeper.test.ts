import { describe, expect, it } from 'vitest';
import { buildIndex, buildIndexYielding } from './search-index.ts';
import type { ProcedureIndex } from './search-index.types.ts';
import { createIndexKeeper } from './search-index-keeper.ts';
import { runQuery } from './search-engine.ts';
import type { IndexSourceRow } from './search.repository.ts';

/** A catalogue whose rows and generation a test changes, and loads it lets finish one by one. */
function fakeCatalogue() {
  let generation = 1;
  let version = 0;
  const pending: { resolve: () => void }[] = [];
  let loads = 0;
  return {
    bump() {
      generation++;
      version++;
    },
    change() {
      version++;
    },
    readGeneration: async () => generation,
    // An index is a stand-in object naming the catalogue version it was read at.
    load: async () => {
      loads++;
      const seen = version;
      await new Promise<void>((resolve) => pending.push({ resolve }));
      return { version: seen } as unknown as ProcedureIndex;
    },
    /** Lets the oldest load in progress finish. */
    async finishLoad() {
      while (pending.length === 0) await new Promise((r) => setImmediate(r));
      pending.shift()?.resolve();
      await new Promise((r) => setImmediate(r));
    },
    get loads() {
      return loads;
    },
  };
}

const versionOf = (index: ProcedureIndex) => (index as unknown as { version: number }).version;

describe('the index keeper', () => {
  it('answers from one index per search: those that took the old one keep it, those asked after a change wait for the new one', async () => {
    const catalogue = fakeCatalogue();
    const keeper = createIndexKeeper({ ...catalogue, checkMs: 60_000 });
    const first = keeper.get();
    await catalogue.finishLoad();
    const old = await first;
    expect(versionOf(old)).toBe(0);

    // A change in this process: the rebuild starts at once, searches asked from now on wait for it.
    catalogue.change();
    keeper.invalidate();
    const during = [keeper.get(), keeper.get(), keeper.get()];
    // Meanwhile, a search that took the old index still has it whole.
    expect(versionOf(old)).toBe(0);
    await catalogue.finishLoad();
    const answers = await Promise.all(during);
    expect(answers.map(versionOf)).toEqual([1, 1, 1]);
    // One rebuild served them all.
    expect(catalogue.loads).toBe(2);
    expect(keeper.builds).toBe(2);
    expect(versionOf(await keeper.get())).toBe(1);
  });

  it('sees a change made by another process through the generation row, and builds once more for a change made while building', async () => {
    const catalogue = fakeCatalogue();
    const keeper = createIndexKeeper({ ...catalogue, checkMs: 0 });
    const first = keeper.get();
    await catalogue.finishLoad();
    expect(versionOf(await first)).toBe(0);
    expect(catalogue.loads).toBe(1);
    // Nothing changed: no rebuild.
    await keeper.get();
    expect(catalogue.loads).toBe(1);

    catalogue.bump();
    const asked = keeper.get();
    await catalogue.finishLoad();
    expect(versionOf(await asked)).toBe(1);

    // A change while a rebuild is reading: one more rebuild after it, and the search asked
    // after the change gets the index that has it.
    catalogue.bump();
    const before = keeper.get();
    while (catalogue.loads < 3) await new Promise((r) => setImmediate(r));
    catalogue.bump();
    keeper.invalidate();
    const after = keeper.get();
    await catalogue.finishLoad();
    expect(versionOf(await before)).toBe(2);
    await catalogue.finishLoad();
    expect(versionOf(await after)).toBe(3);
    expect(catalogue.loads).toBe(4);
  });

  it('gives a failed rebuild’s error to those waiting, and tries again on the next search', async () => {
    let fail = true;
    let loads = 0;
    const keeper = createIndexKeeper({
      readGeneration: async () => 1,
      load: async () => {
        loads++;
        if (fail) throw new Error('database gone');
        return { version: 7 } as unknown as ProcedureIndex;
      },
      checkMs: 60_000,
    });
    await expect(keeper.get()).rejects.toThrow('database gone');
    const failed = loads;
    fail = false;
    expect(versionOf(await keeper.get())).toBe(7);
    expect(loads).toBe(failed + 1);
    expect(keeper.builds).toBe(1);
  });
});

/** Rows like the synthetic catalogue's: many procedures, few distinct names. */
function rows(count: number): IndexSourceRow[] {
  const actions = ['cap', 'cap lai', 'gia han', 'dang ky', 'thu hoi'];
  const subjects = ['giay phep kinh doanh', 'chung chi hanh nghe', 'giay chung nhan dang ky', 'ho chieu pho thong'];
  return Array.from({ length: count }, (_, i) => {
    const name = `${actions[i % actions.length]} ${subjects[(i >> 3) % subjects.length]}${i % 7 === 0 ? ' doi voi doanh nghiep' : ''}`;
    return {
      code: `9.${String(i + 1).padStart(6, '0')}`,
      base_code: `9.${String(i + 1).padStart(6, '0')}`,
      variant_agency: null,
      name,
      field_code: 'G01',
      field_name: 'Linh vuc',
      competent_agency: `A${i % 13}`,
      competent_agency_name: `So ${i % 13}`,
      agency_codes: [`A${i % 13}`],
      province_codes: [String(10 + (i % 5))],
      applicant_types: ['citizen'],
      online_level: null,
      listing: { processingTime: { value: 1, unit: 'working_days' }, feeVnd: { min: 0, max: 0 }, cases: 1, channels: ['in_person'] },
      search_name: name,
      search_extra: `linh vuc so ${i % 13}`,
      implementing_level: 'province',
      receiving_agencies: [`A${i % 13}`],
    };
  });
}

describe('building the index in steps', () => {
  it('lets the event loop run between steps, and builds the same index as at once', async () => {
    const source = rows(20_000);
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const stepped = await buildIndexYielding(source, [], new Map());
    clearInterval(ticking);
    expect(turns).toBeGreaterThan(3);
    const whole = buildIndex(source, [], new Map());
    for (const text of ['cap giay phep', 'gia han chung chi', 'dang ky doanh nghiep', 'ho chieu']) {
      const q = { text, filters: {}, offset: 0, limit: 20 };
      const answer = runQuery(stepped, q);
      expect(answer.total).toBeGreaterThan(0);
      expect(answer).toEqual(runQuery(whole, q));
    }
    expect(stepped.nameOrder).toEqual(whole.nameOrder);
    expect(stepped.shortFirst).toEqual(whole.shortFirst);
  });
});
