import { createServer } from '../../app/server.ts';
import { startWorker } from '../../app/worker.ts';
import type { Composition } from '../../app/composition.ts';
import type { Command } from '../command.ts';
import { runDemoSeed } from './seed.ts';

/** `egov start`: the embedded default — migrate, seed a fresh database, web + worker in one process. */
export const start: Command = {
  summary: 'migrate, seed demo data on first start, run web + worker (embedded default)',
  usage: 'egov start',
  async run(_args, platform) {
    const composition = await platform();
    reportStrayFailures(composition);
    const applied = await composition.migrate();
    const fresh = applied.length > 0 && (await isFirstStart(composition, applied));
    if (fresh && composition.ctx.config.nodeEnv !== 'production') {
      process.stdout.write('Seeding demo data …\n');
      await runDemoSeed(composition, (line) => process.stdout.write(`  ${line}\n`));
    }
    const worker = await startWorker(composition);
    const address = await listen(composition);
    process.stdout.write(`\negov is running at ${composition.ctx.config.baseUrl} (listening on ${address})\n`);
    onShutdown(async () => {
      await worker.stop();
    }, composition);
  },
};

/** `egov serve`: a stateless HTTP node; run `egov migrate` first. */
export const serve: Command = {
  summary: 'run the HTTP server only (scale out: several serve + worker processes)',
  usage: 'egov serve',
  async run(_args, platform) {
    const composition = await platform();
    reportStrayFailures(composition);
    const address = await listen(composition);
    process.stdout.write(`egov serve listening on ${address}\n`);
    onShutdown(async () => undefined, composition);
  },
};

/** `egov worker`: background jobs from the outbox. */
export const worker: Command = {
  summary: 'run the background worker only',
  usage: 'egov worker',
  async run(_args, platform) {
    const composition = await platform();
    reportStrayFailures(composition);
    const running = await startWorker(composition);
    process.stdout.write('egov worker started\n');
    onShutdown(() => running.stop(), composition);
  },
};

let server: Awaited<ReturnType<typeof createServer>> | undefined;

async function listen(composition: Composition): Promise<string> {
  server = await createServer(composition);
  const { port, host } = composition.ctx.config;
  return server.listen({ port, host });
}

// The first start applies the first platform migration; later starts apply only new ones.
async function isFirstStart(_composition: Composition, applied: string[]): Promise<boolean> {
  return applied.includes('platform/0001_extensions.sql');
}

/**
 * Defence in depth for the long-running roles, not the fix of anything: a database outage is
 * handled where it happens (the pool, the request, the worker's loop). A promise rejection
 * nobody handled is logged and the process goes on serving (Node would exit, and nothing
 * restarts `egov start`); an uncaught exception is logged through the process log before
 * Node ends the process as usual, since the state it leaves is unknown.
 */
function reportStrayFailures(composition: Composition): void {
  const { logger } = composition.ctx;
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason instanceof Error ? { message: reason.message, stack: reason.stack } : String(reason) }, 'unhandled promise rejection (process kept running)');
  });
  process.on('uncaughtExceptionMonitor', (error, origin) => {
    logger.fatal({ err: { message: error.message, stack: error.stack }, origin }, 'uncaught exception: the process ends');
  });
}

function onShutdown(stopWork: () => Promise<void>, composition: Composition): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: shutting down …\n`);
    try {
      await server?.close();
      await stopWork();
      await composition.close();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
