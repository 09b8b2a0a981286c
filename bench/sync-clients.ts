/**
 * The HTTP clients of `npm run bench:sync`, each kind in a worker thread of its own: agencies'
 * systems pushing batches (legacy DVCQG or signed REST) and a citizen-facing reader looking
 * dossiers up with `TraCuuHoSo`. In production those clients are other machines; sharing the
 * hub's event loop, their own work (sending megabyte bodies, reading answers, timing) would be
 * counted as the hub's, above all in the lookups' tail. They still share the machine's cores.
 *
 * This file is both the main thread's side (startIngest, startLookups) and the workers' code.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createNonce, signRequest } from '../src/platform/integration/index.ts';
import { batchesOf, type BenchClient } from './sync-items.ts';

export interface IngestOrder {
  kind: 'ingest';
  mode: 'legacy' | 'rest';
  base: string;
  /** Keeps the runs' codes apart. */
  day: string;
  clients: (BenchClient & { secret: string; session?: string })[];
  items: number;
  batch: number;
}

export interface LookupOrder {
  kind: 'lookups';
  base: string;
  session: string;
  /** The looking-up client's agency (madonvi). */
  agency: string;
  /** Codes looked up in turn. */
  codes: string[];
  concurrency: number;
  /** Stop after this many lookups; without it, when told to stop. */
  count?: number;
}

type Order = IngestOrder | LookupOrder;

function spawn(order: Order): Worker {
  // This TypeScript file loaded through tsx's API: a worker inheriting `--import tsx` may load
  // its entry before the loader is registered (it failed now and then).
  const self = JSON.stringify(import.meta.url);
  return new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${self}, ${self}))`, { eval: true, workerData: order, execArgv: [] });
}

function next<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    worker.once('error', onError);
    worker.once('message', (message: T) => {
      worker.off('error', onError);
      resolve(message);
    });
  });
}

/** An ingesting client set, bodies built in its worker; `run` starts the clock. */
export async function startIngest(order: Omit<IngestOrder, 'kind'>): Promise<{ run(): Promise<{ items: number; seconds: number }> }> {
  const worker = spawn({ kind: 'ingest', ...order });
  await next<'ready'>(worker);
  return {
    async run() {
      const done = next<{ items: number; seconds: number; error?: string }>(worker);
      worker.postMessage('go');
      const result = await done;
      await worker.terminate();
      if (result.error) throw new Error(result.error);
      return result;
    },
  };
}

/** A reader looking dossiers up one after another (`concurrency` at a time); `stop` answers the latencies in ms. */
export async function startLookups(order: Omit<LookupOrder, 'kind'>): Promise<{ stop(): Promise<Float64Array>; done: Promise<Float64Array> }> {
  const worker = spawn({ kind: 'lookups', ...order });
  await next<'ready'>(worker);
  const done = next<{ latencies: Float64Array; error?: string }>(worker).then(async (r) => {
    await worker.terminate();
    if (r.error) throw new Error(r.error);
    return r.latencies;
  });
  worker.postMessage('go');
  return {
    done,
    async stop() {
      worker.postMessage('stop');
      return done;
    },
  };
}

async function ingest(order: IngestOrder, go: Promise<unknown>): Promise<{ items: number; seconds: number }> {
  const batches = batchesOf(order.clients, order.day, order.items, order.batch);
  const bodies = batches.map((list, k) => {
    const c = order.clients[k]!;
    return list.map((data) => ({
      size: data.length,
      body: Buffer.from(JSON.stringify(order.mode === 'legacy' ? { session: c.session, madonvi: c.code, service: 'DongBoHoSoMC', isUpdating: 'False', data } : { agency: c.code, mode: 'create', items: data })),
    }));
  });
  parentPort!.postMessage('ready');
  await go;
  const started = performance.now();
  let n = 0;
  await Promise.all(
    order.clients.map(async (c, k) => {
      for (const { size, body } of bodies[k]!) {
        if (order.mode === 'legacy') {
          const answer = (await (await fetch(`${order.base}/api/dvcqg`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as { error_code: string; message: string };
          if (answer.error_code !== '0') throw new Error(`legacy: ${answer.message}`);
        } else {
          const headers = signRequest({ clientId: c.clientId, secret: c.secret, method: 'POST', path: '/api/v1/sync/dossiers', body, nonce: createNonce() });
          const response = await fetch(`${order.base}/api/v1/sync/dossiers`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
          const outcome = (await response.json()) as { counts: Record<string, number> };
          if (response.status !== 200 || outcome.counts.created !== size) throw new Error(`rest: HTTP ${response.status} ${JSON.stringify(outcome).slice(0, 300)}`);
        }
        n += size;
      }
    }),
  );
  return { items: n, seconds: (performance.now() - started) / 1000 };
}

async function lookups(order: LookupOrder, go: Promise<unknown>, stopped: () => boolean): Promise<Float64Array> {
  const latencies: number[] = [];
  let i = 0;
  parentPort!.postMessage('ready');
  await go;
  const reader = async () => {
    while (order.count === undefined ? !stopped() : i < order.count) {
      const code = order.codes[i++ % order.codes.length]!;
      const started = performance.now();
      const response = await fetch(`${order.base}/api/dvcqg`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session: order.session, madonvi: order.agency, service: 'TraCuuHoSo', mahoso: code }) });
      const answer = (await response.json()) as { result?: unknown[] };
      latencies.push(performance.now() - started);
      if (answer.result?.length !== 1) throw new Error(`TraCuuHoSo found nothing for ${code}`);
    }
  };
  await Promise.all(Array.from({ length: order.concurrency }, reader));
  return Float64Array.from(latencies);
}

if (!isMainThread && parentPort) {
  const order = workerData as Order;
  let stop = false;
  let goNow: (v: unknown) => void = () => undefined;
  const go = new Promise((resolve) => (goNow = resolve));
  parentPort.on('message', (m) => {
    if (m === 'go') goNow(undefined);
    if (m === 'stop') stop = true;
  });
  const work = order.kind === 'ingest' ? ingest(order, go) : lookups(order, go, () => stop).then((latencies) => ({ latencies }));
  work.then(
    (result) => parentPort!.postMessage(result),
    (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error), latencies: new Float64Array(0) }),
  );
}
