import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/index.ts';
import { DomainError } from '../errors/index.ts';
import { createLogger } from '../logging/index.ts';
import { renderErrorPage } from '../ui/index.ts';
import { createHttpApp, safeRedirect, type HttpApp } from './app.ts';

describe('HTTP shell', () => {
  let app: HttpApp;
  let ready = true;

  beforeAll(async () => {
    app = await createHttpApp({
      config: testConfig(),
      logger: createLogger('silent'),
      ready: async () => {
        if (!ready) throw new Error('database down');
      },
      renderHtmlError: renderErrorPage,
    });
    app.get('/form', async (_request, reply) => ({ token: reply.generateCsrf() }));
    app.post('/form', async () => ({ saved: true }));
    app.post('/signed', { config: { csrf: false } }, async () => ({ accepted: true }));
    app.get('/boom', async () => {
      throw new Error('secret internal detail');
    });
    app.get('/denied', async () => {
      throw new DomainError('dossiers.not_yours', 'forbidden', 'Not your dossier');
    });
    app.post('/typed', { config: { csrf: false }, bodyLimit: 64, schema: { body: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } }, async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers the health probes and reports an unready database as 503', async () => {
    expect((await app.inject('/health/live')).statusCode).toBe(200);
    expect((await app.inject('/health/ready')).statusCode).toBe(200);
    ready = false;
    expect((await app.inject('/health/ready')).statusCode).toBe(503);
    ready = true;
  });

  it('refuses a form post without its CSRF token and accepts it with one', async () => {
    const refused = await app.inject({ method: 'POST', url: '/form', payload: { a: '1' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('http.csrf_invalid');

    const page = await app.inject('/form');
    const cookie = page.cookies.find((c) => c.name === '_csrf');
    expect(cookie?.httpOnly).toBe(true);
    const token = page.json().token as string;
    const accepted = await app.inject({
      method: 'POST',
      url: '/form',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      cookies: { _csrf: cookie?.value ?? '' },
      payload: `_csrf=${encodeURIComponent(token)}&a=1`,
    });
    expect(accepted.statusCode).toBe(200);
    const wrongToken = await app.inject({
      method: 'POST',
      url: '/form',
      cookies: { _csrf: cookie?.value ?? '' },
      headers: { 'csrf-token': 'forged' },
    });
    expect(wrongToken.statusCode).toBe(403);
  });

  it('lets signature-authenticated machine routes opt out of CSRF', async () => {
    expect((await app.inject({ method: 'POST', url: '/signed' })).statusCode).toBe(200);
  });

  it('maps domain errors to statuses and never leaks internals', async () => {
    const denied = await app.inject('/denied');
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toEqual({ error: { code: 'dossiers.not_yours', message: 'Not your dossier' } });
    const boom = await app.inject('/boom');
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('secret internal detail');
    expect(boom.body).not.toContain('at ');
  });

  it('gives its own refusals http.<name> codes, and Fastify\'s its code lower-cased', async () => {
    const json = { 'content-type': 'application/json' };
    const missing = await app.inject('/api/nothing-here');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'http.not_found']);
    const language = await app.inject('/lang/fr');
    expect([language.statusCode, language.json().error.code]).toEqual([404, 'http.not_found']);
    const typed = await app.inject({ method: 'POST', url: '/typed', headers: json, payload: { n: 'one' } });
    expect(typed.statusCode).toBe(400);
    expect(typed.json()).toMatchObject({ error: { code: 'http.validation_failed', fields: [{ field: 'n' }] } });
    const large = await app.inject({ method: 'POST', url: '/typed', headers: json, payload: { n: 1, pad: 'x'.repeat(100) } });
    expect([large.statusCode, large.json().error.code]).toEqual([413, 'http.fst_err_ctp_body_too_large']);
    const boom = await app.inject('/boom');
    expect(boom.json()).toEqual({ error: { code: 'http.internal_error', message: 'Internal server error' } });
  });

  it('tells a browser whose form expired to reload it (the error page knows http.csrf_invalid)', async () => {
    const refused = await app.inject({ method: 'POST', url: '/form', headers: { accept: 'text/html' }, payload: { a: '1' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Phiên làm việc của biểu mẫu đã hết hạn');
  });

  it('sends security headers with a CSP that forbids inline script', async () => {
    const response = await app.inject('/health/live');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBeDefined();
  });

  it('switches language with a cookie and returns to the same page', async () => {
    const response = await app.inject('/lang/en?next=/about%3Fx%3D1');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/about?x=1');
    expect(response.cookies.find((c) => c.name === 'lang')?.value).toBe('en');
    expect((await app.inject('/lang/fr')).statusCode).toBe(404);
  });

  it('publishes an OpenAPI document', async () => {
    const response = await app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(response.json().openapi).toBe('3.1.0');
  });
});

describe('safeRedirect', () => {
  it('keeps same-site paths only', () => {
    expect(safeRedirect('/profile?tab=1')).toBe('/profile?tab=1');
    expect(safeRedirect('//evil.example/x')).toBe('/');
    expect(safeRedirect('https://evil.example/phish')).toBe('/');
    expect(safeRedirect('javascript:alert(1)')).toBe('/');
    expect(safeRedirect(undefined)).toBe('/');
  });
});
