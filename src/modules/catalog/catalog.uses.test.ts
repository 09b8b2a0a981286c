import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { procedureUsesConsumer } from './catalog.uses.ts';
import { setUpCatalog } from './catalog.test-support.ts';

const submitted = (id: number, procedureCode: string) => ({ id, type: 'dossier.submitted', payload: { procedureCode }, recordedAt: new Date() });

describe('most-used procedures rank higher', () => {
  let env: Awaited<ReturnType<typeof setUpCatalog>>;
  beforeAll(async () => {
    env = await setUpCatalog();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('counts dossiers per base code from dossier.submitted facts, and search prefers the procedure used more', async () => {
    const before = (await env.api.searchProcedures({ q: 'chung thuc' })).items;
    // Three procedures of the same kind; the second becomes the most used.
    expect(before.slice(0, 3).map((i) => i.name.split(' ').slice(0, 2).join(' '))).toEqual(['Chứng thực', 'Chứng thực', 'Chứng thực']);
    const second = before[1] as (typeof before)[number];
    const base = second.code.slice(0, 8);
    await env.db.transaction().execute(async (tx) => {
      const facts = Array.from({ length: 40 }, (_, i) => submitted(i + 1, `${base}.000.00.00.${i % 2 ? 'H49' : 'H29'}`));
      await procedureUsesConsumer.handleBatch?.(facts, tx);
    });
    const uses = await sql<{ base_code: string; uses: string }>`SELECT base_code, uses FROM procedure_uses`.execute(env.db);
    expect(uses.rows.map((r) => [r.base_code, Number(r.uses)])).toEqual([[base, 40]]);
    // Counts reach the index at its next rebuild: a publication, or a dictionary change.
    await sql`UPDATE catalog_state SET generation = generation + 1`.execute(env.db);
    expect((await env.api.searchProcedures({ q: 'chung thuc' })).items[0]?.name).toBe(second.name);
  });
});
