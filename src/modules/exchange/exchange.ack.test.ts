import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit/index.ts';
import { sql } from '../../platform/db/index.ts';
import { acknowledgeIfUnchanged } from './acks.repository.ts';
import type { ExchangeDeps } from './exchange.access.ts';
import { acknowledgeMany, type AckOutcome } from './exchange.ack.ts';
import * as repo from './exchange.repository.ts';
import { sendPackage } from './exchange.send.ts';
import { documentBytes, exchangeDepsOf, setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';
import type { AckResult } from './exchange.types.ts';

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';

let t: ExchangeTestContext;
let deps: ExchangeDeps;

beforeAll(async () => {
  t = await setUpExchange();
  deps = exchangeDepsOf(t);
});
afterAll(async () => {
  await t?.close();
});

const sender = { agencyCode: G22, principalId: 'sys_G22' };
const receiver = { agencyCode: H49, principalId: 'sys_H49' };

async function send(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await sendPackage(deps, sender, documentBytes({ from: G22, to: [H49] }).bytes)).package.id);
  return ids;
}

async function trailOf(ids: string[]) {
  const audit = await sql<{ entity_id: string; result: string; previous: string | null }>`
    SELECT entity_id, data->>'result' AS result, data->>'previous' AS previous FROM audit_log
    WHERE action = 'exchange.acknowledged' AND entity_id = ANY(${ids}::text[]) ORDER BY seq`.execute(t.db);
  const facts = await sql<{ id: string; result: string }>`
    SELECT payload->>'packageId' AS id, payload->>'result' AS result FROM event_facts
    WHERE type = 'exchange.acknowledged' AND payload->>'packageId' = ANY(${ids}::text[]) ORDER BY event_facts.id`.execute(t.db);
  return { audit: audit.rows, facts: facts.rows };
}

describe('acknowledging', () => {
  it('writes nothing for a delivery that changed since it was read', async () => {
    const [id] = await send(1);
    const [asRead] = await repo.findDeliveries(t.db, [id!], H49);
    expect(asRead?.state).toBe('pending');
    expect((await acknowledgeMany(deps, receiver, [{ id: id!, result: 'done' }]))[0]).toMatchObject({ ok: true, delivery: { ackResult: 'done' } });
    // A racing writer that read the delivery before that ack, and would answer "fail".
    const stale = await acknowledgeIfUnchanged(t.db, {
      updates: [{ delivery: asRead!, result: 'fail' }],
      facts: [{ deliveryId: asRead!.id, event: { type: 'exchange.acknowledged', payload: { packageId: id!, sender: asRead!.senderAgency, recipient: H49, result: 'fail', day: '2026-01-01' } } }],
      audit: [{ actor: 'sys_H49', action: 'exchange.acknowledged', entityType: 'exchange_package', entityId: id!, data: { result: 'fail' } }],
    });
    expect(stale).toEqual([]);
    const [now] = await repo.findDeliveries(t.db, [id!], H49);
    expect(now).toMatchObject({ state: 'acknowledged', ackResult: 'done' });
    const trail = await trailOf([id!]);
    expect(trail.audit.map((a) => a.result)).toEqual(['done']);
    expect(trail.facts.map((f) => f.result)).toEqual(['done']);
  });

  it('mixes first answers (one statement) with answers decided from a read, keeping request order and one history each', async () => {
    const [fresh, processing, final, twice, other] = await send(5);
    await acknowledgeMany(deps, receiver, [
      { id: processing!, result: 'processing' },
      { id: final!, result: 'done' },
    ]);
    const notMine = (await sendPackage(deps, sender, documentBytes({ from: G22, to: ['000.00.00.H29'] }).bytes)).package.id;
    const outcomes = await acknowledgeMany(deps, receiver, [
      { id: twice!, result: 'processing' },
      { id: fresh!, result: 'fail' },
      { id: 'not-a-package', result: 'done' },
      { id: processing!, result: 'done' },
      { id: final!, result: 'fail' },
      { id: notMine, result: 'done' },
      { id: twice!, result: 'done' },
      { id: final!, result: 'done' },
    ]);
    expect(outcomes.map((o) => [o.id, o.ok ? o.delivery.ackResult : o.error.code])).toEqual([
      [twice, 'done'],
      [fresh, 'fail'],
      ['not-a-package', 'exchange.package_not_found'],
      [processing, 'done'],
      [final, 'exchange.already_acknowledged'],
      [notMine, 'exchange.package_not_found'],
      [twice, 'done'],
      [final, 'done'],
    ]);
    const trail = await trailOf([fresh!, processing!, final!, twice!, other!]);
    const historyOf = (id: string) => trail.audit.filter((a) => a.entity_id === id).map((a) => [a.previous, a.result]);
    expect(historyOf(fresh!)).toEqual([[null, 'fail']]);
    expect(historyOf(processing!)).toEqual([
      [null, 'processing'],
      ['processing', 'done'],
    ]);
    expect(historyOf(final!)).toEqual([[null, 'done']]);
    expect(historyOf(twice!)).toEqual([
      [null, 'processing'],
      ['processing', 'done'],
    ]);
    expect(historyOf(other!)).toEqual([]);
    // One fact per audited change, and nothing for the delivery nobody answered.
    for (const id of [fresh!, processing!, final!, twice!, other!]) {
      expect(trail.facts.filter((f) => f.id === id).map((f) => f.result)).toEqual(trail.audit.filter((a) => a.entity_id === id).map((a) => a.result));
    }
    const [sentFact] = (
      await sql<{ payload: Record<string, string> }>`SELECT payload FROM event_facts WHERE type = 'exchange.acknowledged' AND payload->>'packageId' = ${fresh!}`.execute(t.db)
    ).rows;
    expect(sentFact?.payload).toMatchObject({ packageId: fresh, sender: G22, recipient: H49, result: 'fail' });
    expect(sentFact?.payload.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('answers each acknowledged delivery exactly as it is stored', async () => {
    const ids = await send(3);
    const outcomes = await acknowledgeMany(deps, receiver, [
      { id: ids[0]!, result: 'done' },
      { id: ids[1]!, result: 'processing' },
      { id: ids[2]!, result: 'fail' },
      { id: ids[1]!, result: 'done' },
    ]);
    const stored = await repo.findDeliveries(t.db, ids, H49);
    for (const outcome of outcomes) {
      if (!outcome.ok) throw new Error(`refused: ${outcome.error.code}`);
      const row = stored.find((d) => d.packageId === outcome.id)!;
      expect(outcome.delivery).toEqual({
        recipient: H49,
        sequence: row.sequence,
        state: 'acknowledged',
        ackResult: row.ackResult,
        withdrawn: null,
        withdrawnBy: null,
        deliveredAt: row.deliveredAt,
        acknowledgedAt: row.acknowledgedAt,
      });
    }
    expect(stored.map((d) => [d.packageId, d.ackResult])).toEqual(expect.arrayContaining([[ids[0], 'done'], [ids[1], 'done'], [ids[2], 'fail']]));
  });

  it('keeps one consistent history per delivery when batches race over the same deliveries', async () => {
    const ids = await send(8);
    const answers: AckResult[] = ['processing', 'done', 'fail'];
    // 12 batches at once, each answering every delivery, in different orders and with different answers.
    const batches = Array.from({ length: 12 }, (_, b) => {
      const acks = ids.map((id, i) => ({ id, result: answers[(b + i) % 3]! }));
      return b % 2 ? acks.reverse() : acks;
    });
    const outcomes: AckOutcome[][] = await Promise.all(batches.map((acks) => acknowledgeMany(deps, receiver, acks)));
    for (const outcome of outcomes.flat()) {
      if (!outcome.ok) expect(outcome.error.code).toBe('exchange.already_acknowledged');
    }
    const trail = await trailOf(ids);
    for (const id of ids) {
      const history = trail.audit.filter((a) => a.entity_id === id);
      // Each entry follows the one before; only the last may be final; the delivery holds the last.
      history.forEach((entry, i) => expect(entry.previous).toBe(i === 0 ? null : history[i - 1]!.result));
      expect(history.slice(0, -1).every((entry) => entry.result === 'processing')).toBe(true);
      const [delivery] = await repo.findDeliveries(t.db, [id], H49);
      expect(delivery?.ackResult).toBe(history.at(-1)?.result);
      expect(delivery?.ackResult === 'done' || delivery?.ackResult === 'fail').toBe(true);
      // One fact per audited change, in the same order.
      expect(trail.facts.filter((f) => f.id === id).map((f) => f.result)).toEqual(history.map((h) => h.result));
      // Every batch answering the final result was told ok; the others were refused.
      for (const outcome of outcomes.flat().filter((o) => o.id === id)) {
        if (outcome.ok) expect(['processing', delivery?.ackResult]).toContain(outcome.delivery.ackResult);
      }
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
