import { randomUUID } from 'node:crypto';
import { createBatcher } from '../../platform/batch/index.ts';
import { presentDeliveries, type ExchangeDeps, type Principal } from './exchange.access.ts';
import type { DeliveryRecord } from './exchange.repository.ts';
import { commitSend, duplicateByKey, isPlainDocument, newPackageOf, prepareSend, sentAuditOf, sentFactOf, type PreparedSend } from './exchange.send.ts';
import type { SendResult } from './exchange.types.ts';
import { packageRecordOf, recordNewDocuments, type NewDocument } from './sends.repository.ts';

/**
 * The send of the REST and VXP transports. New documents arriving while earlier ones are
 * being recorded are recorded together, in one statement whatever their number (packages,
 * deliveries, events, audit: sends.repository.ts), instead of one transaction of seven
 * statements each; revocations, updates, replacements and statuses, which read and change
 * earlier deliveries, keep their own transaction. If the shared statement fails, each
 * package is recorded on its own, so one package's problem is never another's.
 */
export function createBatchedSender(
  deps: ExchangeDeps,
  // Replaceable in tests, to make the shared statement fail.
  commitTogether: typeof commitPlainDocuments = commitPlainDocuments,
): (principal: Principal, bytes: Buffer) => Promise<SendResult> {
  const recordTogether = createBatcher<PreparedSend, SendResult>(
    async (items) => {
      try {
        return await commitTogether(deps, items);
      } catch {
        return Promise.all(items.map((p) => commitSend(deps, p).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
      }
    },
    // One statement at a time per process: a batch is one statement, and one bigger batch
    // does more than several smaller ones racing for the same locks.
    { maxBatchSize: 64, maxInFlight: 1 },
  );
  return async (principal, bytes) => {
    const prepared = await prepareSend(deps, principal, bytes);
    return isPlainDocument(prepared) ? recordTogether(prepared) : commitSend(deps, prepared);
  };
}

/**
 * Records new documents in one statement (sends.repository.ts); answers each in order: the
 * first item of a dedup key gets its package, a re-send (in this batch or of a package
 * recorded before) its duplicate, and a reused DocumentId its own error.
 */
export async function commitPlainDocuments(deps: ExchangeDeps, items: readonly PreparedSend[]): Promise<(SendResult | Error)[]> {
  const receivedAt = new Date();
  const documents = items.map((p): NewDocument => {
    const id = randomUUID();
    const row = newPackageOf(p, p.warnings);
    // What the statement will return for it if it is new: events and audit name it beforehand.
    const record = packageRecordOf(row, id, receivedAt);
    return { id, package: row, recipients: p.recipients, facts: [sentFactOf(p, record)], audit: sentAuditOf(p, record, {}) };
  });
  const { packages, deliveries } = await recordNewDocuments(deps.db, documents, receivedAt);
  const inserted = new Map(packages.map((r) => [r.id, r]));
  const deliveriesOf = new Map<string, DeliveryRecord[]>();
  for (const d of deliveries) {
    const list = deliveriesOf.get(d.packageId);
    if (list) list.push(d);
    else deliveriesOf.set(d.packageId, [d]);
  }
  return Promise.all(
    items.map(async (p, i) => {
      const record = inserted.get(documents[i]!.id);
      if (record) {
        const own = (deliveriesOf.get(record.id) ?? []).sort((a, b) => (a.recipientAgency < b.recipientAgency ? -1 : 1));
        return { package: record, duplicate: false, deliveries: presentDeliveries(own) };
      }
      return duplicateByKey(deps.db, p).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    }),
  );
}
