import { describe, expect, it } from 'vitest';
import { Layout } from './layout.tsx';
import { PrerenderedHtml, PrerenderedSlot, renderDocumentAround } from './prerendered.tsx';
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
});
