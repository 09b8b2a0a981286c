import type { Config } from '../config/index.ts';
import type { Database, Db } from '../db/index.ts';
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

/** An outbox event handler: runs at least once per event, so it must be idempotent. */
export type EventHandler = (event: { id: number; type: string; payload: unknown; attempts: number }) => Promise<void>;

/**
 * How a module plugs into the platform. The composition root collects these; nothing
 * else knows which modules exist.
 */
export interface ModuleRegistration {
  name: string;
  /** Folder of NNNN_name.sql migrations owned by the module. */
  migrationsDir?: string;
  registerRoutes?(app: HttpApp): Promise<void> | void;
  eventHandlers?: Record<string, EventHandler>;
  /** Domain events the module publishes as facts; one nobody handles yet is completed, not parked. */
  publishedEvents?: string[];
  /** Idempotent demo data for `egov seed` and the first `npm start`. */
  seedDemo?(log: (line: string) => void): Promise<void>;
  /**
   * Which of these stored files (SHA-256 ids in `files`) the module's records still name.
   * A module that stores files must declare it: `egov files sweep` removes old files no
   * module names.
   */
  fileReferences?(sha256s: readonly string[]): Promise<Iterable<string>>;
}
