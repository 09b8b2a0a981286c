import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { setUpDossiers } from './dossiers.test-support.ts';
import { countUnitQueue, countUnitQueues, listUnitQueue, unitQueuePageAndCounts } from './dossiers.transitions.ts';

describe('the unit work queue, one index range per unit and status', () => {
  let env: Awaited<ReturnType<typeof setUpDossiers>>;
  const A = '000.00.51.H49';
  const B = '000.00.52.H49';
  beforeAll(async () => {
    env = await setUpDossiers();
    // 60 dossiers over two units and statuses 1, 2, 4, 10, due dates interleaved, some without one.
    await sql`
      INSERT INTO dossiers (code, procedure_code, procedure_version_id, procedure_name, case_code, applicant_account_id, applicant_kind, applicant_identifier, applicant_name,
                            receiving_agency, status, received_at, due_at, form_data, source)
      SELECT CASE WHEN i % 2 = 0 THEN ${A} ELSE ${B} END || '-261201-' || lpad(i::text, 4, '0'), 'P', NULL, 'Thủ tục', '01', NULL, 1, lpad(i::text, 12, '0'), 'Người ' || i,
             CASE WHEN i % 2 = 0 THEN ${A} ELSE ${B} END, (ARRAY[1, 2, 4, 10])[1 + i % 4], timestamptz '2026-12-01T01:00:00Z',
             CASE WHEN i % 7 = 0 THEN NULL ELSE timestamptz '2026-12-01T00:00:00Z' + ((i * 37) % 50) * interval '1 hour' END, '{}'::jsonb, 'sync'
      FROM generate_series(1, 60) AS i`.execute(env.db);
  }, 120_000);
  afterAll(async () => env?.close());

  /** The queue as the plain filter defines it: due date (none last), then insertion order. */
  async function expected(units: string[], statuses: number[], due: { from?: Date; before?: Date } = {}) {
    const rows = await sql<{ code: string }>`
      SELECT code FROM dossiers WHERE receiving_agency = ANY(${units}::text[]) AND status = ANY(${statuses}::smallint[])
        AND (${due.from ?? null}::timestamptz IS NULL OR due_at >= ${due.from ?? null}::timestamptz) AND (${due.before ?? null}::timestamptz IS NULL OR due_at < ${due.before ?? null}::timestamptz)
      ORDER BY due_at NULLS LAST, id`.execute(env.db);
    return rows.rows.map((r) => r.code);
  }

  it('pages through several units and statuses in due-date order, as the plain filter would; counts to the cap', async () => {
    const f = { units: [A, B], statuses: [2, 4] };
    const all = await expected(f.units, f.statuses);
    expect(all.length).toBeGreaterThan(20);
    const pages = [...(await listUnitQueue(env.db, f, 10, 0)), ...(await listUnitQueue(env.db, f, 10, 10)), ...(await listUnitQueue(env.db, f, 100, 20))];
    expect(pages.map((p) => p.code)).toEqual(all);
    expect(pages[0]).toMatchObject({ status: expect.any(Number), applicantName: expect.stringMatching(/^Người /), receivedAt: expect.any(Date) });
    expect(await countUnitQueue(env.db, f, 1000)).toBe(all.length);
    expect(await countUnitQueue(env.db, f, 5)).toBe(5);
    const overdue = { ...f, dueBefore: new Date('2026-12-01T20:00:00Z') };
    expect((await listUnitQueue(env.db, overdue, 100, 0)).map((p) => p.code)).toEqual(await expected(f.units, f.statuses, { before: overdue.dueBefore }));
    expect(await countUnitQueue(env.db, { units: [A], statuses: [3, 7] }, 1000)).toBe(0);
  });

  it('falls back to the plain filter past 64 unit–status pairs, with the same answer', async () => {
    const units = [A, B, ...Array.from({ length: 40 }, (_, i) => `000.00.${60 + i}.H49`)];
    const f = { units, statuses: [1, 2] };
    expect((await listUnitQueue(env.db, f, 100, 0)).map((p) => p.code)).toEqual(await expected(units, f.statuses));
    expect(await countUnitQueue(env.db, f, 1000)).toBe((await expected(units, f.statuses)).length);
  });

  it('counts several queues in one statement exactly as countUnitQueue does, to the cap, with the counters equal to the table', async () => {
    const many = [A, B, ...Array.from({ length: 40 }, (_, i) => `000.00.${60 + i}.H49`)];
    const queues = [{ statuses: [1] }, { statuses: [2, 4] }, { statuses: [3, 7, 8, 10] }, { statuses: [] }, { statuses: [1, 2, 4], dueBefore: new Date('2026-12-01T20:00:00Z') }, { statuses: [2, 4], dueFrom: new Date('2026-12-01T10:00:00Z'), dueBefore: new Date('2026-12-02T00:00:00Z') }];
    for (const units of [[A], [A, B], many, []])
      for (const cap of [1000, 4]) {
        const plain = await Promise.all(queues.map(async (q) => Math.min(cap, (await expected(units, [...q.statuses], { from: q.dueFrom, before: q.dueBefore })).length)));
        expect(await countUnitQueues(env.db, units, queues, cap)).toEqual(plain);
        expect(await Promise.all(queues.map((q) => countUnitQueue(env.db, { units, ...q }, cap)))).toEqual(plain);
      }
    await sql`UPDATE dossiers SET status = 5 WHERE receiving_agency = ${A} AND status = 2`.execute(env.db);
    const counters = await sql<{ unit: string; status: number; n: number }>`SELECT receiving_agency AS unit, status::int AS status, sum(n)::int AS n FROM dossier_queue_counts GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`.execute(env.db);
    const table = await sql<{ unit: string; status: number; n: number }>`SELECT receiving_agency AS unit, status::int AS status, count(*)::int AS n FROM dossiers GROUP BY 1, 2 ORDER BY 1, 2`.execute(env.db);
    expect(counters.rows).toEqual(table.rows);
    expect(await countUnitQueues(env.db, [A], [{ statuses: [5] }, { statuses: [2] }], 1000)).toEqual([await countUnitQueue(env.db, { units: [A], statuses: [5] }, 1000), 0]);
    // The page and the counts in one statement: what the two reads give, for full, partial and empty pages.
    for (const f of [{ units: [A, B], statuses: [1, 4] }, { units: [A], statuses: [4], dueBefore: new Date('2026-12-01T20:00:00Z') }, { units: [A], statuses: [3, 7] }, { units: many, statuses: [1, 2] }])
      for (const [limit, offset] of [[10, 0], [10, 10], [100, 0], [5, 500]] as const)
        expect(await unitQueuePageAndCounts(env.db, f, limit, offset, queues, 4)).toEqual({ items: await listUnitQueue(env.db, f, limit, offset), counts: await countUnitQueues(env.db, f.units, queues, 4) });
  });

  it('keeps the counters exact under concurrent transactions moving dossiers of one unit in opposite orders (none waits on a counter)', async () => {
    const C = '000.00.53.H49';
    await sql`
      INSERT INTO dossiers (code, procedure_code, procedure_name, applicant_kind, applicant_identifier, applicant_name, receiving_agency, status, received_at, form_data, source)
      SELECT ${C} || '-261202-' || lpad(i::text, 4, '0'), 'P', 'Thủ tục', 1, lpad(i::text, 12, '0'), 'Người ' || i, ${C}, 1 + i % 2, now(), '{}'::jsonb, 'sync'
      FROM generate_series(1, 40) AS i`.execute(env.db);
    // Each transaction moves one dossier 1 → 2 and another 2 → 1, in two statements, half of them in the other order.
    await Promise.all(Array.from({ length: 20 }, (_, k) => env.db.transaction().execute(async (tx) => {
      const odd = `${C}-261202-${String(2 * k + 1).padStart(4, '0')}`;
      const even = `${C}-261202-${String(2 * k + 2).padStart(4, '0')}`;
      const moves = [sql`UPDATE dossiers SET status = 1 WHERE code = ${odd}`, sql`UPDATE dossiers SET status = 2 WHERE code = ${even}`];
      for (const move of k % 2 === 0 ? moves : moves.reverse()) await move.execute(tx);
    })));
    const counters = await sql<{ status: number; n: number }>`SELECT status::int AS status, sum(n)::int AS n FROM dossier_queue_counts WHERE receiving_agency = ${C} GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 1`.execute(env.db);
    const table = await sql<{ status: number; n: number }>`SELECT status::int AS status, count(*)::int AS n FROM dossiers WHERE receiving_agency = ${C} GROUP BY 1 ORDER BY 1`.execute(env.db);
    expect(counters.rows).toEqual(table.rows);
  });
});
