import type { Selectable } from 'kysely';
import { prepared, sql, type Executor } from '../../platform/db/index.ts';
import { tables, textArray, uuidArray, type AsJson, type ExchangeDeliveriesTable, type ExchangePackagesTable } from './exchange.tables.ts';
import type { AckResult, DeliveryState, ExchangeWarning, PackageRecord, SignatureState, Withdrawal } from './exchange.types.ts';

// SQL of packages and deliveries (exchange.tables.ts). Reads and single-row writes go through
// the typed builder; statements that write several tables or rows at once stay SQL: the
// delivery numbering (ROUTE_SEQUENCES, DELIVERIES_INSERT) is shared with sends.repository.ts.

export type PackageRow = Selectable<ExchangePackagesTable>;

export const toPackage = (r: PackageRow | AsJson<PackageRow>): PackageRecord => ({
  id: r.id,
  kind: r.kind,
  senderAgency: r.sender_agency,
  documentId: r.document_id,
  businessType: r.business_type,
  statusCode: r.status_code,
  contentSha256: r.content_sha256,
  sizeBytes: Number(r.size_bytes),
  subject: r.subject,
  priority: r.priority,
  dueDate: r.due_date,
  warnings: r.warnings,
  signatureState: r.signature_state,
  sentBy: r.sent_by,
  receivedAt: new Date(r.received_at),
});

export interface NewPackage {
  kind: 'document' | 'status';
  senderAgency: string;
  documentId: string;
  businessType: number | null;
  statusCode: string | null;
  dedupKey: string;
  contentSha256: string;
  sizeBytes: number;
  subject: string | null;
  priority: number | null;
  dueDate: string | null;
  warnings: ExchangeWarning[];
  signatureState: SignatureState;
  sentBy: string;
}

/** Inserts the package unless one with the same dedup key exists; undefined then (the caller loads that one). */
export async function insertPackageInTx(tx: Executor, p: NewPackage): Promise<PackageRecord | undefined> {
  return (await insertPackagesInTx(tx, [p])).get(p.dedupKey);
}

/**
 * Inserts several packages in one statement; those whose dedup key exists already (or
 * repeats one earlier in the list) are skipped. Returns the inserted ones by dedup key.
 */
export async function insertPackagesInTx(tx: Executor, packages: NewPackage[]): Promise<Map<string, PackageRecord>> {
  if (packages.length === 0) return new Map();
  const result = await packagesInsert(packages.map((p) => ({ package: p }))).execute(tx);
  return new Map(result.rows.map((r) => [r.dedup_key, toPackage(r)]));
}

/**
 * The INSERT of packages (in list order, skipping dedup keys that exist or repeat), returning
 * their rows; a statement, or a data-modifying part of a larger one. Id and reception time
 * are the database's unless given.
 */
export function packagesInsert(packages: { package: NewPackage; id?: string; receivedAt?: Date }[]) {
  const rows = packages.map(({ package: p, id, receivedAt }, n) => ({
    n,
    id: id ?? null,
    received_at: receivedAt?.toISOString() ?? null,
    kind: p.kind,
    sender_agency: p.senderAgency,
    document_id: p.documentId,
    business_type: p.businessType,
    status_code: p.statusCode,
    dedup_key: p.dedupKey,
    content_sha256: p.contentSha256,
    size_bytes: p.sizeBytes,
    subject: p.subject,
    priority: p.priority,
    due_date: p.dueDate,
    warnings: p.warnings,
    signature_state: p.signatureState,
    sent_by: p.sentBy,
  }));
  return sql<PackageRow>`
    INSERT INTO exchange_packages (id, kind, sender_agency, document_id, business_type, status_code, dedup_key, content_sha256,
                                   size_bytes, subject, priority, due_date, warnings, signature_state, sent_by, received_at)
    SELECT COALESCE(id, gen_random_uuid()), kind, sender_agency, document_id, business_type, status_code, dedup_key, content_sha256,
           size_bytes, subject, priority, due_date, warnings, signature_state, sent_by, COALESCE(received_at, now())
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS p(
      id uuid, received_at timestamptz, kind text, sender_agency text, document_id text, business_type smallint, status_code text,
      dedup_key text, content_sha256 text, size_bytes bigint, subject text, priority smallint, due_date date, warnings jsonb,
      signature_state text, sent_by text, n int)
    ORDER BY n
    ON CONFLICT (dedup_key) DO NOTHING
    RETURNING *
  `;
}

export async function findPackageByDedupKey(ex: Executor, dedupKey: string): Promise<PackageRecord | undefined> {
  const row = await tables(ex).selectFrom('exchange_packages').selectAll().where('dedup_key', '=', dedupKey).executeTakeFirst();
  return row ? toPackage(row) : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Package ids are uuids: anything else names no package (and would fail a uuid cast). */
export const isPackageId = (id: string): boolean => UUID.test(id);

export async function findPackage(ex: Executor, id: string): Promise<PackageRecord | undefined> {
  // A malformed id is simply not found (the uuid cast would otherwise fail the statement).
  if (!isPackageId(id)) return undefined;
  const row = await tables(ex).selectFrom('exchange_packages').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPackage(row) : undefined;
}

/**
 * The latest document package of `sender` with this DocumentId that carries the document
 * itself (new or replacement), excluding `exceptId`: what an update or revocation is about.
 */
export async function findOriginalDocument(ex: Executor, sender: string, documentId: string, exceptId: string | null = null): Promise<PackageRecord | undefined> {
  const row = await tables(ex)
    .selectFrom('exchange_packages')
    .selectAll()
    .where('kind', '=', 'document')
    .where('sender_agency', '=', sender)
    .where('document_id', '=', documentId)
    .where('business_type', 'in', [0, 3])
    .$if(exceptId !== null, (qb) => qb.where('id', '<>', exceptId as string))
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toPackage(row) : undefined;
}

/** Document packages carrying this edXML DocumentId, newest first (several senders may have used it). */
export async function listDocumentsByDocumentId(ex: Executor, documentId: string, limit = 20): Promise<PackageRecord[]> {
  const rows = await tables(ex).selectFrom('exchange_packages').selectAll().where('kind', '=', 'document').where('document_id', '=', documentId).orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toPackage);
}

/** Any document package with this DocumentId whose sender is one of `senders` (for placing a status). */
export async function findDocumentBySenders(ex: Executor, documentId: string, senders: string[]): Promise<PackageRecord | undefined> {
  const row = await tables(ex)
    .selectFrom('exchange_packages')
    .selectAll()
    .where('kind', '=', 'document')
    .where('document_id', '=', documentId)
    .where('sender_agency', '=', (eb) => eb.fn.any(textArray(senders)))
    .orderBy('received_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row ? toPackage(row) : undefined;
}

/**
 * The next number of the sender→receiver pair. The upsert locks the pair's row until the
 * transaction ends, so deliveries of one pair are numbered and committed in send order.
 */
export async function nextSequenceInTx(tx: Executor, sender: string, recipient: string): Promise<number> {
  const row = await tables(tx)
    .insertInto('exchange_routes')
    .values({ sender_agency: sender, recipient_agency: recipient, last_sequence: 1 })
    .onConflict((oc) => oc.columns(['sender_agency', 'recipient_agency']).doUpdateSet((eb) => ({ last_sequence: eb('exchange_routes.last_sequence', '+', 1) })))
    .returning('last_sequence')
    .executeTakeFirstOrThrow();
  return Number(row.last_sequence);
}

export interface DeliveryRecord {
  id: number;
  packageId: string;
  senderAgency: string;
  recipientAgency: string;
  sequence: number;
  state: DeliveryState;
  ackResult: AckResult | null;
  withdrawn: Withdrawal | null;
  withdrawnBy: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  acknowledgedAt: Date | null;
}

/** The columns of a delivery that a DeliveryRecord holds (not the withdrawal time nor the webhook's push state). */
export type DeliveryRow = Omit<Selectable<ExchangeDeliveriesTable>, 'withdrawn_at' | 'pushed_at' | 'push_error'>;

const date = (d: Date | string | null) => (d === null ? null : new Date(d));
export const toDelivery = (r: DeliveryRow | AsJson<DeliveryRow>): DeliveryRecord => ({
  id: Number(r.id),
  packageId: r.package_id,
  senderAgency: r.sender_agency,
  recipientAgency: r.recipient_agency,
  sequence: Number(r.sequence),
  state: r.state,
  ackResult: r.ack_result,
  withdrawn: r.withdrawn,
  withdrawnBy: r.withdrawn_by,
  createdAt: new Date(r.created_at),
  deliveredAt: date(r.delivered_at),
  acknowledgedAt: date(r.acknowledged_at),
});

/** Adds a delivery; a package already on its way to that recipient is left as it is (undefined). */
export async function insertDeliveryInTx(tx: Executor, d: { packageId: string; sender: string; recipient: string }): Promise<DeliveryRecord | undefined> {
  const existing = await tables(tx)
    .selectFrom('exchange_deliveries')
    .select('id')
    .where('package_id', '=', d.packageId)
    .where('recipient_agency', '=', d.recipient)
    .executeTakeFirst();
  if (existing) return undefined;
  const sequence = await nextSequenceInTx(tx, d.sender, d.recipient);
  const row = await tables(tx)
    .insertInto('exchange_deliveries')
    .values({ package_id: d.packageId, sender_agency: d.sender, recipient_agency: d.recipient, sequence })
    .returningAll()
    .executeTakeFirst();
  return row ? toDelivery(row) : undefined;
}

/**
 * The deliveries of a new package, one statement for all recipients: each pair's sequence is
 * bumped (locking the pair rows in recipient order, so concurrent packages to overlapping
 * recipients cannot deadlock) and the deliveries inserted with those numbers.
 */
export async function insertNewDeliveriesInTx(tx: Executor, d: { packageId: string; sender: string; recipients: string[] }): Promise<DeliveryRecord[]> {
  const deliveries = await insertDeliveriesOfPackagesInTx(tx, [d]);
  return deliveries.sort((a, b) => (a.recipientAgency < b.recipientAgency ? -1 : 1));
}

/**
 * One delivery per recipient of each package, in one statement. Sequences per
 * sender→recipient pair follow the order of `packages`; the pairs' counters are locked in
 * (sender, recipient) order like insertNewDeliveriesInTx, so the two never deadlock.
 */
export async function insertDeliveriesOfPackagesInTx(tx: Executor, packages: { packageId: string; sender: string; recipients: string[] }[]): Promise<DeliveryRecord[]> {
  const wanted = packages.flatMap((p, n) => p.recipients.map((recipient) => ({ package_id: p.packageId, sender: p.sender, recipient, n })));
  if (wanted.length === 0) return [];
  const result = await sql<DeliveryRow>`
    WITH wanted AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS w(package_id uuid, sender text, recipient text, n int)
    ),
    ${ROUTE_SEQUENCES}
    ${DELIVERIES_INSERT}
  `.execute(tx);
  return result.rows.map(toDelivery);
}

/**
 * WITH parts `counted` and `seq` over a part `wanted` (package_id, sender, recipient, n): each
 * pair's counter is bumped by its number of deliveries, locking the pairs' rows in (sender,
 * recipient) order.
 */
export const ROUTE_SEQUENCES = sql`
    counted AS (SELECT sender, recipient, count(*) AS k FROM wanted GROUP BY sender, recipient),
    seq AS (
      INSERT INTO exchange_routes (sender_agency, recipient_agency, last_sequence)
      SELECT sender, recipient, k FROM counted ORDER BY sender, recipient
      ON CONFLICT (sender_agency, recipient_agency) DO UPDATE SET last_sequence = exchange_routes.last_sequence + EXCLUDED.last_sequence
      RETURNING sender_agency, recipient_agency, last_sequence
    )`;

/** The deliveries of `wanted`, numbered per pair in `n` order from the counters of `seq` (ROUTE_SEQUENCES). */
export const DELIVERIES_INSERT = sql`
    INSERT INTO exchange_deliveries (package_id, sender_agency, recipient_agency, sequence)
    SELECT w.package_id, w.sender, w.recipient,
           s.last_sequence - count(*) OVER pair + row_number() OVER (pair ORDER BY w.n)
    FROM wanted w JOIN seq s ON s.sender_agency = w.sender AND s.recipient_agency = w.recipient
    WINDOW pair AS (PARTITION BY w.sender, w.recipient)
    ORDER BY w.sender, w.recipient, w.n
    RETURNING *`;

/** A recipient removed by an earlier update and added again gets the document back in its inbox. */
export async function restoreRemovedDeliveryInTx(tx: Executor, packageId: string, recipient: string): Promise<boolean> {
  const result = await tables(tx)
    .updateTable('exchange_deliveries')
    .set({ withdrawn: null, withdrawn_by: null, withdrawn_at: null, state: 'pending', ack_result: null, delivered_at: null, acknowledged_at: null })
    .where('package_id', '=', packageId)
    .where('recipient_agency', '=', recipient)
    .where('withdrawn', '=', 'removed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Marks the deliveries of the sender's earlier packages of a document as withdrawn, for
 * every recipient or only `recipients`. Returns the recipients affected.
 */
export async function withdrawDeliveriesInTx(
  tx: Executor,
  input: { sender: string; documentId: string; byPackageId: string; reason: Withdrawal; recipients: string[] | null },
): Promise<string[]> {
  const result = await sql<{ recipient_agency: string }>`
    UPDATE exchange_deliveries d SET withdrawn = ${input.reason}, withdrawn_by = ${input.byPackageId}::uuid, withdrawn_at = now()
    FROM exchange_packages p
    WHERE d.package_id = p.id AND p.kind = 'document' AND p.sender_agency = ${input.sender} AND p.document_id = ${input.documentId}
      AND p.id <> ${input.byPackageId}::uuid AND d.withdrawn IS NULL
      AND (${input.recipients === null} OR d.recipient_agency = ANY(${input.recipients ?? []}::text[]))
    RETURNING d.recipient_agency
  `.execute(tx);
  return [...new Set(result.rows.map((r) => r.recipient_agency))].sort();
}

export async function listDeliveriesOfPackages(ex: Executor, packageIds: string[]): Promise<DeliveryRecord[]> {
  if (packageIds.length === 0) return [];
  const rows = await tables(ex)
    .selectFrom('exchange_deliveries')
    .selectAll()
    .where('package_id', '=', (eb) => eb.fn.any(uuidArray(packageIds)))
    .orderBy('package_id')
    .orderBy('recipient_agency')
    .execute();
  return rows.map(toDelivery);
}

/** The recipient's deliveries of these packages, as they are (no lock). */
export async function findDeliveries(ex: Executor, packageIds: string[], recipient: string): Promise<DeliveryRecord[]> {
  return deliveriesOf(ex, packageIds, recipient, { lock: false });
}

/** The recipient's deliveries of these packages, locked, in id order (concurrent batches lock in the same order). */
export async function findDeliveriesForUpdate(tx: Executor, packageIds: string[], recipient: string): Promise<DeliveryRecord[]> {
  return deliveriesOf(tx, packageIds, recipient, { lock: true });
}

async function deliveriesOf(ex: Executor, packageIds: string[], recipient: string, options: { lock: boolean }): Promise<DeliveryRecord[]> {
  if (packageIds.length === 0) return [];
  const rows = await tables(ex)
    .selectFrom('exchange_deliveries')
    .selectAll()
    .where('package_id', '=', (eb) => eb.fn.any(uuidArray(packageIds)))
    .where('recipient_agency', '=', recipient)
    .$if(options.lock, (qb) => qb.orderBy('id').forUpdate())
    .execute();
  return rows.map(toDelivery);
}

/** Records acknowledgements in one statement; returns the updated deliveries. */
export async function acknowledgeManyInTx(tx: Executor, acks: { deliveryId: number; result: AckResult }[]): Promise<DeliveryRecord[]> {
  if (acks.length === 0) return [];
  const updated = await sql<DeliveryRow>`
    UPDATE exchange_deliveries AS d
    SET state = 'acknowledged', ack_result = a.result, acknowledged_at = now(), delivered_at = coalesce(d.delivered_at, now())
    FROM unnest(${acks.map((a) => a.deliveryId)}::bigint[], ${acks.map((a) => a.result)}::text[]) AS a(id, result)
    WHERE d.id = a.id
    RETURNING d.*
  `.execute(tx);
  if (updated.rows.length !== acks.length) throw new Error('exchange: a delivery vanished while locked');
  return updated.rows.map(toDelivery);
}

/** pending → delivered; true when this call made the change (the first fetch). */
export async function markDeliveredInTx(tx: Executor, deliveryId: number): Promise<boolean> {
  const result = await tables(tx)
    .updateTable('exchange_deliveries')
    .set({ state: 'delivered', delivered_at: sql<Date>`now()` })
    .where('id', '=', deliveryId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface InboxRow {
  delivery: DeliveryRecord;
  package: PackageRecord;
}

/** Deliveries not yet acknowledged, oldest first (per pair that is sequence order), after the cursor (migration 0004: why a function). */
export async function listInbox(ex: Executor, recipient: string, page: { after: number | null; limit: number }): Promise<InboxRow[]> {
  const result = await prepared(sql<{ delivery: AsJson<DeliveryRow>; package: AsJson<PackageRow> }>`
    SELECT delivery, package FROM exchange_inbox_page(${recipient}, ${page.after ?? 0}, ${page.limit})
  `).execute(ex);
  return result.rows.map((r) => ({ delivery: toDelivery(r.delivery), package: toPackage(r.package) }));
}

/** Packages sent by an agency, newest first. */
export async function listSentPackages(ex: Executor, sender: string, page: { offset: number; limit: number }): Promise<PackageRecord[]> {
  const rows = await tables(ex)
    .selectFrom('exchange_packages')
    .selectAll()
    .where('sender_agency', '=', sender)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toPackage);
}
