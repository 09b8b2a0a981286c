import { Fragment, h, type ComponentChildren, type VNode } from 'preact';
import { jsxEscape, jsxTemplate } from 'preact/jsx-runtime';
import { render } from 'preact-render-to-string';
import type { Locale } from '../i18n/index.ts';
import type { PageContext, Viewer } from './viewer.ts';
import { uiMessages } from './ui.messages.ts';

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  /** Narrow single-column pages (forms). */
  narrow?: boolean;
  /** Full-bleed pages (the home page) lay out their own `.container` bands. */
  full?: boolean;
}

/**
 * The page shell: skip link, banner with navigation and language switch, one <main>,
 * footer. Works without JavaScript; mobile-first from 360 px.
 *
 * Most of the shell is the same on every page of a language, so it is rendered once (per
 * language and main width) into strings around a few holes — title, language switch,
 * navigation, content — filled per request (preact's template vnodes); a visitor's
 * navigation is kept too, a signed-in viewer's is rendered per request.
 */
export function Layout({ ctx, title, children, narrow, full }: LayoutProps): VNode {
  const t = uiMessages.for(ctx.locale);
  const other = ctx.locale === 'vi' ? 'en' : 'vi';
  const siteName = t('siteName');
  const shell = shellParts(ctx.locale, full ? 'full' : narrow ? 'container narrow' : 'container');
  // The switch is a plain link back to this very page: no script, works from every page.
  const langHref = `/lang/${other}?next=${encodeURIComponent(ctx.path)}`;
  return jsxTemplate(
    shell,
    jsxEscape(title === siteName ? siteName : `${title} · ${siteName}`),
    jsxEscape(langHref),
    navigationHtml(ctx),
    // A vnode, so that text children are escaped as anywhere else (template strings are not).
    h(Fragment, null, children),
  );
}

/** Where the per-request parts go in the rendered shell; preact's escaping leaves these characters alone. */
const HOLE = { title: '\u0001title\u0001', langHref: '\u0001lang\u0001', nav: '\u0001nav\u0001', main: '\u0001main\u0001' } as const;
const HOLES = new RegExp([HOLE.title, HOLE.langHref, HOLE.nav, HOLE.main].join('|'), 'g');

const shells = new Map<string, string[]>();

function shellParts(locale: Locale, mainClass: string): string[] {
  const key = `${locale} ${mainClass}`;
  let parts = shells.get(key);
  if (!parts) {
    const html = render(<Shell locale={locale} mainClass={mainClass} />);
    parts = html.split(HOLES);
    if (parts.length !== 5) throw new Error('the page shell must have each hole once');
    shells.set(key, parts);
  }
  return parts;
}

function Shell({ locale, mainClass }: { locale: Locale; mainClass: string }) {
  const t = uiMessages.for(locale);
  const other = locale === 'vi' ? 'en' : 'vi';
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{HOLE.title}</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <header class="site-header">
          <div class="container header-row">
            <a class="brand" href="/">
              <span class="brand-mark" aria-hidden="true">
                ★
              </span>
              <span>
                <span class="brand-name">{t('siteName')}</span>
                <span class="brand-tagline">{t('siteTagline')}</span>
              </span>
            </a>
            <a class="lang-switch" href={HOLE.langHref} hreflang={other} lang={other}>
              {t('switchToOther')}
            </a>
          </div>
          <nav class="main-nav" aria-label={t('mainNav')}>
            <ul class="container">{HOLE.nav}</ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1} class={mainClass}>
          {HOLE.main}
        </main>
        <footer class="site-footer">
          <div class="container footer-row">
            <p>
              <span class="brand-mark-small" aria-hidden="true">
                ★
              </span>{' '}
              {t('footerText')}
            </p>
            <ul class="footer-links">
              <li>
                <a href="/about">{t('navAbout')}</a>
              </li>
              <li>
                <a href="/api/docs">{t('apiDocs')}</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}

const VISITOR_LINKS = ['/', '/procedures', '/about', '/login', '/register'] as const;
const visitorNavs = new Map<string, string>();

/** The navigation's list items, as HTML. */
function navigationHtml(ctx: PageContext): string {
  const current = currentPath(ctx.path);
  if (ctx.viewer) return render(<NavItems locale={ctx.locale} current={current} viewer={ctx.viewer} csrfToken={ctx.csrfToken} />);
  // A visitor's navigation differs only by language and which link is the current page.
  const key = `${ctx.locale} ${VISITOR_LINKS.map((href) => (isCurrent(current, href) ? 1 : 0)).join('')}`;
  let html = visitorNavs.get(key);
  if (html === undefined) {
    html = render(<NavItems locale={ctx.locale} current={current} viewer={undefined} csrfToken="" />);
    visitorNavs.set(key, html);
  }
  return html;
}

function NavItems({ locale, current, viewer, csrfToken }: { locale: Locale; current: string; viewer: Viewer | undefined; csrfToken: string }) {
  const t = uiMessages.for(locale);
  const navLink = (href: string, label: string) => (
    <li key={href}>
      <a href={href} aria-current={isCurrent(current, href) ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <>
      {navLink('/', t('navHome'))}
      {navLink('/procedures', t('navServices'))}
      {navLink('/about', t('navAbout'))}
      {viewer ? (
        <>
          {viewer.links.map((link) => navLink(link.href, link.label))}
          {navLink(viewer.homeUrl, viewer.displayName)}
          {csrfToken ? (
            <li>
              <form method="post" action="/logout" class="inline-form">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <button type="submit" class="link-button">
                  {t('navLogout')}
                </button>
              </form>
            </li>
          ) : null}
        </>
      ) : (
        <>
          {navLink('/login', t('navLogin'))}
          {navLink('/register', t('navRegister'))}
        </>
      )}
    </>
  );
}

function currentPath(path: string): string {
  const end = path.search(/[?#]/);
  return end === -1 ? path : path.slice(0, end);
}

/** `/` only marks the home page; other links also mark the pages below them. */
function isCurrent(current: string, href: string): boolean {
  if (href === '/') return current === '/';
  return current === href || current.startsWith(`${href}/`);
}

/** Renders a full HTML document. preact escapes every interpolated value. */
export function renderDocument(node: preact.VNode): string {
  return `<!doctype html>${render(node)}`;
}
