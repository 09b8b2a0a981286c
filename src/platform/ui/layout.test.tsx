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

  it('keeps the shell it renders once apart per page: current link, language, viewer, width and text children', () => {
    const current = (html: string) => [...html.matchAll(/<a href="([^"]+)" aria-current="page">/g)].map((m) => m[1]);
    expect(current(page({ path: '/procedures?q=x' }))).toEqual(['/procedures']);
    expect(current(page({ path: '/about' }))).toEqual(['/about']);
    expect(current(page({ path: '/procedures/1.001193' }))).toEqual(['/procedures']);
    expect(current(page({ path: '/' }))).toEqual(['/']);
    expect(page({ locale: 'en', path: '/about' })).toContain('<a href="/about" aria-current="page">About</a>');
    expect(page({ viewer: { ...viewer, displayName: 'Trần Thị Bình' } })).toContain('Trần Thị Bình');
    expect(page({ viewer })).not.toContain('Trần Thị Bình');
    const full: PageContext = { locale: 'vi', path: '/', csrfToken: '', viewer: undefined };
    const narrow = renderDocument(<Layout ctx={full} title="x" narrow>{'a <b> & "c"'}</Layout>);
    expect(narrow).toContain('<main id="main" tabindex="-1" class="container narrow">a &lt;b> &amp; &quot;c&quot;</main>');
    expect(renderDocument(<Layout ctx={full} title="x" full>{null}</Layout>)).toContain('<main id="main" tabindex="-1" class="full"></main>');
  });
});
