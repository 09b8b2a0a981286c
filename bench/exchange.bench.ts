/**
 * `npm run bench:exchange` — the document exchange against pg-boss on the same PostgreSQL, in one run.
 *
 * Exchange: BENCH_PACKAGES packages (~5 KB edXML, 3 recipients each) are sent over the REST API
 * (real HTTP on loopback, every request HMAC-signed) by BENCH_SENDERS sending systems, each of
 * its own province; three receiving systems (ministries) poll their inbox, and acknowledge
 * every delivery (one signed POST each) while the sends are still going.
 * Peer: the same number of recipient-deliveries through pg-boss — one `insert` of 3 jobs per
 * package (one per recipient queue), receivers `fetch` batches and `complete` each job.
 * Prints recipient-deliveries per second, p50/p99 from send to visible to the receiver, and
 * the ratio exchange / pg-boss. Needs DATABASE_URL (a fresh database is created and dropped).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { testConfig } from '../src/platform/config/index.ts';
import { LocalFileStore } from '../src/platform/files/index.ts';
import { createHttpApp } from '../src/platform/http/index.ts';
import { createDbReplayStore, INTEGRATION_MIGRATIONS_DIR, registerSignedRequests, signRequest } from '../src/platform/integration/index.ts';
import { createLogger } from '../src/platform/logging/index.ts';
import type { Actor, PlatformContext } from '../src/platform/module/index.ts';
import { createTestDatabase } from '../src/platform/testing/index.ts';
import { createAgenciesModule } from '../src/modules/agencies/index.ts';
import { buildEdxml, createExchangeModule } from '../src/modules/exchange/index.ts';
import { sampleDocument, sampleOrganization } from '../src/modules/exchange/edxml/samples.ts';

const PACKAGES = Number(process.env.BENCH_PACKAGES ?? 20_000);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 16);
const ACK_CONCURRENCY = Number(process.env.BENCH_ACK_CONCURRENCY ?? 8);
const RECEIVERS = ['000.00.00.G15', '000.00.00.G17', '000.00.00.G22'];
const RECIPIENTS = PACKAGES * RECEIVERS.length;

if (!process.env.DATABASE_URL) throw new Error('bench:exchange runs on PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');

const platformDir = path.resolve(import.meta.dirname, '../src/platform');
const testDb = await createTestDatabase([
  { module: 'platform', dir: path.join(platformDir, 'db', 'migrations') },
  { module: 'platform.audit', dir: path.join(platformDir, 'audit', 'migrations') },
  { module: 'platform.events', dir: path.join(platformDir, 'events', 'migrations') },
  { module: 'platform.integration', dir: INTEGRATION_MIGRATIONS_DIR },
  { module: 'agencies', dir: path.resolve(import.meta.dirname, '../src/modules/agencies/migrations') },
  { module: 'exchange', dir: path.resolve(import.meta.dirname, '../src/modules/exchange/migrations') },
]);
const ctx: PlatformContext = {
  config: testConfig({ secretKey: 'bench-exchange-secret-key-0123456789abcdef' }),
  logger: createLogger('silent'),
  database: testDb.database,
  db: testDb.database.db,
  files: LocalFileStore.forDataDir('memory://'),
};
const agencies = createAgenciesModule(ctx);
await agencies.registration.seedDemo?.(() => undefined);
const exchange = createExchangeModule(ctx, { agencies: agencies.api });
const app = await createHttpApp({ config: ctx.config, logger: ctx.logger, ready: async () => undefined });
registerSignedRequests(app, {
  resolver: {
    async resolve(clientId) {
      const client = await agencies.api.findClient(clientId);
      if (!client) return undefined;
      return { clientId, agencyCode: client.agencyCode, secrets: client.revoked ? [] : await agencies.api.resolveClientSecrets(clientId), revoked: client.revoked };
    },
  },
  replayStore: createDbReplayStore(ctx.db),
});
await exchange.registration.registerRoutes?.(app);
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const admin: Actor = { accountId: 'bench', kind: 'admin', displayName: 'Bench', agencyCode: null, roles: [] };
const provinces = (await agencies.api.searchAgencies({ limit: 500 })).items.map((a) => a.code).filter((c) => /^000\.00\.00\.H\d\d$/.test(c));
if (provinces.length < SENDERS) throw new Error(`only ${provinces.length} provinces to send from`);
const clientOf = new Map<string, { clientId: string; secret: string }>();
for (const code of [...provinces.slice(0, SENDERS), ...RECEIVERS]) {
  const c = await agencies.api.createClient(admin, { agencyCode: code, name: `bench ${code}` });
  clientOf.set(code, { clientId: c.clientId, secret: c.secret });
}

// The replay guard refuses a signature seen before, and a poll of the same URL in the same
// second would sign the same text: a receiver varies the page size (a real client would wait).
const usedPolls = new Set<string>();
async function pollUrl(agency: string): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / 1000);
    for (let limit = 200; limit > 180; limit--) {
      const key = `${agency} ${now} ${limit}`;
      if (!usedPolls.has(key)) {
        usedPolls.add(key);
        return `/api/v1/exchange/inbox?limit=${limit}`;
      }
    }
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
  }
}

async function call(agency: string, method: 'GET' | 'POST', url: string, body?: Buffer, contentType = 'application/xml'): Promise<Response> {
  const c = clientOf.get(agency)!;
  const headers = signRequest({ clientId: c.clientId, secret: c.secret, method, path: url, body });
  const response = await fetch(base + url, { method, headers: { ...headers, ...(body ? { 'content-type': contentType } : {}) }, ...(body ? { body: new Uint8Array(body) } : {}) });
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response;
}

// ~5 KB packages: the sample document with a small attachment, numbered per sender.
const attachment = randomBytes(120).toString('base64');
function packageOf(from: string, n: number): { documentId: string; bytes: Buffer } {
  const doc = sampleDocument();
  const number = `${n}/BENCH`;
  const documentId = `${from},2026/03/02,${number}`;
  const bytes = buildEdxml({
    ...doc,
    from: sampleOrganization(from, `UBND ${from}`),
    to: RECEIVERS.map((r) => sampleOrganization(r, `Bộ ${r}`)),
    documentId: { raw: documentId, issuerOrganId: from, date: { raw: '2026/03/02', iso: '2026-03-02' }, codeNumberNotation: number },
    attachments: [{ ...doc.attachments[0]!, content: attachment }],
  });
  return { documentId, bytes };
}
const packageSize = packageOf(provinces[0]!, 0).bytes.length;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

interface Outcome {
  seconds: number;
  latencies: number[];
}

async function runExchange(): Promise<Outcome> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const perSender = Math.ceil(PACKAGES / SENDERS);
  const start = performance.now();
  const senders = provinces.slice(0, SENDERS).map(async (from, s) => {
    for (let n = 0; n < perSender && s * perSender + n < PACKAGES; n++) {
      const { documentId, bytes } = packageOf(from, n);
      sentAt.set(documentId, performance.now());
      await call(from, 'POST', '/api/v1/exchange/packages', bytes);
    }
  });
  const receivers = RECEIVERS.map(async (agency) => {
    let acked = 0;
    const seen = new Set<string>();
    while (acked < PACKAGES) {
      const page = (await (await call(agency, 'GET', await pollUrl(agency))).json()) as { items: { package: { id: string; documentId: string } }[] };
      if (page.items.length === 0) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const now = performance.now();
      for (const item of page.items) {
        if (seen.has(item.package.id)) continue;
        seen.add(item.package.id);
        const t0 = sentAt.get(item.package.documentId);
        if (t0 !== undefined) latencies.push(now - t0);
      }
      await pool(page.items, ACK_CONCURRENCY, async (item) => {
        await call(agency, 'POST', `/api/v1/exchange/packages/${item.package.id}/ack`, Buffer.from('{"result":"done"}'), 'application/json');
      });
      acked += page.items.length;
    }
  });
  await Promise.all([...senders, ...receivers]);
  return { seconds: (performance.now() - start) / 1000, latencies };
}

async function runPgBoss(): Promise<Outcome> {
  const boss = new PgBoss({ connectionString: testDb.url!, max: 20, supervise: false, schedule: false, migrate: true });
  boss.on('error', () => undefined);
  await boss.start();
  for (const q of RECEIVERS) await boss.createQueue(`deliver_${q.replaceAll('.', '_')}`);
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  const perSender = Math.ceil(PACKAGES / SENDERS);
  const start = performance.now();
  const senders = provinces.slice(0, SENDERS).map(async (from, s) => {
    for (let n = 0; n < perSender && s * perSender + n < PACKAGES; n++) {
      const { documentId, bytes } = packageOf(from, n);
      sentAt.set(documentId, performance.now());
      const data = { documentId, edxml: bytes.toString('utf8') };
      await boss.insert(RECEIVERS.map((q) => ({ name: `deliver_${q.replaceAll('.', '_')}`, data })));
    }
  });
  const receivers = RECEIVERS.map(async (q) => {
    const queue = `deliver_${q.replaceAll('.', '_')}`;
    let done = 0;
    while (done < PACKAGES) {
      const jobs = await boss.fetch<{ documentId: string }>(queue, { batchSize: 200 });
      if (jobs.length === 0) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      const now = performance.now();
      for (const job of jobs) {
        const t0 = sentAt.get(job.data.documentId);
        if (t0 !== undefined) latencies.push(now - t0);
      }
      await pool(jobs, ACK_CONCURRENCY, async (job) => boss.complete(queue, job.id));
      done += jobs.length;
    }
  });
  await Promise.all([...senders, ...receivers]);
  const seconds = (performance.now() - start) / 1000;
  await boss.stop({ graceful: false, wait: true });
  return { seconds, latencies };
}

console.log(`bench:exchange — ${PACKAGES} packages of ${packageSize} bytes × ${RECEIVERS.length} recipients, ${SENDERS} senders, PostgreSQL`);
const ours = await runExchange();
const peer = await runPgBoss();
const row = (name: string, r: Outcome) =>
  console.log(
    `${name.padEnd(18)} ${(RECIPIENTS / r.seconds).toFixed(0).padStart(7)} deliveries/s   p50 ${percentile(r.latencies, 50).toFixed(0).padStart(6)} ms   p99 ${percentile(r.latencies, 99).toFixed(0).padStart(6)} ms   (${r.seconds.toFixed(1)} s)`,
  );
row('exchange (REST)', ours);
row('pg-boss', peer);
console.log(`ratio (exchange / pg-boss)   ${(peer.seconds / ours.seconds).toFixed(3)}`);

await app.close();
await testDb.close();
