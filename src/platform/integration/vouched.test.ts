import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/index.ts';
import { createHttpApp, type HttpApp } from '../http/index.ts';
import { createLogger } from '../logging/index.ts';
import { acceptVouchedCallers, integrationClientOf, vouchForCaller } from './index.ts';

let thread: HttpApp;

beforeAll(async () => {
  thread = await createHttpApp({ config: testConfig(), logger: createLogger('silent'), ready: async () => undefined });
  acceptVouchedCallers(thread);
  thread.post('/signed', { config: { csrf: false, signed: true } }, async (request) => integrationClientOf(request));
  thread.post('/open', { config: { csrf: false } }, async (request) => ({ client: request.integrationClient ?? null }));
  await thread.ready();
});
afterAll(() => thread.close());

describe('callers vouched for by the serving thread', () => {
  it('gives a signed route the caller the serving thread verified', async () => {
    const headers = vouchForCaller({ integrationClient: { clientId: 'c-1', agencyCode: '000.00.00.H49' } } as never);
    const response = await thread.inject({ method: 'POST', url: '/signed', headers: { 'content-type': 'application/json', ...headers }, payload: '{}' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ clientId: 'c-1', agencyCode: '000.00.00.H49' });
  });

  it('refuses a signed route without it (fails closed) and gives unsigned routes no caller', async () => {
    const refused = await thread.inject({ method: 'POST', url: '/signed', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ error: { code: 'integration.signature_missing' } });
    const open = await thread.inject({ method: 'POST', url: '/open', headers: { 'content-type': 'application/json', ...vouchForCaller({ integrationClient: { clientId: 'c-1', agencyCode: 'X' } } as never) }, payload: '{}' });
    expect(open.json()).toEqual({ client: null });
  });

  it('vouches for nobody on a request that was not signed', () => {
    expect(vouchForCaller({} as never)).toEqual({});
  });
});
