import { auditAppendQuery, type AuditEntryInput } from '../../platform/audit/index.ts';
import { prepared, sql, type Executor } from '../../platform/db/index.ts';
import { publishQuery, recordFactsQuery, type NewFact } from '../../platform/events/index.ts';
import { DELIVERIES_INSERT, ROUTE_SEQUENCES, packagesInsert, type DeliveryRecord, type NewPackage } from './exchange.repository.ts';
import type { PackageRecord } from './exchange.types.ts';
import { DELIVER_EVENT } from './exchange.webhooks.ts';

/** A new document to record: its row, its recipients, and what its recording publishes and audits. */
export interface NewDocument {
  /** Chosen by the caller, so that events and audit entries can name it before the statement. */
  id: string;
  package: NewPackage;
  recipients: string[];
  facts: NewFact[];
  audit: AuditEntryInput;
}

/**
 * Records new documents in ONE statement, its own transaction: the packages (a dedup key that
 * exists or repeats is skipped), their deliveries numbered per sender→recipient pair, and —
 * for the packages actually inserted — their facts, a webhook push per delivery whose
 * recipient has a webhook, and their audit entries. One round trip instead of seven: on a
 * loaded hub each round trip costs the event loop a socket write and a backend wake-up.
 * Locks follow the transactional path's order: the pairs' counters, then the audit chain.
 * Only what the database decided comes back (new packages, the deliveries' ids, numbers and
 * times); the rest is what was inserted, so no row is sent back as JSON.
 */
export async function recordNewDocuments(db: Executor, documents: NewDocument[], receivedAt: Date): Promise<{ packages: PackageRecord[]; deliveries: DeliveryRecord[] }> {
  if (documents.length === 0) return { packages: [], deliveries: [] };
  const wanted = documents.flatMap((d, n) =>
    d.recipients.map((recipient) => ({ package_id: d.id, sender: d.package.senderAgency, recipient, n })),
  );
  const facts = documents.flatMap((d) => d.facts.map((f) => ({ package_id: d.id, type: f.type, payload: f.payload ?? {} })));
  const result = await prepared(sql<{ package_id: string | null; delivery_id: number | null; recipient: string | null; sequence: number | null; created_at: Date | null; audited: number | null }>`
    WITH p AS (${packagesInsert(documents.map((d) => ({ package: d.package, id: d.id, receivedAt })))}),
    wanted AS (
      SELECT w.* FROM jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS w(package_id uuid, sender text, recipient text, n int)
      WHERE w.package_id IN (SELECT id FROM p)
    ),
    ${ROUTE_SEQUENCES},
    d AS (${DELIVERIES_INSERT}),
    f AS (${recordFactsQuery(sql`
      SELECT f.type, f.payload FROM jsonb_to_recordset(${JSON.stringify(facts)}::jsonb) AS f(package_id uuid, type text, payload jsonb)
      WHERE f.package_id IN (SELECT id FROM p)
    `)}),
    e AS (${publishQuery(sql`
      SELECT ${DELIVER_EVENT}::text, jsonb_build_object('deliveryId', d.id)
      FROM d JOIN exchange_webhooks h ON h.agency_code = d.recipient_agency
    `)}),
    au AS (${auditAppendQuery(
      documents.map((d) => d.audit),
      // The inserted packages, read once the deliveries are in: the chain's lock comes last.
      sql`SELECT id::text FROM p WHERE (SELECT count(*) FROM d) >= 0`,
    )})
    SELECT p.id AS package_id, NULL::bigint AS delivery_id, NULL::text AS recipient, NULL::bigint AS sequence, NULL::timestamptz AS created_at, NULL::int AS audited FROM p
    UNION ALL SELECT d.package_id, d.id, d.recipient_agency, d.sequence, d.created_at, NULL FROM d
    UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, appended FROM au
  `).execute(db);
  const byId = new Map(documents.map((d) => [d.id, d]));
  const packages: PackageRecord[] = [];
  const deliveries: DeliveryRecord[] = [];
  let audited = 0;
  for (const row of result.rows) {
    const document = row.package_id === null ? undefined : byId.get(row.package_id);
    if (!document) audited = Number(row.audited);
    else if (row.delivery_id === null) packages.push(packageRecordOf(document.package, document.id, receivedAt));
    else deliveries.push(newDelivery(document, { id: Number(row.delivery_id), recipient: String(row.recipient), sequence: Number(row.sequence), createdAt: new Date(row.created_at as Date) }));
  }
  // Entries are kept for exactly the inserted packages; anything else is a bug in this statement.
  if (audited !== packages.length) throw new Error(`exchange: ${audited} audit entries for ${packages.length} packages`);
  return { packages, deliveries };
}

/** The package as packagesInsert stores it, with this id and reception time. */
export function packageRecordOf(p: NewPackage, id: string, receivedAt: Date): PackageRecord {
  return {
    id,
    kind: p.kind,
    senderAgency: p.senderAgency,
    documentId: p.documentId,
    businessType: p.businessType,
    statusCode: p.statusCode,
    contentSha256: p.contentSha256,
    sizeBytes: p.sizeBytes,
    subject: p.subject,
    priority: p.priority,
    dueDate: p.dueDate,
    warnings: p.warnings,
    signatureState: p.signatureState,
    sentBy: p.sentBy,
    receivedAt,
  };
}

/** A delivery as DELIVERIES_INSERT creates it: the column defaults of exchange_deliveries (migration 0001). */
function newDelivery(document: NewDocument, d: { id: number; recipient: string; sequence: number; createdAt: Date }): DeliveryRecord {
  return {
    id: d.id,
    packageId: document.id,
    senderAgency: document.package.senderAgency,
    recipientAgency: d.recipient,
    sequence: d.sequence,
    state: 'pending',
    ackResult: null,
    withdrawn: null,
    withdrawnBy: null,
    createdAt: d.createdAt,
    deliveredAt: null,
    acknowledgedAt: null,
  };
}
