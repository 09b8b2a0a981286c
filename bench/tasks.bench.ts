/**
 * `npm run bench:tasks` — the Government Office's overdue list and per-agency completion rates
 * (task tracking, issue #16), as pages over HTTP, against a bare node:http server, in one run.
 *
 * Needs PostgreSQL: DATABASE_URL names a server where a scratch database is created (and
 * dropped at the end). Fills `tasks` with BENCH_TASKS rows (200,000) over five years
 * (2022–2026) across 100 lead agencies — most done (on time or late), some closed as not
 * completed, some still open past their deadline, those due after today open — then loads the
 * pages as a Government Office monitor (the test platform's actor header stands in for a session).
 * Percentiles (p95 the target's) come from a histogram of every response time (bench/latency.ts).
 * Before the load, each page is timed alone, one request after another (its own cost, without queueing).
 *
 * Environment: BENCH_TASKS, BENCH_DURATION seconds per load (10), BENCH_CONNECTIONS (20).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { actorHeader, createTestPlatform } from '../src/app/testing.ts';
import { sql } from '../src/platform/db/index.ts';
import type { Actor } from '../src/platform/module/index.ts';
import { rebuildRollups } from '../src/modules/tasks/tasks.repository.ts';
import { loadWithHistogram, type LatencyResult } from './latency.ts';

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
  // The bulk load bypasses the module's writes: its roll-ups are rebuilt once, as the migration did.
  await rebuildRollups(db);
  await sql`VACUUM ANALYZE tasks`.execute(db);
  await sql`VACUUM ANALYZE task_rollups`.execute(db);
  await sql`VACUUM ANALYZE task_year_rollups`.execute(db);
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

  const run = (url: string, paths: string[]) => loadWithHistogram(url, { connections: CONNECTIONS, durationS: DURATION_S, headers, paths });
  const row = (label: string, r: LatencyResult, baseline?: { rps: number }) =>
    console.log(
      `${label.padEnd(44)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(6)}  p90 ${r.p90.toFixed(1).padStart(6)}  p95 ${r.p95.toFixed(1).padStart(6)}  p99 ${r.p99.toFixed(1).padStart(6)} ms${baseline ? `  ratio ${(r.rps / baseline.rps).toFixed(3)}` : ''}`,
    );
  /** One request after another: the median and the slowest of `n`, in ms. */
  async function serial(path: string, n = 30) {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const at = performance.now();
      const response = await fetch(`${base}${path}`, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      times.push(performance.now() - at);
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(n / 2)]!, max: times[n - 1]! };
  }

  const rates = {
    year: ['2022', '2023', '2024', '2025', '2026'].map((y) => `/console/tasks/monitor?period=${y}`),
    quarter: ['2024-Q1', '2024-Q4', '2025-Q2', '2026-Q3'].map((q) => `/console/tasks/monitor?period=${q}`),
  };
  console.log('one request at a time (median / slowest of 30, ms):');
  for (const [label, path] of [
    ['overdue list, first page', '/console/tasks/overdue'],
    ['monitor page, rates of a past year (2024)', '/console/tasks/monitor?period=2024'],
    ['monitor page, rates of this year', `/console/tasks/monitor?period=${today.slice(0, 4)}`],
    ['monitor page, rates of a quarter (2025-Q2)', '/console/tasks/monitor?period=2025-Q2'],
    ['JSON: rates of a past year (2024)', '/api/v1/tasks/completion-rates?period=2024'],
    ['JSON: overdue list, first page', '/api/v1/tasks/overdue'],
  ] as const) {
    const s = await serial(path);
    console.log(`  ${label.padEnd(44)} ${s.median.toFixed(1).padStart(6)} / ${s.max.toFixed(1).padStart(6)}`);
  }

  console.log(`bench:tasks — ${CONNECTIONS} connections, ${DURATION_S}s each, overdue page ~${fixed.length} bytes, PostgreSQL (percentiles from a histogram of every response, 0.1 ms buckets)`);
  const baseline = await run(bareUrl, ['/']);
  row('bare node:http (fixed page)', baseline);
  row('overdue list, first page', await run(base, ['/console/tasks/overdue']), baseline);
  row('overdue list, pages 1–20', await run(base, Array.from({ length: 20 }, (_, i) => `/console/tasks/overdue?offset=${i * 50}`)), baseline);
  row('completion rates per agency, by year', await run(base, rates.year), baseline);
  row('completion rates per agency, by quarter', await run(base, rates.quarter), baseline);
  console.log('target: p95 < 100 ms');
  bare.close();
  await app.close();
} finally {
  await platform.close();
}
