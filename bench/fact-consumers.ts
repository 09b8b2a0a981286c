import { sql, type Db, type Tx } from '../src/platform/db/index.ts';
import type { Fact, FactConsumer } from '../src/platform/events/index.ts';

/**
 * Read models like the ones the operations center and reporting will keep, for
 * bench:exchange: each counts the exchange's facts per day and agency in a table of its own,
 * a batch at a time in one statement, as a real read model would. Bench-only.
 */
export async function createBenchReadModels(db: Db, count: number): Promise<FactConsumer[]> {
  await sql`CREATE TABLE IF NOT EXISTS bench_read_model (consumer text, day text, agency text, type text, n bigint, PRIMARY KEY (consumer, day, agency, type))`.execute(db);
  const keys: ((payload: Record<string, unknown>) => string)[] = [(p) => String(p.sender), (p) => String(p.recipient ?? (p.recipients as string[] | undefined)?.[0] ?? ''), (p) => String(p.result ?? p.kind ?? '')];
  return Array.from({ length: count }, (_, i) => {
    const name = `bench.read_model_${i + 1}`;
    const keyOf = keys[i % keys.length]!;
    return {
      name,
      facts: ['exchange.sent', 'exchange.delivered', 'exchange.acknowledged', 'exchange.status'],
      startFrom: 'beginning' as const,
      async handleBatch(facts: Fact[], tx: Tx) {
        const counts = new Map<string, { day: string; agency: string; type: string; n: number }>();
        for (const f of facts) {
          const p = f.payload as Record<string, unknown>;
          const row = { day: String(p.day), agency: keyOf(p), type: f.type, n: 1 };
          const key = `${row.day}|${row.agency}|${row.type}`;
          const known = counts.get(key);
          if (known) known.n++;
          else counts.set(key, row);
        }
        const rows = [...counts.values()];
        await sql`
          INSERT INTO bench_read_model (consumer, day, agency, type, n)
          SELECT ${name}, * FROM unnest(${rows.map((r) => r.day)}::text[], ${rows.map((r) => r.agency)}::text[], ${rows.map((r) => r.type)}::text[], ${rows.map((r) => r.n)}::bigint[])
          ON CONFLICT (consumer, day, agency, type) DO UPDATE SET n = bench_read_model.n + excluded.n
        `.execute(tx);
      },
    };
  });
}

/** Facts still ahead of the slowest consumer whose name is like `consumers` (unnumbered ones too): the bench read models by default. */
export async function factsBehind(db: Db, consumers = 'bench.%'): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*) AS n FROM event_facts
    WHERE seq IS NULL OR seq > coalesce((SELECT min(position) FROM event_consumers WHERE name LIKE ${consumers}), 0)
  `.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
