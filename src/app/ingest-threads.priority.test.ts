import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * An ingestion thread lowers its own OS priority (app/ingest-thread.ts); the rest of the
 * process must keep the serving thread's. libuv's thread pool (fs, dns, crypto for the whole
 * process) takes the nice value of the thread that makes it, so the threads are started after
 * the pool is made. Checked in a process of its own, whose pool nothing has made yet (this
 * test runner's was made long ago): a thread that looks up its database host by name would
 * otherwise make it lowered.
 */
describe.skipIf(process.platform !== 'linux')('ingestion threads and the process thread pool', () => {
  it('leaves libuv’s pool threads at the serving thread’s priority while the ingestion thread runs lowered', () => {
    const url = (file: string) => JSON.stringify(pathToFileURL(new URL(file, import.meta.url).pathname).href);
    const script = `
      import fs from 'node:fs';
      const { startIngestThreads } = await import(${url('./ingest-threads.ts')});
      const { loadConfig } = await import(${url('../platform/config/index.ts')});
      const { createLogger } = await import(${url('../platform/logging/index.ts')});
      // A host looked up by name, on a port where nothing listens: the thread's first pool job
      // is that lookup, and its answer is "retry later".
      const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://postgres@localhost:1/nowhere', INGEST_THREADS: '1' });
      const threads = startIngestThreads(config, createLogger('silent'), 1);
      const body = Buffer.from(JSON.stringify({ session: 'x', madonvi: 'x', service: 'DongBoHoSoMC', isUpdating: 'True', data: [] }));
      const answer = await threads.answer({ method: 'POST', url: '/api/dvcqg', headers: { 'content-type': 'application/json' }, body, remoteAddress: '127.0.0.1' });
      const nice = (task) => {
        const stat = fs.readFileSync('/proc/self/task/' + task + '/stat', 'utf8');
        return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) };
      };
      const tasks = fs.readdirSync('/proc/self/task').map(nice);
      console.log(JSON.stringify({ code: JSON.parse(answer.body).error_code, threads: threads.nice, tasks }));
      await threads.close();
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, DATABASE_URL: '' } });
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    expect(line, run.stderr).toMatch(/^\{/);
    const seen = JSON.parse(line) as { code: string; threads: number[]; tasks: { name: string; nice: number }[] };
    const base = seen.tasks.find((t) => t.name === 'MainThread')?.nice as number;
    expect(seen.code).toBe('-9');
    expect(seen.threads).toEqual([Math.min(19, base + 10)]);
    const pool = seen.tasks.filter((t) => t.name === 'libuv-worker');
    expect(pool.length).toBeGreaterThan(0);
    expect(pool.map((t) => t.nice)).toEqual(pool.map(() => base));
  }, 70_000);
});
