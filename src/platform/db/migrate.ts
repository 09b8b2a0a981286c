import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database.ts';

/** A module's folder of plain SQL migrations, applied in file-name order. */
export interface MigrationSource {
  module: string;
  dir: string;
  /**
   * The name its migrations were applied under before the folder moved (the calendar was a
   * platform folder, `platform.calendar`): their records are renamed, not applied again.
   */
  formerly?: string;
}

export interface Migration {
  id: string; // "<module>/<file>"
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  id text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

export function loadMigrations(sources: MigrationSource[]): Migration[] {
  const migrations: Migration[] = [];
  for (const source of sources) {
    if (!fs.existsSync(source.dir)) continue;
    const files = fs
      .readdirSync(source.dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    for (const file of files) {
      if (!/^\d{4}_[a-z0-9_]+\.sql$/.test(file)) {
        throw new MigrationError(`${source.module}/${file}: migration files are named NNNN_snake_case.sql`);
      }
      const sql = fs.readFileSync(path.join(source.dir, file), 'utf8');
      migrations.push({
        id: `${source.module}/${file}`,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      });
    }
  }
  return migrations;
}

/**
 * Applies each pending migration once, in order, each in its own transaction, and
 * refuses to go on when an applied migration's file has changed since.
 * On PostgreSQL an advisory lock lets several processes start at once safely.
 */
export async function migrate(
  database: Database,
  sources: MigrationSource[],
  onProgress: (id: string) => void = () => undefined,
): Promise<MigrationReport> {
  const migrations = loadMigrations(sources);
  await database.runScript(MIGRATIONS_TABLE);
  for (const source of sources) {
    if (!source.formerly) continue;
    const { module, formerly } = source;
    await database.runScript('SELECT 1', async (exec) => {
      await exec(`UPDATE schema_migrations SET id = $1 || substr(id, $3) WHERE starts_with(id, $2)`, [`${module}/`, `${formerly}/`, formerly.length + 2]);
    });
  }
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const migration of migrations) {
    let skipped = false;
    try {
      await database.runScript(migration.sql, async (exec) => {
        if (database.kind === 'postgres') {
          await exec(`SELECT pg_advisory_xact_lock(hashtext('egov.migrate'))`);
        }
        const rows = (await exec('SELECT checksum FROM schema_migrations WHERE id = $1', [migration.id])) as {
          checksum: string;
        }[];
        const existing = rows[0];
        if (existing) {
          if (existing.checksum !== migration.checksum) {
            throw new MigrationError(
              `${migration.id} was changed after it was applied (checksum differs); write a new migration instead`,
            );
          }
          skipped = true;
          throw new SkipMigration();
        }
        await exec('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [migration.id, migration.checksum]);
      });
    } catch (error) {
      if (error instanceof SkipMigration && skipped) {
        alreadyApplied++;
        continue;
      }
      if (error instanceof MigrationError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`${migration.id} failed: ${reason}`, { cause: error });
    }
    applied.push(migration.id);
    onProgress(migration.id);
  }
  return { applied, alreadyApplied };
}

// Thrown inside the transaction to roll it back when the migration is already applied.
class SkipMigration extends Error {}
