/**
 * `npm run bench:catalog` — the procedure search results page against a bare node:http server, in one run.
 *
 * Needs PostgreSQL: DATABASE_URL names a server where a scratch database can be created (it is
 * dropped at the end). Builds a catalogue of 10,000 synthetic procedures plus the demo catalogue,
 * serves the catalog module's pages on the platform HTTP shell (`createHttpApp`: CSP, cookies,
 * CSRF token, error pages), and loads `/procedures?q=…` with a mix of accent-less and misspelt
 * queries, some with filters or a second page. The bare server returns a fixed results page of
 * the same size. Prints req/s, p50/p99 latency and the ratio; then the same load with the
 * module's result cache turned off, to show what the database costs.
 *
 * Environment: BENCH_PROCEDURES (10000), BENCH_DURATION seconds per load (10), BENCH_CONNECTIONS (50).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedBenchCatalog } from './catalog-database.ts';
import { load } from './load.ts';
import { createCatalogModule } from '../src/modules/catalog/index.ts';
import { createHttpApp } from '../src/platform/http/index.ts';
import { renderErrorPage } from '../src/platform/ui/index.ts';

const PROCEDURES = Number(process.env.BENCH_PROCEDURES ?? 10_000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error('bench:catalog needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  process.exit(2);
}

/** What people type: without accents, with a wrong or missing letter, sometimes with a filter. */
const QUERIES = [
  'q=dang+ky+khai+sinh',
  'q=dang+ki+khai+sinh',
  'q=khai+snh',
  'q=dang+ky+ket+hon',
  'q=giay+phep+xay+dung',
  'q=giay+phep+xay+dungg',
  'q=ly+lich+tu+phap',
  'q=ly+lich+tu+phapp',
  'q=cap+doi+giay+phep+lai+xe',
  'q=dang+ky+thuong+tru',
  'q=thuong+chu',
  'q=ho+chieu',
  'q=chung+chi+hanh+nghe',
  'q=chung+chi+hanh+nghe&page=2',
  'q=giay+phep+kinh+doanh&applicant=business',
  'q=dang+ky+ho+kinh+doanh&province=22',
  'q=chung+thuc+ban+sao',
  'q=giay+chung+nhan+quyen+su+dung+dat',
  'q=cap+lai+giay+phep&level=toan_trinh',
  'q=dang+kiem+phuong+tien',
];

function loadPaths(url: string, paths: string[]) {
  return load(url, { connections: CONNECTIONS, durationS: DURATION_S, paths });
}

const bench = await seedBenchCatalog(serverUrl, PROCEDURES);
const { ctx, config, agencies } = bench;
try {

  async function serve(cacheSize: number) {
    const catalog = createCatalogModule(ctx, { agencies: agencies.api }, { search: { cacheSize } });
    const app = await createHttpApp({ config, logger: ctx.logger, ready: async () => undefined, renderHtmlError: renderErrorPage });
    app.decorateRequest('actor', undefined);
    await catalog.registration.registerRoutes?.(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
  }

  const paths = QUERIES.map((q) => `/procedures?${q}`);
  const cached = await serve(2000);
  const samples = await Promise.all(paths.map(async (p) => (await fetch(`${cached.base}${p}`, { headers: { accept: 'text/html' } })).text()));
  const fixedPage = Buffer.from(samples[0] ?? '');
  const averageSize = Math.round(samples.reduce((sum, s) => sum + Buffer.byteLength(s), 0) / samples.length);
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': fixedPage.length });
    res.end(fixedPage);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

  console.log(`bench:catalog — ${CONNECTIONS} connections, ${DURATION_S}s each, ${QUERIES.length} queries, results page ~${averageSize} bytes, PostgreSQL`);
  const row = (label: string, r: { rps: number; p50: number; p99: number }) =>
    console.log(`${label.padEnd(30)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms`);
  const baseline = await loadPaths(bareUrl, ['/']);
  row('bare node:http (fixed page)', baseline);
  const withCache = await loadPaths(cached.base, paths);
  row('search page', withCache);
  console.log(`ratio (search / bare)          ${(withCache.rps / baseline.rps).toFixed(3)}   target ≥ 0.15, p99 < 50 ms`);
  await cached.app.close();

  const uncached = await serve(0);
  const withoutCache = await loadPaths(uncached.base, paths);
  row('search page, result cache off', withoutCache);
  console.log('  (cache off: every request searches the in-memory index of the process, rebuilt from PostgreSQL on publication)');
  console.log(`ratio (uncached / bare)        ${(withoutCache.rps / baseline.rps).toFixed(3)}`);
  await uncached.app.close();
  bare.close();
} finally {
  await bench.close();
}
