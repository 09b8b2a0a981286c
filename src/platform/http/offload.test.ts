import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/index.ts';
import { DomainError } from '../errors/index.ts';
import { createLogger } from '../logging/index.ts';
import { createHttpApp, offloadLargeBodies, OFFLOAD_MIN_BYTES, setRequestOffload, type ForwardedRequest, type HttpApp } from './index.ts';

/** An offload that answers in this thread, keeping what it was given. */
function recordingOffload() {
  const seen: ForwardedRequest[] = [];
  let failNext = false;
  return {
    seen,
    failOnce: () => (failNext = true),
    async answer(request: ForwardedRequest) {
      seen.push(request);
      if (failNext) {
        failNext = false;
        throw new DomainError('thread.gone', 'unavailable', 'Try again', { details: { retryAfterSeconds: 5 } });
      }
      return { statusCode: 202, headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '7', 'x-thread-secret': 'no' }, body: JSON.stringify({ answeredBy: 'thread', bytes: request.body.length }) };
    },
  };
}

const LIMIT = 1024 * 1024;
let app: HttpApp;
let plain: HttpApp;
const offload = recordingOffload();

async function build(withOffload: boolean): Promise<HttpApp> {
  const server = await createHttpApp({ config: testConfig(), logger: createLogger('silent'), ready: async () => undefined });
  if (withOffload) setRequestOffload(server, offload);
  const hook = offloadLargeBodies(server, { vouch: (request) => ({ 'x-vouched': `for ${request.headers['x-who'] ?? 'nobody'}` }) });
  server.post('/batch', { config: { csrf: false }, bodyLimit: LIMIT, ...(hook ? { preParsing: [hook] } : {}) }, async (request) => ({ answeredBy: 'here', items: (request.body as { items: unknown[] }).items.length }));
  await server.ready();
  return server;
}

beforeAll(async () => {
  app = await build(true);
  plain = await build(false);
});
afterAll(async () => {
  await app.close();
  await plain.close();
});

const body = (bytes: number) => {
  // `{"items":[""]}` is 14 bytes: the body is `bytes` long.
  return JSON.stringify({ items: ['x'.repeat(Math.max(0, bytes - 14))] });
};

describe('bulk bodies answered by another thread', () => {
  it('forwards a body of OFFLOAD_MIN_BYTES or more, bytes as sent, and sends the answer with its status', async () => {
    const payload = body(OFFLOAD_MIN_BYTES + 10);
    const response = await app.inject({
      method: 'POST',
      url: '/batch?MaDinhDanhDV=H49',
      payload,
      headers: { 'content-type': 'application/json', 'accept-language': 'vi', 'x-who': 'client-1', authorization: 'Bearer secret', 'x-vouched': 'forged' },
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ answeredBy: 'thread', bytes: Buffer.byteLength(payload) });
    expect(response.headers['retry-after']).toBe('7');
    // Only the answer's content headers come back; this process adds its own security headers.
    expect(response.headers['x-thread-secret']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const forwarded = offload.seen.at(-1)!;
    expect(forwarded.body.toString('utf8')).toBe(payload);
    expect(forwarded.url).toBe('/batch?MaDinhDanhDV=H49');
    expect(forwarded.method).toBe('POST');
    expect(forwarded.remoteAddress).toBe('127.0.0.1');
    // A fixed list of headers, plus what this process vouches for: never what the client says it is.
    expect(forwarded.headers).toEqual({ 'content-type': 'application/json', 'accept-language': 'vi', 'user-agent': 'lightMyRequest', 'x-vouched': 'for client-1' });
  });

  it('keeps smaller bodies here, and every body where the app has no thread', async () => {
    const before = offload.seen.length;
    const small = await app.inject({ method: 'POST', url: '/batch', payload: body(2000), headers: { 'content-type': 'application/json' } });
    expect(small.json()).toEqual({ answeredBy: 'here', items: 1 });
    const large = await plain.inject({ method: 'POST', url: '/batch', payload: body(OFFLOAD_MIN_BYTES * 2), headers: { 'content-type': 'application/json' } });
    expect(large.json()).toEqual({ answeredBy: 'here', items: 1 });
    expect(offload.seen.length).toBe(before);
  });

  it('refuses a body over the route limit without forwarding it', async () => {
    const before = offload.seen.length;
    const response = await app.inject({ method: 'POST', url: '/batch', payload: body(LIMIT + 100), headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(413);
    expect(offload.seen.length).toBe(before);
  });

  it('answers a thread that is not there as the route answers an outage (503, Retry-After)', async () => {
    offload.failOnce();
    const response = await app.inject({ method: 'POST', url: '/batch', payload: body(OFFLOAD_MIN_BYTES), headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({ error: { code: 'thread.gone' } });
  });
});
