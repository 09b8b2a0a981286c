import { auditAppendQuery, type AuditEntryInput } from '../../platform/audit/index.ts';
import { sql, type Executor } from '../../platform/db/index.ts';
import { recordFactsQuery, type NewFact } from '../../platform/events/index.ts';
import { toDelivery, type DeliveryRecord, type DeliveryRow } from './exchange.repository.ts';
import type { ExchangeAcknowledged } from './exchange.facts.ts';
import type { AckResult } from './exchange.types.ts';

/** What a batch of acknowledgements writes (exchange.ack.ts changesOf). */
export interface AckChanges {
  /** One per delivery: its new answer, and the delivery as it was read. */
  updates: { delivery: DeliveryRecord; result: AckResult }[];
  /** The facts, each of the delivery it reports. */
  facts: { deliveryId: number; event: NewFact<ExchangeAcknowledged> }[];
  /** Entity ids are package ids (one delivery per package for one recipient). */
  audit: AuditEntryInput[];
}

/**
 * Writes acknowledgements in ONE statement, its own transaction (one round trip): each
 * delivery is updated only if its state and answer are still those read, with the facts and
 * audit entries of exactly the updated ones. A delivery missing from the result changed in
 * between, and nothing of it was written. Row locks are taken in id order (racing batches
 * cannot deadlock), before the audit chain's. The answers come as arrays: the planner counts
 * an unnest of constant arrays, but guesses 100 rows for any jsonb_to_recordset and then
 * chose a sequential scan of the deliveries over one primary-key lookup per answer.
 */
export async function acknowledgeIfUnchanged(db: Executor, changes: AckChanges): Promise<DeliveryRecord[]> {
  if (changes.updates.length === 0) return [];
  const { updates } = changes;
  const facts = changes.facts.map((f, n) => ({ n, delivery_id: f.deliveryId, type: f.event.type, payload: f.event.payload ?? {} }));
  const result = await sql<{ id: number | null; delivered_at: Date | null; acknowledged_at: Date | null; audited: number | null }>`
    WITH locked AS (
      SELECT id FROM exchange_deliveries WHERE id = ANY(${updates.map((u) => u.delivery.id)}::bigint[]) ORDER BY id FOR UPDATE
    ),
    u AS (
      UPDATE exchange_deliveries AS d
      SET state = 'acknowledged', ack_result = a.result, acknowledged_at = now(), delivered_at = coalesce(d.delivered_at, now())
      FROM unnest(${updates.map((u) => u.delivery.id)}::bigint[], ${updates.map((u) => u.result)}::text[],
                  ${updates.map((u) => u.delivery.state)}::text[], ${updates.map((u) => u.delivery.ackResult)}::text[]) AS a(id, result, state, ack_result)
      WHERE d.id IN (SELECT id FROM locked) AND d.id = a.id AND d.state = a.state AND d.ack_result IS NOT DISTINCT FROM a.ack_result
      RETURNING d.id, d.delivered_at, d.acknowledged_at, d.package_id
    ),
    e AS (${recordFactsQuery(sql`
      SELECT f.type, f.payload FROM jsonb_to_recordset(${JSON.stringify(facts)}::jsonb) AS f(n int, delivery_id bigint, type text, payload jsonb)
      WHERE f.delivery_id IN (SELECT id FROM u)
      ORDER BY f.n
    `)}),
    au AS (${auditAppendQuery(changes.audit, sql`SELECT package_id::text FROM u`)})
    SELECT u.id, u.delivered_at, u.acknowledged_at, NULL::int AS audited FROM u
    UNION ALL SELECT NULL, NULL, NULL, appended FROM au
  `.execute(db);
  // The updated rows are the rows as read with the columns the update set: only those come
  // back (a whole row as JSON cost a to_jsonb and a JSON parse each).
  const asRead = new Map(updates.map((u) => [u.delivery.id, u]));
  const updated: DeliveryRecord[] = [];
  let audited = 0;
  for (const row of result.rows) {
    const update = row.id === null ? undefined : asRead.get(Number(row.id));
    if (!update) audited = Number(row.audited);
    else
      updated.push({
        ...update.delivery,
        state: 'acknowledged',
        ackResult: update.result,
        deliveredAt: new Date(row.delivered_at as Date),
        acknowledgedAt: new Date(row.acknowledged_at as Date),
      });
  }
  const expected = new Set(updated.map((d) => d.packageId));
  const entries = changes.audit.filter((a) => expected.has(a.entityId)).length;
  // Entries are kept for exactly the updated deliveries; anything else is a bug in this statement.
  if (audited !== entries) throw new Error(`exchange: ${audited} audit entries for ${entries} acknowledgements`);
  return updated;
}

/** A first answer to a delivery: what acknowledgeFirstAnswers is given, one per package. */
export interface FirstAnswer {
  packageId: string;
  result: AckResult;
  /** Its audit entry, written only if the delivery was still unanswered. */
  audit: AuditEntryInput;
}

/**
 * The first answers of a recipient, in ONE statement that reads nothing first: each delivery
 * still unanswered (state is not 'acknowledged', so ack_result is null) takes its answer, and
 * its fact and audit entry are written with it. A delivery already answered, or not this
 * recipient's, is left alone and missing from the result: the caller decides those from a read
 * (exchange.ack.ts). The common case, a receiving system answering a page of its inbox, costs
 * one round trip instead of two. The deliveries are locked in id order before the update, so
 * batches racing over the same deliveries cannot deadlock whatever plan each gets.
 */
export async function acknowledgeFirstAnswers(db: Executor, recipient: string, answers: FirstAnswer[], day: string): Promise<DeliveryRecord[]> {
  if (answers.length === 0) return [];
  // The delivery's columns (its row without the webhook's push columns), then the audit count.
  const result = await sql<Omit<DeliveryRow, 'id'> & { id: number | null; audited: number | null }>`
    WITH a AS (
      SELECT * FROM unnest(${answers.map((x) => x.packageId)}::uuid[], ${answers.map((x) => x.result)}::text[]) WITH ORDINALITY AS a(package_id, result, n)
    ),
    locked AS (
      SELECT d.id FROM exchange_deliveries d
      WHERE d.package_id IN (SELECT package_id FROM a) AND d.recipient_agency = ${recipient} AND d.state <> 'acknowledged'
      ORDER BY d.id
      FOR UPDATE
    ),
    u AS (
      UPDATE exchange_deliveries AS d
      SET state = 'acknowledged', ack_result = a.result, acknowledged_at = now(), delivered_at = coalesce(d.delivered_at, now())
      FROM a
      WHERE d.id IN (SELECT id FROM locked) AND d.package_id = a.package_id AND d.recipient_agency = ${recipient} AND d.state <> 'acknowledged'
      RETURNING d.id, d.package_id, d.sender_agency, d.recipient_agency, d.sequence, d.state, d.ack_result, d.withdrawn, d.withdrawn_by,
                d.created_at, d.delivered_at, d.acknowledged_at, a.n
    ),
    e AS (${recordFactsQuery(sql`
      SELECT 'exchange.acknowledged', jsonb_build_object('packageId', u.package_id, 'sender', u.sender_agency, 'recipient', ${recipient}::text, 'result', u.ack_result, 'day', ${day}::text)
      FROM u ORDER BY u.n
    `)}),
    au AS (${auditAppendQuery(
      answers.map((x) => x.audit),
      sql`SELECT package_id::text FROM u`,
    )})
    SELECT u.id, u.package_id, u.sender_agency, u.recipient_agency, u.sequence, u.state, u.ack_result, u.withdrawn, u.withdrawn_by,
           u.created_at, u.delivered_at, u.acknowledged_at, NULL::int AS audited FROM u
    UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, appended FROM au
  `.execute(db);
  const updated: DeliveryRecord[] = [];
  let audited = 0;
  for (const { audited: count, ...row } of result.rows) {
    if (row.id === null) audited = Number(count);
    else updated.push(toDelivery({ ...row, id: row.id }));
  }
  // Entries are kept for exactly the updated deliveries; anything else is a bug in this statement.
  if (audited !== updated.length) throw new Error(`exchange: ${audited} audit entries for ${updated.length} first answers`);
  return updated;
}
