import { sql, type Db, type Executor } from '../../platform/db/index.ts';

/**
 * The monthly partitions of the dossier history (dossier_events, migration 0012): made ahead
 * of time, and detached when a month is archived. Months are months of Vietnam (UTC+7).
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface HistoryMonth {
  /** `YYYY-MM`. */
  month: string;
  table: string;
  entries: number;
}

/** Makes the partitions of the months up to `ahead` months after this one (and from `from`, a `YYYY-MM`, if given); returns how many were made. */
export async function ensureHistoryMonths(db: Executor, ahead = 12, from?: string): Promise<number> {
  if (!Number.isInteger(ahead) || ahead < 0 || ahead > 120) throw new RangeError('ahead must be a whole number of months from 0 to 120');
  if (from !== undefined && !MONTH.test(from)) throw new RangeError(`"${from}" is not a month (YYYY-MM)`);
  const start = from === undefined ? sql`(now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date` : sql`${`${from}-01`}::date`;
  const result = await sql<{ made: number }>`SELECT dossier_history_ensure_months(${start}, ${ahead}::int) AS made`.execute(db);
  return Number(result.rows[0]?.made ?? 0);
}

/** The months that have a partition, oldest first, with their number of entries; and how many entries wait in the default partition. */
export async function listHistoryMonths(db: Executor): Promise<{ months: HistoryMonth[]; outsideMonths: number }> {
  const parts = await sql<{ table: string }>`
    SELECT c.relname AS table FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'dossier_events'::regclass AND c.relname ~ '^dossier_events_[0-9]{4}_[0-9]{2}$' ORDER BY c.relname
  `.execute(db);
  const months: HistoryMonth[] = [];
  for (const { table } of parts.rows) {
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db);
    months.push({ month: table.slice('dossier_events_'.length).replace('_', '-'), table, entries: Number(count.rows[0]?.n ?? 0) });
  }
  const outside = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier_events_default`.execute(db);
  return { months, outsideMonths: Number(outside.rows[0]?.n ?? 0) };
}

/**
 * Detaches the months before `before` (`YYYY-MM`) from the live history: each becomes a table
 * of its own, `archived_dossier_events_YYYY_MM`, which the operator dumps (`pg_dump -t`) and
 * drops. Live data is not touched; the tracking pages no longer show those entries. The
 * current month and later are refused, and so are months of the last `keepMonths`.
 */
export async function archiveHistoryBefore(db: Db, before: string, keepMonths = 12): Promise<string[]> {
  const match = MONTH.exec(before);
  if (!match) throw new RangeError(`"${before}" is not a month (YYYY-MM)`);
  const now = await sql<{ month: string }>`SELECT to_char(now() AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM') AS month`.execute(db);
  const current = now.rows[0]?.month as string;
  const [y, m] = current.split('-').map(Number) as [number, number];
  const limitIndex = y * 12 + (m - 1) - keepMonths;
  const beforeIndex = Number(match[1]) * 12 + (Number(match[2]) - 1);
  if (beforeIndex > limitIndex + 1) {
    const limit = `${Math.floor(limitIndex / 12)}-${String((limitIndex % 12) + 1).padStart(2, '0')}`;
    throw new RangeError(`the history of the last ${keepMonths} months stays live: archive before ${limit} at the latest (asked: before ${before})`);
  }
  const { months } = await listHistoryMonths(db);
  const archived: string[] = [];
  for (const { month, table } of months) {
    if (month >= before) continue;
    const archive = `archived_${table}`;
    // Detached and renamed together: a month is either live or archived, never detached under its live name.
    await db.transaction().execute(async (tx) => {
      await sql`ALTER TABLE dossier_events DETACH PARTITION ${sql.table(table)}`.execute(tx);
      await sql`ALTER TABLE ${sql.table(table)} RENAME TO ${sql.table(archive)}`.execute(tx);
    });
    archived.push(archive);
  }
  return archived;
}
