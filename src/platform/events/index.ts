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
export { createOutboxWorker, defaultRetryDelayMs, passRetryDelayMs, type OutboxWorker, type OutboxWorkerOptions } from './worker.ts';
export type { EventHandler } from '../module/index.ts';
