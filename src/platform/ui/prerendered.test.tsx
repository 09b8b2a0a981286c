import { describe, expect, it } from 'vitest';
import { Layout } from './layout.tsx';
import { PrerenderedHtml, PrerenderedPage, PrerenderedSlot, renderDocumentAround } from './prerendered.tsx';
import type { PageContext } from './viewer.ts';

const ctx: PageContext = { locale: 'vi', path: '/procedures?q=khai+sinh', csrfToken: '', viewer: undefined };

describe('prerendered page content', () => {
  it('places the content bytes where the slot is, inside the shell', () => {
    const content = PrerenderedHtml.render(<p class="x">Đăng ký khai sinh {'<b>'}</p>);
    const html = renderDocumentAround(
      <Layout ctx={ctx} title="Tìm thủ tục">
        <PrerenderedSlot />
      </Layout>,
      content,
    ).toString('utf8');
    expect(html).toMatch(/^<!doctype html><html lang="vi">/);
    expect(html).toMatch(/<main id="main" tabindex="-1" class="container"><p class="x">Đăng ký khai sinh &lt;b><\/p><\/main>/);
    expect(html).not.toContain('egov-prerendered');
    expect(html).toContain('<title>Tìm thủ tục · Cổng Dịch vụ công</title>');
  });

  it('refuses a page without its slot, or with two', () => {
    const content = PrerenderedHtml.render(<p />);
    expect(() => renderDocumentAround(<Layout ctx={ctx} title="x"><p /></Layout>, content)).toThrow(/exactly one/);
    expect(() =>
      renderDocumentAround(
        <Layout ctx={ctx} title="x">
          <PrerenderedSlot />
          <PrerenderedSlot />
        </Layout>,
        content,
      ),
    ).toThrow(/exactly one/);
  });

  it('cannot be forged by text on the page', () => {
    const content = PrerenderedHtml.render(<p>real</p>);
    const html = renderDocumentAround(
      <Layout ctx={ctx} title="<egov-prerendered></egov-prerendered>">
        <PrerenderedSlot />
      </Layout>,
      content,
    ).toString('utf8');
    expect(html.match(/<p>real<\/p>/g)).toHaveLength(1);
    expect(html).toContain('&lt;egov-prerendered>');
  });

  it('places several kept fragments where their slots are, whatever the order they were made in', () => {
    const page = new PrerenderedPage();
    const second = page.slot(PrerenderedHtml.render(<li>Hộ tịch</li>));
    const first = page.slot(PrerenderedHtml.render(<li>Đất đai</li>));
    const html = page
      .render(
        <Layout ctx={ctx} title="Tìm">
          <ol>
            {first}
            <li>{'<egov-prerendered data-n="0"></egov-prerendered>'}</li>
            {second}
          </ol>
        </Layout>,
      )
      .toString('utf8');
    expect(html).toContain('<ol><li>Đất đai</li><li>&lt;egov-prerendered data-n=&quot;0&quot;>&lt;/egov-prerendered></li><li>Hộ tịch</li></ol>');
    expect(html).not.toMatch(/<egov-prerendered/);
  });

  it('refuses a page that leaves out a fragment or places one twice', () => {
    const page = new PrerenderedPage();
    const slot = page.slot(PrerenderedHtml.render(<p>a</p>));
    page.slot(PrerenderedHtml.render(<p>b</p>));
    expect(() => page.render(<Layout ctx={ctx} title="x">{slot}</Layout>)).toThrow(/missing/);
    const twice = new PrerenderedPage();
    const once = twice.slot(PrerenderedHtml.render(<p>a</p>));
    expect(() =>
      twice.render(
        <Layout ctx={ctx} title="x">
          {once}
          {once}
        </Layout>,
      ),
    ).toThrow(/twice/);
  });
});
