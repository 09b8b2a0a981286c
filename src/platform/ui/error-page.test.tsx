import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/index.ts';
import { DomainError } from '../errors/index.ts';
import type { FastifyRequest } from 'fastify';
import { createHttpApp, signInUrl, type HttpApp } from '../http/index.ts';
import { createLogger } from '../logging/index.ts';
import { renderErrorPage } from './error-page.tsx';

let app: HttpApp;

beforeAll(async () => {
  app = await createHttpApp({ config: testConfig(), logger: createLogger('silent'), ready: async () => undefined, renderHtmlError: renderErrorPage });
  app.addHook('onRequest', async (request) => {
    if (request.headers['x-ended']) request.sessionEnded = true;
  });
  const fail = (kind: 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'throttled') => async () => {
    throw new DomainError(`test.${kind}`, kind, kind);
  };
  app.get('/staff', fail('unauthenticated'));
  app.post('/staff', fail('unauthenticated'));
  app.get('/secret', fail('forbidden'));
  app.get('/gone', fail('not_found'));
  app.get('/busy', fail('conflict'));
  app.get('/boom', async () => {
    throw new Error('kaput');
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
});

const html = (lang: 'vi' | 'en', extra: Record<string, string> = {}) => ({ accept: 'text/html', cookie: `lang=${lang}`, ...extra });
const titleOf = (body: string) => /<h1>([^<]*)<\/h1>/.exec(body)?.[1];

describe('error pages', () => {
  it('say what happened with a title of their own, and what to do, in the page language', async () => {
    const cases = [
      ['/secret', 403, 'Bạn không có quyền truy cập trang này', 'You are not allowed to see this page', '/support'],
      ['/gone', 404, 'Không tìm thấy trang', 'Page not found', '/procedures'],
      ['/busy', 409, 'Dữ liệu đã thay đổi', 'The data has changed', '/'],
      ['/boom', 500, 'Hệ thống gặp sự cố', 'Sorry, there is a problem with the service', '/support'],
      ['/nowhere', 404, 'Không tìm thấy trang', 'Page not found', '/procedures'],
    ] as const;
    const titles = new Set<string>();
    for (const [url, status, vi, en, link] of cases) {
      const inVi = await app.inject({ url, headers: html('vi') });
      expect([inVi.statusCode, titleOf(inVi.body)]).toEqual([status, vi]);
      expect(inVi.body).toContain(`<title>${vi} · Cổng Dịch vụ công</title>`);
      expect(inVi.body).toContain(`href="${link}"`);
      const inEn = await app.inject({ url, headers: html('en') });
      expect([inEn.statusCode, titleOf(inEn.body)]).toEqual([status, en]);
      expect(inEn.body).not.toMatch(/Có lỗi|Không tìm|quyền truy cập/);
      titles.add(vi);
    }
    expect(titles.size).toBe(4);
    const boom = await app.inject({ url: '/boom', headers: html('en') });
    expect(boom.body).not.toContain('kaput');
    expect(boom.body).toContain('Error code: http.internal_error');
  });

  it('send a signed-out visitor of a page to the login page and back, once its session ended saying so', async () => {
    const page = await app.inject({ url: '/staff?tab=2', headers: html('vi') });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Fstaff%3Ftab%3D2');
    const ended = await app.inject({ url: '/staff', headers: html('en', { 'x-ended': '1' }) });
    expect(ended.headers.location).toBe('/login?next=%2Fstaff&expired=1');
    // Only a path of this site goes into `next`.
    expect(signInUrl({ url: '//evil.example/staff' } as FastifyRequest)).toBe('/login?next=%2F');
    expect(signInUrl({ url: '/\\evil.example' } as FastifyRequest)).toBe('/login?next=%2F');
    // A form's POST cannot come back after the login: the page says what happened.
    const post = await app.inject({ method: 'POST', url: '/staff', headers: { ...html('en', { 'x-ended': '1' }), 'x-csrf-token': 'x' }, payload: {} });
    expect([403, 401]).toContain(post.statusCode);
    // API clients keep their JSON 401.
    const api = await app.inject({ url: '/staff', headers: { accept: 'application/json' } });
    expect([api.statusCode, api.json().error.code]).toEqual([401, 'test.unauthenticated']);
  });
});
