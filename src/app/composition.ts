import type { Config } from '../platform/config/index.ts';
import { migrate, openDatabase, type Database, type MigrationSource } from '../platform/db/index.ts';
import { LocalFileStore } from '../platform/files/index.ts';
import type { Logger } from '../platform/logging/index.ts';
import { ContributionRegistry, type CommandPlatform, type ModuleDefinition, type ModuleRegistration, type PlatformContext } from '../platform/module/index.ts';
import { platformRegistrations } from '../platform/registrations.ts';
import { MODULES } from './modules.ts';

/**
 * The composition root: opens the database, creates the modules in the order of MODULES,
 * each with the APIs of the modules it needs, and collects their registrations and
 * contributions. The only place that knows every module (through app/modules.ts).
 */
export interface Composition extends CommandPlatform {
  ctx: PlatformContext;
  registrations: ModuleRegistration[];
  close(): Promise<void>;
}

/** A module's options by its name (tests pass smaller limits, a fake DNS …). */
export type ModuleOptions = Readonly<Record<string, unknown>>;

export interface ComposeOptions {
  /** Only these modules (and the ones they need), instead of all (tests). */
  modules?: readonly string[];
  options?: ModuleOptions;
  /** An already open database (tests); closed by `close()`. */
  database?: Database;
  /**
   * Stand-ins for modules by name (tests only, where the fake is the point): the module is
   * not created — no routes, no tables — and its dependants get this API instead.
   */
  replace?: Readonly<Record<string, unknown>>;
}

export async function compose(config: Config, logger: Logger, options: ComposeOptions = {}): Promise<Composition> {
  const database = options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, replicaUrl: config.databaseReplicaUrl, dataDir: config.dataDir, logger }));
  const contributions = new ContributionRegistry();
  const ctx: PlatformContext = { config, logger, database, db: database.db, files: LocalFileStore.forDataDir(config.dataDir), contributions };
  const apis = new Map<string, unknown>();
  const registrations = [...platformRegistrations(ctx)];
  for (const [name, api] of Object.entries(options.replace ?? {})) apis.set(name, api);
  for (const definition of modulesFor(options.modules)) {
    if (options.replace && definition.name in options.replace) continue;
    const deps = Object.fromEntries(definition.needs.map((name) => [name, apis.get(name)]));
    const { registration, api } = (definition as ModuleDefinition<Record<string, unknown>, unknown, unknown>).create(ctx, deps, options.options?.[definition.name]);
    if (registration.name !== definition.name) throw new Error(`module "${definition.name}" registered itself as "${registration.name}"`);
    apis.set(definition.name, api);
    registrations.push(registration);
  }
  contributions.fill(registrations, { complete: options.modules === undefined && options.replace === undefined });
  return {
    ctx,
    registrations,
    api<T>(name: string): T {
      if (!apis.has(name)) throw new Error(`no module "${name}" in this composition`);
      return apis.get(name) as T;
    },
    async migrate(onProgress) {
      const report = await migrate(database, migrationSources(registrations), onProgress);
      return report.applied;
    },
    close: () => database.close(),
  };
}

/**
 * The definitions to create, in order: all of MODULES, or the named ones with every module
 * they need. A module needing one that is not before it in MODULES is a wiring error.
 */
export function modulesFor(names?: readonly string[]): ModuleDefinition<never, unknown, never>[] {
  const byName = new Map(MODULES.map((m) => [m.name, m]));
  const seen = new Set<string>();
  for (const m of MODULES) {
    for (const need of m.needs) if (!seen.has(need)) throw new Error(`module "${m.name}" needs "${need}", which must come before it in MODULES`);
    seen.add(m.name);
  }
  if (!names) return [...MODULES];
  const wanted = new Set<string>();
  const add = (name: string) => {
    const definition = byName.get(name);
    if (!definition) throw new Error(`no module is named "${name}"; known: ${[...byName.keys()].join(', ')}`);
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const need of definition.needs) add(need);
  };
  names.forEach(add);
  return MODULES.filter((m) => wanted.has(m.name));
}

export function migrationSources(registrations: readonly ModuleRegistration[]): MigrationSource[] {
  return registrations.flatMap((r) => (r.migrationsDir ? [{ module: r.name, dir: r.migrationsDir, ...(r.migrationsFormerly ? { formerly: r.migrationsFormerly } : {}) }] : []));
}
