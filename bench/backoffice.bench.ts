/**
 * `npm run bench:backoffice` — the back office's work queue page (first page of every queue) and
 * the official's dossier page, against a bare node:http server, in one run.
 *
 * Needs PostgreSQL: DATABASE_URL names a server where a scratch database is created (and
 * dropped at the end). Fills `dossiers` with BENCH_DOSSIERS rows (1,000,000) spread over the
 * demo receiving units, BENCH_UNIT_DOSSIERS (100,000) of them open in one ward, then loads the
 * pages as a clerk of that ward (the test platform's actor header stands in for a session).
 * The rows go in by chunks of one INSERT … SELECT over generate_series each, with the table's
 * secondary indexes dropped during the load and built again after it (as they were defined).
 *
 * Prints, per page: the median and p95 of BENCH_SERIAL requests one after another (the cost of
 * one request), then under load — req/s, p50, p95 and p99 from every response's latency — and
 * the req/s ratio to the bare server of the same run.
 *
 * Environment: BENCH_DOSSIERS, BENCH_UNIT_DOSSIERS, BENCH_CHUNK (100,000 rows an INSERT),
 * BENCH_DURATION seconds per load (10), BENCH_CONNECTIONS (20), BENCH_SERIAL (200).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { actorHeader, createTestPlatform } from '../src/app/testing.ts';
import { sql } from '../src/platform/db/index.ts';
import type { Actor } from '../src/platform/module/index.ts';
import { BUCKETS } from '../src/modules/backoffice/backoffice.workflow.ts';
import { bulkLoad } from './bulk-load.ts';
import { loadWithHistogram, quantile, type LatencyResult } from './latency.ts';

const TOTAL = Number(process.env.BENCH_DOSSIERS ?? 1_000_000);
const IN_UNIT = Math.min(TOTAL, Number(process.env.BENCH_UNIT_DOSSIERS ?? 100_000));
const CHUNK = Number(process.env.BENCH_CHUNK ?? 100_000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const SERIAL = Number(process.env.BENCH_SERIAL ?? 200);
const WARD = '000.00.51.H49';
const OTHERS = ['000.00.52.H49', '000.00.53.H49', '000.00.04.H49', '000.00.51.H29', '000.00.52.H29'];
if (!process.env.DATABASE_URL) {
  console.error('bench:backoffice needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  process.exit(2);
}

const clerk: Actor = { accountId: '00000000-0000-4000-8000-0000000000b1', kind: 'official', displayName: 'Cán bộ một cửa', agencyCode: WARD, roles: ['clerk'] };
const platform = await createTestPlatform({ modules: ['backoffice'], seed: ['agencies'] });
try {
  const db = platform.ctx.db;
  const started = Date.now();
  // Secondary indexes are built once after the load (a sorted build) instead of row by row (bench/bulk-load.ts).
  await bulkLoad(db, ['dossiers'], async (conn) => {
    // Open dossiers of the ward over statuses 1, 2, 4, 5, 9 with due dates around now; the rest in
    // other units, mostly finished. Codes follow the dossier code format.
    const unitOf = sql`CASE WHEN i <= ${IN_UNIT} THEN ${WARD} ELSE (${OTHERS}::text[])[1 + i % 5] END`;
    for (let from = 1; from <= TOTAL; from += CHUNK) {
      const to = Math.min(TOTAL, from + CHUNK - 1);
      await sql`
        INSERT INTO dossiers (code, procedure_code, procedure_version_id, procedure_name, case_code, applicant_account_id, applicant_kind, applicant_identifier, applicant_name,
                              receiving_agency, status, received_at, due_at, form_data, source)
        SELECT ${unitOf} || '-' || to_char(date '2026-01-01' + (i % 330), 'YYMMDD') || '-' || lpad(i::text, 7, '0'),
               '1.001193.000.00.00.H49', NULL, 'Đăng ký khai sinh', '01', NULL, 1, lpad((i % 999999999)::text, 12, '0'), 'Người nộp số ' || i,
               ${unitOf},
               CASE WHEN i <= ${IN_UNIT} THEN (ARRAY[1, 2, 4, 5, 9])[1 + i % 5] ELSE (ARRAY[10, 10, 10, 3, 4])[1 + i % 5] END::smallint,
               now() - (i % 400) * interval '1 hour', now() + ((i % 240) - 60) * interval '1 hour', '{}'::json, 'sync'
        FROM generate_series(${from}::int, ${to}::int) AS i
      `.execute(conn);
      process.stdout.write(`\rdossiers: ${to} of ${TOTAL} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  }, { alsoVacuum: ['dossier_queue_counts'] });
  const sample = await sql<{ code: string }>`SELECT code FROM dossiers WHERE receiving_agency = ${WARD} ORDER BY id LIMIT 50`.execute(db);
  console.log(`\rdossiers: ${TOTAL} (${IN_UNIT} open in ${WARD}) loaded and indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const app = await platform.http();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const headers = { accept: 'text/html', ...actorHeader(clerk) };
  const page = await (await fetch(`${base}/console/work?bucket=processing`, { headers })).text();
  const fixed = Buffer.from(page);
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': fixed.length });
    res.end(fixed);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

  /** One request after another: what one request costs, without queueing behind others. */
  async function serial(paths: string[]): Promise<{ median: number; p95: number }> {
    const times: number[] = [];
    for (let i = 0; i < SERIAL; i++) {
      const t = process.hrtime.bigint();
      const response = await fetch(`${base}${paths[i % paths.length]}`, { headers });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${paths[i % paths.length]}: ${response.status}`);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const sorted = Float64Array.from(times).sort();
    return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
  }
  const ms = (n: number) => n.toFixed(1).padStart(6);
  const row = (label: string, r: LatencyResult, one?: { median: number; p95: number }, baseline?: LatencyResult) =>
    console.log(
      `${label.padEnd(28)}${one ? `${ms(one.median)} ${ms(one.p95)}` : ' '.repeat(13)}  ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  p99 ${ms(r.p99)}${baseline ? `  ratio ${(r.rps / baseline.rps).toFixed(3)}` : ''}${r.p95 < 100 ? '' : '  (p95 ≥ 100 ms)'}`,
    );
  const load = (url: string, paths: string[]) => loadWithHistogram(url, { connections: CONNECTIONS, durationS: DURATION_S, headers, paths });

  console.log(`bench:backoffice — ${CONNECTIONS} connections, ${DURATION_S}s each, queue page ~${fixed.length} bytes, PostgreSQL; times in ms`);
  console.log(`${''.padEnd(28)}serial (${SERIAL} one after another): median, p95   under load:`);
  const baseline = await load(bareUrl, ['/']);
  row('bare node:http (fixed page)', baseline);
  for (const bucket of BUCKETS) {
    const paths = [`/console/work?bucket=${bucket}`];
    const one = await serial(paths);
    row(`queue ${bucket}, first page`, await load(base, paths), one, baseline);
  }
  const dossierPaths = sample.rows.map((r) => `/console/work/${encodeURIComponent(r.code)}`);
  const one = await serial(dossierPaths);
  row(`dossier page (${dossierPaths.length} dossiers)`, await load(base, dossierPaths), one, baseline);
  console.log('target: p95 < 100 ms under load');
  bare.close();
  await app.close();
} finally {
  await platform.close();
}
