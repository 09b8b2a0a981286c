import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config/index.ts';
import { sql } from '../../platform/db/index.ts';
import { createOutboxWorker } from '../../platform/events/index.ts';
import { parseSignatureHeaders, verifySignedRequest } from '../../platform/integration/index.ts';
import { createLogger } from '../../platform/logging/index.ts';
import { documentBytes, setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';

interface Received {
  headers: http.IncomingHttpHeaders;
  url: string;
  body: Buffer;
  /** The status the receiver answered, and when (ms, performance.now()). */
  answered: number;
  at: number;
}

let t: ExchangeTestContext;
let server: http.Server;
let hookUrl = '';
let received: Received[] = [];
let answer = 200;
/** The test's DNS for names the receivers' systems use here; each answer is taken in turn, the last one repeats. */
const names = new Map<string, string[]>();
let lookups: string[] = [];

async function resolveHost(hostname: string) {
  lookups.push(hostname);
  const answers = names.get(hostname) ?? [];
  const address = (answers.length > 1 ? answers.shift() : answers[0]) ?? '';
  return address === '' ? [] : [{ address, family: 4 as const }];
}

/** A receiving system: records each push in the list `into` returns at that moment. */
function receiver(into: () => Received[]): http.Server {
  return http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      into().push({ headers: request.headers, url: request.url ?? '', body: Buffer.concat(chunks), answered: answer, at: performance.now() });
      response.writeHead(answer).end();
    });
  });
}

beforeAll(async () => {
  // The receiving systems of these tests run on this machine: the operator's allow-list
  // (WEBHOOK_ALLOW_HOSTS) names their address, which the hub would otherwise refuse.
  const { webhookAllowHosts } = loadConfig({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
  t = await setUpExchange({ resolveHost }, { webhookAllowHosts });
  server = receiver(() => received);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/edoc/receive?system=qlvb`;
});
afterAll(async () => {
  server?.close();
  await t?.close();
});
beforeEach(() => {
  received = [];
  answer = 200;
  lookups = [];
  names.clear();
});

/** Runs the outbox like the worker process would, retrying at once and parking after two attempts. */
async function drainOutbox(): Promise<void> {
  const handlers = t.registration.commands ?? {};
  const worker = createOutboxWorker({ database: t.ctx.database, handlers, logger: createLogger('silent'), maxAttempts: 2, retryDelayMs: () => 0 });
  await worker.drain();
}

describe('webhooks', () => {
  let secret = '';

  it('pushes each delivery to the recipient\'s URL, signed, with the original bytes', async () => {
    const set = await t.call(H29, 'PUT', '/api/v1/exchange/webhook', { url: hookUrl });
    expect(set.statusCode).toBe(200);
    secret = (set.json() as { secret: string }).secret;
    const doc = documentBytes({ from: G22, to: [H49, H29] });
    const sent = (await t.call(G22, 'POST', '/api/v1/exchange/packages', doc.bytes)).json() as { id: string };
    await drainOutbox();
    // Only H29 has a webhook.
    expect(received).toHaveLength(1);
    const push = received[0]!;
    expect(push.body.equals(doc.bytes)).toBe(true);
    expect(push.headers['x-egov-package-id']).toBe(sent.id);
    expect(push.headers['x-egov-sender']).toBe(G22);
    const signature = parseSignatureHeaders(push.headers);
    expect(signature.clientId).toBe('egov-exchange');
    // A nonce: a redelivery in the same second is not a replay to a receiver that keeps nonces.
    expect(signature.nonce).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(verifySignedRequest({ ...signature, method: 'POST', path: push.url, body: push.body, secrets: [secret] })).toBe(true);
    const view = (await t.call(G22, 'GET', `/api/v1/exchange/packages/${sent.id}`)).json() as { deliveries: { recipient: string; state: string }[] };
    expect(view.deliveries.map((d) => [d.recipient, d.state])).toEqual([
      [H29, 'delivered'],
      [H49, 'pending'],
    ]);
    // At least once, but a delivery already pushed is not pushed again.
    await sql`UPDATE outbox_events SET status = 'pending', attempts = 0, available_at = now() WHERE type = 'exchange.deliver'`.execute(t.db);
    await drainOutbox();
    expect(received).toHaveLength(1);
  });

  it('keeps a down receiver\'s deliveries in its inbox, and pushes them again on request once it is back', async () => {
    answer = 503;
    const doc = documentBytes({ from: G22, to: [H29] });
    const sent = (await t.call(G22, 'POST', '/api/v1/exchange/packages', doc.bytes)).json() as { id: string };
    await drainOutbox();
    expect(received).toHaveLength(2);
    const parked = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'exchange.deliver' AND status = 'parked'`.execute(t.db);
    expect(parked.rows[0]?.n).toBe(1);
    const inbox = (await t.call(H29, 'GET', '/api/v1/exchange/inbox')).json() as { items: { package: { id: string } }[] };
    expect(inbox.items.map((i) => i.package.id)).toContain(sent.id);

    answer = 200;
    received = [];
    const redeliver = await t.call(H29, 'POST', '/api/v1/exchange/webhook/redeliver', {});
    expect(redeliver.json()).toEqual({ queued: 1 });
    await drainOutbox();
    expect(received.map((r) => r.headers['x-egov-package-id'])).toEqual([sent.id]);
  });

  it('gets every package to a receiving system that was down for a while, once it returns, retrying with backoff', async () => {
    const set = await t.call(H29, 'PUT', '/api/v1/exchange/webhook', { url: hookUrl });
    expect(set.statusCode).toBe(200);
    // The receiving system is down: the gateway in front of it answers 503.
    answer = 503;
    const before = await sql<{ id: number | null }>`SELECT max(id)::int AS id FROM outbox_events`.execute(t.db);
    const retryDelayMs = (attempt: number) => 100 * 2 ** (attempt - 1);
    // The worker as it runs in production (started, woken by NOTIFY or its poll), with short
    // backoff steps and room for more attempts than the outage lasts.
    const worker = createOutboxWorker({
      database: t.ctx.database,
      handlers: t.registration.commands ?? {},
      logger: createLogger('silent'),
      maxAttempts: 10,
      retryDelayMs,
      pollIntervalMs: 50,
    });
    const docs = Array.from({ length: 5 }, () => documentBytes({ from: G22, to: [H29, H49] }));
    const ids: string[] = [];
    const pushesOf = (id: string, status?: number) => received.filter((r) => r.headers['x-egov-package-id'] === id && (status === undefined || r.answered === status));
    const waitFor = async (what: string, done: () => boolean) => {
      for (const deadline = Date.now() + 15_000; !done(); await new Promise((resolve) => setTimeout(resolve, 20))) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; pushes: ${JSON.stringify(received.map((r) => [r.headers['x-egov-package-id'], r.answered]))}`);
      }
    };
    await worker.start();
    try {
      for (const doc of docs) ids.push(((await t.call(G22, 'POST', '/api/v1/exchange/packages', doc.bytes)).json() as { id: string }).id);
      // Down long enough for every push to fail three times, then back.
      await waitFor('three failed pushes of each package', () => ids.every((id) => pushesOf(id, 503).length >= 3));
      answer = 200;
      await waitFor('every package to arrive', () => ids.every((id) => pushesOf(id, 200).length >= 1));
      // Nothing pending is left to push (a second success would show up here).
      await waitFor('the outbox to settle', () => received.at(-1)!.at < performance.now() - 300);
    } finally {
      await worker.stop();
    }

    // Every package arrived, once, with its original bytes.
    for (const [i, id] of ids.entries()) {
      const arrived = pushesOf(id, 200);
      expect(arrived, id).toHaveLength(1);
      expect(arrived[0]!.body.equals(docs[i]!.bytes), id).toBe(true);
      // Each failed push was retried only after its backoff step: 100, 200, 400 ms ….
      const times = pushesOf(id).map((r) => r.at);
      for (let k = 1; k < times.length; k++) expect(times[k]! - times[k - 1]!, `${id}: wait before push ${k + 1}`).toBeGreaterThanOrEqual(retryDelayMs(k) - 5);
    }
    // H49 has no webhook: only H29's deliveries were pushed.
    expect(received.every((r) => ids.includes(String(r.headers['x-egov-package-id'])))).toBe(true);
    const events = await sql<{ status: string; attempts: number }>`
      SELECT status, attempts FROM outbox_events WHERE type = 'exchange.deliver' AND id > ${before.rows[0]?.id ?? 0} ORDER BY id
    `.execute(t.db);
    expect(events.rows.map((e) => e.status)).toEqual(ids.map(() => 'done'));
    for (const e of events.rows) expect(e.attempts).toBeGreaterThanOrEqual(4);
    const view = await t.call(H29, 'GET', '/api/v1/exchange/inbox?limit=200');
    const listed = (view.json() as { items: { package: { id: string } }[] }).items.map((i) => i.package.id);
    expect(listed.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
  });

  it('refuses a URL that is not http(s), and stops pushing once deleted', async () => {
    const bad = await t.call(H29, 'PUT', '/api/v1/exchange/webhook', { url: 'ftp://example.gov.vn/in' });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { code: string } }).error.code).toBe('exchange.webhook_url_invalid');
    expect((await t.call(H29, 'DELETE', '/api/v1/exchange/webhook')).statusCode).toBe(204);
    await t.call(G22, 'POST', '/api/v1/exchange/packages', documentBytes({ from: G22, to: [H29] }).bytes);
    await drainOutbox();
    expect(received).toHaveLength(0);
  });

  it('connects to the address it checked: a name that changes its answer between the check and the connection still reaches the checked address', async () => {
    // The same port on 127.0.0.2: loopback too, but not on the allow-list.
    const port = (server.address() as AddressInfo).port;
    const behind: Received[] = [];
    const internal = receiver(() => behind);
    await new Promise<void>((resolve) => internal.listen(port, '127.0.0.2', resolve));
    try {
      names.set('qlvb.h29.example.vn', ['127.0.0.1']);
      const set = await t.call(H29, 'PUT', '/api/v1/exchange/webhook', { url: `http://qlvb.h29.example.vn:${port}/edoc/receive` });
      expect(set.statusCode).toBe(200);
      // At delivery the first answer is the allowed address; any later one is the internal address.
      names.set('qlvb.h29.example.vn', ['127.0.0.1', '127.0.0.2']);
      lookups = [];
      const sent = (await t.call(G22, 'POST', '/api/v1/exchange/packages', documentBytes({ from: G22, to: [H29] }).bytes)).json() as { id: string };
      await drainOutbox();
      expect(behind).toEqual([]);
      expect(received.map((r) => [r.headers['x-egov-package-id'], r.headers.host])).toEqual([[sent.id, `qlvb.h29.example.vn:${port}`]]);
      expect(lookups).toEqual(['qlvb.h29.example.vn']);
    } finally {
      internal.close();
    }
  });

  it('does not follow a redirect: a webhook answering 3xx has not received the package', async () => {
    const set = await t.call(H29, 'PUT', '/api/v1/exchange/webhook', { url: hookUrl });
    expect(set.statusCode).toBe(200);
    answer = 307;
    const sent = (await t.call(G22, 'POST', '/api/v1/exchange/packages', documentBytes({ from: G22, to: [H29] }).bytes)).json() as { id: string };
    await drainOutbox();
    expect(received.map((r) => r.answered)).toEqual([307, 307]);
    const delivery = await sql<{ push_error: string | null; state: string }>`SELECT push_error, state FROM exchange_deliveries WHERE package_id = ${sent.id}`.execute(t.db);
    expect(delivery.rows[0]).toEqual({ state: 'pending', push_error: expect.stringMatching(/HTTP 307/) });
  });
});
