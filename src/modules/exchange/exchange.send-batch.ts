import { appendAuditManyInTx } from '../../platform/audit/index.ts';
import { createBatcher } from '../../platform/batch/index.ts';
import { publishManyInTx } from '../../platform/events/index.ts';
import { presentDeliveries, type ExchangeDeps, type Principal } from './exchange.access.ts';
import * as repo from './exchange.repository.ts';
import { commitSend, duplicateByKey, isPlainDocument, newPackageOf, prepareSend, sentAuditOf, sentEventsOf, type PreparedSend } from './exchange.send.ts';
import type { SendResult } from './exchange.types.ts';

/**
 * The send of the REST and VXP transports. New documents arriving while earlier ones are
 * being recorded are recorded together, in one transaction of five statements whatever
 * their number (packages, deliveries, events, audit, commit), instead of one transaction of
 * seven statements each; revocations, updates, replacements and statuses, which read and
 * change earlier deliveries, keep their own transaction. If the shared transaction fails,
 * each package is recorded on its own, so one package's problem is never another's.
 */
export function createBatchedSender(
  deps: ExchangeDeps,
  // Replaceable in tests, to make the shared transaction fail.
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
    { maxBatchSize: 64, maxInFlight: 2 },
  );
  return async (principal, bytes) => {
    const prepared = await prepareSend(deps, principal, bytes);
    return isPlainDocument(prepared) ? recordTogether(prepared) : commitSend(deps, prepared);
  };
}

/** Records new documents in one transaction; answers each in order (a re-send as its duplicate, or its own error). */
export async function commitPlainDocuments(deps: ExchangeDeps, items: readonly PreparedSend[]): Promise<(SendResult | Error)[]> {
  return deps.db.transaction().execute(async (tx) => {
    const inserted = await repo.insertPackagesInTx(
      tx,
      items.map((p) => newPackageOf(p, p.warnings)),
    );
    // A package is new for the first item that carries its dedup key; the others are re-sends.
    const owner = new Map<string, PreparedSend>();
    for (const p of items) if (inserted.has(p.dedupKey) && !owner.has(p.dedupKey)) owner.set(p.dedupKey, p);
    const fresh = items.filter((p) => owner.get(p.dedupKey) === p);
    const deliveries = await repo.insertDeliveriesOfPackagesInTx(
      tx,
      fresh.map((p) => ({ packageId: inserted.get(p.dedupKey)!.id, sender: p.sender, recipients: p.recipients })),
    );
    const deliveriesOf = (packageId: string) => deliveries.filter((d) => d.packageId === packageId).sort((a, b) => (a.recipientAgency < b.recipientAgency ? -1 : 1));
    await publishManyInTx(
      tx,
      fresh.flatMap((p) => {
        const record = inserted.get(p.dedupKey)!;
        return sentEventsOf(p, record, deliveriesOf(record.id));
      }),
    );
    const answers: (SendResult | Error)[] = [];
    for (const p of items) {
      const record = owner.get(p.dedupKey) === p ? inserted.get(p.dedupKey) : undefined;
      if (record) answers.push({ package: record, duplicate: false, deliveries: presentDeliveries(deliveriesOf(record.id)) });
      else answers.push(await duplicateByKey(tx, p).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
    }
    // Last: the audit chain's lock is held from here to commit.
    await appendAuditManyInTx(
      tx,
      fresh.map((p) => sentAuditOf(p, inserted.get(p.dedupKey)!, {})),
    );
    return answers;
  });
}
