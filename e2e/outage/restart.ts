/**
 * `npm run test:restart` — PostgreSQL restarted under load, with the real processes (CI step).
 *
 * On a fresh database of the server named by DATABASE_URL (default the local test server):
 * `egov migrate`, `egov seed`, an integration client, then `egov serve` + `egov worker` and
 * `egov start` (web and worker in one process) side by side. Exchange sends (signed REST),
 * VXP inbox calls, dossier submissions and catalogue searches run against both web processes while PostgreSQL is
 * restarted (EGOV_DB_RESTART_COMMAND, default `pg_ctlcluster … main restart`, as root; the
 * command sees the test database's name in EGOV_RESTART_DATABASE). Then:
 * every process is still running, every request that failed got a clean 503 with Retry-After,
 * readiness reported the outage and recovered by itself, and every kind of request (and the
 * outbox worker) works again. Exits 0 when all of that holds, 1 otherwise.
 *
 * It restarts a shared server: other clients of it see their connections dropped.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { CITIZENS, documentOf, isClean, logIn, searchCatalogue, sendDocument, submitDossier, summary, vxpInbox, type Answer, type CitizenSession, type ExchangeClient } from './traffic.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RESTART_COMMAND = process.env.EGOV_DB_RESTART_COMMAND ?? `pg_ctlcluster --skip-systemctl-redirect ${clusterVersion()} main restart`;
/** The whole run, restart included; CI also bounds the step with `timeout`. */
const DEADLINE = Date.now() + Number(process.env.EGOV_RESTART_TEST_TIMEOUT_MS ?? 300_000);
const SENDER = '000.00.00.H49';
const RECIPIENTS = ['000.00.00.H29', '000.00.00.G15'];

function clusterVersion(): string {
  const versions = readdirSync('/etc/postgresql');
  if (versions.length !== 1) throw new Error(`expected one cluster version in /etc/postgresql, found ${versions.join(', ') || 'none'}`);
  return versions[0]!;
}

const log = (line: string) => process.stdout.write(`[test:restart] ${line}\n`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Math.min(DEADLINE, Date.now() + timeoutMs);
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await pause(100);
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface EgovProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  base?: string;
}

const processes: EgovProcess[] = [];

function egov(name: string, args: string[], env: NodeJS.ProcessEnv): EgovProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'egov.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = { name, child, output: () => output, exited };
  processes.push(running);
  return running;
}

const alive = (p: EgovProcess) => p.child.exitCode === null && p.child.signalCode === null;

const LEVELS: Record<number, string> = { 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** The process log (pino's JSON lines) among the rest of the output. */
function logLines(output: string): { level: string; msg: string }[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      const entry = JSON.parse(line) as { level: number; msg: string };
      return [{ level: LEVELS[entry.level] ?? String(entry.level), msg: entry.msg }];
    } catch {
      return [];
    }
  });
}

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

async function ready(base: string): Promise<number> {
  try {
    return (await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(5_000) })).status;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const name = `egov_restart_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egov-restart-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: url.toString(),
    DATA_DIR: dataDir,
    SECRET_KEY: 'restart-test-secret-key-0123456789abcdefghij',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.EGOV_RESTART_LOG_LEVEL ?? 'warn',
  };
  delete env.SMTP_URL;
  try {
    await run(env, name);
  } finally {
    for (const p of processes.filter(alive)) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    rmSync(dataDir, { recursive: true, force: true });
    // The server was just restarted: retry the drop for a while.
    for (let attempt = 0; attempt < 30; attempt++) {
      const dropper = new pg.Client({ connectionString: SERVER_URL });
      try {
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await dropper.end();
        break;
      } catch {
        await dropper.end().catch(() => undefined);
        await pause(1000);
      }
    }
  }
}

async function restartDatabase(databaseName: string): Promise<void> {
  const child = spawn('sh', ['-c', RESTART_COMMAND], { stdio: 'inherit', env: { ...process.env, EGOV_RESTART_DATABASE: databaseName } });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`the restart command failed (${String(code)}): ${RESTART_COMMAND}`);
}

async function run(env: NodeJS.ProcessEnv, databaseName: string): Promise<void> {
  const cli = (args: string[]) => execFileSync(process.execPath, [path.join(ROOT, 'bin', 'egov.js'), ...args], { cwd: ROOT, env, encoding: 'utf8' });
  log('egov migrate, egov seed');
  cli(['migrate']);
  cli(['seed']);
  const created = JSON.parse(cli(['clients', 'create', '--agency', SENDER, '--name', 'restart test'])) as { clientId: string; secret: string };
  const client: ExchangeClient = { agency: SENDER, clientId: created.clientId, secret: created.secret };
  const receiving = JSON.parse(cli(['clients', 'create', '--agency', RECIPIENTS[0]!, '--name', 'restart test (VXP)'])) as { clientId: string; secret: string };
  const recipient: ExchangeClient = { agency: RECIPIENTS[0]!, clientId: receiving.clientId, secret: receiving.secret };

  const [servePort, startPort] = [await freePort(), await freePort()];
  const web = [
    egov('serve', ['serve'], { ...env, PORT: String(servePort), BASE_URL: `http://127.0.0.1:${servePort}` }),
    egov('start', ['start'], { ...env, PORT: String(startPort), BASE_URL: `http://127.0.0.1:${startPort}` }),
  ];
  web[0]!.base = `http://127.0.0.1:${servePort}`;
  web[1]!.base = `http://127.0.0.1:${startPort}`;
  egov('worker', ['worker'], env);
  const bases = web.map((p) => p.base!);
  for (const base of bases) await waitUntil(`${base} is ready`, async () => (await ready(base)) === 200, 120_000);
  log(`running: serve ${bases[0]}, start ${bases[1]}, worker`);

  const sessions: { session: CitizenSession; identifier: string }[] = [];
  for (const identifier of CITIZENS) sessions.push({ session: await logIn(bases[0]!, identifier), identifier });

  // Traffic on both web processes; readiness watched every 100 ms.
  const answers: Answer[] = [];
  const readiness: { base: string; status: number; at: number }[] = [];
  let running = true;
  let sent = 0;
  const baseOf = (n: number) => bases[n % bases.length]!;
  const lanes = [
    ...[0, 1, 2, 3].map(async (lane) => {
      while (running) answers.push(await sendDocument(baseOf(lane), client, documentOf(SENDER, RECIPIENTS, sent++, `RESTART-${Date.now().toString(36)}`)));
    }),
    ...sessions.map(async ({ session, identifier }, i) => {
      for (let n = i; running; n++) answers.push(await submitDossier(baseOf(n), session, identifier));
    }),
    (async () => {
      for (let n = 0; running; n++) {
        answers.push(await vxpInbox(baseOf(n), recipient));
        await pause(20);
      }
    })(),
    ...[0, 1].map(async (lane) => {
      for (let n = lane; running; n += 2) {
        answers.push(await searchCatalogue(baseOf(n), n));
        await pause(20);
      }
    }),
    (async () => {
      while (running) {
        for (const base of bases) readiness.push({ base, status: await ready(base), at: Date.now() });
        await pause(100);
      }
    })(),
  ];
  const okSince = (from: number, kind: Answer['kind']) => answers.slice(from).filter((a) => a.kind === kind && a.status >= 200 && a.status < 300).length;
  const everyKindSince = (from: number) => (['send', 'submit', 'search', 'vxp'] as const).every((k) => okSince(from, k) >= 5);

  let outboxBefore = 0;
  try {
    await waitUntil('every kind of request succeeds before the restart', () => everyKindSince(0));
    const before = answers.length;
    const restartedAt = Date.now();
    log(`restarting PostgreSQL: ${RESTART_COMMAND}`);
    // Not execFileSync: the traffic and the readiness watch must go on during the restart.
    await restartDatabase(databaseName);
    log(`PostgreSQL restarted in ${((Date.now() - restartedAt) / 1000).toFixed(1)} s`);
    for (const base of bases) await waitUntil(`${base} is ready again by itself`, async () => (await ready(base)) === 200);
    const after = answers.length;
    log(`during the restart: ${summary(answers.slice(before, after)) || 'no requests'}`);
    await waitUntil('every kind of request succeeds after the restart', () => everyKindSince(after));
    // The outbox worker resumed: an event published after the restart is handled.
    const db = new pg.Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    try {
      outboxBefore = Number((await db.query<{ id: string | null }>(`SELECT max(id) AS id FROM outbox_events`)).rows[0]?.id ?? 0);
      await waitUntil('submissions after the restart publish outbox events', async () => {
        const r = await db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_events WHERE id > $1`, [outboxBefore]);
        return Number(r.rows[0]?.n) > 0;
      });
      await waitUntil('the worker handles events published after the restart', async () => {
        const r = await db.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_events WHERE id > $1 AND status = 'done'`, [outboxBefore]);
        return Number(r.rows[0]?.n) > 0;
      });
    } finally {
      await db.end();
    }
  } finally {
    running = false;
    await Promise.all(lanes);
  }

  const problems: string[] = [];
  const dead = processes.filter((p) => !alive(p));
  for (const p of dead) problems.push(`egov ${p.name} exited (${p.child.exitCode ?? p.child.signalCode}):\n…${p.output().slice(-1500)}`);
  const unclean = answers.filter((a) => !isClean(a));
  if (unclean.length > 0) problems.push(`${unclean.length} requests did not fail cleanly, e.g. ${JSON.stringify(unclean.slice(0, 5))}`);
  if (!answers.some((a) => a.status === 503)) problems.push('no request failed during the restart: the restart was not observed');
  for (const base of bases) {
    if (!readiness.some((r) => r.base === base && r.status === 503)) problems.push(`${base}/health/ready never reported the outage`);
  }
  log(`all requests: ${summary(answers)}`);
  for (const p of processes) {
    const logged = logLines(p.output());
    log(`egov ${p.name} logged: ${[...countBy(logged.map((l) => `${l.level} ${l.msg}`))].map(([k, n]) => `${k} ×${n}`).join('; ') || 'nothing'}`);
    for (const l of logged.filter((l) => l.level === 'fatal' || l.msg.startsWith('unhandled promise rejection'))) problems.push(`egov ${p.name}: ${l.level} ${l.msg}`);
  }

  // A graceful stop still works after the outage.
  for (const p of processes) p.child.kill('SIGTERM');
  const codes = await Promise.all(processes.map((p) => Promise.race([p.exited, pause(20_000).then(() => 'timeout' as const)])));
  codes.forEach((code, i) => {
    if (code !== 0) problems.push(`egov ${processes[i]!.name} did not stop cleanly on SIGTERM (${String(code)}):\n…${processes[i]!.output().slice(-1500)}`);
  });
  if (problems.length > 0) throw new Error(problems.join('\n\n'));
  log('ok: every process survived the restart, failures were clean 503s, service resumed by itself');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // The processes' output first and the reason last: a CI log shown by its tail keeps the reason.
    for (const p of processes) process.stderr.write(`--- egov ${p.name} output ---\n${p.output().slice(-4000)}\n`);
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[test:restart] FAILED: ${reason.length > 6000 ? `${reason.slice(0, 6000)} …` : reason}\n`);
    process.exit(1);
  },
);
