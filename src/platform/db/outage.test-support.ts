import net from 'node:net';

// Test-only: a TCP proxy between a pool and PostgreSQL that a test can cut, to show the
// platform what a database restart or outage looks like from the client side.

export interface DatabaseProxy {
  /** The connection URL through the proxy (same user and database as the target). */
  url: string;
  /** Connections open through the proxy right now. */
  connections(): number;
  /**
   * Ends every connection at once and refuses new ones (ECONNREFUSED) until `restore()`:
   * what a PostgreSQL restart looks like to the client, for as long as it lasts.
   */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  /**
   * A network partition: connections stay open but nothing passes either way, and new ones
   * are accepted and never answered (a host that drops packets never refuses).
   */
  partition(): void;
  /** Ends the partition: what was held passes again. */
  heal(): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (a free port) to the server named in `targetUrl`. */
export async function startDatabaseProxy(targetUrl: string): Promise<DatabaseProxy> {
  const target = new URL(targetUrl);
  const targetHost = target.hostname || '127.0.0.1';
  const targetPort = Number(target.port || 5432);
  const pairs = new Set<{ client: net.Socket; upstream?: net.Socket }>();
  let port = 0;
  let server: net.Server | undefined;
  let partitioned = false;

  function forward(pair: { client: net.Socket; upstream?: net.Socket }): void {
    const upstream = pair.upstream ?? net.connect(targetPort, targetHost);
    if (!pair.upstream) {
      pair.upstream = upstream;
      upstream.on('error', () => drop(pair)).on('close', () => drop(pair));
    }
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
    pair.client.resume();
    upstream.resume();
  }

  function drop(pair: { client: net.Socket; upstream?: net.Socket }): void {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  }

  function accept(client: net.Socket): void {
    const pair: { client: net.Socket; upstream?: net.Socket } = { client };
    pairs.add(pair);
    client.on('error', () => drop(pair)).on('close', () => drop(pair));
    // During a partition the connection is accepted and then nothing comes back.
    if (partitioned) client.pause();
    else forward(pair);
  }

  async function listen(): Promise<void> {
    const next = net.createServer(accept);
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    port = (next.address() as net.AddressInfo).port;
    server = next;
  }

  async function stopListening(): Promise<void> {
    const current = server;
    server = undefined;
    if (!current) return;
    await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  function dropAll(): void {
    for (const pair of pairs) drop(pair);
  }

  await listen();
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    connections: () => pairs.size,
    async cut() {
      const closing = stopListening();
      dropAll();
      await closing;
    },
    async restore() {
      if (!server) await listen();
    },
    partition() {
      partitioned = true;
      for (const pair of pairs) {
        pair.client.unpipe();
        pair.upstream?.unpipe();
        pair.client.pause();
        pair.upstream?.pause();
      }
    },
    heal() {
      partitioned = false;
      for (const pair of pairs) forward(pair);
    },
    async close() {
      const closing = stopListening();
      dropAll();
      await closing;
    },
  };
}

export interface Outcome {
  status: number;
  retryAfter: string | null;
  body: string;
}

/**
 * Runs `request` over and over on `concurrency` lanes until `stop()` is called, recording every
 * answer. A request that could not reach the HTTP server at all is recorded with status 0 (the
 * server is the thing that must stay up, so tests expect none).
 */
export function keepRequesting(concurrency: number, request: (lane: number, n: number) => Promise<Outcome>) {
  const outcomes: Outcome[] = [];
  let running = true;
  const lanes = Array.from({ length: concurrency }, async (_, lane) => {
    for (let n = 0; running; n++) {
      outcomes.push(await request(lane, n).catch((error: unknown) => ({ status: 0, retryAfter: null, body: String(error) })));
    }
  });
  return {
    outcomes,
    /** Answers recorded since `from`. */
    since: (from: number) => outcomes.slice(from),
    async stop(): Promise<Outcome[]> {
      running = false;
      await Promise.all(lanes);
      return outcomes;
    },
  };
}

/** Polls `check` until it holds (every 50 ms), or fails after `timeoutMs` with `what`. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
