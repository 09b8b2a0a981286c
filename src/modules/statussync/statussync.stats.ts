import { vietnamDay } from '../../platform/calendar/index.ts';
import { sql, type Executor, type Tx } from '../../platform/db/index.ts';
import type { Fact, FactConsumer } from '../../platform/events/index.ts';
import type { DossierStatusSynced } from '../dossiers/index.ts';

/**
 * Statistics of synced dossiers by day (in Vietnam), receiving agency, procedure and status,
 * with on-time and late completions: maintained from the `dossier.status_synced` facts by a
 * consumer, a batch of facts at a time in one statement, never by scanning the dossier table.
 * Rebuilt from the log with `egov events replay --consumer statussync.daily_stats`.
 */

const FINISHED = new Set([9, 10]);

interface Row {
  day: string;
  agency: string;
  procedureCode: string;
  status: number;
  entered: number;
  onTime: number;
  late: number;
}

/** What a batch of facts adds, summed per key in memory first. */
export function statisticsOf(facts: DossierStatusSynced[]): Row[] {
  const rows = new Map<string, Row>();
  for (const f of facts) {
    const day = vietnamDay(new Date(f.at));
    const key = `${day}\n${f.receivingAgency}\n${f.procedureCode}\n${f.status}`;
    const row = rows.get(key) ?? { day, agency: f.receivingAgency, procedureCode: f.procedureCode, status: f.status, entered: 0, onTime: 0, late: 0 };
    row.entered += 1;
    if (FINISHED.has(f.status) && (f.previousStatus === null || !FINISHED.has(f.previousStatus))) {
      if (f.dueAt === null || new Date(f.at) <= new Date(f.dueAt)) row.onTime += 1;
      else row.late += 1;
    }
    rows.set(key, row);
  }
  return [...rows.values()];
}

export function dailyStatisticsConsumer(): FactConsumer {
  return {
    name: 'statussync.daily_stats',
    facts: ['dossier.status_synced'],
    startFrom: 'beginning',
    async handleBatch(facts: Fact[], tx: Tx) {
      const rows = statisticsOf(facts.map((f) => f.payload as DossierStatusSynced));
      if (rows.length === 0) return;
      await sql`
        INSERT INTO statussync_daily_stats AS s (day, agency, procedure_code, status, entered, finished_on_time, finished_late)
        SELECT * FROM unnest(${rows.map((r) => r.day)}::date[], ${rows.map((r) => r.agency)}::text[], ${rows.map((r) => r.procedureCode)}::text[],
                             ${rows.map((r) => r.status)}::smallint[], ${rows.map((r) => r.entered)}::int[], ${rows.map((r) => r.onTime)}::int[], ${rows.map((r) => r.late)}::int[])
        ON CONFLICT (day, agency, procedure_code, status) DO UPDATE SET
          entered = s.entered + EXCLUDED.entered,
          finished_on_time = s.finished_on_time + EXCLUDED.finished_on_time,
          finished_late = s.finished_late + EXCLUDED.finished_late
      `.execute(tx);
    },
    async reset(tx: Tx) {
      await sql`DELETE FROM statussync_daily_stats`.execute(tx);
    },
  };
}

export interface StatisticsQuery {
  /** An agency and every unit below it (by the QĐ 20 code's prefix groups); all when absent. */
  agency?: string | undefined;
  procedureCode?: string | undefined;
  from: string;
  to: string;
}

export interface StatisticsRow {
  day: string;
  agency: string;
  procedureCode: string;
  status: number;
  entered: number;
  finishedOnTime: number;
  finishedLate: number;
}

/** Rows of the statistics between two days (inclusive), at most `limit`. */
export async function readStatistics(db: Executor, query: StatisticsQuery, limit = 10_000): Promise<StatisticsRow[]> {
  const result = await sql<{ day: string; agency: string; procedure_code: string; status: number; entered: number; finished_on_time: number; finished_late: number }>`
    SELECT day, agency, procedure_code, status, entered, finished_on_time, finished_late FROM statussync_daily_stats
    WHERE day BETWEEN ${query.from}::date AND ${query.to}::date
      AND (${query.agency ?? null}::text IS NULL OR agency = ${query.agency ?? null})
      AND (${query.procedureCode ?? null}::text IS NULL OR procedure_code = ${query.procedureCode ?? null})
    ORDER BY day, agency, procedure_code, status
    LIMIT ${limit}
  `.execute(db);
  return result.rows.map((r) => ({ day: r.day, agency: r.agency, procedureCode: r.procedure_code, status: r.status, entered: r.entered, finishedOnTime: r.finished_on_time, finishedLate: r.finished_late }));
}
