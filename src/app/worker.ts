import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '../platform/events/index.ts';
import type { EventHandler, ModuleRegistration } from '../platform/module/index.ts';
import type { Composition } from './composition.ts';

/** Every module's outbox handlers by event type; two modules claiming one type is a wiring error. */
export function collectEventHandlers(registrations: ModuleRegistration[]): Record<string, EventHandler> {
  const handlers: Record<string, EventHandler> = {};
  const owners = new Map<string, string>();
  for (const registration of registrations) {
    for (const [type, handler] of Object.entries(registration.eventHandlers ?? {})) {
      const owner = owners.get(type);
      if (owner !== undefined) {
        throw new Error(`event type "${type}" has two handlers (${owner} and ${registration.name})`);
      }
      owners.set(type, registration.name);
      handlers[type] = handler;
    }
  }
  return handlers;
}

/** Starts the outbox worker with every module's handlers (`egov start` and `egov worker`). */
export async function startWorker(
  composition: Composition,
  options: Partial<Omit<OutboxWorkerOptions, 'database' | 'handlers' | 'logger'>> = {},
): Promise<OutboxWorker> {
  const { ctx } = composition;
  const worker = createOutboxWorker({
    ...options,
    database: ctx.database,
    handlers: collectEventHandlers(composition.registrations),
    factTypes: composition.registrations.flatMap((r) => r.publishedEvents ?? []),
    logger: ctx.logger,
  });
  await worker.start();
  return worker;
}
