/**
 * `node --import tsx bench/search-cost.ts` — what one search costs, request by request (no
 * concurrency, so that other load on the machine disturbs it little), split into its parts:
 * the index (terms and scoring: runQuery), the search service (plus result assembly: hits,
 * agency names, help articles), the JSON API and the results page over HTTP (plus Fastify and
 * rendering), against a trivial Fastify route and a bare node:http server sending a page of the
 * same size. Also the index build from PostgreSQL. Run it with `node --cpu-prof` for a profile.
 *
 * Environment: DATABASE_URL (a server where a scratch database can be created), COST_PROCEDURES
 * (100000), COST_QUERIES (300), COST_KEEP (a database name: seeded once and kept between runs).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedBenchCatalog } from './catalog-database.ts';
import { distinctQueries } from './search-queries.ts';
import { createCatalogModule } from '../src/modules/catalog/index.ts';
import { runQuery } from '../src/modules/catalog/search-engine.ts';
import { buildIndex } from '../src/modules/catalog/search-index.ts';
import { readIndexRows, readSynonyms, readUses } from '../src/modules/catalog/search.repository.ts';
import { foldQuery } from '../src/modules/catalog/search-text.ts';
import { sql } from '../src/platform/db/index.ts';
import { createHttpApp } from '../src/platform/http/index.ts';
import { renderErrorPage } from '../src/platform/ui/index.ts';

const PROCEDURES = Number(process.env.COST_PROCEDURES ?? 100_000);
const QUERIES = Number(process.env.COST_QUERIES ?? 300);
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error('search-cost needs PostgreSQL: set DATABASE_URL');
  process.exit(2);
}

function stats(label: string, ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number).toFixed(3);
  const mean = (ms.reduce((s, x) => s + x, 0) / ms.length).toFixed(3);
  console.log(`${label.padEnd(30)} mean ${mean.padStart(8)} ms   p50 ${at(0.5).padStart(8)} ms   p99 ${at(0.99).padStart(8)} ms`);
}

async function timeEach<T>(items: T[], run: (item: T) => unknown): Promise<number[]> {
  // Once untimed, so that compilation and the first-use caches are not counted.
  for (const item of items.slice(0, 50)) await run(item);
  const out: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await run(item);
    out.push(performance.now() - started);
  }
  return out;
}

const bench = await seedBenchCatalog(serverUrl, PROCEDURES, process.env.COST_KEEP ? { keep: process.env.COST_KEEP } : {});
const { database, ctx, config, agencies } = bench;
try {
  const names = await sql<{ search_name: string }>`SELECT search_name FROM procedures WHERE status = 'published'`.execute(database.db);
  const queries = distinctQueries(
    names.rows.map((r) => r.search_name),
    QUERIES,
  );

  let started = performance.now();
  const [rows, synonyms, uses] = await Promise.all([readIndexRows(database.db), readSynonyms(database.db), readUses(database.db)]);
  const readMs = performance.now() - started;
  started = performance.now();
  const index = buildIndex(rows, synonyms, uses);
  console.log(`${rows.length} procedures: index rows read in ${readMs.toFixed(0)} ms, built in ${(performance.now() - started).toFixed(0)} ms`);

  const parsed = queries.map((q) => {
    const p = new URLSearchParams(q);
    const page = Number(p.get('page') ?? 1);
    return { q: p.get('q') ?? '', page, province: p.get('province') ?? undefined, applicant: (p.get('applicant') ?? undefined) as 'business' | undefined };
  });
  const engine = await timeEach(parsed, (q) => runQuery(index, { text: foldQuery(q.q), filters: { province: q.province, applicant: q.applicant }, offset: (q.page - 1) * 20, limit: 20 }));

  const catalog = createCatalogModule(ctx, { agencies: agencies.api }, { search: { cacheSize: 0 } });
  await catalog.api.searchProcedures({ q: 'x' });
  const service = await timeEach(parsed, (q) => catalog.api.searchProcedures(q));

  const app = await createHttpApp({ config, logger: ctx.logger, ready: async () => undefined, renderHtmlError: renderErrorPage });
  app.decorateRequest('actor', undefined);
  await catalog.registration.registerRoutes?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const get = async (url: string) => {
    const res = await fetch(url, { headers: { accept: 'text/html' } });
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    return body.byteLength;
  };
  const sizes: number[] = [];
  const page = await timeEach(queries, async (q) => sizes.push(await get(`${base}/procedures?${q}`)));
  const api = await timeEach(queries, (q) => get(`${base}/api/v1/procedures?${q}`));
  const live = await timeEach(queries, () => get(`${base}/health/live`));
  const average = Math.round(sizes.reduce((s, x) => s + x, 0) / sizes.length);
  const fixed = Buffer.alloc(average, 'a');
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': fixed.length });
    res.end(fixed);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  const bareMs = await timeEach(queries, () => get(bareUrl));

  console.log(`${queries.length} distinct queries, one at a time; results page ~${average} bytes`);
  stats('index (runQuery)', engine);
  stats('search service (cache off)', service);
  stats('GET /api/v1/procedures', api);
  stats('GET /procedures (page)', page);
  stats('GET /health/live (Fastify)', live);
  stats('bare node:http, same size', bareMs);
  await app.close();
  bare.close();
} finally {
  await bench.close();
}
