import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../platform/config/index.ts';
import { DomainError } from '../platform/errors/index.ts';
import type { ForwardedAnswer, ForwardedRequest, RequestOffload } from '../platform/http/index.ts';
import type { Logger } from '../platform/logging/index.ts';

/**
 * The serving process's ingestion threads (INGEST_THREADS, PostgreSQL only): bulk bodies of
 * the status sync hub are answered there (platform/http/offload.ts), so that the event loop
 * serving citizens' lookups does not parse, check and collect the garbage of thousands of
 * items a second. Each thread runs the same routes on its own pool (app/ingest-thread.ts).
 * A thread that dies fails its requests as "unavailable, retry" (agencies' systems resend)
 * and is started again.
 */

/** A forwarded request on its way to a thread: the body as bytes whose memory moves with the message. */
export type ThreadRequest = Omit<ForwardedRequest, 'body'> & { type: 'request'; id: number; body: Uint8Array };
export type ThreadMessage =
  | { type: 'ready'; nice: number | undefined }
  | { type: 'closed' }
  | { type: 'answer'; id: number; answer: ForwardedAnswer }
  | { type: 'failed'; id: number; message: string };

/** The modules whose bulk routes the threads answer. */
const INGEST_MODULES = ['statussync'];
/** Wait before starting a thread again that died, doubled while it keeps dying at start, up to the cap. */
const RESTART_DELAY_MS = 1_000;
const RESTART_DELAY_MAX_MS = 30_000;

const unavailable = (why: string) =>
  new DomainError('http.ingest_unavailable', 'unavailable', 'The service is temporarily unavailable. Please try again in a few seconds.', { details: { retryAfterSeconds: 5 }, cause: new Error(why) });

// The thread is TypeScript with TSX pages: the tsx loader is registered in it before its entry.
// Its ES module API, as tsx's exports map names it (require.resolve would give the CommonJS
// build, whose register() fails when imported as a module).
function tsxModuleApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const exported = (require(manifest) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  return pathToFileURL(path.join(path.dirname(manifest), exported)).href;
}
const tsxApi = tsxModuleApi();
const entry = new URL('./ingest-thread.ts', import.meta.url).href;
const BOOT = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, { resolve(answer: ForwardedAnswer): void; reject(error: Error): void }>;
  nice?: number | undefined;
}

export interface IngestThreads extends RequestOffload {
  /** Requests the threads have answered since they started (tests, diagnostics). */
  readonly answered: number;
  /** Each running thread's OS nice value, once it is ready (undefined where it is not lowered: app/ingest-thread.ts). */
  readonly nice: readonly (number | undefined)[];
  close(): Promise<void>;
}

export function startIngestThreads(config: Config, logger: Logger, count: number): IngestThreads {
  let nextId = 1;
  let closing = false;
  let answered = 0;
  const threads: (Thread | undefined)[] = [];
  const restartDelays: number[] = [];

  function start(slot: number): Thread {
    const worker = new Worker(BOOT, { eval: true, workerData: { config, modules: INGEST_MODULES } });
    const pending: Thread['pending'] = new Map();
    let markReady: () => void = () => undefined;
    let failStart: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    ready.catch(() => undefined);
    const thread: Thread = { worker, ready, pending };
    worker.on('message', (message: ThreadMessage) => {
      if (message.type === 'ready') {
        restartDelays[slot] = RESTART_DELAY_MS;
        thread.nice = message.nice;
        markReady();
      }
      else if (message.type === 'answer') {
        answered++;
        pending.get(message.id)?.resolve(message.answer);
      }
      else if (message.type === 'failed') pending.get(message.id)?.reject(unavailable(message.message));
      if (message.type === 'answer' || message.type === 'failed') pending.delete(message.id);
    });
    worker.on('error', (error) => logger.error({ err: { message: error.message, stack: error.stack }, slot }, 'ingest thread failed'));
    worker.on('exit', (code) => {
      const error = unavailable(`ingest thread ${slot} exited (${code})`);
      failStart(error);
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
      if (threads[slot] === thread) threads[slot] = undefined;
      if (!closing) {
        const delay = restartDelays[slot] ?? RESTART_DELAY_MS;
        restartDelays[slot] = Math.min(delay * 2, RESTART_DELAY_MAX_MS);
        logger.warn({ slot, code, restartInMs: delay }, 'ingest thread exited: starting it again');
        setTimeout(() => {
          if (!closing && threads[slot] === undefined) threads[slot] = start(slot);
        }, delay).unref();
      }
    });
    return thread;
  }

  // libuv's thread pool (fs, dns, crypto and zlib work of the whole process) is made by the
  // first thread that uses it, and its threads inherit that thread's nice value: made by an
  // ingestion thread after it lowered its priority (its pool's first DNS lookup of the database
  // host, say), every such job of the serving thread would run lowered too. One job from here
  // makes the pool first, at the serving thread's priority.
  if (count > 0) fs.stat(fileURLToPath(import.meta.url), () => undefined);
  for (let slot = 0; slot < count; slot++) threads[slot] = start(slot);

  return {
    get answered() {
      return answered;
    },
    get nice() {
      return threads.map((t) => t?.nice);
    },
    async answer(request) {
      // The least busy thread that is running.
      const running = threads.filter((t): t is Thread => t !== undefined);
      const thread = running.sort((a, b) => a.pending.size - b.pending.size)[0];
      if (!thread || closing) throw unavailable('no ingest thread is running');
      await thread.ready;
      const id = nextId++;
      const answered = new Promise<ForwardedAnswer>((resolve, reject) => thread.pending.set(id, { resolve, reject }));
      const body = request.body;
      // The body's memory moves to the thread when the Buffer owns all of it (it was read into one of its size).
      const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      const bytes = own ? body.buffer : new Uint8Array(body).buffer;
      thread.worker.postMessage({ ...request, body: new Uint8Array(bytes), type: 'request', id } satisfies ThreadRequest, [bytes as ArrayBuffer]);
      return answered;
    },
    async close() {
      closing = true;
      await Promise.all(
        threads.map(async (thread) => {
          if (!thread) return;
          const closed = new Promise<void>((resolve) => {
            thread.worker.on('message', (m: ThreadMessage) => m.type === 'closed' && resolve());
            thread.worker.once('exit', () => resolve());
          });
          thread.worker.postMessage({ type: 'close' });
          await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
          await thread.worker.terminate();
        }),
      );
    },
  };
}
