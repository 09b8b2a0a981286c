import { Worker } from 'node:worker_threads';

/**
 * Load with autocannon from a worker thread (not the event loop of the servers measured, which
 * run in the bench's process), keeping every response's latency: autocannon's histogram gives
 * p90 and p97.5, and issue #12's target is a p95.
 */
export interface LatencyResult {
  rps: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface LatencyJob {
  url: string;
  connections: number;
  durationS: number;
  headers: Record<string, string>;
  paths: string[];
}

/** The q-quantile of ascending samples (nearest rank). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export function loadWithLatencies(job: LatencyJob): Promise<LatencyResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./latency-worker.mjs', import.meta.url), { workerData: job });
    worker.once('message', (m: { error?: string; samples: number[]; durationS: number }) => {
      void worker.terminate();
      if (m.error) return reject(new Error(m.error));
      const sorted = Float64Array.from(m.samples).sort();
      resolve({ rps: sorted.length / m.durationS, requests: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99) });
    });
    worker.once('error', reject);
  });
}
