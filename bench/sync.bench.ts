/**
 * `npm run bench:sync` — the status sync hub on PostgreSQL, in one run:
 * (1) baseline: BENCH_ITEMS dossiers upserted straight into the dossier store with its set-based
 *     statements (the same door the HTTP paths use), no HTTP, BENCH_CLIENTS batches in flight,
 *     the items read before the clock in parts of BENCH_BASELINE_PART (100000);
 * (2) the same number through the legacy DVCQG endpoint (`POST /api/dvcqg`, DongBoHoSoMC with
 *     BENCH_BATCH items a request, a session each) and (3) through the signed REST API
 *     (`POST /api/v1/sync/dossiers`), BENCH_CLIENTS concurrent clients of different provinces;
 * while (2) and (3) run, one client looks dossiers up with `TraCuuHoSo` (p50/p99), BENCH_LOOKUP_RATE
 * a second on a fixed schedule (200; 0: one after the other). The hub answers batches on
 * BENCH_INGEST_THREADS threads (1, as `egov start` on PostgreSQL; 0: on its serving thread).
 * The statistics' fact consumer runs meanwhile in a process of its own, as `egov worker`
 * (BENCH_FACT_CONSUMERS=0: none; BENCH_FACT_CONSUMERS_NICE=n starts it under `nice -n n`); how
 * long it took to catch up after each run is printed.
 * Prints items/s of each, the ratios HTTP/baseline and the lookup percentiles. Items are built
 * and read before the clock starts. The HTTP clients run in worker threads (bench/sync-clients.ts),
 * not on the hub's event loop; on a 2-core machine they still compete with the hub and
 * PostgreSQL for the CPU: the ratios are a lower bound.
 * Then, with BENCH_DOSSIERS set (10000000 in the issue), the store is grown to that size and
 * lookups by code, by applicant and the agency queue are measured on it (bench/sync-national.ts).
 * Needs DATABASE_URL (a fresh database is created and dropped). The issue's figures are for
 * BENCH_ITEMS=1000000 BENCH_DOSSIERS=10000000; the defaults here are small for shared machines.
 */
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { createTestPlatform } from '../src/app/testing.ts';
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Actor } from '../src/platform/module/index.ts';
import type { AgenciesApi } from '../src/modules/agencies/index.ts';
import type { DossiersApi, SyncedDossier } from '../src/modules/dossiers/index.ts';
import { readDossierItem } from '../src/modules/statussync/statussync.items.ts';
import { factsBehind } from './fact-consumers.ts';
import { quantile } from './latency.ts';
import { startIngest, startLookups } from './sync-clients.ts';
import { batchesOf as batchesOfItems, item } from './sync-items.ts';
import { growDossierStore, measureNationalReads } from './sync-national.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 20_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
/** The store's size for the national reads (10,000,000 in the issue); 0 skips them. */
const NATIONAL = Number(process.env.BENCH_DOSSIERS ?? 0);
const READS = Number(process.env.BENCH_READS ?? 2_000);
const READERS = Number(process.env.BENCH_READERS ?? 4);
/** The hub's ingestion threads (INGEST_THREADS; 1 is what `egov start` runs on PostgreSQL, 0 ingests on the serving thread). */
const INGEST_THREADS = Number(process.env.BENCH_INGEST_THREADS ?? 1);
/**
 * TraCuuHoSo lookups a second while the HTTP runs go, on a fixed schedule, each timed from
 * when it was due (no coordinated omission: a stall counts for every lookup it delays).
 * 0: one lookup after the other, as fast as they are answered.
 */
const LOOKUP_RATE = Number(process.env.BENCH_LOOKUP_RATE ?? 200);
/**
 * The status sync's fact consumer (the dossier statistics) runs during the HTTP runs in a process
 * of its own, as `egov worker` beside `egov serve` (bench/sync-facts-process.ts), and the figures
 * say how long the statistics took to catch up after the last batch. 0: none (the store's facts
 * wait unread, as they would for a worker that is down).
 */
const WITH_CONSUMERS = (process.env.BENCH_FACT_CONSUMERS ?? '1') !== '0';
/** The consumers' process started under `nice -n` this much (0: as the hub). */
const CONSUMERS_NICE = Number(process.env.BENCH_FACT_CONSUMERS_NICE ?? 0);

if (!process.env.DATABASE_URL) throw new Error('bench:sync runs on PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');

const platform = await createTestPlatform({ modules: ['statussync'], seed: ['agencies'], config: { secretKey: 'bench-sync-secret-key-0123456789abcdef012', ingestThreads: INGEST_THREADS } });
const app = await platform.http();
// TraCuuHoSo as the hub sees it, from the request's arrival to its answer's last byte: without
// the lookup client's own waits (its thread shares this process and both cores with the
// ingesting clients, which a citizen's phone does not).
const atHub: number[] = [];
const LOOKUP_MAX_BYTES = 2000;
app.server.prependListener('request', (request, response) => {
  if (request.url !== '/api/dvcqg' || !(Number(request.headers['content-length']) < LOOKUP_MAX_BYTES)) return;
  const arrived = performance.now();
  response.once('finish', () => atHub.push(performance.now() - arrived));
});
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const agencies = platform.api<AgenciesApi>('agencies');
const dossiers = platform.api<DossiersApi>('dossiers');
const admin: Actor = { accountId: 'bench', kind: 'admin', displayName: 'Bench', agencyCode: null, roles: [] };
const provinces = (await agencies.searchAgencies({ limit: 500 })).items.map((a) => a.code).filter((c) => /^000\.00\.00\.H\d\d$/.test(c)).slice(0, CLIENTS);
if (provinces.length < CLIENTS) throw new Error(`only ${provinces.length} provinces`);
const clients = await Promise.all(provinces.map(async (code) => ({ code, ...(await agencies.createClient(admin, { agencyCode: code, name: `bench ${code}` })) })));


async function timed(run: () => Promise<number>): Promise<{ items: number; seconds: number; perSecond: number }> {
  const started = performance.now();
  const items = await run();
  const seconds = (performance.now() - started) / 1000;
  return { items, seconds, perSecond: Math.round(items / seconds) };
}

// (1) Baseline: the store's batched unnest statements, no HTTP (items read before the clock).
// The run goes in parts of BASELINE_PART items (each client's share of a part read, then
// stored with the clock running, then dropped): a whole run's items read at once (a million
// items keep well over a gigabyte of heap) would make the baseline a garbage collector's
// benchmark, which the HTTP runs, reading each request's items as they come, are not.
const BASELINE_PART = Number(process.env.BENCH_BASELINE_PART ?? 100_000);
const baseline = await (async () => {
  const perClient = Math.ceil(ITEMS / CLIENTS);
  const partPerClient = Math.max(BATCH, Math.ceil(BASELINE_PART / CLIENTS / BATCH) * BATCH);
  let items = 0;
  let seconds = 0;
  for (let from = 0; from < perClient; from += partPerClient) {
    const prepared = batchesOfItems(clients, '261101', ITEMS, BATCH, { from, to: from + partPerClient }).map((batches, k) =>
      batches.map((b) => b.map((raw) => (readDossierItem(raw, clients[k]!.code, 'Asia/Ho_Chi_Minh') as { ok: true; value: SyncedDossier }).value)),
    );
    const part = await timed(async () => {
      let n = 0;
      await Promise.all(
        prepared.map(async (batches, k) => {
          const writer = { clientId: clients[k]!.clientId, mayWrite: () => true };
          for (const b of batches) {
            // Not `n += await …`: that reads n before the await, and the clients' counts would overwrite each other.
            const created = (await dossiers.syncDossiers(writer, 'upsert', b)).filter((o) => o.result === 'created').length;
            n += created;
          }
        }),
      );
      return n;
    });
    items += part.items;
    seconds += part.seconds;
  }
  return { items, seconds, perSecond: Math.round(items / seconds) };
})();

const login = async (c: (typeof clients)[number]): Promise<string> =>
  ((await (await fetch(`${base}/api/dvcqg/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: c.clientId, password: c.secret }) })).json()) as { session: string }).session;

// Lookups while the HTTP runs go: TraCuuHoSo of baseline dossiers, at LOOKUP_RATE, from a worker
// thread of their own, as the ingesting clients (bench/sync-clients.ts).
const lookupClient = clients[0]!;
const lookupSession = await login(lookupClient);
const baselineCodes = Array.from({ length: 5000 }, (_, i) => item(lookupClient.code, '261101', (i * 7919) % Math.ceil(ITEMS / CLIENTS)).MaHoSo);
const lookupsMeanwhile = () => startLookups({ base, session: lookupSession, agency: lookupClient.code, codes: baselineCodes, concurrency: 1, rate: LOOKUP_RATE });

async function caughtUp(): Promise<number> {
  const from = performance.now();
  while ((await factsBehind(platform.ctx.db, 'statussync.daily_stats')) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  return (performance.now() - from) / 1000;
}
async function startConsumers(): Promise<{ stop(): Promise<void> }> {
  const command = [process.execPath, '--import', 'tsx', path.join(import.meta.dirname, 'sync-facts-process.ts')];
  const [file, ...args] = CONSUMERS_NICE > 0 ? ['nice', '-n', String(CONSUMERS_NICE), ...command] : command;
  const child = spawn(file as string, args, {
    env: { ...process.env, DATABASE_URL: platform.testDb.url as string },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('consumers running')) resolve();
    });
    void exited.then(() => reject(new Error(`the fact consumers' process exited: ${out}`)));
  });
  return {
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
const consumers = WITH_CONSUMERS ? await startConsumers() : undefined;
if (consumers) {
  // The baseline's facts read before the clock: each HTTP run's consumers read that run's facts.
  await caughtUp();
}

/** One HTTP run: bodies made in the clients' worker before the clock, lookups meanwhile. */
async function httpRun(mode: 'legacy' | 'rest', day: string) {
  atHub.length = 0;
  const sessions = mode === 'legacy' ? await Promise.all(clients.map(login)) : [];
  const ingest = await startIngest({ mode, base, day, items: ITEMS, batch: BATCH, clients: clients.map((c, k) => ({ code: c.code, clientId: c.clientId, secret: c.secret, ...(sessions[k] ? { session: sessions[k] } : {}) })) });
  const meanwhile = await lookupsMeanwhile();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const gc = { longest: 0, total: 0 };
  const gcWatch = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.longest = Math.max(gc.longest, e.duration);
      gc.total += e.duration;
    }
  });
  gcWatch.observe({ entryTypes: ['gc'] });
  loop.enable();
  const ran = await ingest.run();
  loop.disable();
  gcWatch.disconnect();
  const latencies = await meanwhile.stop();
  const lateness = await meanwhile.lateness;
  const hub = Float64Array.from(atHub);
  const catchUp = consumers ? await caughtUp() : undefined;
  return { catchUp, figures: { items: ran.items, seconds: ran.seconds, perSecond: Math.round(ran.items / ran.seconds) }, latencies, lateness, hub, loop: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 }, gc };
}

// (2) The legacy endpoint, with a session per client; (3) the REST API, each request signed as it is sent.
const legacyRun = await httpRun('legacy', '261102');
const legacy = legacyRun.figures;
const restRun = await httpRun('rest', '261103');
const rest = restRun.figures;

const lookupAll = Float64Array.from([...legacyRun.latencies, ...restRun.latencies]).sort();
const ms = (v: number) => `${v.toFixed(1)} ms`;
const hubAll = Float64Array.from([...legacyRun.hub, ...restRun.hub]).sort();
const latenessAll = Float64Array.from([...legacyRun.lateness, ...restRun.lateness]).sort();
console.log(`bench:sync — ${ITEMS} items a run, ${BATCH} a batch, ${CLIENTS} clients, ${INGEST_THREADS} ingestion thread(s)`);
console.log(`  baseline (the store's batch, no HTTP):     ${baseline.perSecond} items/s (${baseline.items} in ${baseline.seconds.toFixed(1)} s)`);
console.log(`  legacy DVCQG endpoint:                     ${legacy.perSecond} items/s — ratio ${(legacy.perSecond / baseline.perSecond).toFixed(2)}`);
console.log(`  REST API (signed):                         ${rest.perSecond} items/s — ratio ${(rest.perSecond / baseline.perSecond).toFixed(2)}`);
console.log(`  TraCuuHoSo during the HTTP runs (${LOOKUP_RATE > 0 ? `${LOOKUP_RATE}/s, timed from when due` : 'one after the other'}): ${lookupAll.length} lookups, p50 ${ms(quantile(lookupAll, 0.5))}, p99 ${ms(quantile(lookupAll, 0.99))}`);
console.log(`  the same lookups at the hub (arrival to answer sent): p50 ${ms(quantile(hubAll, 0.5))}, p99 ${ms(quantile(hubAll, 0.99))}`);
if (latenessAll.length > 0) console.log(`  the reader's own wait before sending (its turn on a core): p50 ${ms(quantile(latenessAll, 0.5))}, p99 ${ms(quantile(latenessAll, 0.99))}`);
if (consumers) console.log(`  the statistics' fact consumer (a process of its own): caught up ${legacyRun.catchUp?.toFixed(1)} s (legacy) and ${restRun.catchUp?.toFixed(1)} s (REST) after the last batch`);
else console.log('  no fact consumer ran (BENCH_FACT_CONSUMERS=0): the statistics were not kept meanwhile');
console.log(`  the hub's event loop meanwhile: delay p99 ${ms(Math.max(legacyRun.loop.p99, restRun.loop.p99))}, longest ${ms(Math.max(legacyRun.loop.max, restRun.loop.max))}; garbage collection ${ms(legacyRun.gc.total + restRun.gc.total)} in all, longest pause ${ms(Math.max(legacyRun.gc.longest, restRun.gc.longest))}`);

// (4) National volume: the store grown to BENCH_DOSSIERS, then lookups by code, by applicant and
// the agency queue (BENCH_READS each, BENCH_READERS at a time).
if (NATIONAL > 0) {
  const db = platform.ctx.db;
  const receiving = (await agencies.searchAgencies({ limit: 500 })).items.map((a) => a.code).filter((c) => /^[0-9A-Z.]{1,35}$/.test(c));
  console.log(`  growing the store to ${NATIONAL.toLocaleString('en')} dossiers over ${receiving.length} agencies …`);
  const grown = await growDossierStore(platform.testDb.url as string, NATIONAL, receiving, (line) => console.log(line));
  console.log(`  grown by ${grown.added.toLocaleString('en')} rows in ${grown.seconds.toFixed(0)} s (load, index rebuild, vacuum)`);
  const reads = await measureNationalReads({ db, dossiers, grown: grown.added, target: NATIONAL, agencies: receiving, rounds: READS, concurrency: READERS, lookupAgency: lookupClient.code,
    lookupCodes: async (codes, concurrency) => (await startLookups({ base, session: lookupSession, agency: lookupClient.code, codes, concurrency, count: codes.length })).done,
  });
  const line = (name: string, f: { count: number; p50: number; p99: number }) => console.log(`  ${name.padEnd(44)} ${f.count} reads, p50 ${ms(f.p50)}, p99 ${ms(f.p99)}`);
  console.log(`  on ${NATIONAL.toLocaleString('en')} dossiers, ${READERS} readers at a time:`);
  line('by code (TraCuuHoSo over HTTP):', reads.byCode);
  line('by applicant (my dossiers page):', reads.byApplicant);
  line('agency queue (page and count):', reads.agencyQueue);
}
await consumers?.stop();
await app.close();
await platform.close();
