/**
 * The national-volume part of `npm run bench:sync`: the dossier store grown to BENCH_DOSSIERS
 * rows (10,000,000 in the issue), then the reads a national hub serves all day measured on it —
 * a dossier by code (`TraCuuHoSo` over HTTP: its state), an applicant's "my dossiers"
 * page and an agency's queue page with its count.
 *
 * The rows are made by PostgreSQL itself (`generate_series` in chunks, one history entry each):
 * loading 10 M rows through HTTP would measure the loader, not the reads. The secondary indexes
 * are dropped during the load and rebuilt after it from their own definitions (as one restores
 * a dump), then the tables are vacuumed and analysed so the planner and the index-only scans see
 * what a long-running store has.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
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

interface SecondaryIndex { drop: string; create: string }

/** The indexes and unique constraints of the tables the load writes, but not their primary keys. */
async function secondaryIndexes(db: AnyDb): Promise<SecondaryIndex[]> {
  const constraints = await sql<{ table: string; name: string; def: string }>`
    SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS def
    FROM pg_constraint WHERE conrelid = 'dossiers'::regclass AND contype = 'u'`.execute(db);
  const indexes = await sql<{ name: string; def: string }>`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
    WHERE i.indrelid IN ('dossiers'::regclass, 'dossier_events'::regclass) AND NOT i.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`.execute(db);
  return [
    ...constraints.rows.map((c) => ({ drop: `ALTER TABLE ${c.table} DROP CONSTRAINT ${c.name}`, create: `ALTER TABLE ${c.table} ADD CONSTRAINT ${c.name} ${c.def}` })),
    ...indexes.rows.map((i) => ({ drop: `DROP INDEX ${i.name}`, create: i.def })),
  ];
}

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
  // One connection, with no statement timeout.
  const added = await db.connection().execute(async (c) => {
    await sql`SET statement_timeout = 0`.execute(c);
    const have = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM dossiers`.execute(c)).rows[0]!.n);
    const add = Math.max(0, target - have);
    if (add === 0) return 0;
    // Months of history the grown rows span (2025–2026), so the entries land in their partitions.
    await sql`SELECT dossier_history_ensure_months(date '2025-01-01', 1)`.execute(c);
    const indexes = await secondaryIndexes(db);
    for (const index of indexes) await sql.raw(index.drop).execute(c);
    const procedureCodes = PROCEDURES.map((p) => p[0]);
    const procedureNames = PROCEDURES.map((p) => p[1]);
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
      log(`    ${hi.toLocaleString('en')} of ${add.toLocaleString('en')} rows (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    // One history entry a dossier, a chunk of ids a statement.
    const lastId = Number((await sql<{ n: string }>`SELECT max(id) AS n FROM dossiers`.execute(c)).rows[0]!.n);
    for (let lo = firstId + 1; lo <= lastId; lo += CHUNK) {
      await sql`INSERT INTO dossier_events (dossier_id, status, note, at, by_name)
                SELECT id, status, 'Đồng bộ từ hệ thống một cửa', received_at, 'Bộ phận một cửa' FROM dossiers
                WHERE id >= ${lo} AND id < ${lo + CHUNK}`.execute(c);
    }
    log(`    history written (${((performance.now() - started) / 1000).toFixed(0)} s); rebuilding ${indexes.length} indexes`);
    await sql`SET maintenance_work_mem = '1GB'`.execute(c);
    for (const index of indexes) await sql.raw(index.create).execute(c);
    await sql`RESET maintenance_work_mem`.execute(c);
    await sql`VACUUM ANALYZE dossiers`.execute(c);
    await sql`VACUUM ANALYZE dossier_events`.execute(c);
    await sql`RESET statement_timeout`.execute(c);
    return add;
  });
  return { added, seconds: (performance.now() - started) / 1000 };
}

export interface ReadFigures { count: number; p50: number; p99: number }

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;

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
  return { count: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
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
  lookupByCode: (code: string) => Promise<boolean>;
}): Promise<NationalReads> {
  const { grown, agencies } = input;
  const agencyOf = (n: number) => agencies[n % agencies.length]!;
  const own = agencies.indexOf(input.lookupAgency);
  if (own < 0) throw new Error(`${input.lookupAgency} receives none of the grown dossiers`);
  const byCode = await measure(input.rounds, input.concurrency, async (i) => {
    // Rows own, own + n, own + 2n … are the lookup agency's, spread over the whole store.
    const n = own + agencies.length * spread(i, Math.floor((grown - own) / agencies.length));
    const code = grownCode(agencyOf(n), n);
    if (!(await input.lookupByCode(code))) throw new Error(`TraCuuHoSo found nothing for ${code}`);
  });
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
