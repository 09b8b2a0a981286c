import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../config/index.ts';
import { openDatabase, sql, type Database } from '../db/index.ts';
import { createHttpApp, type HttpApp } from '../http/index.ts';
import { createLogger } from '../logging/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import {
  createDbReplayStore,
  createNonce,
  INTEGRATION_MIGRATIONS_DIR,
  integrationClientOf,
  purgeSeenSignatures,
  registerSignedRequests,
  signRequest,
  type ClientSecretResolver,
  type ReplayStore,
  type ResolvedClient,
} from './index.ts';

const H49 = '000.00.00.H49';
const clients: Record<string, ResolvedClient> = {
  sys_h49: { clientId: 'sys_h49', agencyCode: H49, secrets: ['new-secret', 'old-secret'] },
  sys_revoked: { clientId: 'sys_revoked', agencyCode: H49, secrets: [], revoked: true },
};
let resolverCalls = 0;
const resolver: ClientSecretResolver = {
  async resolve(clientId) {
    resolverCalls += 1;
    return clients[clientId];
  },
};

let testDb: TestDatabase;
let second: Database | undefined;
let app: HttpApp;
let otherApp: HttpApp;
const logLines: string[] = [];

async function buildApp(database: Database, replayStore: ReplayStore = createDbReplayStore(database.db)): Promise<HttpApp> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const instance = await createHttpApp({ config: testConfig(), logger: pino({ level: 'trace' }, sink), ready: async () => undefined });
  registerSignedRequests(instance, { resolver, replayStore });
  const echo = { config: { signed: true, csrf: false } } as const;
  instance.post('/api/integration/status', echo, async (request) => ({ caller: integrationClientOf(request), body: request.body }));
  instance.post('/api/integration/documents', echo, async (request) => {
    const body = request.body as Buffer;
    return { caller: request.integrationClient, isBuffer: Buffer.isBuffer(body), text: body.toString('utf8') };
  });
  instance.get('/api/integration/dossiers', echo, async (request) => ({ caller: request.integrationClient, query: request.query }));
  instance.post('/api/integration/small', { ...echo, bodyLimit: 16 }, async () => ({ ok: true }));
  instance.post('/api/open', { config: { csrf: false } }, async (request) => ({ caller: request.integrationClient ?? null, body: request.body }));
  await instance.ready();
  return instance;
}

beforeAll(async () => {
  testDb = await createTestDatabase([
    { module: 'platform', dir: path.join(import.meta.dirname, '..', 'db', 'migrations') },
    { module: 'platform.integration', dir: INTEGRATION_MIGRATIONS_DIR },
  ]);
  app = await buildApp(testDb.database);
  // A second `serve` process: its own pool on the same PostgreSQL database (PGlite has one connection to share).
  second = testDb.url ? await openDatabase({ databaseUrl: testDb.url, dataDir: 'memory://', poolSize: 5 }) : undefined;
  otherApp = await buildApp(second ?? testDb.database);
});

afterAll(async () => {
  await app?.close();
  await otherApp?.close();
  await second?.close();
  await testDb?.close();
});

beforeEach(() => {
  resolverCalls = 0;
});

const now = () => Math.floor(Date.now() / 1000);
let unique = 0;

interface Call {
  method?: 'GET' | 'POST';
  url?: string;
  body?: string;
  contentType?: string;
  clientId?: string;
  secret?: string;
  timestamp?: number;
  nonce?: string;
  /** Sign this path/body instead of the one sent (tampering). */
  signedUrl?: string;
  signedBody?: string;
}

/** A signed call; each call's body is unique unless given, so tests do not replay each other. */
function signed(call: Call = {}) {
  const method = call.method ?? 'POST';
  const url = call.url ?? '/api/integration/status';
  const body = method === 'GET' ? undefined : (call.body ?? JSON.stringify({ maHoSo: `H49-${++unique}`, trangThai: 'Đã tiếp nhận' }));
  const headers = signRequest({
    clientId: call.clientId ?? 'sys_h49',
    secret: call.secret ?? 'new-secret',
    method,
    path: call.signedUrl ?? url,
    body: call.signedBody ?? body,
    ...(call.timestamp === undefined ? {} : { timestamp: call.timestamp }),
    ...(call.nonce === undefined ? {} : { nonce: call.nonce }),
  });
  const sent: Record<string, string> = { ...headers, ...(body === undefined ? {} : { 'content-type': call.contentType ?? 'application/json' }) };
  return {
    method,
    url,
    headers: sent,
    ...(body === undefined ? {} : { payload: body }),
  };
}

async function nonceCount(): Promise<number> {
  return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM integration_request_nonces`.execute(testDb.database.db)).rows[0]?.n ?? -1;
}

function expectRefused(response: { statusCode: number; json(): { error: { code: string } } }, code: string) {
  expect(response.statusCode).toBe(401);
  expect(response.json().error.code).toBe(code);
}

describe('signed routes', () => {
  it('accept a signed JSON POST, parse its body and name the calling client and agency', async () => {
    const response = await app.inject(signed({ body: '{"maHoSo":"H49-1","trangThai":"Đã tiếp nhận"}' }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ caller: { clientId: 'sys_h49', agencyCode: H49 }, body: { maHoSo: 'H49-1', trangThai: 'Đã tiếp nhận' } });
  });

  it('accept a signed XML POST and hand the route the exact bytes', async () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><edXML><Subject>Công văn số 12/UBND</Subject></edXML>';
    for (const contentType of ['application/xml', 'text/xml; charset=utf-8']) {
      const response = await app.inject(signed({ url: '/api/integration/documents', body: `${xml}<!-- ${contentType} -->`, contentType }));
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ caller: { clientId: 'sys_h49', agencyCode: H49 }, isBuffer: true, text: `${xml}<!-- ${contentType} -->` });
    }
  });

  it('accept a signed XML POST sent in chunks without a Content-Length', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><edXML><Subject>Văn bản gửi từng phần ${++unique}</Subject></edXML>`;
    const request = signed({ url: '/api/integration/documents', body: xml, contentType: 'application/xml' });
    const bytes = Buffer.from(xml);
    const response = await app.inject({ ...request, payload: Readable.from([bytes.subarray(0, 10), bytes.subarray(10, 50), bytes.subarray(50)]) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ isBuffer: true, text: xml });
  });

  it('sign the path with its query string exactly as sent', async () => {
    const url = '/api/integration/dossiers?since=2026-01-01T00%3A00Z&page=2';
    const response = await app.inject(signed({ method: 'GET', url }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ caller: { clientId: 'sys_h49', agencyCode: H49 }, query: { since: '2026-01-01T00:00Z', page: '2' } });
    // The same query decoded differently is not what was signed.
    expectRefused(await app.inject(signed({ method: 'GET', url: '/api/integration/dossiers?since=2026-01-01T00:00Z&page=2', signedUrl: url })), 'integration.signature_invalid');
  });

  it('refuse a wrong secret, a tampered body and a tampered path', async () => {
    expectRefused(await app.inject(signed({ secret: 'guessed-secret' })), 'integration.signature_invalid');
    expectRefused(await app.inject(signed({ body: '{"maHoSo":"H49-2","trangThai":"Từ chối"}', signedBody: '{"maHoSo":"H49-2","trangThai":"Đã tiếp nhận"}' })), 'integration.signature_invalid');
    expectRefused(await app.inject(signed({ url: '/api/integration/status?force=1', signedUrl: '/api/integration/status' })), 'integration.signature_invalid');
    expectRefused(await app.inject(signed({ url: '/api/integration/documents', signedUrl: '/api/integration/status', contentType: 'application/xml' })), 'integration.signature_invalid');
  });

  it('refuse a timestamp more than 300 s old or ahead, before any lookup or database write', async () => {
    const before = await nonceCount();
    expectRefused(await app.inject(signed({ timestamp: now() - 301 })), 'integration.timestamp_skew');
    expectRefused(await app.inject(signed({ timestamp: now() + 301 })), 'integration.timestamp_skew');
    expect(resolverCalls).toBe(0);
    expect(await nonceCount()).toBe(before);
    // Well inside the window both ways (the exact boundary is unit-tested in signature.test.ts).
    expect((await app.inject(signed({ timestamp: now() - 290 }))).statusCode).toBe(200);
    expect((await app.inject(signed({ timestamp: now() + 290 }))).statusCode).toBe(200);
  });

  it('refuse the exact same request the second time', async () => {
    const request = signed();
    expect((await app.inject(request)).statusCode).toBe(200);
    expectRefused(await app.inject(request), 'integration.replay');
    // Signed anew a second later, the same content is a new request.
    expect((await app.inject(signed({ body: request.payload, timestamp: Number(request.headers['X-Egov-Timestamp']) + 1 }))).statusCode).toBe(200);
  });

  it('refuse a replay across two app instances sharing the database, and accept exactly one of two simultaneous copies', async () => {
    const request = signed();
    expect((await app.inject(request)).statusCode).toBe(200);
    expectRefused(await otherApp.inject(request), 'integration.replay');

    const race = signed();
    const statuses = (await Promise.all([app.inject(race), otherApp.inject(race), app.inject(race), otherApp.inject(race)])).map((r) => r.statusCode);
    expect(statuses.sort()).toEqual([200, 401, 401, 401]);
  });

  it('accept both the old and the new secret during a rotation overlap', async () => {
    expect((await app.inject(signed({ secret: 'old-secret' }))).statusCode).toBe(200);
    expect((await app.inject(signed({ secret: 'new-secret' }))).statusCode).toBe(200);
  });

  it('refuse an unknown or revoked client', async () => {
    expectRefused(await app.inject(signed({ clientId: 'sys_nobody' })), 'integration.client_unknown');
    expectRefused(await app.inject(signed({ clientId: 'sys_revoked', secret: 'whatever' })), 'integration.client_revoked');
  });

  it('refuse a request with a signature header missing, or none at all, and do not run the handler', async () => {
    for (const name of ['X-Egov-Client', 'X-Egov-Timestamp', 'X-Egov-Signature']) {
      const request = signed();
      const headers: Record<string, string> = { ...request.headers };
      delete headers[name];
      expectRefused(await app.inject({ ...request, headers }), 'integration.signature_missing');
    }
    expectRefused(await app.inject({ method: 'POST', url: '/api/integration/status', payload: { a: 1 } }), 'integration.signature_missing');
    expectRefused(await app.inject({ method: 'GET', url: '/api/integration/dossiers' }), 'integration.signature_missing');
  });

  it('keep the route body limit and refuse a larger body', async () => {
    expect((await app.inject(signed({ url: '/api/integration/small', body: '{"a":1}' }))).statusCode).toBe(200);
    expect((await app.inject(signed({ url: '/api/integration/small', body: JSON.stringify({ a: 'x'.repeat(100) }) }))).statusCode).toBe(413);
  });

  it('leave unsigned routes alone: no headers needed, none checked, no caller', async () => {
    const plain = await app.inject({ method: 'POST', url: '/api/open', payload: { a: 1 } });
    expect(plain.statusCode).toBe(200);
    expect(plain.json()).toEqual({ caller: null, body: { a: 1 } });
    const forged = await app.inject({ ...signed({ url: '/api/open', secret: 'wrong' }) });
    expect(forged.statusCode).toBe(200);
    expect(forged.json().caller).toBeNull();
    expect(resolverCalls).toBe(0);
  });

  it('never log a secret or a signature', async () => {
    const request = signed({ secret: 'old-secret' });
    await app.inject(request);
    await app.inject(request);
    await app.inject(signed({ secret: 'guessed-secret' }));
    const log = logLines.join('');
    expect(log).toContain('integration.replay');
    for (const secret of ['old-secret', 'new-secret', 'guessed-secret', request.headers['X-Egov-Signature']]) expect(log).not.toContain(secret);
  });
});

describe('signed routes with a nonce (X-Egov-Nonce)', () => {
  const nonce = () => `n-${createNonce()}`;

  it('accept identical requests signed in the same second when each has its own nonce (a retry, a second poll)', async () => {
    const timestamp = now();
    const body = '{"maHoSo":"H49-poll","trangThai":"Đã tiếp nhận"}';
    for (let i = 0; i < 3; i++) expect((await app.inject(signed({ body, timestamp, nonce: nonce() }))).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) expect((await app.inject(signed({ method: 'GET', url: '/api/integration/dossiers?page=1', timestamp, nonce: nonce() }))).statusCode).toBe(200);
  });

  it('refuse a nonce the client used before, whatever else changed, across app instances', async () => {
    const used = nonce();
    expect((await app.inject(signed({ nonce: used }))).statusCode).toBe(200);
    expectRefused(await app.inject(signed({ nonce: used })), 'integration.replay');
    expectRefused(await otherApp.inject(signed({ nonce: used, timestamp: now() + 5, url: '/api/integration/documents', contentType: 'application/xml' })), 'integration.replay');
  });

  it('scope a nonce to its client: another client may choose the same one', async () => {
    const shared = nonce();
    clients.sys_other = { clientId: 'sys_other', agencyCode: '000.00.00.G15', secrets: ['other-secret'] };
    expect((await app.inject(signed({ nonce: shared }))).statusCode).toBe(200);
    expect((await app.inject(signed({ nonce: shared, clientId: 'sys_other', secret: 'other-secret' }))).statusCode).toBe(200);
    expectRefused(await app.inject(signed({ nonce: shared, clientId: 'sys_other', secret: 'other-secret' })), 'integration.replay');
  });

  it('refuse a malformed nonce before any lookup, and a nonce added to a request signed without one', async () => {
    const malformed = signed();
    expectRefused(await app.inject({ ...malformed, headers: { ...malformed.headers, 'X-Egov-Nonce': 'too-short' } }), 'integration.nonce_invalid');
    expect(resolverCalls).toBe(0);
    const plain = signed();
    expectRefused(await app.inject({ ...plain, headers: { ...plain.headers, 'X-Egov-Nonce': nonce() } }), 'integration.signature_invalid');
  });

  it('leave requests without a nonce under the rule they had: one use of each signature', async () => {
    const request = signed();
    expect((await app.inject(request)).statusCode).toBe(200);
    expectRefused(await app.inject(request), 'integration.replay');
  });

  it('record only requests whose signature verified: a bad signature leaves its nonce usable', async () => {
    const mine = nonce();
    expectRefused(await app.inject(signed({ nonce: mine, secret: 'guessed-secret' })), 'integration.signature_invalid');
    expect((await app.inject(signed({ nonce: mine }))).statusCode).toBe(200);
  });
});

describe('the OpenAPI document', () => {
  it('describes the signature, nonce included, as the security scheme of signed routes only', async () => {
    const spec = (await app.inject('/api/openapi.json')).json<{
      components: { securitySchemes?: Record<string, { type: string; in: string; name: string; description: string }> };
      paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
    }>();
    const scheme = spec.components.securitySchemes?.egovSignedRequest;
    expect(scheme).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Egov-Signature' });
    for (const text of ['X-Egov-Client', 'X-Egov-Timestamp', 'X-Egov-Nonce', '<timestamp>\\n<nonce>\\n<METHOD>\\n<path>\\n<hex SHA-256 of the body>', 'integration.replay']) {
      expect(scheme?.description).toContain(text);
    }
    expect(spec.paths['/api/integration/status']?.post?.security).toEqual([{ egovSignedRequest: [] }]);
    // An unsigned route without a 401 is public (the document says so: redocly's security-defined).
    expect(spec.paths['/api/open']?.post?.security).toEqual([]);
  });
});

describe('wiring', () => {
  it('refuses at startup a signed route that still expects a CSRF token', async () => {
    const bare = await createHttpApp({ config: testConfig(), logger: createLogger('silent'), ready: async () => undefined });
    registerSignedRequests(bare, { resolver, replayStore: createDbReplayStore(testDb.database.db) });
    expect(() => bare.post('/api/integration/x', { config: { signed: true } }, async () => ({}))).toThrow(/csrf/);
    await bare.close();
  });

  it('fails closed when a route reads the caller but signing was never wired', async () => {
    const bare = await createHttpApp({ config: testConfig(), logger: createLogger('silent'), ready: async () => undefined });
    bare.post('/api/integration/x', { config: { signed: true, csrf: false } }, async (request) => integrationClientOf(request));
    expectRefused(await bare.inject({ method: 'POST', url: '/api/integration/x', payload: {} }), 'integration.signature_missing');
    await bare.close();
  });
});

describe('replay records', () => {
  it('are purged once older than the retention, by any request with some probability or by the worker', async () => {
    const db = testDb.database.db;
    const old = 'a'.repeat(64);
    const recent = 'b'.repeat(64);
    await sql`INSERT INTO integration_request_nonces (signature, client_id, seen_at) VALUES (${old}, 'sys_h49', now() - interval '11 minutes'), (${recent}, 'sys_h49', now() - interval '5 minutes')`.execute(db);

    const never = createDbReplayStore(db, { random: () => 0.5, purgeProbability: 0.01 });
    expect(await never.remember('c'.repeat(64), 'sys_h49', 660)).toBe(true);
    const signatures = async () => (await sql<{ signature: string }>`SELECT signature FROM integration_request_nonces`.execute(db)).rows.map((r) => r.signature);
    expect(await signatures()).toContain(old);

    const always = createDbReplayStore(db, { random: () => 0 });
    expect(await always.remember('d'.repeat(64), 'sys_h49', 660)).toBe(true);
    expect(await always.remember('d'.repeat(64), 'sys_h49', 660)).toBe(false);
    const left = await signatures();
    expect(left).not.toContain(old);
    expect(left).toEqual(expect.arrayContaining([recent, 'c'.repeat(64), 'd'.repeat(64)]));

    expect(await purgeSeenSignatures(db, 60)).toBeGreaterThanOrEqual(1);
    expect(await signatures()).not.toContain(recent);
    expect(await signatures()).toContain('d'.repeat(64));
  });
});
