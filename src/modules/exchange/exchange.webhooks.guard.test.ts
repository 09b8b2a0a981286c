import { promises as dns } from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createOutboxWorker } from '../../platform/events/index.ts';
import { createLogger } from '../../platform/logging/index.ts';
import { documentBytes, setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';

// The hub runs with the default configuration here: no operator allow-list, so nothing on
// this machine or its private networks may be reached by a webhook.

const G22 = '000.00.00.G22';
const H29 = '000.00.00.H29';

let t: ExchangeTestContext;
let server: http.Server;
let port = 0;
let received: string[] = [];
/** The test's DNS: names it knows, the system's resolver for the others (localhost). */
const names = new Map<string, string[]>();
let lookups: string[] = [];

async function resolveHost(hostname: string) {
  lookups.push(hostname);
  const known = names.get(hostname);
  if (known) return known.map((address) => ({ address, family: isIP(address) as 4 | 6 }));
  return (await dns.lookup(hostname, { all: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
}

beforeAll(async () => {
  t = await setUpExchange({ resolveHost });
  server = http.createServer((request, response) => {
    received.push(request.url ?? '');
    request.resume();
    response.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.close();
  await t?.close();
});
beforeEach(async () => {
  received = [];
  lookups = [];
  names.clear();
  await sql`DELETE FROM exchange_webhooks`.execute(t.db);
});

async function setHook(url: string) {
  const response = await t.call(H29, 'PUT', '/api/v1/exchange/webhook', { url });
  return { status: response.statusCode, body: response.json() as { error?: { code: string; message: string; fields?: { field: string }[] }; url?: string } };
}

async function storedHook(): Promise<string | undefined> {
  const rows = await sql<{ url: string }>`SELECT url FROM exchange_webhooks WHERE agency_code = ${H29}`.execute(t.db);
  return rows.rows[0]?.url;
}

describe('webhook URLs and internal addresses', () => {
  it('refuses, when the webhook is set, a URL that reaches the hub itself or an internal network, however the address is spelled', async () => {
    names.set('intranet.example.vn', ['10.20.30.40']);
    names.set('split.example.vn', ['14.225.10.20', '127.0.0.1']);
    names.set('metadata.example.vn', ['169.254.169.254']);
    names.set('nat64.example.vn', ['64:ff9b::a9fe:a9fe']);
    const internal = [
      `http://127.0.0.1:${port}/internal/admin/reset`,
      `http://0x7f.1:${port}/internal/admin/reset`,
      `http://2130706433:${port}/`,
      `http://017700000001:${port}/`,
      `http://127.1:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::127.0.0.1]:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::]:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://localhost:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/latest/meta-data/',
      'http://[64:ff9b::169.254.169.254]/latest/meta-data/',
      'http://10.0.0.1/',
      'http://100.64.0.1/',
      'http://172.16.0.1/',
      'http://172.31.255.255/',
      'http://192.0.0.8/',
      'http://192.168.1.1/',
      'http://198.18.0.1/',
      'http://224.0.0.1/',
      'http://255.255.255.255/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://[ff02::1]/',
      'http://[2002:7f00:1::]/',
      'https://intranet.example.vn/edoc',
      'https://split.example.vn/edoc',
      'https://metadata.example.vn/',
      'https://nat64.example.vn/',
    ];
    for (const url of internal) {
      const answer = await setHook(url);
      expect(answer.status, url).toBe(400);
      expect(answer.body.error?.code, url).toBe('exchange.webhook_url_internal');
      expect(answer.body.error?.fields?.map((f) => f.field), url).toEqual(['url']);
    }
    expect(await storedHook()).toBeUndefined();
    expect(received).toEqual([]);
  });

  it('refuses other schemes and URLs carrying credentials', async () => {
    for (const url of ['file:///etc/passwd', 'gopher://14.225.10.20/', 'ftp://example.gov.vn/in', 'https://user:pass@qlvb.example.vn/in', 'https://token@qlvb.example.vn/in']) {
      const answer = await setHook(url);
      expect(answer.status, url).toBe(400);
      expect(answer.body.error?.code, url).toBe('exchange.webhook_url_invalid');
    }
    expect(await storedHook()).toBeUndefined();
  });

  it('says when the host name does not resolve', async () => {
    names.set('gone.example.vn', []);
    const answer = await setHook('https://gone.example.vn/edoc');
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('exchange.webhook_url_unresolvable');
  });

  it('checks the address again at delivery: a name that now resolves to an internal address gets nothing, and the push is parked', async () => {
    names.set('qlvb.example.vn', ['14.225.10.20']);
    const set = await setHook(`http://qlvb.example.vn:${port}/internal/admin/reset`);
    expect(set.status).toBe(200);

    // The receiver's DNS now points at the hub's own loopback.
    names.set('qlvb.example.vn', ['127.0.0.1']);
    const sent = (await t.call(G22, 'POST', '/api/v1/exchange/packages', documentBytes({ from: G22, to: [H29] }).bytes)).json() as { id: string };
    await sql`UPDATE outbox_events SET status = 'done' WHERE type <> 'exchange.deliver' AND status = 'pending'`.execute(t.db);
    const worker = createOutboxWorker({ database: t.ctx.database, handlers: t.registration.commands ?? {}, logger: createLogger('silent'), maxAttempts: 5, retryDelayMs: () => 0 });
    await worker.drain();

    expect(received).toEqual([]);
    expect(lookups).toContain('qlvb.example.vn');
    const delivery = await sql<{ push_error: string | null; state: string }>`SELECT push_error, state FROM exchange_deliveries WHERE package_id = ${sent.id}`.execute(t.db);
    expect(delivery.rows[0]?.state).toBe('pending');
    expect(delivery.rows[0]?.push_error).toMatch(/127\.0\.0\.1.*internal/);
    // A refusal is not retried: trying again would only knock on the same internal door.
    const events = await sql<{ status: string; attempts: number }>`SELECT status, attempts FROM outbox_events WHERE type = 'exchange.deliver' ORDER BY id DESC LIMIT 1`.execute(t.db);
    expect(events.rows[0]).toMatchObject({ status: 'parked', attempts: 1 });
  });
});
