export {
  OUTBOX_CHANNEL,
  PermanentEventError,
  listParkedEvents,
  publishInTx,
  publishManyInTx,
  publishQuery,
  retryParkedEvent,
  type ParkedEvent,
  type PublishEvent,
} from './outbox.ts';
export { createOutboxWorker, defaultRetryDelayMs, passRetryDelayMs, type CommandHandler, type OutboxWorker, type OutboxWorkerOptions } from './worker.ts';
export { recordFactsInTx, recordFactsQuery, type Fact, type FactConsumer, type FactSchemas, type NewFact } from './facts.ts';
export { createFactConsumers, type FactConsumers, type FactConsumersOptions } from './consumers.ts';
export { consumerStatuses, listParkedFacts, type ConsumerStatus, type ParkedFact } from './consumer-store.ts';
export { createFactSequencer, sequenceFacts } from './sequence.ts';
export { archiveMonth, monthBounds, purgeExpiredFacts, restoreFacts, type ArchiveResult } from './archive.ts';
