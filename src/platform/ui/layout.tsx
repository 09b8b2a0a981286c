import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import type { PageContext } from './viewer.ts';
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
 */
export function Layout({ ctx, title, children, narrow, full }: LayoutProps) {
  const t = uiMessages.for(ctx.locale);
  const other = ctx.locale === 'vi' ? 'en' : 'vi';
  // The switch is a plain link back to this very page: no script, works from every page.
  const langHref = `/lang/${other}?next=${encodeURIComponent(ctx.path)}`;
  const current = currentPath(ctx.path);
  const navLink = (href: string, label: string) => (
    <li key={href}>
      <a href={href} aria-current={isCurrent(current, href) ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  const siteName = t('siteName');
  const mainClass = full ? 'full' : narrow ? 'container narrow' : 'container';
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === siteName ? siteName : `${title} · ${siteName}`}</title>
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
                <span class="brand-name">{siteName}</span>
                <span class="brand-tagline">{t('siteTagline')}</span>
              </span>
            </a>
            <a class="lang-switch" href={langHref} hreflang={other} lang={other}>
              {t('switchToOther')}
            </a>
          </div>
          <nav class="main-nav" aria-label={t('mainNav')}>
            <ul class="container">
              {navLink('/', t('navHome'))}
              {navLink('/procedures', t('navServices'))}
              {navLink('/about', t('navAbout'))}
              {ctx.viewer ? (
                <>
                  {ctx.viewer.links.map((link) => navLink(link.href, link.label))}
                  {navLink(ctx.viewer.homeUrl, ctx.viewer.displayName)}
                  {ctx.csrfToken ? (
                    <li>
                      <form method="post" action="/logout" class="inline-form">
                        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
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
            </ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1} class={mainClass}>
          {children}
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
