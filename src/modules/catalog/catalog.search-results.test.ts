import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { createTestApp } from '../../platform/testing/index.ts';
import { actors, setUpCatalog } from './catalog.test-support.ts';

const html = { accept: 'text/html' };

/** What a results page tells a citizen: level, receiving body, one result per procedure in their province, more pages, "did you mean". */
describe('search results people can use', () => {
  let env: Awaited<ReturnType<typeof setUpCatalog>>;
  let app: HttpApp;
  let signedIn: Actor | undefined;

  beforeAll(async () => {
    env = await setUpCatalog();
    app = await createTestApp(env.ctx, env.registration, () => signedIn);
  });
  afterAll(async () => {
    await app?.close();
    await env?.close();
  });
  const get = async (url: string) => (await app.inject({ method: 'GET', url, headers: html })).body;

  it('shows the level and the receiving body, and a procedure of two provinces once with a choice of province', async () => {
    signedIn = undefined;
    const body = await get('/procedures?q=dang+ky+khai+sinh');
    const first = body.slice(body.indexOf('<li class="card">'), body.indexOf('</nav>', body.indexOf('province-choice')));
    expect(first).toContain('>Đăng ký khai sinh</a>');
    expect(first).toContain('<dt>Cấp thực hiện</dt><dd>Cấp xã</dd>');
    expect(first).toContain('<dt>Nơi tiếp nhận</dt>');
    expect(first).toContain('href="/procedures/1.001193.000.00.00.H49">Quảng Ninh</a>');
    expect(first).toMatch(/href="\/procedures\/1\.001193\.000\.00\.00\.H29">[^<]*Hồ Chí Minh<\/a>/);
    expect(body.match(/>Đăng ký khai sinh<\/a><\/h3>/g)).toHaveLength(1);
  });

  it('shows the variant of the province asked for, or of the official’s agency', async () => {
    signedIn = undefined;
    const asked = await get('/procedures?q=dang+ky+ket+hon&home=79');
    expect(asked).toContain('<h3><a href="/procedures/1.000894.000.00.00.H29">Đăng ký kết hôn</a></h3>');
    expect(asked).toContain('<option value="79" selected>');
    signedIn = actors.adminH49;
    const account = await get('/procedures?q=dang+ky+ket+hon');
    expect(account).toContain('<h3><a href="/procedures/1.000894.000.00.00.H49">Đăng ký kết hôn</a></h3>');
    signedIn = undefined;
  });

  it('pages beyond the first page', async () => {
    const first = await env.api.searchProcedures({ q: 'dang ky' });
    expect(first.total).toBeGreaterThan(20);
    const second = await env.api.searchProcedures({ q: 'dang ky', page: 2 });
    expect(second.items.length).toBeGreaterThan(0);
    expect(second.items.some((i) => first.items.some((f) => f.code === i.code))).toBe(false);
    const body = await get('/procedures?q=dang+ky&page=2');
    expect(body).toContain('rel="prev"');
    expect(body).toContain('<ol class="card-grid procedure-results" start="21">');
  });

  it('offers "did you mean" when nothing matches', async () => {
    // Two letters off in each word: beyond the one-typo tolerance of search itself.
    const result = await env.api.searchProcedures({ q: 'kehtt honnn' });
    expect(result.total).toBe(0);
    expect(result.suggestion).toBe('kết hôn');
    expect(await get('/procedures?q=kehtt+honnn')).toContain(`Có phải bạn muốn tìm: <a href="/procedures?q=${new URLSearchParams({ q: 'kết hôn' }).toString().slice(2)}">kết hôn</a>`);
  });
});
