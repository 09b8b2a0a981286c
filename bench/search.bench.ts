/**
 * `npm run bench:search` — procedure search on distinct queries without the result cache,
 * against a bare node:http server in the same run, then the same with the cache.
 *
 * Needs PostgreSQL: DATABASE_URL names a server where a scratch database can be created (it is
 * dropped at the end). Seeds BENCH_PROCEDURES synthetic procedures (`egov seed procedures
 * --synthetic N` does the same) plus the demo catalogue, serves the catalog pages on the
 * platform HTTP shell, and loads `/procedures?q=…` with BENCH_QUERIES distinct queries made from
 * the catalogue's own words (without accents, misspelt, colloquial, as sentences, some with
 * filters or a page number). The result cache is off for the distinct run: every request runs
 * a search against the process's index (search-index.ts). Prints the index build time, req/s,
 * p50/p99 and the ratio to the bare server (and the same page from a route of the platform's
 * HTTP shell, with no search: the ceiling of any page); the same distinct queries through the JSON API
 * (`/api/v1/procedures`, no page to render); then the cached figures on the same queries.
 *
 * Environment: BENCH_PROCEDURES (10000), BENCH_QUERIES (5000), BENCH_DURATION seconds per load
 * (10), BENCH_CONNECTIONS (50), BENCH_KEEP (a database name: seeded once, kept between runs).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedBenchCatalog } from './catalog-database.ts';
import { load } from './load.ts';
import { distinctQueries } from './search-queries.ts';
import { createCatalogModule } from '../src/modules/catalog/index.ts';
import { sql } from '../src/platform/db/index.ts';
import { createHttpApp, sendHtml } from '../src/platform/http/index.ts';
import { renderErrorPage } from '../src/platform/ui/index.ts';

const PROCEDURES = Number(process.env.BENCH_PROCEDURES ?? 10_000);
const DISTINCT = Number(process.env.BENCH_QUERIES ?? 5000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error('bench:search needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  process.exit(2);
}

function loadPaths(url: string, paths: string[]) {
  return load(url, { connections: CONNECTIONS, durationS: DURATION_S, paths });
}

const bench = await seedBenchCatalog(serverUrl, PROCEDURES, process.env.BENCH_KEEP ? { keep: process.env.BENCH_KEEP } : {});
const { database, ctx, config, agencies } = bench;
try {

  const nameRows = await sql<{ search_name: string }>`SELECT search_name FROM procedures WHERE status = 'published'`.execute(database.db);
  const queries = distinctQueries(nameRows.rows.map((r) => r.search_name), DISTINCT);

  async function serve(cacheSize: number) {
    const catalog = createCatalogModule(ctx, { agencies: agencies.api }, { search: { cacheSize } });
    const app = await createHttpApp({ config, logger: ctx.logger, ready: async () => undefined, renderHtmlError: renderErrorPage });
    app.decorateRequest('actor', undefined);
    await catalog.registration.registerRoutes?.(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
  }

  const paths = queries.map((q) => `/procedures?${q}`);
  // The result cache off: every request is a search. The first one builds the index.
  const uncached = await serve(0);
  const built = Date.now();
  await fetch(`${uncached.base}${paths[0]}`, { headers: { accept: 'text/html' } });
  const buildMs = Date.now() - built;
  const samples = await Promise.all(paths.slice(0, 50).map(async (p) => (await fetch(`${uncached.base}${p}`, { headers: { accept: 'text/html' } })).text()));
  const averageSize = Math.round(samples.reduce((sum, s) => sum + Buffer.byteLength(s), 0) / samples.length);
  const fixedPage = Buffer.from(samples.find((s) => Math.abs(Buffer.byteLength(s) - averageSize) < averageSize * 0.2) ?? samples[0] ?? '');
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': fixedPage.length });
    res.end(fixedPage);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

  console.log(`bench:search — ${CONNECTIONS} connections, ${DURATION_S}s each, ${paths.length} distinct queries, results page ~${averageSize} bytes, PostgreSQL`);
  console.log(`index built from PostgreSQL in ${buildMs} ms (${bench.published} procedures)`);
  const row = (label: string, r: { rps: number; p50: number; p99: number }) =>
    console.log(`${label.padEnd(34)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms`);
  const baseline = await loadPaths(bareUrl, ['/']);
  row('bare node:http (fixed page)', baseline);
  // The same page from a route of the platform's HTTP shell (Fastify with its hooks: security
  // headers, cookies, request ids, logging), with no search and no rendering: the most any
  // page served by the shell can reach, whatever the search costs.
  const shell = await createHttpApp({ config, logger: ctx.logger, ready: async () => undefined, renderHtmlError: renderErrorPage });
  shell.get('/', async (_request, reply) => sendHtml(reply, fixedPage));
  await shell.listen({ port: 0, host: '127.0.0.1' });
  const shellRun = await loadPaths(`http://127.0.0.1:${(shell.server.address() as AddressInfo).port}`, ['/']);
  row('the platform shell, the same page', shellRun);
  console.log(`ratio (shell / bare)               ${(shellRun.rps / baseline.rps).toFixed(3)}   the ceiling of any page`);
  await shell.close();
  const distinct = await loadPaths(uncached.base, paths);
  row('search, distinct, result cache off', distinct);
  console.log(`ratio (distinct / bare)            ${(distinct.rps / baseline.rps).toFixed(3)}   target ≥ 0.3, p99 < 20 ms`);
  // The same distinct queries through the JSON API (what agencies' systems and apps call): the
  // same search, without rendering the results page.
  const apiPaths = queries.map((q) => `/api/v1/procedures?${q}`);
  const api = await loadPaths(uncached.base, apiPaths);
  row('JSON API, distinct, cache off', api);
  console.log(`ratio (API distinct / bare page)   ${(api.rps / baseline.rps).toFixed(3)}`);
  await uncached.app.close();

  const cached = await serve(2000);
  await Promise.all(paths.slice(0, 200).map((p) => fetch(`${cached.base}${p}`, { headers: { accept: 'text/html' } }).then((r) => r.text())));
  const withCache = await loadPaths(cached.base, paths.slice(0, 200));
  row('search, 200 queries, cache on', withCache);
  console.log(`ratio (cached / bare)              ${(withCache.rps / baseline.rps).toFixed(3)}`);
  await cached.app.close();
  bare.close();
} finally {
  await bench.close();
}
