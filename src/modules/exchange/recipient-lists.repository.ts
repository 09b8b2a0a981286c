import { sql, type Executor } from '../../platform/db/index.ts';
import { tables, textArray } from './exchange.tables.ts';

// SQL of the clerks' saved recipient lists (0009).

export interface RecipientList {
  id: number;
  agencyCode: string;
  name: string;
  members: string[];
  createdBy: string;
  updatedAt: Date;
}

const columns = ['id', 'agency_code', 'name', 'members', 'created_by', 'updated_at'] as const;
type Row = { id: number; agency_code: string; name: string; members: string[]; created_by: string; updated_at: Date };
const toList = (r: Row): RecipientList => ({ id: Number(r.id), agencyCode: r.agency_code, name: r.name, members: r.members, createdBy: r.created_by, updatedAt: r.updated_at });

/** The agency's lists, by name. */
export async function listsOf(ex: Executor, agencyCode: string): Promise<RecipientList[]> {
  const rows = await tables(ex).selectFrom('exchange_recipient_lists').select(columns).where('agency_code', '=', agencyCode).orderBy(sql`lower(name)`).execute();
  return rows.map(toList);
}

export async function findList(ex: Executor, agencyCode: string, id: number): Promise<RecipientList | undefined> {
  const row = await tables(ex).selectFrom('exchange_recipient_lists').select(columns).where('agency_code', '=', agencyCode).where('id', '=', id).executeTakeFirst();
  return row && toList(row);
}

/**
 * Writes the list, or replaces the members of the agency's list of that name (names compare
 * without case); one statement, so two clerks saving the same name at once end with one list.
 */
export async function saveListInTx(tx: Executor, input: { agencyCode: string; name: string; members: string[]; createdBy: string }): Promise<{ list: RecipientList; replaced: boolean }> {
  const row = await tables(tx)
    .insertInto('exchange_recipient_lists')
    .values({ agency_code: input.agencyCode, name: input.name, members: textArray(input.members), created_by: input.createdBy })
    .onConflict((oc) => oc.expression(sql`agency_code, lower(name)`).doUpdateSet({ name: input.name, members: textArray(input.members), updated_at: sql`now()` }))
    .returning([...columns, sql<boolean>`xmax <> 0`.as('replaced')])
    .executeTakeFirstOrThrow();
  return { list: toList(row), replaced: row.replaced };
}

export async function deleteListInTx(tx: Executor, agencyCode: string, id: number): Promise<RecipientList | undefined> {
  const row = await tables(tx).deleteFrom('exchange_recipient_lists').where('agency_code', '=', agencyCode).where('id', '=', id).returning(columns).executeTakeFirst();
  return row && toList(row);
}
