import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
}

/**
 * Loads `url` with autocannon from a worker thread, so the load generator does not share the
 * event loop of the servers it measures (they run in this process).
 */
export async function load(url: string, options: { connections: number; durationS: number; paths?: string[] }): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.durationS,
    workers: 1,
    headers: { accept: 'text/html' },
    ...(options.paths ? { requests: options.paths.map((p) => ({ method: 'GET' as const, path: p })) } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}
