import type { Config } from '../config/index.ts';
import type { Database, Db } from '../db/index.ts';
import type { CommandHandler, FactConsumer, FactSchemas } from '../events/index.ts';
import type { FileStore } from '../files/index.ts';
import type { HttpApp } from '../http/index.ts';
import type { Logger } from '../logging/index.ts';
import type { Contributions, NavigationLink, PermissionGrants, RoleDefinition } from './contributions.ts';

/** What every module gets from the composition root (src/app). */
export interface PlatformContext {
  config: Config;
  logger: Logger;
  database: Database;
  db: Db;
  /** Uploads, attachments and generated documents (content-addressed). */
  files: FileStore;
  /** What every module contributes (menus, roles, permissions), collected once all are created: read it while serving. */
  contributions: Contributions;
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
  /** Links it adds to the signed-in navigation, the officials' console or the admin page. */
  navigation?: NavigationLink[];
  /** Roles of officials it introduces (names unique in the application). */
  roles?: RoleDefinition[];
  /** Its permissions (`<module>.<action>`) and the roles, of any module, that hold them. */
  permissions?: PermissionGrants;
}

/**
 * A module as the composition root knows it: its name, the modules whose doors it needs
 * (created before it, their APIs handed to `create`), and its command-line commands. Each
 * module's index.ts exports one; adding a module to the application is adding it to the
 * composition root's list.
 */
export interface ModuleDefinition<Deps = Record<string, unknown>, Api = unknown, Options = unknown> {
  name: string;
  needs: readonly (keyof Deps & string)[];
  create(ctx: PlatformContext, deps: Deps, options?: Options): { registration: ModuleRegistration; api: Api };
  commands?: readonly ModuleCommand[];
}

/** What a module's command gets: the composed application, opened only when the command needs it. */
export interface CommandPlatform {
  ctx: PlatformContext;
  registrations: readonly ModuleRegistration[];
  /** The API of a module by name (its index.ts exports the type). */
  api<T>(module: string): T;
  /** Applies pending migrations; returns the ids applied. */
  migrate(onProgress?: (id: string) => void): Promise<string[]>;
}

/**
 * An `egov` command contributed by a module. `name` may have two words (`import units`): the
 * longest name matching the command line wins. The implementation is loaded only when run,
 * so `egov help` opens nothing.
 */
export interface ModuleCommand {
  name: string;
  summary: string;
  usage: string;
  load(): Promise<{ run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number | void> }>;
}
