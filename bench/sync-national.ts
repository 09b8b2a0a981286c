/**
 * The national-volume part of `npm run bench:sync`: the dossier store grown to BENCH_DOSSIERS
 * rows (10,000,000 in the issue), then the reads a national hub serves all day measured on it —
 * a dossier by code (`TraCuuHoSo` over HTTP: its state), an applicant's "my dossiers"
 * page and an agency's queue page with its count.
 *
 * The rows are made by PostgreSQL itself (`generate_series` in chunks, one history entry each):
 * loading 10 M rows through HTTP would measure the loader, not the reads (bench/bulk-load.ts:
 * secondary indexes built after the load, tables vacuumed).
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { bulkLoad } from './bulk-load.ts';
import { quantile } from './latency.ts';
import type { Actor } from '../src/platform/module/index.ts';
import type { DossiersApi } from '../src/modules/dossiers/index.ts';
import { listByApplicant } from '../src/modules/dossiers/dossiers.repository.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bench reaches the tables by name
type AnyDb = Kysely<any>;

const CHUNK = 500_000;
const PROCEDURES = [
  ['1.001193', 'Thủ tục đăng ký khai sinh'],
  ['1.000656', 'Thủ tục đăng ký kết hôn'],
  ['1.004222', 'Cấp Giấy chứng nhận quyền sử dụng đất lần đầu'],
  ['2.001035', 'Đăng ký thành lập công ty trách nhiệm hữu hạn hai thành viên trở lên'],
  ['1.003200', 'Liên thông đăng ký khai sinh, thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi'],
] as const;

/** Applicants have three dossiers each on average: identifiers repeat every `target / 3` rows. */
export const grownIdentifier = (n: number, target: number) => String(300000000000 + (n % Math.max(1, Math.floor(target / 3))));
/** The code of grown row n (1-based), as the load writes it. */
export const grownCode = (agency: string, n: number) => `${agency}-250101-${String(n).padStart(8, '0')}`;

/**
 * Grows the store of the database at `url` to `target` dossiers; answers how many rows were
 * added and the seconds taken. Its own connection: the platform's pool ends statements after a
 * minute, and the load's take longer at this size.
 */
export async function growDossierStore(url: string, target: number, agencies: readonly string[], log: (line: string) => void): Promise<{ added: number; seconds: number }> {
  const db: AnyDb = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) });
  try {
    return await grow(db, target, agencies, log);
  } finally {
    await db.destroy();
  }
}

async function grow(db: AnyDb, target: number, agencies: readonly string[], log: (line: string) => void): Promise<{ added: number; seconds: number }> {
  const started = performance.now();
  const have = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM dossiers`.execute(db)).rows[0]!.n);
  const add = Math.max(0, target - have);
  if (add === 0) return { added: 0, seconds: 0 };
  // Months of history the grown rows span (2025–2026), so the entries land in their partitions.
  await sql`SELECT dossier_history_ensure_months(date '2025-01-01', 1)`.execute(db);
  const procedureCodes = PROCEDURES.map((p) => p[0]);
  const procedureNames = PROCEDURES.map((p) => p[1]);
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  await bulkLoad(db, ['dossiers', 'dossier_events'], async (c) => {
    const firstId = Number((await sql<{ n: string }>`SELECT coalesce(max(id), 0) AS n FROM dossiers`.execute(c)).rows[0]!.n);
    for (let lo = 1; lo <= add; lo += CHUNK) {
      const hi = Math.min(add, lo + CHUNK - 1);
      // Statuses as a live store holds them: most finished (9, 10), the rest spread over the open ones.
      await sql`
        INSERT INTO dossiers (code, procedure_code, procedure_name, applicant_kind, applicant_identifier, applicant_name,
                              applicant_phone_last4, receiving_agency, status, received_at, due_at, source)
        SELECT (${agencies}::text[])[1 + g % ${agencies.length}] || '-250101-' || lpad(g::text, 8, '0'),
               (${procedureCodes}::text[])[1 + g % ${procedureCodes.length}],
               (${procedureNames}::text[])[1 + g % ${procedureNames.length}],
               1, (300000000000 + g % ${Math.max(1, Math.floor(target / 3))})::text, 'Nguyễn Văn An',
               lpad((g % 10000)::text, 4, '0'),
               (${agencies}::text[])[1 + g % ${agencies.length}],
               (ARRAY[10,10,10,10,9,9,2,4,4,5,1,6]::smallint[])[1 + (g / 7) % 12],
               r.at, r.at + interval '10 days', 'sync'
        FROM generate_series(${lo}::bigint, ${hi}::bigint) g,
             LATERAL (SELECT timestamptz '2025-01-01 08:00+07' + (g % 700) * interval '1 day' + (g % 480) * interval '1 minute' AS at) r`.execute(c);
      log(`    ${hi.toLocaleString('en')} of ${add.toLocaleString('en')} rows (${elapsed()})`);
    }
    // One history entry a dossier, a chunk of ids a statement.
    const lastId = Number((await sql<{ n: string }>`SELECT max(id) AS n FROM dossiers`.execute(c)).rows[0]!.n);
    for (let lo = firstId + 1; lo <= lastId; lo += CHUNK) {
      await sql`INSERT INTO dossier_events (dossier_id, status, note, at, by_name)
                SELECT id, status, 'Đồng bộ từ hệ thống một cửa', received_at, 'Bộ phận một cửa' FROM dossiers
                WHERE id >= ${lo} AND id < ${lo + CHUNK}`.execute(c);
    }
    log(`    history written (${elapsed()})`);
  }, { log: (line) => log(`    ${line}`) });
  return { added: add, seconds: (performance.now() - started) / 1000 };
}

export interface ReadFigures { count: number; p50: number; p99: number }

/** `rounds` calls of `read(i)` over `concurrency` loops; latencies of each. */
async function measure(rounds: number, concurrency: number, read: (i: number) => Promise<void>): Promise<ReadFigures> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < rounds) {
        const i = next++;
        const started = performance.now();
        await read(i);
        latencies.push(performance.now() - started);
      }
    }),
  );
  const sorted = Float64Array.from(latencies).sort();
  return { count: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

export interface NationalReads {
  /** A dossier's state by code, through the legacy endpoint (`TraCuuHoSo`). */
  byCode: ReadFigures;
  /** An applicant's "my dossiers" page (the reader the use case reads from). */
  byApplicant: ReadFigures;
  /** An agency's queue page and its count (the use case officials' lists call). */
  agencyQueue: ReadFigures;
}

/** Pseudo-random row numbers spread over the whole grown range (a stride prime to the size). */
const spread = (i: number, size: number) => 1 + ((i * 7_919_993) % size);

export async function measureNationalReads(input: {
  db: AnyDb;
  dossiers: DossiersApi;
  grown: number;
  target: number;
  agencies: readonly string[];
  rounds: number;
  concurrency: number;
  /** The agency whose integration client looks up by code (a client reads only its own agency's dossiers). */
  lookupAgency: string;
  /** TraCuuHoSo of these codes over HTTP, `concurrency` at a time, from a client worker: the latencies in ms. */
  lookupCodes: (codes: string[], concurrency: number) => Promise<Float64Array>;
}): Promise<NationalReads> {
  const { grown, agencies } = input;
  const agencyOf = (n: number) => agencies[n % agencies.length]!;
  const own = agencies.indexOf(input.lookupAgency);
  if (own < 0) throw new Error(`${input.lookupAgency} receives none of the grown dossiers`);
  // Rows own, own + n, own + 2n … are the lookup agency's, spread over the whole store.
  const codes = Array.from({ length: input.rounds }, (_, i) => {
    const n = own + agencies.length * spread(i, Math.floor((grown - own) / agencies.length));
    return grownCode(agencyOf(n), n);
  });
  const byCodeLatencies = (await input.lookupCodes(codes, input.concurrency)).sort();
  const byCode = { count: byCodeLatencies.length, p50: quantile(byCodeLatencies, 0.5), p99: quantile(byCodeLatencies, 0.99) };
  const byApplicant = await measure(input.rounds, input.concurrency, async (i) => {
    const rows = await listByApplicant(input.db, grownIdentifier(spread(i, grown), input.target), 21, 0);
    if (rows.length === 0) throw new Error('an applicant with no dossiers');
  });
  const statuses = [undefined, 1, 2, 4, 5, 6] as const;
  const agencyQueue = await measure(input.rounds, input.concurrency, async (i) => {
    const official: Actor = { accountId: 'bench-official', kind: 'official', displayName: 'Bench', agencyCode: agencyOf(i), roles: [] };
    await input.dossiers.listAgencyQueue(official, { status: statuses[i % statuses.length], page: 1 + (i % 3) });
  });
  return { byCode, byApplicant, agencyQueue };
}
