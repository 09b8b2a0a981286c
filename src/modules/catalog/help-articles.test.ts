import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../app/testing.ts';
import { createFactConsumers } from '../../platform/events/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { helpArticlesConsumer, matchHelpArticles, type HelpArticle } from './help-articles.ts';
import { foldText } from './search-text.ts';

// The helpdesk's published articles in the portal's procedure search, a block of their own,
// kept from the helpdesk's facts (the catalogue does not read the helpdesk's tables).

const agent: Actor = { accountId: 'acc-agent', kind: 'official', displayName: 'Hỗ trợ', agencyCode: '000.00.00.G22', roles: ['helpdesk_agent'] };

let platform: TestPlatform;
let app: HttpApp;
beforeAll(async () => {
  platform = await createTestPlatform({ modules: ['catalog', 'helpdesk'], seed: ['agencies', 'catalog', 'helpdesk'], options: { catalog: { search: { cacheCheckMs: 0 } } } });
  app = await platform.http();
});
afterAll(async () => {
  await platform?.close();
});

/** Every fact the composed modules declare (the helpdesk's among them), as the worker reads them. */
const factSchemas = () => new Map(platform.registrations.flatMap((r) => Object.entries(r.facts ?? {})));
const drain = () => createFactConsumers({ database: platform.ctx.database, consumers: [helpArticlesConsumer], schemas: factSchemas(), logger: platform.ctx.logger }).drain();
const search = (q: string, page = 1) => app.inject({ method: 'GET', url: `/procedures?q=${encodeURIComponent(q)}&page=${page}`, headers: { accept: 'text/html' } });
const articlesBlock = (html: string) => (html.includes('id="articles-heading"') ? html.slice(html.indexOf('id="articles-heading"'), html.indexOf('</section>', html.indexOf('id="articles-heading"'))) : '');

describe('help articles in the procedure search', () => {
  it('are found by the words of the query, in a block of their own, after the demo articles’ facts are read', async () => {
    expect(articlesBlock((await search('quên mật khẩu')).body)).toBe('');
    await drain();
    const block = articlesBlock((await search('quen mat khau')).body);
    expect(block).toContain('Cách đặt lại mật khẩu tài khoản');
    expect(block).toMatch(/href="\/support\/articles\/\d+"/);
    // A procedure query that no article answers shows no block; nor does page 2.
    expect(articlesBlock((await search('đăng ký khai sinh')).body)).toBe('');
    expect(articlesBlock((await search('tra cứu hồ sơ', 2)).body)).toBe('');
    expect(articlesBlock((await search('tra cứu tình trạng hồ sơ')).body)).toContain('Tra cứu tình trạng hồ sơ bằng mã hồ sơ');
  });

  it('follow the helpdesk: an article taken back disappears, a new one appears, and a replay gives the same', async () => {
    const helpdesk = platform.api<{ saveArticle: (actor: Actor, id: number | undefined, input: Record<string, unknown>) => Promise<{ id: number }> }>('helpdesk');
    const page = await app.inject({ method: 'GET', url: '/support?q=mat+khau', headers: { accept: 'text/html' } });
    const id = Number(/\/support\/articles\/(\d+)/.exec(page.body)?.[1]);
    await helpdesk.saveArticle(agent, id, { title: 'Cách đặt lại mật khẩu tài khoản', body: 'Chọn "Quên mật khẩu".', category: 'account', published: false });
    await helpdesk.saveArticle(agent, undefined, { title: 'Nộp lệ phí trực tuyến', body: 'Thanh toán lệ phí hồ sơ qua cổng thanh toán.', category: 'other', published: true });
    await drain();
    expect(articlesBlock((await search('quên mật khẩu')).body)).toBe('');
    expect(articlesBlock((await search('nộp lệ phí trực tuyến')).body)).toContain('Nộp lệ phí trực tuyến');
    const consumers = createFactConsumers({ database: platform.ctx.database, consumers: [helpArticlesConsumer], schemas: factSchemas(), logger: platform.ctx.logger });
    await consumers.replay('catalog.help_articles');
    await consumers.drain();
    expect(articlesBlock((await search('quên mật khẩu')).body)).toBe('');
    expect(articlesBlock((await search('nộp lệ phí trực tuyến')).body)).toContain('Nộp lệ phí trực tuyến');
  });
});

describe('matching an article', () => {
  const article = (title: string, body: string): HelpArticle => ({ title, summary: body, url: '/support/articles/1', foldedTitle: foldText(title), words: new Set(foldText(`${title} ${body}`).split(' ')) });
  const a = article('Cách đặt lại mật khẩu', 'Chọn quên mật khẩu trên trang đăng nhập');
  const b = article('Đăng nhập bằng VNeID', 'Tài khoản định danh điện tử mức 2, mật khẩu của VNeID');

  it('needs two thirds of the words, and ranks words of the title higher', () => {
    expect(matchHelpArticles([b, a], foldText('quên mật khẩu')).map((x) => x.title)).toEqual(['Cách đặt lại mật khẩu', 'Đăng nhập bằng VNeID']);
    expect(matchHelpArticles([a, b], foldText('quên hộ chiếu'))).toEqual([]);
    expect(matchHelpArticles([b, a], foldText('mật khẩu')).map((x) => x.title)).toEqual(['Cách đặt lại mật khẩu', 'Đăng nhập bằng VNeID']);
    expect(matchHelpArticles([a, b], foldText('cấp hộ chiếu'))).toEqual([]);
    expect(matchHelpArticles([a, b], '')).toEqual([]);
  });
});
