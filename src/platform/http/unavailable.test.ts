import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/index.ts';
import { databaseUnavailable, sql } from '../db/index.ts';
import { createLogger } from '../logging/index.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { renderErrorPage } from '../ui/index.ts';
import { createHttpApp, toErrorResponse, type HttpApp } from './index.ts';

// A database outage answers 503 with Retry-After in every envelope, and says nothing of the driver.

describe('answers while the database is unavailable', () => {
  let app: HttpApp;
  let testDb: TestDatabase;
  let ready = true;

  beforeAll(async () => {
    testDb = await createTestDatabase([]);
    app = await createHttpApp({
      config: testConfig(),
      logger: createLogger('silent'),
      ready: async () => {
        if (!ready) throw databaseUnavailable(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
      },
      renderHtmlError: renderErrorPage,
    });
    const outage = () => {
      throw databaseUnavailable(new Error('Connection terminated unexpectedly'));
    };
    app.get('/api/v1/thing', outage);
    app.get('/api/v1/documented', { schema: { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } } }, outage);
    app.get('/page', outage);
    app.get('/api/v1/bad-sql', async () => sql`SELEC 1`.execute(testDb.database.db));
    // A transport with an envelope of its own, as the exchange's VXP one.
    await app.register(async (scope: FastifyInstance) => {
      scope.setErrorHandler((error, _request, reply) => {
        const { status, body } = toErrorResponse(error);
        return reply.status(status).send({ status: 'FAIL', ErrorCode: body.error.code });
      });
      scope.post('/vxp/call', { config: { csrf: false } }, outage);
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.close();
  });

  it('JSON: 503, Retry-After, a stable code and no driver message', async () => {
    const res = await app.inject({ url: '/api/v1/thing' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toEqual({
      error: { code: 'db.unavailable', message: expect.any(String), details: { retryAfterSeconds: 5 } },
    });
    expect(res.body).not.toMatch(/terminated/i);
  });

  it('routes that document their answers document the 503 (OpenAPI), and send it whole', async () => {
    const res = await app.inject({ url: '/api/v1/documented' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({ error: { code: 'db.unavailable', details: { retryAfterSeconds: 5 } } });
    const spec = (await app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, { get: { responses: Record<string, { headers?: Record<string, unknown> }> } }>;
    }>();
    const documented = spec.paths['/api/v1/documented']?.get.responses;
    // 4XX: the default refusal the document gives a route that declares none (openapi.ts).
    expect(Object.keys(documented ?? {})).toEqual(['200', '503', '4XX']);
    expect(documented?.['503']?.headers).toHaveProperty('retry-after');
  });

  it('HTML: the error page says the service is temporarily unavailable, in the visitor’s language', async () => {
    const vi = await app.inject({ url: '/page', headers: { accept: 'text/html' } });
    expect(vi.statusCode).toBe(503);
    expect(vi.headers['retry-after']).toBe('5');
    expect(vi.body).toContain('tạm thời gián đoạn');
    const en = await app.inject({ url: '/page', headers: { accept: 'text/html', cookie: 'lang=en' } });
    expect(en.body).toContain('temporarily unavailable');
    expect(en.body).not.toMatch(/terminated/i);
  });

  it('a route’s own error envelope gets the status and Retry-After too', async () => {
    const res = await app.inject({ method: 'POST', url: '/vxp/call' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toEqual({ status: 'FAIL', ErrorCode: 'db.unavailable' });
  });

  it('readiness: 503 with Retry-After, not cached; liveness stays 200', async () => {
    ready = false;
    try {
      const res = await app.inject({ url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toEqual({ status: 'unavailable' });
      expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
    } finally {
      ready = true;
    }
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
  });

  it('a statement that fails is still a 500 without details, and no Retry-After', async () => {
    const res = await app.inject({ url: '/api/v1/bad-sql' });
    expect(res.statusCode).toBe(500);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.json()).toEqual({ error: { code: 'http.internal_error', message: 'Internal server error' } });
  });
});
