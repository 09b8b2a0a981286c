import { Worker } from 'node:worker_threads';

/**
 * Load with autocannon from a worker thread (the servers measured run in this process), keeping
 * every response time in a histogram of 0.1 ms buckets: percentiles such as p95 are read from it,
 * where autocannon's own summary gives only p90 and p97.5.
 */
export interface LatencyResult {
  rps: number;
  requests: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require('autocannon');
const { url, connections, duration, headers, paths } = workerData;
const BUCKET_MS = 0.1, BUCKETS = 100000; // up to 10 s; slower answers land in the last bucket
const histogram = new Uint32Array(BUCKETS);
let max = 0;
const started = performance.now();
// Inside a worker thread autocannon returns its raw result (no aggregated summary): the rate is counted here.
const instance = autocannon({ url, connections, duration, headers, requests: paths.map((path) => ({ method: 'GET', path })) }, (error, result) => {
  if (error) throw error;
  parentPort.postMessage({ histogram, max, rps: result.totalCompletedRequests / ((performance.now() - started) / 1000), non2xx: result.non2xx, errors: result.errors });
});
instance.on('response', (_client, _status, _bytes, ms) => {
  histogram[Math.min(BUCKETS - 1, Math.floor(ms / BUCKET_MS))]++;
  if (ms > max) max = ms;
});
`;

/** The upper bound (ms) of the bucket holding the q-quantile (nearest rank). */
export function percentile(histogram: Uint32Array, q: number, bucketMs = 0.1): number {
  let n = 0;
  for (const c of histogram) n += c;
  if (n === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i]!;
    if (seen >= rank) return Math.round((i + 1) * bucketMs * 10) / 10;
  }
  return histogram.length * bucketMs;
}

export function loadWithHistogram(url: string, options: { connections: number; durationS: number; headers: Record<string, string>; paths: string[] }): Promise<LatencyResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { url, connections: options.connections, duration: options.durationS, headers: options.headers, paths: options.paths } });
    worker.once('error', reject);
    worker.once('message', (m: { histogram: Uint32Array; max: number; rps: number; non2xx: number; errors: number }) => {
      void worker.terminate();
      if (m.non2xx > 0 || m.errors > 0) return reject(new Error(`${url}: ${m.non2xx} non-2xx, ${m.errors} errors`));
      const requests = m.histogram.reduce((a, b) => a + b, 0);
      resolve({ rps: m.rps, requests, p50: percentile(m.histogram, 0.5), p90: percentile(m.histogram, 0.9), p95: percentile(m.histogram, 0.95), p99: percentile(m.histogram, 0.99), max: Math.round(m.max * 10) / 10 });
    });
  });
}

/** The q-quantile of ascending samples (nearest rank): for the serial timings, which are few. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
