/**
 * The sending and receiving systems of bench:exchange, in a worker thread so that the
 * load they generate (HTTP clients, signing, building packages) does not share the event
 * loop of the hub it measures. Started by exchange.bench.ts with the hub's URL and the
 * integration clients; posts back the elapsed time and the send→visible latencies.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { signRequest } from '../src/platform/integration/index.ts';
import { buildEdxml } from '../src/modules/exchange/index.ts';
import { sampleDocument, sampleOrganization } from '../src/modules/exchange/edxml/samples.ts';

export interface ClientsInput {
  base: string;
  packages: number;
  /** Number of each sender's first package: a run after the warm-up sends new DocumentIds. */
  firstNumber: number;
  senders: string[];
  receivers: string[];
  clients: Record<string, { clientId: string; secret: string }>;
  /** batch: one POST /acks per inbox page; single: one POST …/ack per delivery. */
  ackMode: 'batch' | 'single';
  ackConcurrency: number;
}

/**
 * Receivers (here and for pg-boss in exchange.bench.ts) poll again at once after a full page,
 * and wait this long after a page that was not full: a tight loop of polls for a handful of
 * new deliveries each is not how a receiving system works, and would measure poll overhead.
 */
export const DRAINED_WAIT_MS = 20;
/** The smallest page size a receiver asks for (pollUrl varies it from 200 down). */
const PAGE_MIN = 101;

export interface ClientsOutcome {
  seconds: number;
  /** When the last send was answered: the rest of `seconds` is receivers catching up. */
  sendSeconds?: number;
  latencies: number[];
}

// ~5 KB packages: the sample document with a small attachment, numbered per sender.
const attachment = randomBytes(120).toString('base64');
export function packageOf(from: string, receivers: string[], n: number): { documentId: string; bytes: Buffer } {
  const doc = sampleDocument();
  const number = `${n}/BENCH`;
  const documentId = `${from},2026/03/02,${number}`;
  const bytes = buildEdxml({
    ...doc,
    from: sampleOrganization(from, `UBND ${from}`),
    to: receivers.map((r) => sampleOrganization(r, `Bộ ${r}`)),
    documentId: { raw: documentId, issuerOrganId: from, date: { raw: '2026/03/02', iso: '2026-03-02' }, codeNumberNotation: number },
    attachments: [{ ...doc.attachments[0]!, content: attachment }],
  });
  return { documentId, bytes };
}

/** The packages of each sender, `packages` in all, numbered per sender from `firstNumber`. */
export function prebuild(senders: string[], receivers: string[], packages: number, firstNumber = 0): { documentId: string; bytes: Buffer }[][] {
  const perSender = Math.ceil(packages / senders.length);
  return senders.map((from, s) =>
    Array.from({ length: Math.max(0, Math.min(perSender, packages - s * perSender)) }, (_, n) => packageOf(from, receivers, firstNumber + n)),
  );
}

export async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function run(input: ClientsInput): Promise<ClientsOutcome> {
  const { base, packages, senders, receivers, clients } = input;
  // The replay guard refuses a signature seen before, and a poll of the same URL in the same
  // second would sign the same text: a receiver varies the page size (a real client would wait).
  const usedPolls = new Set<string>();
  async function pollUrl(agency: string): Promise<{ url: string; timestamp: number }> {
    for (;;) {
      const now = Math.floor(Date.now() / 1000);
      for (let limit = 200; limit > 100; limit--) {
        const key = `${agency} ${now} ${limit}`;
        if (!usedPolls.has(key)) {
          usedPolls.add(key);
          // Signed with this very second: a later second would make the pair repeatable.
          return { url: `/api/v1/exchange/inbox?limit=${limit}`, timestamp: now };
        }
      }
      await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
    }
  }
  // node:http with keep-alive: the load generator should cost as little as it can, since
  // in reality the agencies' systems run on their own machines, not on the hub's cores.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(base);
  async function call(agency: string, method: 'GET' | 'POST', url: string, body?: Buffer, contentType = 'application/xml', timestamp?: number): Promise<{ json(): Promise<unknown> }> {
    const c = clients[agency]!;
    const headers = signRequest({ clientId: c.clientId, secret: c.secret, method, path: url, body, timestamp });
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        { agent, host: target.hostname, port: target.port, method, path: url, headers: { ...headers, ...(body ? { 'content-type': contentType, 'content-length': String(body.length) } : {}) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    if (answer.status >= 300) throw new Error(`${method} ${url}: ${answer.status} ${answer.text}`);
    return { json: async () => JSON.parse(answer.text) as unknown };
  }

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  // Built before the clock starts: writing packages is the senders' own work, on their own machines.
  const outboxes = prebuild(senders, receivers, packages, input.firstNumber);
  const start = performance.now();
  const sending = senders.map(async (from, s) => {
    for (const { documentId, bytes } of outboxes[s]!) {
      sentAt.set(documentId, performance.now());
      await call(from, 'POST', '/api/v1/exchange/packages', bytes);
    }
  });
  const receiving = receivers.map(async (agency) => {
    let acked = 0;
    const seen = new Set<string>();
    while (acked < packages) {
      const poll = await pollUrl(agency);
      const page = (await (await call(agency, 'GET', poll.url, undefined, undefined, poll.timestamp)).json()) as { items: { package: { id: string; documentId: string } }[] };
      if (page.items.length === 0) {
        await new Promise((r) => setTimeout(r, DRAINED_WAIT_MS));
        continue;
      }
      const now = performance.now();
      for (const item of page.items) {
        if (seen.has(item.package.id)) continue;
        seen.add(item.package.id);
        const t0 = sentAt.get(item.package.documentId);
        if (t0 !== undefined) latencies.push(now - t0);
      }
      if (input.ackMode === 'batch') {
        const body = Buffer.from(JSON.stringify({ acks: page.items.map((i) => ({ id: i.package.id, result: 'done' })) }));
        await call(agency, 'POST', '/api/v1/exchange/acks', body, 'application/json');
      } else {
        await pool(page.items, input.ackConcurrency, async (item) => {
          await call(agency, 'POST', `/api/v1/exchange/packages/${item.package.id}/ack`, Buffer.from('{"result":"done"}'), 'application/json');
        });
      }
      acked += page.items.length;
      // A drained inbox (a page not full): wait before the next poll, as a real system would.
      if (page.items.length < PAGE_MIN) await new Promise((r) => setTimeout(r, DRAINED_WAIT_MS));
    }
  });
  let sendSeconds = 0;
  await Promise.all([Promise.all(sending).then(() => (sendSeconds = (performance.now() - start) / 1000)), ...receiving]);
  return { seconds: (performance.now() - start) / 1000, sendSeconds, latencies };
}

if (parentPort && workerData) {
  const port = parentPort;
  run(workerData as ClientsInput).then(
    (outcome) => port.postMessage({ outcome }),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
}
