/**
 * `npm run bench:http` — the platform's page shell against a bare node:http server, in one run.
 *
 * Serves the portal home page (server-rendered, CSP, cookies, CSRF token generation, session
 * lookup) and a bare `node:http` server returning a fixed page of the same size, loads each with
 * autocannon over loopback, and prints req/s, p50/p99 latency and the ratio. Absolute figures
 * vary between machines; the ratio is what to compare.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { load } from './load.ts';
import { compose } from '../src/app/composition.ts';
import { createServer } from '../src/app/server.ts';
import { loadConfig } from '../src/platform/config/index.ts';
import { createLogger } from '../src/platform/logging/index.ts';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);


const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: process.env.DATA_DIR ?? 'memory://', PORT: '0', LOG_LEVEL: 'silent' });
const composition = await compose(config, createLogger('silent'));
await composition.migrate();
const app = await createServer(composition);
await app.listen({ port: 0, host: '127.0.0.1' });
const platformUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;

const fixedPage = Buffer.from((await fetch(platformUrl, { headers: { accept: 'text/html' } }).then((r) => r.text())));
const bare = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': fixedPage.length });
  res.end(fixedPage);
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;

console.log(`bench:http — ${CONNECTIONS} connections, ${DURATION_S}s each, page ${fixedPage.length} bytes, database ${composition.ctx.database.kind}`);
const baseline = await load(bareUrl, { connections: CONNECTIONS, durationS: DURATION_S });
const platform = await load(platformUrl, { connections: CONNECTIONS, durationS: DURATION_S });
const row = (name: string, r: { rps: number; p50: number; p99: number }) =>
  console.log(`${name.padEnd(22)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms`);
row('bare node:http', baseline);
row('egov home page', platform);
console.log(`ratio (egov / bare)     ${(platform.rps / baseline.rps).toFixed(3)}`);

await app.close();
bare.close();
await composition.close();
