import type { Generated, Selectable } from 'kysely';
import { sql, type Db, type Executor } from '../../platform/db/index.ts';
import type { Agency, Commune, Province } from './agencies.types.ts';

/** The tables this module owns; no other module reads them. */
export type AgenciesTables = {
  provinces: {
    code: string;
    name: string;
    kind: 'city' | 'province';
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  communes: {
    code: string;
    name: string;
    province_code: string;
    is_demo: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  agencies: {
    code: string;
    name: string;
    name_en: string | null;
    level: number;
    level1: string;
    parent_code: string | null;
    province_code: string | null;
    commune_code: string | null;
    code_confirmed: Generated<boolean>;
    is_demo: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  integration_clients: {
    id: string;
    agency_code: string;
    name: string;
    created_at: Generated<Date>;
    created_by: string;
    revoked_at: Date | null;
    revoked_by: string | null;
    time_zone: Generated<string>;
  };
  integration_client_secrets: {
    id: Generated<number>;
    client_id: string;
    sealed_secret: string;
    hint: string;
    created_at: Generated<Date>;
    valid_until: Date | null;
  };
};

// A transaction is a Kysely instance too, so one narrowing serves the pool and a caller's tx.
const q = (ex: Executor) => (ex as Db).withTables<AgenciesTables>();

type AgencyRow = Selectable<AgenciesTables['agencies']>;

function toAgency(row: AgencyRow): Agency {
  return {
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    level: row.level,
    level1: row.level1,
    parentCode: row.parent_code,
    provinceCode: row.province_code,
    communeCode: row.commune_code,
    codeConfirmed: row.code_confirmed,
    isDemo: row.is_demo,
  };
}

export interface AgencyWrite {
  code: string;
  name: string;
  nameEn: string | null;
  level: number;
  level1: string;
  parentCode: string | null;
  provinceCode: string | null;
  communeCode: string | null;
  codeConfirmed: boolean;
  isDemo: boolean;
}

/** Inserts or refreshes agencies by code (seed and future directory imports). */
export async function upsertAgenciesInTx(tx: Executor, agencies: AgencyWrite[]): Promise<void> {
  if (agencies.length === 0) return;
  await q(tx)
    .insertInto('agencies')
    .values(
      agencies.map((a) => ({
        code: a.code,
        name: a.name,
        name_en: a.nameEn,
        level: a.level,
        level1: a.level1,
        parent_code: a.parentCode,
        province_code: a.provinceCode,
        commune_code: a.communeCode,
        code_confirmed: a.codeConfirmed,
        is_demo: a.isDemo,
      })),
    )
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        name_en: eb.ref('excluded.name_en'),
        level: eb.ref('excluded.level'),
        level1: eb.ref('excluded.level1'),
        parent_code: eb.ref('excluded.parent_code'),
        province_code: eb.ref('excluded.province_code'),
        commune_code: eb.ref('excluded.commune_code'),
        code_confirmed: eb.ref('excluded.code_confirmed'),
        is_demo: eb.ref('excluded.is_demo'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .execute();
}

export async function findAgency(ex: Executor, code: string): Promise<Agency | undefined> {
  const row = await q(ex).selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? toAgency(row) : undefined;
}

export interface AgencyQuery {
  /** Only the direct children (by code) of this agency. */
  parentCode?: string | undefined;
  /** Only agencies of this level-1 body (an agency administrator's scope). */
  level1?: string | undefined;
  /** Only agencies of this QĐ 20 level (1 for the level-1 bodies). */
  level?: number | undefined;
  /** Accent- and case-insensitive match on the name, or a prefix of the code. */
  text?: string | undefined;
  /** Keyset pagination: codes after this one. */
  afterCode?: string | undefined;
  limit: number;
}

export async function listAgencies(ex: Executor, query: AgencyQuery): Promise<Agency[]> {
  let select = q(ex).selectFrom('agencies').selectAll();
  if (query.parentCode !== undefined) select = select.where('parent_code', '=', query.parentCode);
  if (query.level1 !== undefined) select = select.where('level1', '=', query.level1);
  if (query.level !== undefined) select = select.where('level', '=', query.level);
  if (query.afterCode !== undefined) select = select.where('code', '>', query.afterCode);
  const text = query.text?.trim();
  if (text) {
    const pattern = `%${escapeLike(text)}%`;
    // unaccent folds Vietnamese diacritics (and đ → d) on both sides, so "quang ninh"
    // finds "Quảng Ninh". A sequential scan is fine at directory size; add a trigram
    // index on an immutable wrapper if the directory grows to the national ~111 K rows.
    select = select.where((eb) =>
      eb.or([
        sql<boolean>`unaccent(lower(${eb.ref('name')})) LIKE unaccent(lower(${pattern}))`,
        sql<boolean>`unaccent(lower(coalesce(${eb.ref('name_en')}, ''))) LIKE unaccent(lower(${pattern}))`,
        eb('code', 'like', `${escapeLike(text.toUpperCase())}%`),
      ]),
    );
  }
  const rows = await select.orderBy('code').limit(query.limit).execute();
  return rows.map(toAgency);
}

/** Locks the agency's row for a change (its removal) until the transaction ends. */
export async function findAgencyForUpdate(tx: Executor, code: string): Promise<Agency | undefined> {
  const row = await q(tx).selectFrom('agencies').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
  return row ? toAgency(row) : undefined;
}

export async function deleteAgencyInTx(tx: Executor, code: string): Promise<void> {
  await q(tx).deleteFrom('agencies').where('code', '=', code).execute();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function countAgencies(ex: Executor): Promise<number> {
  const row = await q(ex).selectFrom('agencies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listProvinces(ex: Executor): Promise<Province[]> {
  const rows = await q(ex).selectFrom('provinces').select(['code', 'name', 'kind']).orderBy('code').execute();
  return rows;
}

export async function findProvince(ex: Executor, code: string): Promise<Province | undefined> {
  return q(ex).selectFrom('provinces').select(['code', 'name', 'kind']).where('code', '=', code).executeTakeFirst();
}

export async function listCommunes(ex: Executor, provinceCode: string): Promise<Commune[]> {
  const rows = await q(ex)
    .selectFrom('communes')
    .select(['code', 'name', 'province_code', 'is_demo'])
    .where('province_code', '=', provinceCode)
    .where(sql<boolean>`retired_at IS NULL`)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, provinceCode: r.province_code, isDemo: r.is_demo }));
}

/**
 * One statement per batch: arrays bound as three parameters and expanded with unnest, so a
 * batch of thousands of rows costs one round trip. Rows identical to what is stored are
 * left alone (neither inserted nor updated). `xmax = 0` tells a fresh insert from an update.
 */
export async function upsertCommunesInTx(
  tx: Executor,
  rows: { code: string; name: string; provinceCode: string }[],
): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const result = await sql<{ inserted: boolean }>`
    INSERT INTO communes (code, name, province_code, is_demo)
    SELECT code, name, province_code, false
    FROM unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.provinceCode)}::text[])
      AS t (code, name, province_code)
    ON CONFLICT (code) DO UPDATE
      SET name = excluded.name, province_code = excluded.province_code, is_demo = false, retired_at = NULL, updated_at = now()
      WHERE communes.name IS DISTINCT FROM excluded.name
         OR communes.province_code IS DISTINCT FROM excluded.province_code
         OR communes.is_demo
         OR communes.retired_at IS NOT NULL
    RETURNING (xmax = 0) AS inserted
  `.execute(tx);
  const inserted = result.rows.filter((r) => r.inserted).length;
  return { inserted, updated: result.rows.length - inserted };
}

/**
 * Retires the communes of these provinces that are not in `codes` (the new official table no
 * longer lists them); they stay in the table, with their history. Returns the codes retired.
 */
export async function retireCommunesMissingInTx(tx: Executor, provinceCodes: readonly string[], codes: readonly string[]): Promise<string[]> {
  if (provinceCodes.length === 0) return [];
  const result = await sql<{ code: string }>`
    UPDATE communes SET retired_at = now(), updated_at = now()
    WHERE province_code = ANY(${[...provinceCodes]}::text[]) AND NOT (code = ANY(${[...codes]}::text[])) AND retired_at IS NULL
    RETURNING code`.execute(tx);
  return result.rows.map((r) => r.code).sort();
}
