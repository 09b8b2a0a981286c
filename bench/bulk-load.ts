import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the benches reach the tables by name
type AnyDb = Kysely<any>;

/**
 * A benchmark's bulk load, as one restores a dump: on one connection with no statement timeout,
 * the tables' secondary indexes and unique constraints dropped while `load` runs and built again
 * after it from their own definitions (one sorted build each instead of millions of insertions),
 * then the tables (and `alsoVacuum`) vacuumed and analysed, so the planner and the index-only
 * scans see what a long-running store has.
 */
export async function bulkLoad(db: AnyDb, tables: readonly string[], load: (conn: AnyDb) => Promise<void>, options: { alsoVacuum?: readonly string[]; log?: (line: string) => void } = {}): Promise<void> {
  await db.connection().execute(async (conn) => {
    await sql`SET statement_timeout = 0`.execute(conn);
    const constraints = await sql<{ table: string; name: string; def: string }>`
      SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS def
      FROM pg_constraint WHERE conrelid = ANY(${[...tables]}::regclass[]) AND contype = 'u'`.execute(conn);
    const indexes = await sql<{ name: string; def: string }>`
      SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i
      WHERE i.indrelid = ANY(${[...tables]}::regclass[]) AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`.execute(conn);
    const secondary = [
      ...constraints.rows.map((c) => ({ drop: `ALTER TABLE ${c.table} DROP CONSTRAINT ${c.name}`, create: `ALTER TABLE ${c.table} ADD CONSTRAINT ${c.name} ${c.def}` })),
      ...indexes.rows.map((i) => ({ drop: `DROP INDEX ${i.name}`, create: i.def })),
    ];
    for (const index of secondary) await sql.raw(index.drop).execute(conn);
    await load(conn);
    options.log?.(`rebuilding ${secondary.length} indexes`);
    await sql`SET maintenance_work_mem = '1GB'`.execute(conn);
    for (const index of secondary) await sql.raw(index.create).execute(conn);
    for (const table of [...tables, ...(options.alsoVacuum ?? [])]) await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(conn);
    await sql`RESET maintenance_work_mem`.execute(conn);
    await sql`RESET statement_timeout`.execute(conn);
  });
}
