/**
 * The status sync hub in an OS process of its own, for the fault test
 * (statussync.crash.test.ts), which SIGKILLs it in the middle of an ingestion and starts it
 * again on the same database. Started as `node --import tsx hub-process.ts`. Not part of the
 * product. Serves what `egov serve` serves for the status sync, from the environment:
 * DATABASE_URL (an already migrated PostgreSQL database), SECRET_KEY (the one the clients'
 * secrets were sealed with), HOST, PORT (0 for any). Prints `hub listening <url>` when ready.
 * HUB_REPLY_DELAY_MS holds each sync answer after its commit, so that a kill lands on
 * committed but unanswered calls too.
 */
import { compose } from '../../../app/composition.ts';
import { createServer } from '../../../app/server.ts';
import { loadConfig } from '../../../platform/config/index.ts';
import { createLogger } from '../../../platform/logging/index.ts';

const config = loadConfig();
if (!config.databaseUrl) throw new Error('hub-process: set DATABASE_URL (the fault test runs on PostgreSQL only)');
const replyDelayMs = Number(process.env.HUB_REPLY_DELAY_MS ?? 0);
const composition = await compose(config, createLogger(config.logLevel), { modules: ['statussync'] });
const app = await createServer(composition, {
  beforeRoutes(server) {
    server.addHook('onSend', async (request, _reply, payload) => {
      if (replyDelayMs > 0 && request.method === 'POST' && request.url === '/api/dvcqg') await new Promise((resolve) => setTimeout(resolve, replyDelayMs));
      return payload;
    });
  },
});
const address = await app.listen({ port: config.port, host: config.host });
process.stdout.write(`hub listening ${address}\n`);
