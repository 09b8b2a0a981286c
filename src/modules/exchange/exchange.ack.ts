import { appendAuditManyInTx } from '../../platform/audit/index.ts';
import type { DomainError } from '../../platform/errors/index.ts';
import { publishManyInTx } from '../../platform/events/index.ts';
import { presentDeliveries, vnDay, type ExchangeDeps, type Principal } from './exchange.access.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import * as repo from './exchange.repository.ts';
import type { DeliveryRecord } from './exchange.repository.ts';
import type { AckResult, DeliveryView } from './exchange.types.ts';

/** Acknowledgements per request: a receiving system answers a page of its inbox at once. */
export const ACK_BATCH_MAX = 500;

export interface AckRequest {
  /** Package id. */
  id: string;
  result: AckResult;
}

export type AckOutcome = { id: string; ok: true; delivery: DeliveryView } | { id: string; ok: false; error: DomainError };

/**
 * Records the recipient's answers to deliveries, in order, in one transaction and a fixed
 * number of statements however many there are: lock the deliveries, update them, one
 * outbox event and one audit entry per change. Each answer succeeds or fails on its own
 * (an unknown id does not refuse the others). Repeating an answer is harmless; "processing"
 * after a final answer changes nothing; a different final answer is refused.
 */
export async function acknowledgeMany(deps: ExchangeDeps, principal: Principal, acks: AckRequest[]): Promise<AckOutcome[]> {
  if (acks.length > ACK_BATCH_MAX) throw ExchangeErrors.ackBatchTooLarge(ACK_BATCH_MAX);
  if (acks.length === 0) return [];
  return deps.db.transaction().execute(async (tx) => {
    const ids = [...new Set(acks.map((a) => a.id))].filter(repo.isPackageId);
    const locked = await repo.findDeliveriesForUpdate(tx, ids, principal.agencyCode);
    const current = new Map(locked.map((d) => [d.packageId, d]));
    const transitions: { delivery: DeliveryRecord; result: AckResult; previous: AckResult | null }[] = [];
    const decided = acks.map(({ id, result }): { id: string; error?: DomainError } => {
      const delivery = current.get(id);
      if (!delivery) return { id, error: ExchangeErrors.packageNotFound(id) };
      if (delivery.state === 'acknowledged' && delivery.ackResult !== 'processing') {
        // A repeated ack, or a late "processing" after the final answer: nothing changes.
        if (delivery.ackResult === result || result === 'processing') return { id };
        return { id, error: ExchangeErrors.alreadyAcknowledged(delivery.ackResult ?? '') };
      }
      if (delivery.ackResult === result) return { id };
      transitions.push({ delivery, result, previous: delivery.ackResult });
      current.set(id, { ...delivery, state: 'acknowledged', ackResult: result });
      return { id };
    });
    if (transitions.length > 0) {
      // One row per delivery with its last answer (processing then done in one batch: done).
      const final = new Map(transitions.map((t) => [t.delivery.id, t.result]));
      const updated = await repo.acknowledgeManyInTx(tx, [...final].map(([deliveryId, result]) => ({ deliveryId, result })));
      for (const d of updated) current.set(d.packageId, d);
      const day = vnDay();
      await publishManyInTx(
        tx,
        transitions.map((t) => ({
          type: 'exchange.acknowledged',
          payload: { packageId: t.delivery.packageId, sender: t.delivery.senderAgency, recipient: t.delivery.recipientAgency, result: t.result, day },
        })),
      );
      await appendAuditManyInTx(
        tx,
        transitions.map((t) => ({
          actor: principal.principalId,
          action: 'exchange.acknowledged',
          entityType: 'exchange_package',
          entityId: t.delivery.packageId,
          data: { recipient: t.delivery.recipientAgency, result: t.result, previous: t.previous },
        })),
      );
    }
    return decided.map(({ id, error }): AckOutcome => {
      if (error) return { id, ok: false, error };
      return { id, ok: true, delivery: presentDeliveries([current.get(id) as DeliveryRecord])[0] as DeliveryView };
    });
  });
}
