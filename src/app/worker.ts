import type { TSchema } from 'typebox';
import {
  createFactConsumers,
  createOutboxWorker,
  type CommandHandler,
  type FactConsumer,
  type FactConsumers,
  type FactConsumersOptions,
  type OutboxWorker,
  type OutboxWorkerOptions,
} from '../platform/events/index.ts';
import type { ModuleRegistration } from '../platform/module/index.ts';
import type { Composition } from './composition.ts';

/** Every module's command handlers by type; two modules claiming one command is a wiring error. */
export function collectCommandHandlers(registrations: ModuleRegistration[]): Record<string, CommandHandler> {
  const handlers: Record<string, CommandHandler> = {};
  const owners = new Map<string, string>();
  for (const registration of registrations) {
    for (const [type, handler] of Object.entries(registration.commands ?? {})) {
      const owner = owners.get(type);
      if (owner !== undefined) throw new Error(`command "${type}" has two handlers (${owner} and ${registration.name})`);
      owners.set(type, registration.name);
      handlers[type] = handler;
    }
  }
  return handlers;
}

/** Every declared fact with its payload schema; a fact declared by two modules is a wiring error. */
export function collectFactSchemas(registrations: ModuleRegistration[]): Map<string, TSchema> {
  const schemas = new Map<string, TSchema>();
  const owners = new Map<string, string>();
  for (const registration of registrations) {
    for (const [type, schema] of Object.entries(registration.facts ?? {})) {
      const owner = owners.get(type);
      if (owner !== undefined) throw new Error(`fact "${type}" is declared by two modules (${owner} and ${registration.name})`);
      if (registration.commands?.[type]) throw new Error(`"${type}" is both a fact and a command of ${registration.name}`);
      owners.set(type, registration.name);
      schemas.set(type, schema);
    }
  }
  return schemas;
}

export function collectFactConsumers(registrations: ModuleRegistration[]): FactConsumer[] {
  return registrations.flatMap((r) => r.consumers ?? []);
}

/** The fact consumers of every module, as `egov worker` runs them (also used by `egov events`). */
export function factConsumersOf(composition: Composition, options: Partial<Omit<FactConsumersOptions, 'database' | 'consumers' | 'schemas' | 'logger'>> = {}): FactConsumers {
  const { ctx, registrations } = composition;
  return createFactConsumers({
    retentionDays: ctx.config.eventsRetentionDays,
    ...options,
    database: ctx.database,
    consumers: collectFactConsumers(registrations),
    schemas: collectFactSchemas(registrations),
    logger: ctx.logger,
  });
}

export interface Workers {
  commands: OutboxWorker;
  facts: FactConsumers;
  stop(): Promise<void>;
}

/** Starts the command worker and the fact consumers of every module (`egov start` and `egov worker`). */
export async function startWorker(composition: Composition, options: Partial<Omit<OutboxWorkerOptions, 'database' | 'handlers' | 'logger'>> = {}): Promise<Workers> {
  const { ctx } = composition;
  const commands = createOutboxWorker({ ...options, database: ctx.database, handlers: collectCommandHandlers(composition.registrations), logger: ctx.logger });
  const facts = factConsumersOf(composition);
  await commands.start();
  await facts.start();
  return {
    commands,
    facts,
    async stop() {
      await Promise.all([commands.stop(), facts.stop()]);
    },
  };
}
