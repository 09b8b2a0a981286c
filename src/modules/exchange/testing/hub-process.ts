/**
 * The hub in an OS process of its own, for the crash test (exchange.crash.test.ts), which
 * SIGKILLs it in the middle of sends and starts it again on the same database. Started as
 * `node --import tsx hub-process.ts` (the tsx loader, as bin/egov.js registers it, because
 * the exchange pages are TSX). Not part of the product.
 *
 * It serves what `egov serve` serves for the exchange — the signed REST transport over real
 * HTTP, agencies' integration clients checked against the database — from the environment:
 * DATABASE_URL (an already migrated PostgreSQL database), DATA_DIR (where package bytes are
 * stored, so they survive the restart), SECRET_KEY (the one the clients' secrets were sealed
 * with), HOST, PORT (0 for any). Prints `hub listening <url>` once it accepts requests.
 *
 * Two test-only delays widen the windows a kill has to land in, so every kind of interrupted
 * send occurs in each run: HUB_ACCEPT_DELAY_MS holds a send before the use case runs (killed
 * there: never committed), HUB_REPLY_DELAY_MS holds the answer after the use case committed
 * (killed there: committed, never answered).
 */
import { compose } from '../../../app/composition.ts';
import { createServer } from '../../../app/server.ts';
import { loadConfig } from '../../../platform/config/index.ts';
import { createLogger } from '../../../platform/logging/index.ts';

const SEND_PATH = '/api/v1/exchange/packages';

const config = loadConfig();
if (!config.databaseUrl) throw new Error('hub-process: set DATABASE_URL (the crash test runs on PostgreSQL only)');
const acceptDelayMs = Number(process.env.HUB_ACCEPT_DELAY_MS ?? 0);
const replyDelayMs = Number(process.env.HUB_REPLY_DELAY_MS ?? 0);
// The exchange and the agencies it needs, wired as `egov serve` wires them.
const composition = await compose(config, createLogger(config.logLevel), { modules: ['exchange'] });
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isSend = (method: string, url: string) => method === 'POST' && url === SEND_PATH;
const app = await createServer(composition, {
  beforeRoutes(server) {
    server.addHook('onRequest', async (request) => {
      if (acceptDelayMs > 0 && isSend(request.method, request.url)) await pause(acceptDelayMs);
    });
    server.addHook('onSend', async (request, reply, payload) => {
      if (replyDelayMs > 0 && isSend(request.method, request.url) && reply.statusCode < 300) await pause(replyDelayMs);
      return payload;
    });
  },
});
const address = await app.listen({ port: config.port, host: config.host });
process.stdout.write(`hub listening ${address}\n`);
