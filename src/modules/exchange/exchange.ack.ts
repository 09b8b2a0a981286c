import { appendAuditManyInTx } from '../../platform/audit/index.ts';
import type { DomainError } from '../../platform/errors/index.ts';
import { recordFactsInTx } from '../../platform/events/index.ts';
import { presentDeliveries, vnDay, type ExchangeDeps, type Principal } from './exchange.access.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import * as repo from './exchange.repository.ts';
import { acknowledgeFirstAnswers, acknowledgeIfUnchanged, type AckChanges } from './acks.repository.ts';
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
 * Records the recipient's answers to deliveries, in order. Each answer succeeds or fails on
 * its own (an unknown id does not refuse the others). Repeating an answer is harmless;
 * "processing" after a final answer changes nothing; a different final answer is refused.
 *
 * One round trip for the usual request, a page of first answers: each delivery not yet
 * answered takes its answer in one statement with its fact and audit entry
 * (acknowledgeFirstAnswers). The other answers (a delivery answered before, an id named twice,
 * an unknown id) are decided from a read: two more round trips however many they are.
 */
export async function acknowledgeMany(deps: ExchangeDeps, principal: Principal, acks: AckRequest[]): Promise<AckOutcome[]> {
  if (acks.length > ACK_BATCH_MAX) throw ExchangeErrors.ackBatchTooLarge(ACK_BATCH_MAX);
  if (acks.length === 0) return [];
  const first = await acknowledgeFirst(deps, principal, acks);
  const rest = acks.filter((a) => !first.has(a.id));
  const decided = rest.length === 0 ? [] : await acknowledgeDecided(deps, principal, rest);
  let next = 0;
  return acks.map((a): AckOutcome => {
    const delivery = first.get(a.id);
    return delivery ? { id: a.id, ok: true, delivery: presentDeliveries([delivery])[0] as DeliveryView } : (decided[next++] as AckOutcome);
  });
}

/** The answers to deliveries not answered before, written without reading first; by package id. */
async function acknowledgeFirst(deps: ExchangeDeps, principal: Principal, acks: AckRequest[]): Promise<Map<string, DeliveryRecord>> {
  const times = new Map<string, number>();
  for (const a of acks) times.set(a.id, (times.get(a.id) ?? 0) + 1);
  // An id named twice is decided in order from a read, as every answer used to be.
  const once = acks.filter((a) => times.get(a.id) === 1 && repo.isPackageId(a.id));
  const updated = await acknowledgeFirstAnswers(
    deps.db,
    principal.agencyCode,
    once.map((a) => ({ packageId: a.id, result: a.result, audit: auditOf(principal, a.id, principal.agencyCode, a.result, null) })),
    vnDay(),
  );
  return new Map(updated.map((d) => [d.packageId, d]));
}

/**
 * Answers decided from a read: the deliveries are read, the answers decided, and the changes
 * written with their outbox events and audit entries in one statement that only updates a
 * delivery still as it was read (acks.repository.ts). A delivery changed in between (another
 * ack of the same recipient racing this one) is decided again under a row lock, in a
 * transaction of its own.
 */
async function acknowledgeDecided(deps: ExchangeDeps, principal: Principal, acks: AckRequest[]): Promise<AckOutcome[]> {
  const read = await repo.findDeliveries(deps.db, packageIdsOf(acks), principal.agencyCode);
  const { outcomes, transitions, current } = decide(acks, read);
  if (transitions.length === 0) return present(outcomes, current);
  const changes = changesOf(principal, transitions, read);
  const updated = await acknowledgeIfUnchanged(deps.db, changes);
  for (const d of updated) current.set(d.packageId, d);
  const written = new Set(updated.map((d) => d.id));
  const raced = new Set(changes.updates.filter((u) => !written.has(u.delivery.id)).map((u) => u.delivery.packageId));
  if (raced.size === 0) return present(outcomes, current);
  // Decided again on the locked rows, in request order.
  const again = await acknowledgeLocked(
    deps,
    principal,
    acks.filter((a) => raced.has(a.id)),
  );
  const next = new Map<string, AckOutcome[]>();
  for (const outcome of again) next.set(outcome.id, [...(next.get(outcome.id) ?? []), outcome]);
  const first = present(outcomes, current);
  return first.map((outcome) => (raced.has(outcome.id) ? (next.get(outcome.id)?.shift() ?? outcome) : outcome));
}

/** The previous way, kept for deliveries that changed between read and write: lock, decide, write. */
async function acknowledgeLocked(deps: ExchangeDeps, principal: Principal, acks: AckRequest[]): Promise<AckOutcome[]> {
  return deps.db.transaction().execute(async (tx) => {
    const locked = await repo.findDeliveriesForUpdate(tx, packageIdsOf(acks), principal.agencyCode);
    const { outcomes, transitions, current } = decide(acks, locked);
    if (transitions.length > 0) {
      const { updates, facts, audit } = changesOf(principal, transitions, locked);
      const updated = await repo.acknowledgeManyInTx(
        tx,
        updates.map((u) => ({ deliveryId: u.delivery.id, result: u.result })),
      );
      for (const d of updated) current.set(d.packageId, d);
      await recordFactsInTx(tx, facts.map((f) => f.event));
      await appendAuditManyInTx(tx, audit);
    }
    return present(outcomes, current);
  });
}

const packageIdsOf = (acks: AckRequest[]) => [...new Set(acks.map((a) => a.id))].filter(repo.isPackageId);

interface Transition {
  delivery: DeliveryRecord;
  result: AckResult;
  previous: AckResult | null;
}

/** Each answer against the deliveries as they are: its outcome, and the changes to make. */
function decide(acks: AckRequest[], deliveries: DeliveryRecord[]): { outcomes: { id: string; error?: DomainError }[]; transitions: Transition[]; current: Map<string, DeliveryRecord> } {
  const current = new Map(deliveries.map((d) => [d.packageId, d]));
  const transitions: Transition[] = [];
  const outcomes = acks.map(({ id, result }): { id: string; error?: DomainError } => {
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
  return { outcomes, transitions, current };
}

/**
 * The writes of some transitions: one update per delivery (its last answer; `delivery` as
 * read, which the update expects to find), one event and one audit entry per transition.
 */
function changesOf(principal: Principal, transitions: Transition[], asRead: DeliveryRecord[]): AckChanges {
  const read = new Map(asRead.map((d) => [d.id, d]));
  const last = new Map(transitions.map((t) => [t.delivery.id, t]));
  const day = vnDay();
  return {
    updates: [...last.values()].map((t) => ({ delivery: read.get(t.delivery.id) ?? t.delivery, result: t.result })),
    facts: transitions.map((t) => ({
      deliveryId: t.delivery.id,
      event: {
        type: 'exchange.acknowledged',
        payload: { packageId: t.delivery.packageId, sender: t.delivery.senderAgency, recipient: t.delivery.recipientAgency, result: t.result, day },
      },
    })),
    audit: transitions.map((t) => auditOf(principal, t.delivery.packageId, t.delivery.recipientAgency, t.result, t.previous)),
  };
}

const auditOf = (principal: Principal, packageId: string, recipient: string, result: AckResult, previous: AckResult | null) => ({
  actor: principal.principalId,
  action: 'exchange.acknowledged',
  entityType: 'exchange_package',
  entityId: packageId,
  data: { recipient, result, previous },
});

function present(outcomes: { id: string; error?: DomainError }[], current: Map<string, DeliveryRecord>): AckOutcome[] {
  return outcomes.map(({ id, error }): AckOutcome => {
    if (error) return { id, ok: false, error };
    return { id, ok: true, delivery: presentDeliveries([current.get(id) as DeliveryRecord])[0] as DeliveryView };
  });
}
