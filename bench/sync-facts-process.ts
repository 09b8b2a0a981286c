/**
 * The status sync's fact consumer (the dossier statistics) in a process of its own, for
 * bench:sync: what `egov worker` is beside `egov serve` when the hub is scaled out. Started as
 * `node --import tsx bench/sync-facts-process.ts` with DATABASE_URL (the bench's database);
 * prints `consumers running` once started, and stops on SIGTERM. Bench-only.
 */
import { compose } from '../src/app/composition.ts';
import { collectFactSchemas } from '../src/app/worker.ts';
import { loadConfig } from '../src/platform/config/index.ts';
import { createFactConsumers } from '../src/platform/events/index.ts';
import { createLogger } from '../src/platform/logging/index.ts';

const config = loadConfig({ ...process.env, NODE_ENV: 'test', INGEST_THREADS: '0' });
const logger = createLogger('warn');
const composition = await compose(config, logger, { modules: ['statussync'] });
// The status sync's consumers only: this composition lacks modules some others consume from.
const consumers = createFactConsumers({
  database: composition.ctx.database,
  consumers: composition.registrations.filter((r) => r.name === 'statussync').flatMap((r) => r.consumers ?? []),
  schemas: collectFactSchemas(composition.registrations),
  logger,
});
await consumers.start();
process.stdout.write('consumers running\n');
process.once('SIGTERM', () => {
  void consumers.stop().then(() => composition.close()).then(() => process.exit(0));
});
