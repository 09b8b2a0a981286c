// The load side of bench/latency.ts, in plain JavaScript: a worker thread does not inherit the
// tsx loader. Runs autocannon and posts every 2xx response's latency (ms) back.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const job = workerData;
const samples = [];
const instance = autocannon(
  { url: job.url, connections: job.connections, duration: job.durationS, headers: job.headers, requests: job.paths.map((p) => ({ method: 'GET', path: p })) },
  (error, result) => {
    const durationS = result?.duration ?? job.durationS;
    if (error) parentPort.postMessage({ error: String(error), samples: [], durationS });
    else if (result.non2xx > 0 || result.errors > 0) parentPort.postMessage({ error: `${job.url}: ${result.non2xx} non-2xx, ${result.errors} errors`, samples: [], durationS });
    else parentPort.postMessage({ samples, durationS });
  },
);
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode >= 200 && statusCode < 300) samples.push(responseTime);
});
