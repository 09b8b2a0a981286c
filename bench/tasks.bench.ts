/**
 * `npm run bench:tasks` — the Government Office's overdue list and per-agency completion rates
 * (task tracking, issue #16), as pages over HTTP, against a bare node:http server, in one run.
 *
 * Needs PostgreSQL: DATABASE_URL names a server where a scratch database is created (and
 * dropped at the end). Fills `tasks` with BENCH_TASKS rows (200,000) over five years
 * (2022–2026) across 100 lead agencies — most done (on time or late), some closed as not
 * completed, some still open past their deadline, those due after today open — then loads the
 * pages as a Government Office monitor (the test platform's actor header stands in for a session).
 * Latencies are measured per request by closed-loop clients (p50 and p95 exact).
 *
 * Environment: BENCH_TASKS, BENCH_DURATION seconds per load (10), BENCH_CONNECTIONS (20).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { actorHeader, createTestPlatform } from '../src/app/testing.ts';
import { sql } from '../src/platform/db/index.ts';
import type { Actor } from '../src/platform/module/index.ts';

const TOTAL = Number(process.env.BENCH_TASKS ?? 200_000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
if (!process.env.DATABASE_URL) {
  console.error('bench:tasks needs PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  process.exit(2);
}

const monitor: Actor = { accountId: '00000000-0000-4000-8000-0000000000c1', kind: 'official', displayName: 'Theo dõi nhiệm vụ', agencyCode: '000.00.00.G22', roles: ['task_monitor'] };
const platform = await createTestPlatform({ modules: ['tasks'], seed: ['agencies'] });
try {
  const db = platform.ctx.db;
  const started = Date.now();
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  // 100 agencies: 30 central bodies (G01–G30) and 70 provinces (H01–H70). Deadlines spread over
  // 2022-01-03 .. 2026-12-31. Past deadlines: 72 % done on time, 13 % late, 3 % closed as not
  // completed, 12 % still open (overdue).
  await sql`
    WITH t AS (
      SELECT i, (date '2022-01-03' + (i * 7919 % 1824)) AS due, CASE WHEN i % 100 < 30 THEN 'G' || lpad((i % 100 + 1)::text, 2, '0') ELSE 'H' || lpad((i % 100 - 29)::text, 2, '0') END AS l1, i % 100 AS r
      FROM generate_series(1, ${TOTAL}) AS i
    )
    INSERT INTO tasks (source_kind, source_ref, source_title, content, lead_agency_code, lead_level1, deadline_kind, deadline, due_on, expected_product, priority, status, progress_percent,
                       completed_at, completed_on, evaluation, evaluated_at, assigned_on)
    SELECT 'decision', '000.00.00.G22,' || to_char(due - 60, 'YYYY/MM/DD') || ',' || i || '/QĐ-TTg', 'Quyết định giao nhiệm vụ', 'Nhiệm vụ số ' || i || ': xây dựng báo cáo chuyên đề',
           '000.00.00.' || l1, l1, 'date', due, due, 'Báo cáo', 'normal',
           CASE WHEN due >= ${today}::date THEN 'in_progress' WHEN r < 85 THEN (CASE WHEN i % 2 = 0 THEN 'evaluated' ELSE 'completed' END) WHEN r < 88 THEN 'evaluated' ELSE 'in_progress' END,
           CASE WHEN due < ${today}::date AND r < 85 THEN 100 ELSE 40 END,
           CASE WHEN due < ${today}::date AND r < 85 THEN (CASE WHEN r < 72 THEN due - (i % 15) ELSE due + (1 + i % 9) END)::timestamptz END,
           CASE WHEN due < ${today}::date AND r < 85 THEN CASE WHEN r < 72 THEN due - (i % 15) ELSE due + (1 + i % 9) END END,
           CASE WHEN due < ${today}::date AND r < 85 AND i % 2 = 0 THEN (CASE WHEN r < 72 THEN 'on_time' ELSE 'late' END) WHEN due < ${today}::date AND r BETWEEN 85 AND 87 THEN 'not_completed' END,
           CASE WHEN due < ${today}::date AND (r < 85 AND i % 2 = 0 OR r BETWEEN 85 AND 87) THEN (due + 20)::timestamptz END,
           due - 60
    FROM t
  `.execute(db);
  await sql`VACUUM ANALYZE tasks`.execute(db);
  const counts = (await sql<{ open_overdue: number; agencies: number }>`SELECT count(*) FILTER (WHERE status IN ('assigned','clarification','accepted','in_progress') AND due_on < ${today})::int AS open_overdue, count(DISTINCT lead_agency_code)::int AS agencies FROM tasks`.execute(db)).rows[0]!;
  console.log(`tasks: ${TOTAL} over 2022–2026, ${counts.agencies} lead agencies, ${counts.open_overdue} open past their deadline; loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const app = await platform.http();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const headers = { accept: 'text/html', ...actorHeader(monitor) };
  const first = await fetch(`${base}/console/tasks/overdue`, { headers });
  if (first.status !== 200) throw new Error(`overdue list answered ${first.status}: ${(await first.text()).slice(0, 300)}`);
  const fixed = Buffer.from(await first.text());
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': fixed.length });
    res.end(fixed);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

  /** CONNECTIONS closed-loop clients for DURATION_S seconds, cycling through the paths. */
  async function run(url: string, paths: string[]) {
    const latencies: number[] = [];
    const until = performance.now() + DURATION_S * 1000;
    let n = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < until) {
          const path = paths[n++ % paths.length]!;
          const t0 = performance.now();
          const res = await fetch(`${url}${path}`, { headers });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    return { rps: latencies.length / DURATION_S, p50: at(0.5), p95: at(0.95) };
  }
  const row = (label: string, r: { rps: number; p50: number; p95: number }, baseline?: { rps: number }) =>
    console.log(`${label.padEnd(44)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p95 ${r.p95.toFixed(1).padStart(6)} ms${baseline ? `  ratio ${(r.rps / baseline.rps).toFixed(3)}` : ''}`);

  console.log(`bench:tasks — ${CONNECTIONS} connections, ${DURATION_S}s each, overdue page ~${fixed.length} bytes, PostgreSQL`);
  const baseline = await run(bareUrl, ['/']);
  row('bare node:http (fixed page)', baseline);
  row('overdue list, first page', await run(base, ['/console/tasks/overdue']), baseline);
  row('overdue list, pages 1–20', await run(base, Array.from({ length: 20 }, (_, i) => `/console/tasks/overdue?offset=${i * 50}`)), baseline);
  row('completion rates per agency, by year', await run(base, ['2022', '2023', '2024', '2025', '2026'].map((y) => `/console/tasks/monitor?period=${y}`)), baseline);
  row('completion rates per agency, by quarter', await run(base, ['2024-Q1', '2024-Q4', '2025-Q2', '2026-Q3'].map((q) => `/console/tasks/monitor?period=${q}`)), baseline);
  console.log('target: p95 < 100 ms');
  bare.close();
  await app.close();
} finally {
  await platform.close();
}
