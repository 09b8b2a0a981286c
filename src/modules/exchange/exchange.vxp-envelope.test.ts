import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../app/testing.ts';
import { databaseUnavailable } from '../../platform/db/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { countingBody } from '../../platform/testing/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { documentBytes, setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';
import { SdkClient, type SdkRequest } from './exchange.vxp-sdk.test-support.ts';
import { injector, sdkFor } from './exchange.vxp.test-support.ts';

// The VXP transport's signature checks, and its promise: every answer under /vxp — success or
// refusal, known call or not, a refusal of a hook or of the body's reading, a database
// outage — is the SDK's envelope {status, ErrorCode, ErrorDesc}, never the shell's {error}.

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';
const admin: Actor = { accountId: 'acc-admin', kind: 'admin', displayName: 'Admin', agencyCode: null, roles: [] };
const LARGE = 8 * 1024 * 1024;

let t: ExchangeTestContext;

beforeAll(async () => {
  t = await setUpExchange();
});
afterAll(async () => {
  await t?.close();
});

const fail = (code: string) => ({ status: 'FAIL', ErrorCode: code, ErrorDesc: expect.any(String) });
const headersOf = (request: SdkRequest) => Object.fromEntries(request.headers);
/** An SDK signing as `clientId` with `secret` (a stranger or a wrong secret). */
const signer = (clientId: string, secret: string, options: { timeZone?: string; now?: () => number } = {}) => new SdkClient({ systemId: clientId, secret, send: injector(t.app), ...options });

describe('the signature of a VXP call', () => {
  it('is refused with a wrong secret, from an unknown system, from a revoked one', async () => {
    const c = await t.client(G22);
    expect((await signer(c.clientId, 'not-the-secret').getAgenciesList()).result).toEqual(fail('exchange.vxp_signature_invalid'));
    expect((await signer('sys_00000000000000000000', c.secret).getAgenciesList()).result).toEqual(fail('exchange.vxp_client_unknown'));
    const revoked = await t.agencies.createClient(admin, { agencyCode: '000.00.01.H49' });
    await t.agencies.revokeClient(admin, revoked.clientId);
    const answer = await signer(revoked.clientId, revoked.secret).getAgenciesList();
    expect(answer.httpStatus).toBe(401);
    expect(answer.result).toEqual(fail('exchange.vxp_client_revoked'));
  });

  it('verifies with either secret during a rotation', async () => {
    const created = await t.agencies.createClient(admin, { agencyCode: '000.00.02.H49' });
    const rotated = await t.agencies.rotateClientSecret(admin, created.clientId, { overlapHours: 1 });
    // The resolver remembers a client 5 s; a client seen for the first time is read fresh.
    for (const secret of [created.secret, rotated.secret]) expect((await signer(created.clientId, secret).countReceiveEdoc()).result.status).toBe('OK');
  });

  it('reads the timestamp in the time zone of the client, within five minutes', async () => {
    const created = await t.agencies.createClient(admin, { agencyCode: '000.00.03.H49', timeZone: 'UTC' });
    expect((await signer(created.clientId, created.secret, { timeZone: 'UTC' }).countReceiveEdoc()).result.status).toBe('OK');
    // The same system signing in Vietnam time is seven hours ahead of what it is configured for.
    expect((await signer(created.clientId, created.secret).countReceiveEdoc()).result).toEqual(fail('exchange.vxp_timestamp_skew'));
    const c = await t.client(G22);
    expect((await signer(c.clientId, c.secret, { now: () => Date.now() - 6 * 60_000 }).countReceiveEdoc()).result).toEqual(fail('exchange.vxp_timestamp_skew'));
    expect((await signer(c.clientId, c.secret, { now: () => Date.now() + 6 * 60_000 }).countReceiveEdoc()).result).toEqual(fail('exchange.vxp_timestamp_skew'));
    expect((await signer(c.clientId, c.secret, { now: () => Date.now() - 4 * 60_000 }).countReceiveEdoc()).result.status).toBe('OK');
  });

  it('of sendEdoc must cover the file: without XroadVnpt-hash-file it is refused', async () => {
    const sdk = sdkFor(t.app, await t.client(G22));
    const answer = await sdk.call('sendEdoc', [['from', G22]], { contentType: 'application/octet-stream', body: documentBytes({ from: G22, to: [H49] }).bytes });
    expect(answer.result).toEqual(fail('exchange.vxp_hash_file_missing'));
  });

  it('is checked from the headers before the body: a refused call does not read a large body', async () => {
    const c = await t.client(G22);
    const stranger = signer('sys_00000000000000000000', 'x');
    const wrong = signer(c.clientId, 'not-the-secret');
    const good = sdkFor(t.app, c);
    const cases: [string, (call: string) => Record<string, string>, string][] = [
      ['no signature', () => ({}), 'exchange.vxp_credentials_missing'],
      ['an unknown system', (call) => headersOf(stranger.sign(call, [['hash-file', '0']])), 'exchange.vxp_client_unknown'],
      ['a wrong secret', (call) => headersOf(wrong.sign(call, [['hash-file', '0']])), 'exchange.vxp_signature_invalid'],
      ['sendEdoc without hash-file', (call) => headersOf(good.sign(call, [['from', G22]])), 'exchange.vxp_hash_file_missing'],
    ];
    for (const [label, headers, code] of cases) {
      for (const call of ['sendEdoc', 'getReceivedEdocList', 'updateStatus']) {
        if (label.startsWith('sendEdoc') && call !== 'sendEdoc') continue;
        const body = countingBody(LARGE, Buffer.from('<?xml version="1.0" encoding="UTF-8"?><edXML>'));
        const response = await t.app.inject({
          method: 'POST',
          url: `/vxp/${call}`,
          headers: { ...headers(call), 'content-type': 'application/octet-stream', 'content-length': String(LARGE) },
          payload: body.stream,
        });
        expect(response.statusCode, `${label} ${call}`).toBe(401);
        expect(response.json(), `${label} ${call}`).toEqual(fail(code));
        // At most what was buffered ahead before the refusal, nowhere near the 8 MB sent.
        expect(body.read(), `${label} ${call}`).toBeLessThan(512 * 1024);
        body.stream.destroy();
      }
    }
  });
});

describe('every answer on /vxp is the SDK envelope', () => {
  it('an unknown call, or a known one by another method: 404 exchange.vxp_call_unknown once authenticated, 401 before', async () => {
    const sdk = sdkFor(t.app, await t.client(H49));
    const send = injector(t.app);
    for (const [method, url] of [['POST', '/vxp/getEdocList'], ['POST', '/vxp/'], ['POST', '/vxp'], ['GET', '/vxp/sendEdoc'], ['PUT', '/vxp/getAgenciesList'], ['POST', '/vxp/a/b/c']] as const) {
      const request = sdk.sign('x', []);
      const response = await t.app.inject({ method, url, headers: headersOf(request) });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json(), `${method} ${url}`).toEqual(fail('exchange.vxp_call_unknown'));
      const anonymous = await t.app.inject({ method, url });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
      expect(anonymous.json(), `${method} ${url}`).toEqual(fail('exchange.vxp_credentials_missing'));
    }
    expect((await send({ ...sdk.sign('getEdocs', []), url: '/vxp/getEdocs' })).statusCode).toBe(404);
  });

  it("the shell's CSRF check never answers here, for a known or an unknown call; outside /vxp it still does", async () => {
    const sdk = sdkFor(t.app, await t.client(H49));
    for (const url of ['/vxp/getAgenciesList', '/vxp/unknownCall']) {
      const request = sdk.sign('x', [], { contentType: 'application/x-www-form-urlencoded', body: Buffer.from('a=1') });
      const response = await t.app.inject({ method: 'POST', url, headers: { ...headersOf(request), cookie: '_csrf=forged' }, payload: request.body });
      expect(response.json(), url).toMatchObject({ status: expect.any(String), ErrorCode: expect.not.stringMatching(/csrf/) });
      expect(response.json(), url).not.toHaveProperty('error');
    }
    // The envelope is the transport's own: the rest of the site keeps the shell's.
    const outside = await t.app.inject({ method: 'POST', url: '/vxpx/getAgenciesList', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' });
    expect(outside.json()).toMatchObject({ error: { code: expect.stringMatching(/^http\./) } });
  });

  it('a body over the limit: 413 in the envelope, sendEdoc above the package limit refused before it is read', async () => {
    const sdk = sdkFor(t.app, await t.client(G22));
    const huge = 60 * 1024 * 1024;
    const body = countingBody(huge);
    const request = sdk.sign('sendEdoc', [['hash-file', '0']], { contentType: 'application/octet-stream' });
    const response = await t.app.inject({ method: 'POST', url: '/vxp/sendEdoc', headers: { ...headersOf(request), 'content-length': String(huge) }, payload: body.stream });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual(fail('http.fst_err_ctp_body_too_large'));
    expect(body.read()).toBeLessThan(512 * 1024);
    body.stream.destroy();

    // The other calls carry `{}`: 64 KiB is plenty.
    const list = await sdk.call('getAgenciesList', [], { body: Buffer.alloc(100 * 1024, 0x20) });
    expect(list.httpStatus).toBe(413);
    expect(list.result).toEqual(fail('http.fst_err_ctp_body_too_large'));
  });

  it('a body shorter than its Content-Length: 400 in the envelope', async () => {
    const sdk = sdkFor(t.app, await t.client(G22));
    const request = sdk.sign('getAgenciesList', [], { body: Buffer.from('{}') });
    const response = await t.app.inject({ method: 'POST', url: '/vxp/getAgenciesList', headers: { ...headersOf(request), 'content-length': '10' }, payload: '{}' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(fail('http.fst_err_ctp_invalid_content_length'));
  });
});

describe('the VXP calls in the OpenAPI document', () => {
  it('lists each call with the fields of its answer and the envelope of its refusals', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { description?: string; responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }> }>>;
    };
    const calls = Object.keys(document.paths).filter((p) => p.startsWith('/vxp/'));
    expect(calls.sort()).toEqual(
      ['sendEdoc', 'getReceivedEdocList', 'getEdoc', 'updateStatus', 'getSentEdocList', 'getAgenciesList', 'getAgenciesListQD20', 'getSynchronizeUnit', 'deleteAgency', 'registerAgency', 'countReceiveEdoc']
        .map((c) => `/vxp/${c}`)
        .sort(),
    );
    const send = document.paths['/vxp/sendEdoc']?.post;
    expect(Object.keys(send?.responses['200']?.content['application/json']?.schema.properties ?? {})).toEqual(['status', 'ErrorCode', 'ErrorDesc', 'DocId', 'duplicate', 'warnings']);
    for (const status of ['4XX', '503']) expect(Object.keys(send?.responses[status]?.content['application/json']?.schema.properties ?? {}), status).toContain('ErrorCode');
    expect(send?.description).toContain('XroadVnpt-hash-header');
  });
});

describe('a VXP call during a database outage', () => {
  let platform: TestPlatform;
  let app: HttpApp;
  let outage: 'clients' | 'directory' = 'clients';
  const client = { clientId: 'sys_0000000000000000fa4e', secret: 's3cret-of-the-fake', agencyCode: H49 };

  beforeAll(async () => {
    // The agencies module replaced by one whose database is gone: the fake is the point here.
    const agencies: Partial<AgenciesApi> = {
      isWithin: (code, ancestor) => code === ancestor,
      findAgency: async () => undefined,
      findClient: async (clientId) => {
        if (outage === 'clients') throw databaseUnavailable(new Error('connection terminated'));
        return clientId === client.clientId ? { ...client, name: 'fake', revoked: false, timeZone: 'Asia/Ho_Chi_Minh' } : undefined;
      },
      resolveClientSecrets: async () => [client.secret],
      searchAgencies: async () => {
        throw databaseUnavailable(new Error('connection terminated'));
      },
    };
    platform = await createTestPlatform({ modules: ['exchange'], replace: { agencies } });
    app = await platform.http();
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('is answered 503 with Retry-After in the envelope, whether the signature check or the call meets it', async () => {
    const sdk = new SdkClient({ ...client, systemId: client.clientId, send: injector(app) });
    for (const kind of ['clients', 'directory'] as const) {
      outage = kind;
      const answer = await sdk.getAgenciesList();
      expect(answer.httpStatus, kind).toBe(503);
      expect(answer.headers['retry-after'], kind).toBe('5');
      expect(answer.result, kind).toEqual({ ...fail('db.unavailable'), details: { retryAfterSeconds: 5 } });
      expect(answer.result.ErrorDesc).not.toContain('terminated');
    }
  });
});
