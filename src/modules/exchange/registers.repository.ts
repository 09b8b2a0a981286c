import { sql, type Executor } from '../../platform/db/index.ts';
import type { Selectable } from 'kysely';
import { tables, textArray, type ExchangeRegisterEntriesTable, type RegisterDirection } from './exchange.tables.ts';

// SQL of the clerk's registers (sổ văn bản đến / đi), assignments and reply links (0008).

export interface RegisterEntry {
  id: number;
  agencyCode: string;
  direction: RegisterDirection;
  year: number;
  number: number;
  packageId: string;
  codeNotation: string | null;
  subject: string | null;
  counterparts: string[];
  priority: number | null;
  documentDate: string | null;
  dueDate: string | null;
  registeredBy: string;
  registeredAt: Date;
  /** The latest status reported on the document (by this agency for incoming, by any recipient for outgoing). */
  lastStatus: string | null;
}

export type NewRegisterEntry = Omit<RegisterEntry, 'id' | 'year' | 'number' | 'registeredAt' | 'lastStatus'>;

/** The year of the register: the Vietnamese calendar year (UTC+7) of the moment. */
export const registerYear = (at: Date): number => new Date(at.getTime() + 7 * 3600_000).getUTCFullYear();

/**
 * Writes the entry with the register's next number, unless the package is registered already
 * (then that entry is returned and no number is used). The counter's upsert locks its row until
 * the transaction ends: concurrent registrations wait, and a rolled-back one gives its number back.
 */
export async function registerInTx(tx: Executor, entry: NewRegisterEntry, at = new Date()): Promise<{ entry: RegisterEntry; created: boolean }> {
  const year = registerYear(at);
  const counter = { agency_code: entry.agencyCode, direction: entry.direction, year };
  // First the register's row lock (a no-op upsert), then the check: two clerks accepting the
  // same document at once are serialised here, and the second finds the first one's entry.
  await tables(tx)
    .insertInto('exchange_register_counters')
    .values({ ...counter, last_number: 0 })
    .onConflict((oc) => oc.columns(['agency_code', 'direction', 'year']).doUpdateSet((eb) => ({ last_number: eb.ref('exchange_register_counters.last_number') })))
    .execute();
  const existing = await findEntryOfPackage(tx, entry.agencyCode, entry.direction, entry.packageId);
  if (existing) return { entry: existing, created: false };
  const next = await tables(tx)
    .updateTable('exchange_register_counters')
    .set((eb) => ({ last_number: eb('last_number', '+', 1) }))
    .where('agency_code', '=', entry.agencyCode)
    .where('direction', '=', entry.direction)
    .where('year', '=', year)
    .returning('last_number')
    .executeTakeFirstOrThrow();
  await tables(tx)
    .insertInto('exchange_register_entries')
    .values({
      agency_code: entry.agencyCode,
      direction: entry.direction,
      year,
      number: Number(next.last_number),
      package_id: entry.packageId,
      code_notation: entry.codeNotation,
      subject: entry.subject,
      counterparts: textArray(entry.counterparts),
      priority: entry.priority,
      document_date: entry.documentDate,
      due_date: entry.dueDate,
      registered_by: entry.registeredBy,
    })
    .execute();
  const created = await findEntryOfPackage(tx, entry.agencyCode, entry.direction, entry.packageId);
  if (!created) throw new Error('exchange: the register entry just written is missing');
  return { entry: created, created: true };
}

export interface RegisterQuery {
  agencyCode: string;
  direction: RegisterDirection;
  year?: number | undefined;
  number?: number | undefined;
  /** Part of the number/notation (số, ký hiệu). */
  notation?: string | undefined;
  /** Words of the subject (trích yếu). */
  subject?: string | undefined;
  /** Sender (incoming) or recipient (outgoing): any of these codes. */
  counterparts?: string[] | undefined;
  /** yyyy-MM-dd, inclusive, of the registration day (UTC+7). */
  from?: string | undefined;
  to?: string | undefined;
  priority?: number | undefined;
  status?: string | undefined;
  limit: number;
  offset: number;
}

const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The register's lines matching the query, newest number first. */
export async function searchRegister(ex: Executor, q: RegisterQuery): Promise<RegisterEntry[]> {
  const statusOf =
    q.direction === 'in'
      ? sql<string | null>`(SELECT h.status_code FROM exchange_status_history h JOIN exchange_packages p ON p.id = e.package_id
           WHERE h.document_sender = p.sender_agency AND h.document_id = p.document_id AND h.recipient_agency = e.agency_code
           ORDER BY h.id DESC LIMIT 1)`
      : sql<string | null>`(SELECT h.status_code FROM exchange_status_history h JOIN exchange_packages p ON p.id = e.package_id
           WHERE h.document_sender = e.agency_code AND h.document_id = p.document_id ORDER BY h.id DESC LIMIT 1)`;
  const rows = await tables(ex)
    .selectFrom(
      tables(ex)
        .selectFrom('exchange_register_entries as e')
        .selectAll('e')
        .select(statusOf.as('last_status'))
        .where('e.agency_code', '=', q.agencyCode)
        .where('e.direction', '=', q.direction)
        .as('r'),
    )
    .selectAll()
    .$if(q.year !== undefined, (qb) => qb.where('year', '=', q.year as number))
    .$if(q.number !== undefined, (qb) => qb.where('number', '=', q.number as number))
    .$if(!!q.notation, (qb) => qb.where(sql<boolean>`code_notation ILIKE ${like(q.notation as string)}`))
    .$if(!!q.subject, (qb) => qb.where(sql<boolean>`subject ILIKE ${like(q.subject as string)}`))
    .$if(q.counterparts !== undefined, (qb) => qb.where(sql<boolean>`counterparts && ${textArray(q.counterparts ?? [])}`))
    .$if(!!q.from, (qb) => qb.where(sql<boolean>`(registered_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= ${q.from}::date`))
    .$if(!!q.to, (qb) => qb.where(sql<boolean>`(registered_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= ${q.to}::date`))
    .$if(q.priority !== undefined, (qb) => qb.where(sql<boolean>`COALESCE(priority, 0) = ${q.priority}`))
    .$if(!!q.status, (qb) => qb.where('last_status', '=', q.status as string))
    .orderBy('year', 'desc')
    .orderBy('number', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return rows.map(toEntry);
}

export async function findEntryOfPackage(ex: Executor, agencyCode: string, direction: RegisterDirection, packageId: string): Promise<RegisterEntry | undefined> {
  const row = await tables(ex)
    .selectFrom('exchange_register_entries')
    .selectAll()
    .select(sql<string | null>`NULL`.as('last_status'))
    .where('agency_code', '=', agencyCode)
    .where('direction', '=', direction)
    .where('package_id', '=', packageId)
    .executeTakeFirst();
  return row ? toEntry(row) : undefined;
}

/** A register row as read, with the document's last reported status beside it. */
type EntryRow = Selectable<ExchangeRegisterEntriesTable> & { last_status: string | null };

const toEntry = (r: EntryRow): RegisterEntry => ({
  id: Number(r.id),
  agencyCode: r.agency_code,
  direction: r.direction,
  year: Number(r.year),
  number: Number(r.number),
  packageId: r.package_id,
  codeNotation: r.code_notation,
  subject: r.subject,
  counterparts: r.counterparts,
  priority: r.priority,
  documentDate: r.document_date,
  dueDate: r.due_date,
  registeredBy: r.registered_by,
  registeredAt: new Date(r.registered_at),
  lastStatus: r.last_status,
});

// Assignments (giao xử lý) ------------------------------------------------------------------

export interface Assignment {
  id: number;
  agencyCode: string;
  packageId: string;
  assigneeKind: 'unit' | 'person';
  assignee: string;
  assigneeName: string;
  dueDate: string | null;
  note: string | null;
  assignedBy: string;
  assignedAt: Date;
}

export async function insertAssignmentInTx(tx: Executor, a: Omit<Assignment, 'id' | 'assignedAt'>): Promise<Assignment> {
  const row = await tables(tx)
    .insertInto('exchange_assignments')
    .values({
      agency_code: a.agencyCode,
      package_id: a.packageId,
      assignee_kind: a.assigneeKind,
      assignee: a.assignee,
      assignee_name: a.assigneeName,
      due_date: a.dueDate,
      note: a.note,
      assigned_by: a.assignedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAssignment(row);
}

/** What was assigned to a person or to any of these units, newest first. */
export async function listAssignmentsTo(ex: Executor, person: string, units: string[], limit: number): Promise<Assignment[]> {
  const rows = await tables(ex)
    .selectFrom('exchange_assignments')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('assignee_kind', '=', 'person'), eb('assignee', '=', person)]),
        eb.and([eb('assignee_kind', '=', 'unit'), eb('assignee', '=', eb.fn.any(textArray(units)))]),
      ]),
    )
    .orderBy('assigned_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toAssignment);
}

export async function listAssignmentsOfPackage(ex: Executor, agencyCode: string, packageId: string): Promise<Assignment[]> {
  const rows = await tables(ex).selectFrom('exchange_assignments').selectAll().where('agency_code', '=', agencyCode).where('package_id', '=', packageId).orderBy('id').execute();
  return rows.map(toAssignment);
}

const toAssignment = (r: {
  id: number;
  agency_code: string;
  package_id: string;
  assignee_kind: 'unit' | 'person';
  assignee: string;
  assignee_name: string;
  due_date: string | null;
  note: string | null;
  assigned_by: string;
  assigned_at: Date;
}): Assignment => ({
  id: Number(r.id),
  agencyCode: r.agency_code,
  packageId: r.package_id,
  assigneeKind: r.assignee_kind,
  assignee: r.assignee,
  assigneeName: r.assignee_name,
  dueDate: r.due_date,
  note: r.note,
  assignedBy: r.assigned_by,
  assignedAt: new Date(r.assigned_at),
});

// Replies (ResponseFor) ---------------------------------------------------------------------

export async function linkResponseInTx(tx: Executor, packageId: string, originalSender: string, originalDocumentId: string): Promise<void> {
  await tables(tx)
    .insertInto('exchange_responses')
    .values({ package_id: packageId, original_sender: originalSender, original_document_id: originalDocumentId })
    .onConflict((oc) => oc.column('package_id').doNothing())
    .execute();
}

/** The packages that answer a document, oldest first. */
export async function listResponsesTo(ex: Executor, originalSender: string, originalDocumentId: string): Promise<{ id: string; senderAgency: string; subject: string | null; receivedAt: Date }[]> {
  const rows = await tables(ex)
    .selectFrom('exchange_responses as r')
    .innerJoin('exchange_packages as p', 'p.id', 'r.package_id')
    .select(['p.id', 'p.sender_agency', 'p.subject', 'p.received_at'])
    .where('r.original_sender', '=', originalSender)
    .where('r.original_document_id', '=', originalDocumentId)
    .orderBy('p.received_at')
    .execute();
  return rows.map((r) => ({ id: r.id, senderAgency: r.sender_agency, subject: r.subject, receivedAt: new Date(r.received_at) }));
}
