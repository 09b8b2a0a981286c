import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { isPostgres } from '../../platform/testing/index.ts';
import { H49, setUpSync, type SyncClient, type SyncTestContext } from './statussync.test-support.ts';

// Fault test: the hub killed (SIGKILL) in the middle of an ingestion, restarted on the same
// database, and the one-stop system resending every call that got no "0" answer (its session
// too: it logs in again when a call fails). Every dossier must end in its last state, with
// exactly one history entry per state and step — none lost, none doubled. Twice: batches
// answered on the serving thread, and batches large enough (64 KB) for an ingestion thread.

const BATCHES = 24;
const PER_BATCH = 25;
const HUB_SCRIPT = path.join(import.meta.dirname, 'testing', 'hub-process.ts');

let t: SyncTestContext;
let client: SyncClient;
let hubUrl = '';
let hub: { child: ChildProcess; exited: Promise<void>; base: string; output: () => string } | undefined;

async function startHub(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', HUB_SCRIPT], {
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: hubUrl, SECRET_KEY: t.platform.ctx.config.secretKey, HOST: '127.0.0.1', PORT: '0', BASE_URL: 'http://127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /hub listening (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`the hub exited before listening:\n${output}`)));
  });
  return { child, exited, base, output: () => output };
}

/** A run's items: `day` keeps the runs apart; `note` pads them (2,700 bytes × 25 items: over the 64 KB that go to a thread). */
interface Run {
  answeredOn: string;
  day: string;
  threads: number;
  note: string;
}
const code = (run: Run, batch: number, i: number) => `${H49}-${run.day}-${String(batch * 100 + i).padStart(5, '0')}`;
const dossierItem = (run: Run, batch: number, i: number) => ({ MaHoSo: code(run, batch, i), MaTTHC: '1.001193', ChuHoSo: 'Nguyễn Thị Lan', NgayTiepNhan: '20261207080000', TrangThaiHoSo: '2', DonViXuLy: 'UBND', TrichYeuHoSo: run.note });
const stepItem = (run: Run, batch: number, i: number) => ({ MaHoSo: code(run, batch, i), ThoiDiemXuLy: '20261207100000', TrangThai: '4', NguoiXuLy: 'Lê Văn Hùng', NoiDungXuLy: `Xử lý ${run.note}` });
const RUNS: Run[] = [
  { answeredOn: 'the serving thread', day: '261207', threads: 0, note: 'Đăng ký khai sinh' },
  { answeredOn: 'an ingestion thread', day: '261208', threads: 1, note: 'Đăng ký khai sinh — '.repeat(130) },
];

/** The system: resends a call until its answer is "0", logging in again after any failure. */
async function sendUntilDone(state: { session?: string | undefined }, body: Record<string, unknown>, deadline: number): Promise<number> {
  for (let attempts = 1; ; attempts++) {
    try {
      if (!state.session) {
        const login = (await (await fetch(`${hub?.base ?? 'http://127.0.0.1:9'}/api/dvcqg/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: client.clientId, password: client.secret }), signal: AbortSignal.timeout(10_000) })).json()) as { session?: string };
        state.session = login.session;
      }
      const answer = (await (await fetch(`${hub?.base ?? 'http://127.0.0.1:9'}/api/dvcqg`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, session: state.session }), signal: AbortSignal.timeout(10_000) })).json()) as { error_code: string };
      if (answer.error_code === '0') return attempts;
      state.session = undefined;
    } catch {
      state.session = undefined;
    }
    if (Date.now() > deadline) throw new Error(`no "0" answer before the deadline for ${JSON.stringify(body).slice(0, 120)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!isPostgres())('the hub killed during an ingestion (PostgreSQL only: PGlite lives inside the hub process)', () => {
  beforeAll(async () => {
    t = await setUpSync();
    client = await t.client();
    const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(t.platform.ctx.db);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${rows[0]!.name}`;
    hubUrl = url.toString();
  }, 180_000);
  afterAll(async () => {
    hub?.child.kill('SIGKILL');
    await hub?.exited;
    await t?.close();
  });

  it.each(RUNS)('ends with every dossier in its last state and one history entry per state and step (batches answered on $answeredOn)', async (run) => {
    const threads = { INGEST_THREADS: String(run.threads) };
    expect(JSON.stringify(Array.from({ length: PER_BATCH }, (_, i) => dossierItem(run, 0, i))).length >= 64 * 1024).toBe(run.threads > 0);
    hub = await startHub({ HUB_REPLY_DELAY_MS: '150', ...threads });
    const deadline = Date.now() + 90_000;
    const state: { session?: string | undefined } = {};
    let done = 0;
    const system = (async () => {
      for (let b = 0; b < BATCHES; b++) {
        await sendUntilDone(state, { madonvi: H49, service: 'DongBoHoSoMC', isUpdating: 'True', data: Array.from({ length: PER_BATCH }, (_, i) => dossierItem(run, b, i)) }, deadline);
        await sendUntilDone(state, { madonvi: H49, service: 'CapNhatTienDoHoSoMC', data: Array.from({ length: PER_BATCH }, (_, i) => stepItem(run, b, i)) }, deadline);
        done = b + 1;
      }
    })();
    // Killed once a few batches went through, while the next is being written or answered.
    while (done < 4) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 60));
    hub.child.kill('SIGKILL');
    await hub.exited;
    const killedAt = done;
    hub = undefined;
    await new Promise((resolve) => setTimeout(resolve, 500));
    hub = await startHub(threads);
    await system;
    expect(killedAt).toBeLessThan(BATCHES);

    const rows = await sql<{ code: string; status: number; events: number; steps: number }>`
      SELECT d.code, d.status, count(e.id)::int AS events, count(e.id) FILTER (WHERE e.status = 4)::int AS steps
      FROM dossiers d LEFT JOIN dossier_events e ON e.dossier_id = d.id WHERE d.code LIKE ${`${H49}-${run.day}-%`} GROUP BY d.code, d.status
    `.execute(t.platform.ctx.db);
    expect(rows.rows).toHaveLength(BATCHES * PER_BATCH);
    for (const row of rows.rows) expect(row, row.code).toMatchObject({ status: 4, events: 2, steps: 1 });
  }, 150_000);
});
