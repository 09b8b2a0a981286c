import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../platform/config/index.ts';
import { createHttpApp } from '../platform/http/index.ts';
import { acceptVouchedCallers } from '../platform/integration/index.ts';
import { createLogger } from '../platform/logging/index.ts';
import { renderErrorPage } from '../platform/ui/index.ts';
import { compose } from './composition.ts';
import type { ThreadMessage, ThreadRequest } from './ingest-threads.ts';

/**
 * An ingestion thread (app/ingest-threads.ts starts it): the routes of the modules it is given,
 * on their own database pool, answering the requests the serving thread forwards. Its app
 * never listens on a socket: requests come in by message only, and signed ones carry the
 * caller the serving thread verified (acceptVouchedCallers).
 */
const port = parentPort;
if (!port) throw new Error('ingest-thread.ts runs as a worker thread');
const { config, modules } = workerData as { config: Config; modules: string[] };
const logger = createLogger(config.logLevel).child({ thread: 'ingest' });

/**
 * How much lower than the serving thread's this thread's OS priority is (nice). Its work is a
 * bulk batch an agency's system resends if it must; the serving thread's is a citizen waiting.
 * On two cores shared with PostgreSQL, at nice 0 this thread held the serving thread's lookups
 * behind it: in bench:sync the serving thread's event-loop delay and the lookups' p99 were
 * lower at nice 10 in every pair of runs, items a second alike (docs/ARCHITECTURE.md).
 */
const LOWER_PRIORITY_BY = 10;

/** Lowers this thread's priority, and says its nice value (undefined where it cannot). */
function lowerPriority(): number | undefined {
  // On Linux a nice value belongs to each thread: 0 names the calling one. Elsewhere it would
  // lower the whole process, the serving thread with it.
  if (process.platform !== 'linux') return undefined;
  try {
    os.setPriority(Math.min(19, os.getPriority() + LOWER_PRIORITY_BY));
    return os.getPriority();
  } catch (error) {
    logger.warn({ err: { message: (error as Error).message } }, 'ingest thread: its priority could not be lowered');
    return undefined;
  }
}
const nice = lowerPriority();
const composition = await compose(config, logger, { modules });
const app = await createHttpApp({ config, logger, ready: async () => undefined, renderHtmlError: renderErrorPage });
acceptVouchedCallers(app);
for (const registration of composition.registrations) {
  if (modules.includes(registration.name)) await registration.registerRoutes?.(app);
}
await app.ready();

async function answer(request: ThreadRequest): Promise<ThreadMessage> {
  const response = await app.inject({ method: request.method as 'POST', url: request.url, headers: request.headers, payload: Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength), remoteAddress: request.remoteAddress });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') headers[name] = value;
  return { type: 'answer', id: request.id, answer: { statusCode: response.statusCode, headers, body: response.payload } };
}

port.on('message', (message: ThreadRequest | { type: 'close' }) => {
  if (message.type === 'close') {
    void (async () => {
      await app.close();
      await composition.close();
      port.postMessage({ type: 'closed' } satisfies ThreadMessage);
    })();
    return;
  }
  answer(message).then(
    (reply) => port.postMessage(reply),
    (error: Error) => port.postMessage({ type: 'failed', id: message.id, message: error.message } satisfies ThreadMessage),
  );
});
port.postMessage({ type: 'ready', nice } satisfies ThreadMessage);
