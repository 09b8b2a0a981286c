/**
 * `node --import tsx bench/fact-cost.ts` — what keeping the status sync's statistics costs,
 * per fact, apart from the ingestion that records the facts: COST_FACTS `dossier.status_synced`
 * facts are recorded by the store's batched sync (as bench:sync's baseline), then, with the
 * clock running, the sequencer numbers them, and the statistics' consumer, started as
 * `egov worker` starts it, catches up with the backlog (a worker back after an outage, or
 * `egov events replay`). Prints wall time and this process's CPU time per fact for each part
 * (the rest of the wall time is PostgreSQL's and the round trips'), and checks the statistics
 * add up. Then what a sequencer run with nothing to number costs, looking at every fact and
 * from the worker loop's floor (sequence.ts). Run it with `node --cpu-prof` for a profile.
 *
 * The log's newest part is always past PostgreSQL's column statistics (autovacuum analyses
 * later): that is the normal case, measured by default. COST_ANALYZE=1 analyses the log first.
 *
 * Environment: DATABASE_URL (a server where a scratch database can be created), COST_FACTS
 * (200000), COST_BATCH (the consumer's batch; the platform's default when unset), COST_ANALYZE.
 */
import { createTestPlatform } from '../src/app/testing.ts';
import { collectFactSchemas } from '../src/app/worker.ts';
import type { AgenciesApi } from '../src/modules/agencies/index.ts';
import type { DossiersApi, SyncedDossier } from '../src/modules/dossiers/index.ts';
import { readDossierItem } from '../src/modules/statussync/statussync.items.ts';
import { sql } from '../src/platform/db/index.ts';
import { createFactConsumers, createFactSequencer, sequenceFacts } from '../src/platform/events/index.ts';
import type { Actor } from '../src/platform/module/index.ts';
import { batchesOf } from './sync-items.ts';

const FACTS = Number(process.env.COST_FACTS ?? 200_000);
const BATCH = process.env.COST_BATCH ? Number(process.env.COST_BATCH) : undefined;
if (!process.env.DATABASE_URL) throw new Error('fact-cost runs on PostgreSQL: set DATABASE_URL');

const platform = await createTestPlatform({ modules: ['statussync'], seed: ['agencies'], config: { secretKey: 'bench-fact-cost-secret-key-0123456789abcd' } });
try {
  const agencies = platform.api<AgenciesApi>('agencies');
  const dossiers = platform.api<DossiersApi>('dossiers');
  const admin: Actor = { accountId: 'bench', kind: 'admin', displayName: 'Bench', agencyCode: null, roles: [] };
  const provinces = (await agencies.searchAgencies({ limit: 500 })).items.map((a) => a.code).filter((c) => /^000\.00\.00\.H\d\d$/.test(c)).slice(0, 4);
  const clients = await Promise.all(provinces.map(async (code) => ({ code, ...(await agencies.createClient(admin, { agencyCode: code, name: `bench ${code}` })) })));
  const started = performance.now();
  for (const [k, batches] of batchesOf(clients, '261101', FACTS, 1000).entries()) {
    const writer = { clientId: clients[k]!.clientId, mayWrite: () => true };
    for (const b of batches) await dossiers.syncDossiers(writer, 'upsert', b.map((raw) => (readDossierItem(raw, clients[k]!.code, 'Asia/Ho_Chi_Minh') as { ok: true; value: SyncedDossier }).value));
  }
  const recorded = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM event_facts`.execute(platform.ctx.db)).rows[0]?.n);
  console.log(`fact-cost — ${recorded} facts recorded by the sync in ${((performance.now() - started) / 1000).toFixed(1)} s, PostgreSQL`);

  const measure = async (label: string, run: () => Promise<unknown>) => {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    await run();
    const ms = performance.now() - wall;
    const used = process.cpuUsage(cpu);
    const nodeMs = (used.user + used.system) / 1000;
    console.log(`${label.padEnd(28)} ${(ms / 1000).toFixed(2).padStart(6)} s   ${((ms * 1000) / recorded).toFixed(1).padStart(6)} µs a fact, of which this process's CPU ${((nodeMs * 1000) / recorded).toFixed(1).padStart(5)} µs`);
  };
  await measure('sequencer (numbering)', async () => {
    while ((await sequenceFacts(platform.ctx.db, 10_000)) > 0);
  });
  // A run with nothing to number, as the worker's loop makes one every poll: looking at every
  // fact walks the numbered facts' old row versions; the loop's sequencer starts from its floor.
  const emptyRun = async (run: () => Promise<number>) => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) await run();
    return ((performance.now() - started) / 20).toFixed(2);
  };
  const looped = createFactSequencer(platform.ctx.db, { lagMs: 0 });
  await looped.run(10_000);
  await looped.run(10_000); // the first run looked at every fact and set the floor
  console.log(`a run with nothing to number: ${await emptyRun(() => sequenceFacts(platform.ctx.db))} ms looking at every fact, ${await emptyRun(() => looped.run(10_000))} ms from the loop's floor`);
  const consumers = createFactConsumers({
    database: platform.ctx.database,
    consumers: platform.registrations.filter((r) => r.name === 'statussync').flatMap((r) => r.consumers ?? []),
    schemas: collectFactSchemas(platform.registrations),
    logger: platform.ctx.logger,
    ...(BATCH ? { batchSize: BATCH } : {}),
  });
  if (process.env.COST_ANALYZE === '1') await sql`ANALYZE event_facts`.execute(platform.ctx.db);
  await measure('statistics consumer', async () => {
    await consumers.start();
    // Every fact is numbered already: caught up when the position is the log's end (two index lookups a poll).
    const behind = async () =>
      Number((await sql<{ n: string }>`SELECT (SELECT max(seq) FROM event_facts) - (SELECT position FROM event_consumers WHERE name = 'statussync.daily_stats') AS n`.execute(platform.ctx.db)).rows[0]?.n ?? 1);
    while ((await behind()) !== 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await consumers.stop();
  });
  const sums = (await sql<{ entered: string }>`SELECT sum(entered) AS entered FROM statussync_daily_stats`.execute(platform.ctx.db)).rows[0];
  if (Number(sums?.entered) !== recorded) throw new Error(`the statistics count ${sums?.entered} entries for ${recorded} facts`);
  console.log(`statistics: ${sums?.entered} entries, as many as facts`);
} finally {
  await platform.close();
}
