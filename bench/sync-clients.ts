/**
 * The HTTP clients of `npm run bench:sync`, each kind in a worker thread of its own: agencies'
 * systems pushing batches (legacy DVCQG or signed REST) and a citizen-facing reader looking
 * dossiers up with `TraCuuHoSo`. In production those clients are other machines; sharing the
 * hub's event loop, their own work (sending megabyte bodies, reading answers, timing) would be
 * counted as the hub's, above all in the lookups' tail. They still share the machine's cores.
 *
 * The reader runs in a process of its own instead: a citizen's phone shares no garbage
 * collector, event loop or V8 helper threads with the hub or the ingesting clients, and a
 * reader that did would time their pauses as the hub's.
 *
 * This file is both the main thread's side (startIngest, startLookups) and the clients' code.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
  /**
   * Lookups a second, sent on a fixed schedule whatever the answers (as citizens arrive), each
   * timed from when it was due: a stall of the server counts for every lookup it delays. 0 or
   * absent: `concurrency` readers one after the other (a stalled server is then asked less).
   */
  rate?: number;
  /** Stop after this many lookups; without it, when told to stop. */
  count?: number;
}

type Order = IngestOrder | LookupOrder;

/** A client's thread or process, as the main thread talks to it. */
interface Peer {
  post(message: unknown): void;
  next<T>(): Promise<T>;
  close(): Promise<unknown>;
}

function spawn(order: Order): Peer {
  // This TypeScript file loaded through tsx's API: a worker inheriting `--import tsx` may load
  // its entry before the loader is registered (it failed now and then).
  const self = JSON.stringify(import.meta.url);
  const worker = new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${self}, ${self}))`, { eval: true, workerData: order, execArgv: [] });
  return { post: (m) => worker.postMessage(m), next: () => next(worker), close: () => worker.terminate() };
}

const CHILD_ENV = 'BENCH_SYNC_CLIENT_PROCESS';
const WARM_UP_LOOKUPS = 200;

function spawnProcess(order: Order): Peer {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, [CHILD_ENV]: '1' }, serialization: 'advanced' });
  child.send(order);
  return {
    post: (m) => child.send(m as never),
    next: () => next(child),
    close: async () => {
      child.kill();
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    },
  };
}

function next<T>(from: Worker | ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    from.once('error', onError);
    from.once('message', (message: T) => {
      from.off('error', onError);
      resolve(message);
    });
  });
}

/** An ingesting client set, bodies built in its worker; `run` starts the clock. */
export async function startIngest(order: Omit<IngestOrder, 'kind'>): Promise<{ run(): Promise<{ items: number; seconds: number }> }> {
  const worker = spawn({ kind: 'ingest', ...order });
  await worker.next<'ready'>();
  return {
    async run() {
      const done = worker.next<{ items: number; seconds: number; error?: string }>();
      worker.post('go');
      const result = await done;
      await worker.close();
      if (result.error) throw new Error(result.error);
      return result;
    },
  };
}

/** A reader (a process of its own) looking dossiers up at `rate` or one after another (`concurrency` at a time); `stop` answers the latencies in ms. */
export async function startLookups(order: Omit<LookupOrder, 'kind'>): Promise<{ stop(): Promise<Float64Array>; done: Promise<Float64Array>; lateness: Promise<Float64Array> }> {
  const reader = spawnProcess({ kind: 'lookups', ...order });
  await reader.next<'ready'>();
  const finished = reader.next<{ latencies: Float64Array; lateness?: Float64Array; error?: string }>().then(async (r) => {
    await reader.close();
    if (r.error) throw new Error(r.error);
    return r;
  });
  const done = finished.then((r) => r.latencies);
  const lateness = finished.then((r) => r.lateness ?? new Float64Array(0));
  lateness.catch(() => undefined);
  reader.post('go');
  return {
    done,
    lateness,
    async stop() {
      reader.post('stop');
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
  post('ready');
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

/** The reader's latencies, and (at a rate) how late each lookup left after it was due: the reader's own wait for a core. */
async function lookups(order: LookupOrder, go: Promise<unknown>, stopped: () => boolean): Promise<{ latencies: Float64Array; lateness?: Float64Array }> {
  let latencies: number[] = [];
  const lateness: number[] = [];
  let i = 0;
  const lookup = async (code: string, from: number) => {
    const response = await fetch(`${order.base}/api/dvcqg`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session: order.session, madonvi: order.agency, service: 'TraCuuHoSo', mahoso: code }) });
    const answer = (await response.json()) as { result?: unknown[] };
    latencies.push(performance.now() - from);
    if (answer.result?.length !== 1) throw new Error(`TraCuuHoSo found nothing for ${code}`);
  };
  // A new process: its first lookups compile the client's code and open its connections. They
  // go before the clock (a phone that has looked once is past that too), and are not counted.
  for (let k = 0; k < WARM_UP_LOOKUPS; k++) await lookup(order.codes[k % order.codes.length]!, performance.now());
  latencies = [];
  post('ready');
  await go;
  const more = () => (order.count === undefined ? !stopped() : i < order.count);
  if (order.rate) {
    const interval = 1000 / order.rate;
    const start = performance.now();
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    while (more() && failure === undefined) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      lateness.push(Math.max(0, performance.now() - due));
      const sent = lookup(order.codes[i++ % order.codes.length]!, due).catch((error: unknown) => void (failure = error));
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent));
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    return { latencies: Float64Array.from(latencies), lateness: Float64Array.from(lateness) };
  }
  const reader = async () => {
    while (more()) {
      const code = order.codes[i++ % order.codes.length]!;
      await lookup(code, performance.now());
    }
  };
  await Promise.all(Array.from({ length: order.concurrency }, reader));
  return { latencies: Float64Array.from(latencies) };
}

/** What a client sends the main thread: through the worker's port, or the process's channel. */
let post: (message: unknown) => void = () => undefined;

function runClient(order: Order, onMessage: (listener: (m: unknown) => void) => void) {
  let stop = false;
  let goNow: (v: unknown) => void = () => undefined;
  const go = new Promise((resolve) => (goNow = resolve));
  onMessage((m) => {
    if (m === 'go') goNow(undefined);
    if (m === 'stop') stop = true;
  });
  const work = order.kind === 'ingest' ? ingest(order, go) : lookups(order, go, () => stop);
  work.then(
    (result) => post(result),
    (error: unknown) => post({ error: error instanceof Error ? error.message : String(error), latencies: new Float64Array(0) }),
  );
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  post = (m) => port.postMessage(m);
  runClient(workerData as Order, (listener) => port.on('message', listener));
} else if (process.env[CHILD_ENV] === '1' && process.send) {
  post = (m) => process.send!(m);
  process.once('message', (order: Order) => runClient(order, (listener) => process.on('message', listener)));
  process.on('disconnect', () => process.exit(0));
}
