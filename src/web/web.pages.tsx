import { Type } from 'typebox';
import type { HttpApp } from '../platform/http/index.ts';
import { Button, Layout, pageContext, sendPage, TextField, type PageContext } from '../platform/ui/index.ts';
import { PLANNED, WORKS_TODAY } from './web.capabilities.ts';
import { POPULAR_SERVICES, webMessages } from './web.messages.ts';

const ServicesQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) });

/** The public pages of the portal: home, the service search and "about". No session needed. */
export function registerWebPages(app: HttpApp): void {
  app.get('/', { schema: { hide: true } }, async (request, reply) => sendPage(reply, <HomePage ctx={pageContext(request, reply)} />));

  // Old links and bookmarks of the services entry lead to the procedure search.
  app.get('/services', { schema: { hide: true, querystring: ServicesQuery } }, async (request, reply) => {
    const q = (request.query.q ?? '').trim();
    return reply.redirect(q ? servicesSearchHref(q) : '/procedures', 301);
  });

  app.get('/about', { schema: { hide: true } }, async (request, reply) => sendPage(reply, <AboutPage ctx={pageContext(request, reply)} />));
}

export function servicesSearchHref(q: string): string {
  return `/procedures?q=${encodeURIComponent(q)}`;
}

/** GET form: a search is bookmarkable and needs no CSRF token. */
function SearchForm({ ctx, q, id }: { ctx: PageContext; q?: string; id: string }) {
  const t = webMessages.for(ctx.locale);
  return (
    <form method="get" action="/procedures" role="search" class="search-form" id={id}>
      <TextField ctx={ctx} name="q" type="search" label={t('searchLabel')} hint={t('searchHint')} value={q} maxLength={200} />
      <Button>{t('searchButton')}</Button>
    </form>
  );
}

function HomePage({ ctx }: { ctx: PageContext }) {
  const t = webMessages.for(ctx.locale);
  const steps = [
    [t('howStep1Title'), t('howStep1')],
    [t('howStep2Title'), t('howStep2')],
    [t('howStep3Title'), t('howStep3')],
    [t('howStep4Title'), t('howStep4')],
  ] as const;
  return (
    <Layout ctx={ctx} title={t('homeTitle')} full>
      <section class="hero" aria-labelledby="hero-title">
        <div class="container">
          <h1 id="hero-title">{t('heroTitle')}</h1>
          <p class="lead">{t('heroLead')}</p>
          {ctx.viewer ? (
            <p class="hero-greeting">
              {t('greeting', { name: ctx.viewer.displayName })} <a href={ctx.viewer.homeUrl}>{t('myAccount')}</a>
            </p>
          ) : null}
          <SearchForm ctx={ctx} id="home-search" />
        </div>
      </section>

      <section class="band" aria-labelledby="popular-title">
        <div class="container">
          <h2 id="popular-title">{t('popularTitle')}</h2>
          <ul class="service-grid">
            {POPULAR_SERVICES.map((s) => (
              <li key={s.name.vi}>
                <a class="service-link" href={servicesSearchHref(s.name.vi)}>
                  <span class="service-field">{s.field[ctx.locale]}</span>
                  <span class="service-name">{s.name[ctx.locale]}</span>
                </a>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section class="band band-muted" aria-labelledby="how-title">
        <div class="container">
          <h2 id="how-title">{t('howTitle')}</h2>
          <ol class="steps">
            {steps.map(([title, text]) => (
              <li key={title}>
                <h3>{title}</h3>
                <p>{text}</p>
              </li>
            ))}
          </ol>
        </div>
      </section>

      <section class="band planned" aria-labelledby="planned-title">
        <div class="container">
          <div class="notice">
            <h2 id="planned-title">{t('plannedNoticeTitle')}</h2>
            <p>{t('plannedNotice')}</p>
            <p>
              <a href="/about#planned-title">{t('plannedNoticeLink')}</a>
            </p>
          </div>
        </div>
      </section>

      <section class="band" aria-labelledby="officials-title">
        <div class="container two-col">
          <div>
            <h2 id="officials-title">{t('officialsTitle')}</h2>
            <p>{t('officialsText')}</p>
            <p>
              <a href="/login?next=%2Fconsole">{t('officialsLink')}</a>
            </p>
          </div>
          <div>
            <h2>{webMessages.t(ctx.locale, 'aboutTitle')}</h2>
            <p class="motto">{t('aboutMotto')}</p>
            <p>
              <a href="/about">{t('aboutLink')}</a>
            </p>
          </div>
        </div>
      </section>
    </Layout>
  );
}

/** What works, then, apart, what is planned: the page promises nothing that does not exist. */
function AboutPage({ ctx }: { ctx: PageContext }) {
  const t = webMessages.for(ctx.locale);
  const lang = ctx.locale;
  return (
    <Layout ctx={ctx} title={t('aboutTitle')}>
      <h1>{t('aboutTitle')}</h1>
      <p class="lead">{t('aboutLead')}</p>
      <blockquote class="motto">
        <p>{t('aboutMotto')}</p>
      </blockquote>
      <section aria-labelledby="works-title">
        <h2 id="works-title">{t('worksTitle')}</h2>
        <ul class="card-grid capabilities">
          {WORKS_TODAY.map((c) => (
            <li class="card" key={c.key} id={`works-${c.key}`}>
              <h3>{c.title[lang]}</h3>
              <p>{c.summary[lang]}</p>
              {c.link ? (
                <p>
                  <a href={c.link.href}>{c.link.label[lang]}</a>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section class="planned" aria-labelledby="planned-title">
        <h2 id="planned-title">{t('plannedTitle')}</h2>
        <p>{t('plannedLead')}</p>
        <ul class="planned-list">
          {PLANNED.map((c) => (
            <li key={c.key} id={`planned-${c.key}`}>
              <strong>{c.title[lang]}</strong> – {c.summary[lang]}
            </li>
          ))}
        </ul>
      </section>
      <h2>{t('openSourceTitle')}</h2>
      <p>{t('openSourceText')}</p>
      <p>
        <a href="/api/docs">{t('apiDocs')}</a>
      </p>
    </Layout>
  );
}
