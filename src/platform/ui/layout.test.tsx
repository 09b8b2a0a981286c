import { describe, expect, it } from 'vitest';
import { Layout, renderDocument } from './layout.tsx';
import type { PageContext } from './viewer.ts';

const viewer = { displayName: 'Nguyễn Văn An', homeUrl: '/profile', links: [{ href: '/console', label: 'Bảng điều khiển' }] };

function page(ctx: Partial<PageContext>, title = 'Hồ sơ') {
  const full: PageContext = { locale: 'vi', path: '/', csrfToken: 'tok', viewer: undefined, ...ctx };
  return renderDocument(
    <Layout ctx={full} title={title}>
      <h1>{title}</h1>
    </Layout>,
  );
}

describe('Layout', () => {
  it('offers login and register to a visitor, and a language switch back to the same page and query', () => {
    const html = page({ path: '/procedures?q=khai sinh&x=1' });
    expect(html).toContain('<a href="/login">Đăng nhập</a>');
    expect(html).not.toContain('action="/logout"');
    expect(html).toContain(`href="/lang/en?next=${encodeURIComponent('/procedures?q=khai sinh&x=1').replace(/&/g, '&amp;')}"`);
    expect(html).toContain('<a href="/procedures" aria-current="page">');
    expect(html).toContain('<title>Hồ sơ · Cổng Dịch vụ công</title>');
  });

  it('shows a signed-in viewer their links and a logout form carrying the CSRF token', () => {
    const html = page({ viewer, path: '/console/queue' });
    expect(html).toContain('<a href="/console" aria-current="page">Bảng điều khiển</a>');
    expect(html).toContain('<a href="/profile">Nguyễn Văn An</a>');
    expect(html).toMatch(/<form method="post" action="\/logout" class="inline-form"><input type="hidden" name="_csrf" value="tok"\/>/);
    expect(html).not.toContain('<a href="/login">');
  });

  it('leaves out the logout form when the page has no CSRF token (error pages)', () => {
    const html = page({ viewer, csrfToken: '' });
    expect(html).toContain('Nguyễn Văn An');
    expect(html).not.toContain('action="/logout"');
  });

  it('renders in English with lang="en" and escapes what it is given', () => {
    const html = page({ locale: 'en', viewer: { ...viewer, displayName: '<script>x</script>' } }, 'Public Service Portal');
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    expect(html).toContain('<title>Public Service Portal</title>');
    expect(html).toContain('&lt;script>x&lt;/script>');
    expect(html).not.toContain('<script>');
  });
});
