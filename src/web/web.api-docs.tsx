import { sendHtml, type HttpApp } from '../platform/http/index.ts';
import type { Locale } from '../platform/i18n/index.ts';
import { Layout, pageContext, PrerenderedHtml, PrerenderedSlot, renderDocumentAround } from '../platform/ui/index.ts';
import { apiDocsMessages } from './web.api-docs.messages.ts';
import { schemaOutline, type JsonSchema } from './web.api-docs.schema.ts';

/**
 * /api/docs: the OpenAPI document (its one source, `app.swagger()`, also served as
 * /api/openapi.json) rendered on the server in the site's shell — header, language switch,
 * navigation, footer — with the framing in both languages and the operations' own English
 * texts marked `lang="en"`. No script, no third-party viewer. The document does not change
 * once the app is ready: its rendering (200 kB) is kept per language, the shell is per request.
 */
export function registerApiDocsPage(app: HttpApp): void {
  const contents = new Map<Locale, PrerenderedHtml>();
  app.get('/api/docs', { schema: { hide: true } }, async (request, reply) => {
    const ctx = pageContext(request, reply);
    let content = contents.get(ctx.locale);
    if (!content) {
      content = PrerenderedHtml.render(<ApiDocsContent locale={ctx.locale} document={app.swagger() as unknown as ApiDocument} />);
      contents.set(ctx.locale, content);
    }
    const page = (
      <Layout ctx={ctx} title={apiDocsMessages.t(ctx.locale, 'title')}>
        <PrerenderedSlot />
      </Layout>
    );
    return sendHtml(reply, renderDocumentAround(page, content));
  });
  // The former Swagger UI address with a slash.
  app.get('/api/docs/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/api/docs', 301));
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}
interface Content {
  content?: Record<string, { schema?: JsonSchema }>;
  description?: string;
}
export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: Content;
  responses?: Record<string, Content>;
}
interface Scheme {
  type: string;
  in?: string;
  name?: string;
  scheme?: string;
  description?: string;
}
export interface ApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, Scheme> };
}

interface Entry {
  method: string;
  path: string;
  operation: Operation;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

/** The operations by their first tag, in the document's order. */
export function operationsByTag(document: ApiDocument): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const tag = operation.tags?.[0] ?? 'other';
      const list = groups.get(tag) ?? [];
      list.push({ method, path, operation });
      groups.set(tag, list);
    }
  }
  return groups;
}

const slug = (text: string) => text.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function ApiDocsContent({ locale, document }: { locale: Locale; document: ApiDocument }) {
  const t = apiDocsMessages.for(locale);
  const groups = operationsByTag(document);
  const schemes = Object.entries(document.components?.securitySchemes ?? {});
  return (
    <div class="api-docs">
      <h1>{t('title')}</h1>
      <p class="lead">{t('lead')}</p>
      <p>{t('englishNote')}</p>
      <h2>{t('linksTitle')}</h2>
      <ul>
        <li>
          <a href="/api/openapi.json" type="application/json">
            {t('documentLink')}
          </a>{' '}
          <span class="hint">{t('documentHint')}</span>
        </li>
        <li>{t('guideNote')}</li>
        <li>
          <a href="/">{t('backToSite')}</a>
        </li>
      </ul>

      <nav aria-labelledby="api-contents">
        <h2 id="api-contents">{t('contentsTitle')}</h2>
        <ul>
          {[...groups].map(([tag, entries]) => (
            <li key={tag}>
              <a href={`#tag-${slug(tag)}`} lang="en">
                {tag}
              </a>{' '}
              <span class="hint">({t('operationCount', { count: entries.length })})</span>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="api-security">
        <h2 id="api-security">{t('securityTitle')}</h2>
        <p>{t('securityIntro')}</p>
        <dl class="summary-list">
          {schemes.map(([name, scheme]) => (
            <>
              <dt id={`scheme-${name}`}>
                <code>{name}</code>
                {scheme.in && scheme.name ? <span class="hint"> — {t('schemeIn', { name: scheme.name, where: scheme.in })}</span> : null}
              </dt>
              <dd class="preserve-lines" lang="en">
                {scheme.description ?? scheme.scheme ?? scheme.type}
              </dd>
            </>
          ))}
        </dl>
      </section>

      {[...groups].map(([tag, entries]) => (
        <section key={tag} aria-labelledby={`tag-${slug(tag)}`}>
          <h2 id={`tag-${slug(tag)}`} lang="en">
            {tag}
          </h2>
          {entries.map((entry) => (
            <OperationView key={`${entry.method} ${entry.path}`} locale={locale} entry={entry} />
          ))}
        </section>
      ))}
    </div>
  );
}

function OperationView({ locale, entry }: { locale: Locale; entry: Entry }) {
  const t = apiDocsMessages.for(locale);
  const { method, path, operation } = entry;
  const security = operation.security ?? [];
  const schemes = security.flatMap((requirement) => Object.keys(requirement));
  const id = operation.operationId ?? slug(`${method}-${path}`);
  return (
    <article class="api-operation" id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <span class="api-method">{method.toUpperCase()}</span> <code class="api-path">{path}</code>
      </h3>
      {operation.summary ? <p lang="en">{operation.summary}</p> : null}
      <dl class="summary-list">
        <dt>{t('operationId')}</dt>
        <dd>
          <code>{operation.operationId}</code>
        </dd>
        <dt>{t('authentication')}</dt>
        <dd>
          {schemes.length === 0
            ? t('public')
            : schemes.map((name, index) => (
                <>
                  {index > 0 ? ', ' : ''}
                  <a href={`#scheme-${name}`}>
                    <code>{name}</code>
                  </a>
                </>
              ))}
        </dd>
      </dl>
      <details>
        <summary>
          {t('details')}
          <span class="visually-hidden">
            {' '}
            ({method.toUpperCase()} {path})
          </span>
        </summary>
        {operation.description ? (
          <p class="preserve-lines" lang="en">
            {operation.description}
          </p>
        ) : null}
        {operation.parameters?.length ? <ParametersView locale={locale} parameters={operation.parameters} /> : null}
        {operation.requestBody ? (
          <>
            <h4>{t('requestBody')}</h4>
            <ContentView content={operation.requestBody} />
          </>
        ) : null}
        <h4>{t('responses')}</h4>
        <dl class="api-responses">
          {Object.entries(operation.responses ?? {}).map(([code, response]) => (
            <>
              <dt>
                <code>{code}</code>
              </dt>
              <dd>
                <ContentView content={response} />
              </dd>
            </>
          ))}
        </dl>
      </details>
    </article>
  );
}

function ParametersView({ locale, parameters }: { locale: Locale; parameters: Parameter[] }) {
  const t = apiDocsMessages.for(locale);
  return (
    <>
      <h4>{t('parameters')}</h4>
      <ul class="api-parameters">
        {parameters.map((p) => (
          <li key={`${p.in} ${p.name}`}>
            <code>{p.name}</code> ({t('paramIn')}: {p.in}; {t('paramType')}: <code>{schemaOutline(p.schema)}</code>; {t('paramRequired')}: {p.required ? t('yes') : t('no')})
            {p.description ? <span lang="en"> — {p.description}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

function ContentView({ content }: { content: Content }) {
  const types = Object.entries(content.content ?? {});
  return (
    <>
      {content.description ? <p lang="en">{content.description}</p> : null}
      {types.map(([type, media]) => (
        <div key={type}>
          <p>
            <code>{type}</code>
          </p>
          {media.schema ? <pre class="api-schema">{schemaOutline(media.schema)}</pre> : null}
        </div>
      ))}
    </>
  );
}
