import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Db, type Executor } from '../db/index.ts';

/**
 * Keeping the fact log in bounds: facts are kept for ever by default, deleted after a
 * retention period when one is configured, and moved month by month to gzip JSON-lines
 * files that `restoreFacts` loads back (with their ids and places in the log) before a
 * replay that needs them.
 */

/** A fact as archived: one JSON object a line. */
interface ArchivedFact {
  id: number;
  seq: number;
  type: string;
  payload: unknown;
  recordedAt: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` → the month's bounds in Vietnam's time (Asia/Ho_Chi_Minh, UTC+7 all year). */
export function monthBounds(month: string): { from: Date; to: Date } {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`"${month}" is not a month: write YYYY-MM`);
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  const vn = (y: number, mo: number) => new Date(Date.UTC(y, mo, 1) - 7 * 3600_000);
  return { from: vn(year, index), to: vn(year + Math.floor((index + 1) / 12), (index + 1) % 12) };
}

export interface ArchiveResult {
  file: string;
  facts: number;
}

/**
 * Writes the facts recorded in `month` to `<dir>/event-facts-<month>.jsonl.gz` in log order,
 * then deletes them. Refuses while a consumer has not yet passed them (unless `force`) or
 * while some are not yet numbered (a moment after commit), so nothing a consumer still needs
 * leaves the database. The file is complete and flushed to disk before anything is deleted.
 */
export async function archiveMonth(db: Db, month: string, dir: string, options: { force?: boolean } = {}): Promise<ArchiveResult> {
  const { from, to } = monthBounds(month);
  const span = (
    await sql<{ n: number; unnumbered: number; last: number | null; behind: string | null }>`
      SELECT count(*) AS n, count(*) FILTER (WHERE seq IS NULL) AS unnumbered, max(seq) AS last,
             (SELECT string_agg(name, ', ' ORDER BY name) FROM event_consumers WHERE position < (SELECT max(seq) FROM event_facts WHERE recorded_at >= ${from} AND recorded_at < ${to})) AS behind
      FROM event_facts WHERE recorded_at >= ${from} AND recorded_at < ${to}
    `.execute(db)
  ).rows[0];
  const file = path.join(dir, `event-facts-${month}.jsonl.gz`);
  if (!span || Number(span.n) === 0) return { file, facts: 0 };
  if (Number(span.unnumbered) > 0) throw new Error(`${span.unnumbered} fact(s) of ${month} are not numbered yet; run the worker, then archive again`);
  if (span.behind && !options.force) throw new Error(`consumers still need facts of ${month}: ${span.behind} (wait for them, or --force)`);
  if (fs.existsSync(file)) throw new Error(`${file} exists already; move it away first`);
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial`;
  await pipeline(factLines(db, from, to), createGzip(), fs.createWriteStream(partial));
  const handle = fs.openSync(partial, 'r+');
  fs.fsyncSync(handle);
  fs.closeSync(handle);
  fs.renameSync(partial, file);
  let deleted = 0;
  for (;;) {
    const result = await sql`
      DELETE FROM event_facts WHERE id IN (SELECT id FROM event_facts WHERE recorded_at >= ${from} AND recorded_at < ${to} LIMIT 5000)
    `.execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    deleted += n;
    if (n < 5000) break;
  }
  return { file, facts: deleted };
}

/** The month's facts as lines of JSON, read in pages (a month may hold tens of millions). */
async function* factLines(db: Executor, from: Date, to: Date): AsyncGenerator<string> {
  let after = 0;
  for (;;) {
    const page = (
      await sql<{ id: number; seq: number; type: string; payload: unknown; recorded_at: Date }>`
        SELECT id, seq, type, payload, recorded_at FROM event_facts
        WHERE recorded_at >= ${from} AND recorded_at < ${to} AND seq > ${after}
        ORDER BY seq LIMIT 10000
      `.execute(db)
    ).rows;
    if (page.length === 0) return;
    let lines = '';
    for (const r of page) {
      const fact: ArchivedFact = { id: Number(r.id), seq: Number(r.seq), type: r.type, payload: r.payload, recordedAt: new Date(r.recorded_at).toISOString() };
      lines += `${JSON.stringify(fact)}\n`;
    }
    yield lines;
    after = Number(page[page.length - 1]?.seq);
  }
}

/** Loads an archive back into the log with its ids and places; facts already there are skipped. Returns how many were inserted. */
export async function restoreFacts(db: Db, file: string): Promise<number> {
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let batch: ArchivedFact[] = [];
  let inserted = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await sql`
      INSERT INTO event_facts (id, seq, type, payload, recorded_at) OVERRIDING SYSTEM VALUE
      SELECT * FROM unnest(${batch.map((f) => f.id)}::bigint[], ${batch.map((f) => f.seq)}::bigint[], ${batch.map((f) => f.type)}::text[],
                           ${batch.map((f) => JSON.stringify(f.payload))}::jsonb[], ${batch.map((f) => f.recordedAt)}::timestamptz[])
      ON CONFLICT DO NOTHING
    `.execute(db);
    inserted += Number(result.numAffectedRows ?? 0);
    batch = [];
  };
  for await (const line of lines) {
    if (line.trim() === '') continue;
    batch.push(JSON.parse(line) as ArchivedFact);
    if (batch.length >= 5000) await flush();
  }
  await flush();
  return inserted;
}

/**
 * Deletes facts older than `retentionDays` that every consumer has passed, in bounded
 * batches. A consumer registered later and replayed will not see them: that is what a
 * retention period means. Returns how many were deleted.
 */
export async function purgeExpiredFacts(db: Executor, retentionDays: number): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await sql`
      DELETE FROM event_facts WHERE id IN (
        SELECT id FROM event_facts
        WHERE recorded_at < now() - make_interval(days => ${retentionDays}) AND seq IS NOT NULL
          AND seq <= coalesce((SELECT min(position) FROM event_consumers), seq)
        LIMIT 5000
      )
    `.execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    total += n;
    if (n < 5000) return total;
  }
}
