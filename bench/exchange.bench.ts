/**
 * `npm run bench:exchange` — the document exchange against pg-boss on the same PostgreSQL, in one run.
 *
 * Exchange: BENCH_PACKAGES packages (~5 KB edXML, 3 recipients each) are sent over the REST API
 * (real HTTP on loopback, every request HMAC-signed) by BENCH_SENDERS sending systems, each of
 * its own province; three receiving systems (ministries) poll their inbox and acknowledge each
 * page they read while the sends are still going — in one POST /acks per page
 * (BENCH_ACK=batch, the default) or one signed POST per delivery (BENCH_ACK=single). The
 * systems run in a worker thread (exchange-clients.ts) with node:http keep-alive clients, the
 * hub in this one, as bench:catalog does: in reality those systems run on their own machines.
 * Packages are built before the clock starts, for both runs. Each contender first runs an
 * untimed warm-up of BENCH_WARMUP packages (default 2,000), so that neither is measured with
 * a cold JIT and cold caches: the exchange runs first, and was measured cold before.
 * Peer: the same number of recipient-deliveries through pg-boss — one `insert` of 3 jobs per
 * package (one per recipient queue), receivers `fetch` batches of 200 and `complete` them
 * (waiting DRAINED_WAIT_MS after a batch that was not full, as the exchange's receivers do),
 * measured twice: one `complete` per job, and one `complete` per fetched batch (what
 * pg-boss's own `work` does with batchSize). The exchange and pg-boss per batch run in
 * BENCH_ROUNDS rounds (default 3), back to back in alternating order, each round with its own
 * ratio; the median round's ratio is the figure. pg-boss per job runs once after them.
 * Prints recipient-deliveries per second, p50/p99 from send to visible to the receiver.
 * Needs DATABASE_URL (a fresh database is created and dropped).
 */
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { createTestPlatform } from '../src/app/testing.ts';
import { collectFactSchemas } from '../src/app/worker.ts';
import { createFactConsumers } from '../src/platform/events/index.ts';
import { createLogger } from '../src/platform/logging/index.ts';
import type { Actor } from '../src/platform/module/index.ts';
import type { AgenciesApi } from '../src/modules/agencies/index.ts';
import { createBenchReadModels, factsBehind } from './fact-consumers.ts';
import { DRAINED_WAIT_MS, packageOf, pool, prebuild, type ClientsInput, type ClientsOutcome } from './exchange-clients.ts';

const PACKAGES = Number(process.env.BENCH_PACKAGES ?? 20_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 16);
const ACK_CONCURRENCY = Number(process.env.BENCH_ACK_CONCURRENCY ?? 8);
const ACK_MODE: 'batch' | 'single' = process.env.BENCH_ACK === 'single' ? 'single' : 'batch';
const RECEIVERS = ['000.00.00.G15', '000.00.00.G17', '000.00.00.G22'];
const RECIPIENTS = PACKAGES * RECEIVERS.length;

if (!process.env.DATABASE_URL) throw new Error('bench:exchange runs on PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');

const CONSUMERS = Number(process.env.BENCH_CONSUMERS ?? 3);

// The exchange and the agencies it needs, wired and served as `egov serve` does.
const platform = await createTestPlatform({ modules: ['exchange'], seed: ['agencies'], config: { secretKey: 'bench-exchange-secret-key-0123456789abcdef' } });
const testDb = platform.testDb;
const agencies = { api: platform.api<AgenciesApi>('agencies') };
const app = await platform.http();
await app.listen({ port: 0, host: '127.0.0.1' });
// Fact consumers fed by the exchange's facts, running in the hub process as `egov start` runs them.
const readModels = createFactConsumers({
  database: platform.ctx.database,
  consumers: await createBenchReadModels(platform.ctx.db, CONSUMERS),
  schemas: collectFactSchemas(platform.registrations),
  logger: createLogger('silent'),
});
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const admin: Actor = { accountId: 'bench', kind: 'admin', displayName: 'Bench', agencyCode: null, roles: [] };
const provinces = (await agencies.api.searchAgencies({ limit: 500 })).items.map((a) => a.code).filter((c) => /^000\.00\.00\.H\d\d$/.test(c));
if (provinces.length < SENDERS) throw new Error(`only ${provinces.length} provinces to send from`);
const clientOf = new Map<string, { clientId: string; secret: string }>();
for (const code of [...provinces.slice(0, SENDERS), ...RECEIVERS]) {
  const c = await agencies.api.createClient(admin, { agencyCode: code, name: `bench ${code}` });
  clientOf.set(code, { clientId: c.clientId, secret: c.secret });
}

const packageSize = packageOf(provinces[0]!, RECEIVERS, 0).bytes.length;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

type Outcome = ClientsOutcome & { catchUpSeconds?: number };

/** `withConsumers`: the bench read models run during the run; the outcome says how long after it they had caught up. */
async function runExchange(packages: number, firstNumber: number, withConsumers = CONSUMERS > 0): Promise<Outcome> {
  const input: ClientsInput = {
    base,
    packages,
    firstNumber,
    senders: provinces.slice(0, SENDERS),
    receivers: RECEIVERS,
    clients: Object.fromEntries(clientOf),
    ackMode: ACK_MODE,
    ackConcurrency: ACK_CONCURRENCY,
  };
  if (withConsumers) await readModels.start();
  const worker = new Worker(path.join(import.meta.dirname, 'exchange-clients.ts'), { workerData: input });
  try {
    const message = await new Promise<{ outcome?: Outcome; error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (message.error || !message.outcome) throw new Error(`exchange clients failed: ${message.error ?? 'no outcome'}`);
    const outcome: Outcome = message.outcome;
    if (withConsumers) {
      const done = performance.now();
      while ((await factsBehind(platform.ctx.db)) > 0) await new Promise((r) => setTimeout(r, 50));
      outcome.catchUpSeconds = (performance.now() - done) / 1000;
    }
    return outcome;
  } finally {
    await worker.terminate();
    if (withConsumers) await readModels.stop();
  }
}

async function runPgBoss(completeMode: 'job' | 'batch', packages: number, label: string): Promise<Outcome> {
  const boss = new PgBoss({ connectionString: testDb.url!, max: 20, supervise: false, schedule: false, migrate: true });
  boss.on('error', () => undefined);
  await boss.start();
  // Fresh queues per run: the jobs of an earlier run would slow this one's fetches.
  const queueOf = (recipient: string) => `deliver_${label}_${completeMode}_${recipient.replaceAll('.', '_')}`;
  for (const q of RECEIVERS) await boss.createQueue(queueOf(q));
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  // Built before the clock starts, as for the exchange.
  const outboxes = prebuild(provinces.slice(0, SENDERS), RECEIVERS, packages);
  const start = performance.now();
  const senders = provinces.slice(0, SENDERS).map(async (_from, s) => {
    for (const { documentId, bytes } of outboxes[s]!) {
      sentAt.set(documentId, performance.now());
      const data = { documentId, edxml: bytes.toString('utf8') };
      await boss.insert(RECEIVERS.map((q) => ({ name: queueOf(q), data })));
    }
  });
  const receivers = RECEIVERS.map(async (q) => {
    const queue = queueOf(q);
    let done = 0;
    while (done < packages) {
      const jobs = await boss.fetch<{ documentId: string }>(queue, { batchSize: 200 });
      if (jobs.length === 0) {
        await new Promise((r) => setTimeout(r, DRAINED_WAIT_MS));
        continue;
      }
      const now = performance.now();
      for (const job of jobs) {
        const t0 = sentAt.get(job.data.documentId);
        if (t0 !== undefined) latencies.push(now - t0);
      }
      if (completeMode === 'batch') await boss.complete(queue, jobs.map((job) => job.id));
      else await pool(jobs, ACK_CONCURRENCY, async (job) => boss.complete(queue, job.id));
      done += jobs.length;
      // As the exchange's receivers: a batch that was not full means the queue is drained.
      if (jobs.length < 200) await new Promise((r) => setTimeout(r, DRAINED_WAIT_MS));
    }
  });
  await Promise.all([...senders, ...receivers]);
  const seconds = (performance.now() - start) / 1000;
  await boss.stop({ graceful: false, wait: true });
  return { seconds, latencies };
}

console.log(
  `bench:exchange — ${PACKAGES} packages of ${packageSize} bytes × ${RECEIVERS.length} recipients, ${SENDERS} senders, acks: ${ACK_MODE}, PostgreSQL; untimed warm-up of ${WARMUP} packages each`,
);
if (WARMUP > 0) await runExchange(WARMUP, 0);
// BENCH_PEER=none: the exchange alone (for profiling); no ratio then.
if (process.env.BENCH_PEER === 'none') {
  const ours = await runExchange(PACKAGES, WARMUP);
  console.log(`exchange (REST, ${ACK_MODE} acks) ${(RECIPIENTS / ours.seconds).toFixed(0)} deliveries/s (${ours.seconds.toFixed(1)} s; last send answered at ${ours.sendSeconds?.toFixed(1)} s)`);
  await app.close();
  await testDb.close();
  process.exit(0);
}
// BENCH_PEER=fanout: the cost of the fan-out alone — rounds of the exchange with and without
// the fact consumers, back to back in alternating order, each round with its own ratio.
if (process.env.BENCH_PEER === 'fanout') {
  const fanout: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const withFirst = round % 2 === 0;
    const first = WARMUP + 2 * round * PACKAGES;
    const runWith = () => runExchange(PACKAGES, first, true);
    const runWithout = () => runExchange(PACKAGES, first + PACKAGES, false);
    const [withConsumers, without] = withFirst ? [await runWith(), await runWithout()] : await runWithout().then(async (w) => [await runWith(), w] as const);
    console.log(`round ${round + 1}: with ${CONSUMERS} fact consumers ${(RECIPIENTS / withConsumers.seconds).toFixed(0)} deliveries/s (caught up ${withConsumers.catchUpSeconds?.toFixed(1)} s after), without ${(RECIPIENTS / without.seconds).toFixed(0)}: ratio ${(without.seconds / withConsumers.seconds).toFixed(3)}`);
    fanout.push(without.seconds / withConsumers.seconds);
  }
  console.log(`ratio with / without fact consumers, median of ${ROUNDS} rounds   ${[...fanout].sort((a, b) => a - b)[Math.floor(fanout.length / 2)]!.toFixed(3)}`);
  await app.close();
  await testDb.close();
  process.exit(0);
}
if (WARMUP > 0) await runPgBoss('batch', WARMUP, 'warm');
const row = (name: string, r: Outcome) =>
  console.log(
    `${name.padEnd(34)} ${(RECIPIENTS / r.seconds).toFixed(0).padStart(7)} deliveries/s   p50 ${percentile(r.latencies, 50).toFixed(0).padStart(6)} ms   p99 ${percentile(r.latencies, 99).toFixed(0).padStart(6)} ms   (${r.seconds.toFixed(1)} s)` +
      (r.catchUpSeconds === undefined ? '' : `   ${CONSUMERS} read models caught up ${r.catchUpSeconds.toFixed(1)} s after`),
  );
// Rounds of the exchange and its like-for-like peer back to back, in alternating order: on a
// shared VM the speed of the machine drifts by 10% and more within minutes, and one pair
// measured a minute apart mixed that drift into the ratio. The median round is the figure.
const ratios: number[] = [];
const oursSeconds: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const exchangeFirst = round % 2 === 0;
  const runOurs = () => runExchange(PACKAGES, WARMUP + round * PACKAGES);
  const runPeer = () => runPgBoss('batch', PACKAGES, `run${round}`);
  const [ours, peer] = exchangeFirst ? [await runOurs(), await runPeer()] : await runPeer().then(async (p) => [await runOurs(), p] as const);
  row(`round ${round + 1}: exchange (REST, ${ACK_MODE} acks)`, ours);
  row(`round ${round + 1}: pg-boss (complete per batch)`, peer);
  ratios.push(peer.seconds / ours.seconds);
  oursSeconds.push(ours.seconds);
  console.log(`round ${round + 1}: ratio ${(peer.seconds / ours.seconds).toFixed(3)} (${exchangeFirst ? 'exchange' : 'pg-boss'} ran first)`);
}
const peerPerJob = await runPgBoss('job', PACKAGES, 'run');
row('pg-boss (complete per job)', peerPerJob);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`ratio exchange / pg-boss (complete per batch), median of ${ROUNDS} rounds   ${median(ratios).toFixed(3)}   (rounds: ${ratios.map((r) => r.toFixed(3)).join(', ')})`);
console.log(`ratio exchange (median round) / pg-boss (complete per job)             ${(peerPerJob.seconds / median(oursSeconds)).toFixed(3)}`);
if (CONSUMERS > 0) {
  // The cost of the fan-out: the same run with no fact consumer, right after the rounds.
  const alone = await runExchange(PACKAGES, WARMUP + ROUNDS * PACKAGES, false);
  row('exchange without fact consumers', alone);
  console.log(`ratio exchange with ${CONSUMERS} fact consumers (median round) / without   ${(alone.seconds / median(oursSeconds)).toFixed(3)}`);
}

await app.close();
await testDb.close();
