/**
 * `npm run bench:backoffice` — the back office's work queue page (first page of each queue) and
 * the official's dossier page, against a bare node:http server, in one run.
 *
 * Needs PostgreSQL: DATABASE_URL names a server where a scratch database is created (and
 * dropped at the end). Fills `dossiers` with BENCH_DOSSIERS rows (1,000,000) spread over the
 * demo receiving units, BENCH_UNIT_DOSSIERS (100,000) of them open in one ward, then loads the
 * pages as a clerk of that ward (the test platform's actor header stands in for a session).
 *
 * Environment: BENCH_DOSSIERS, BENCH_UNIT_DOSSIERS, BENCH_DURATION seconds per load (10),
 * BENCH_CONNECTIONS (20).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { actorHeader, createTestPlatform } from '../src/app/testing.ts';
import { sql } from '../src/platform/db/index.ts';
import type { Actor } from '../src/platform/module/index.ts';

const TOTAL = Number(process.env.BENCH_DOSSIERS ?? 1_000_000);
const IN_UNIT = Number(process.env.BENCH_UNIT_DOSSIERS ?? 100_000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const WARD = '000.00.51.H49';
if (!process.env.DATABASE_URL) {
  console.error('bench:backoffice needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  process.exit(2);
}

const clerk: Actor = { accountId: '00000000-0000-4000-8000-0000000000b1', kind: 'official', displayName: 'Cán bộ một cửa', agencyCode: WARD, roles: ['clerk'] };
const platform = await createTestPlatform({ modules: ['backoffice'], seed: ['agencies'] });
try {
  const db = platform.ctx.db;
  const started = Date.now();
  // Open dossiers of the ward over statuses 1, 2, 4, 5, 9 with due dates around now; the rest in
  // other units, mostly finished. Codes follow the dossier code format.
  await sql`
    INSERT INTO dossiers (code, procedure_code, procedure_version_id, procedure_name, case_code, applicant_account_id, applicant_kind, applicant_identifier, applicant_name,
                          receiving_agency, status, received_at, due_at, form_data, source)
    SELECT CASE WHEN i <= ${IN_UNIT} THEN ${WARD} ELSE (ARRAY['000.00.52.H49','000.00.53.H49','000.00.04.H49','000.00.51.H29','000.00.52.H29'])[1 + i % 5] END
             || '-' || to_char(date '2026-01-01' + (i % 330), 'YYMMDD') || '-' || lpad(i::text, 7, '0'),
           '1.001193.000.00.00.H49', NULL, 'Đăng ký khai sinh', '01', NULL, 1, lpad((i % 999999999)::text, 12, '0'), 'Người nộp số ' || i,
           CASE WHEN i <= ${IN_UNIT} THEN ${WARD} ELSE (ARRAY['000.00.52.H49','000.00.53.H49','000.00.04.H49','000.00.51.H29','000.00.52.H29'])[1 + i % 5] END,
           CASE WHEN i <= ${IN_UNIT} THEN (ARRAY[1, 2, 4, 5, 9])[1 + i % 5] ELSE (ARRAY[10, 10, 10, 3, 4])[1 + i % 5] END,
           now() - (i % 400) * interval '1 hour', now() + ((i % 240) - 60) * interval '1 hour', '{}'::jsonb, 'sync'
    FROM generate_series(1, ${TOTAL}) AS i
  `.execute(db);
  await sql`VACUUM ANALYZE dossiers`.execute(db);
  const sample = await sql<{ code: string }>`SELECT code FROM dossiers WHERE receiving_agency = ${WARD} ORDER BY id LIMIT 50`.execute(db);
  console.log(`dossiers: ${TOTAL} (${IN_UNIT} in ${WARD}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

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

  async function run(url: string, paths: string[]) {
    const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, workers: 1, headers, requests: paths.map((p) => ({ method: 'GET' as const, path: p })) });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { rps: result.requests.average, p50: result.latency.p50, p90: result.latency.p90, p975: result.latency.p97_5 };
  }
  const row = (label: string, r: { rps: number; p50: number; p90: number; p975: number }, baseline?: { rps: number }) =>
    console.log(`${label.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${String(r.p50).padStart(4)} ms  p90 ${String(r.p90).padStart(4)} ms  p97.5 ${String(r.p975).padStart(4)} ms${baseline ? `  ratio ${(r.rps / baseline.rps).toFixed(3)}` : ''}`);

  console.log(`bench:backoffice — ${CONNECTIONS} connections, ${DURATION_S}s each, queue page ~${fixed.length} bytes, PostgreSQL (autocannon reports p90 and p97.5; p95 lies between)`);
  const baseline = await run(bareUrl, ['/']);
  row('bare node:http (fixed page)', baseline);
  for (const bucket of ['receive', 'processing', 'supplement', 'due_soon', 'overdue', 'finished']) row(`queue ${bucket}, first page`, await run(base, [`/console/work?bucket=${bucket}`]), baseline);
  row('dossier page (50 dossiers)', await run(base, sample.rows.map((r) => `/console/work/${encodeURIComponent(r.code)}`)), baseline);
  console.log('target: p95 < 100 ms');
  bare.close();
  await app.close();
} finally {
  await platform.close();
}
