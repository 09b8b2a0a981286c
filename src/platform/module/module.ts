import type { Config } from '../config/index.ts';
import type { Database, Db } from '../db/index.ts';
import type { CommandHandler, FactConsumer, FactSchemas } from '../events/index.ts';
import type { FileStore } from '../files/index.ts';
import type { HttpApp } from '../http/index.ts';
import type { Logger } from '../logging/index.ts';

/** What every module gets from the composition root (src/app). */
export interface PlatformContext {
  config: Config;
  logger: Logger;
  database: Database;
  db: Db;
  /** Uploads, attachments and generated documents (content-addressed). */
  files: FileStore;
}


/**
 * How a module plugs into the platform. The composition root collects these; nothing
 * else knows which modules exist.
 */
export interface ModuleRegistration {
  name: string;
  /** Folder of NNNN_name.sql migrations owned by the module. */
  migrationsDir?: string;
  /** The name its migrations were applied under before it moved (their records are renamed). */
  migrationsFormerly?: string;
  registerRoutes?(app: HttpApp): Promise<void> | void;
  /** Commands it carries out (outbox work items: send this e-mail, push this delivery), one handler per type in the application. */
  commands?: Record<string, CommandHandler>;
  /** Facts it publishes, each with the schema of its payload (the payload types are exported from its door). */
  facts?: FactSchemas;
  /** Its subscriptions to facts, its own or other modules': each reads the log at its own position. */
  consumers?: FactConsumer[];
  /** Idempotent demo data for `egov seed` and the first `npm start`. */
  seedDemo?(log: (line: string) => void): Promise<void>;
  /**
   * Which of these stored files (SHA-256 ids in `files`) the module's records still name.
   * A module that stores files must declare it: `egov files sweep` removes old files no
   * module names.
   */
  fileReferences?(sha256s: readonly string[]): Promise<Iterable<string>>;
}
