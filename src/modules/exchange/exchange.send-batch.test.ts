import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit/index.ts';
import { sql } from '../../platform/db/index.ts';
import type { ExchangeDeps } from './exchange.access.ts';
import { commitPlainDocuments, createBatchedSender } from './exchange.send-batch.ts';
import { prepareSend } from './exchange.send.ts';
import { sampleBussiness } from './edxml/samples.ts';
import { documentBytes, exchangeDepsOf, setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';
import type { SendResult } from './exchange.types.ts';

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';
const G15 = '000.00.00.G15';

let t: ExchangeTestContext;
let deps: ExchangeDeps;

beforeAll(async () => {
  t = await setUpExchange({ maxPackageBytes: 64 * 1024 });
  deps = exchangeDepsOf(t, 64 * 1024);
});
afterAll(async () => {
  await t?.close();
});

const principal = (agencyCode: string) => ({ agencyCode, principalId: `sys_${agencyCode}` });

async function deliveriesTo(recipient: string, sender: string): Promise<{ package_id: string; sequence: number }[]> {
  return (
    await sql<{ package_id: string; sequence: number }>`
      SELECT package_id, sequence::int AS sequence FROM exchange_deliveries WHERE recipient_agency = ${recipient} AND sender_agency = ${sender} ORDER BY sequence`.execute(t.db)
  ).rows;
}

describe('sending concurrently', () => {
  it('records documents together: every package once, one delivery per recipient, gap-free sequences per pair', async () => {
    const before = { h49: (await deliveriesTo(H49, G22)).length, g15: (await deliveriesTo(G15, H29)).length };
    const docs = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? documentBytes({ from: H29, to: [G15] }) : documentBytes({ from: G22, to: [H49, G15] })));
    const prepared = await Promise.all(docs.map((d) => prepareSend(deps, principal(d.model.from.organId), d.bytes)));
    const results = (await commitPlainDocuments(deps, prepared)) as SendResult[];
    expect(results.every((r) => !(r instanceof Error) && !r.duplicate)).toBe(true);
    expect(new Set(results.map((r) => r.package.id)).size).toBe(30);
    results.forEach((r, i) => {
      expect(r.package.documentId).toBe(docs[i]!.documentId);
      expect(r.deliveries.map((d) => d.recipient)).toEqual(i % 3 === 0 ? [G15] : [G15, H49]);
    });
    // Sequences per pair continue those of earlier sends and follow the order of the batch.
    const h49 = await deliveriesTo(H49, G22);
    expect(h49.map((d) => d.sequence)).toEqual(h49.map((_, i) => i + 1));
    expect(h49.slice(before.h49).map((d) => d.package_id)).toEqual(results.filter((_, i) => i % 3 !== 0).map((r) => r.package.id));
    const g15 = await deliveriesTo(G15, H29);
    expect(g15.map((d) => d.sequence)).toEqual(g15.map((_, i) => i + 1));
    expect(g15.length - before.g15).toBe(10);
    // Facts and audit entries: one per package, the entries on one chain.
    const ids = results.map((r) => r.package.id);
    const facts = await sql<{ n: number }>`SELECT count(*)::int AS n FROM event_facts WHERE type = 'exchange.sent' AND payload->>'packageId' = ANY(${ids}::text[])`.execute(t.db);
    expect(facts.rows[0]?.n).toBe(30);
    const audit = await sql<{ chain: number; entity_id: string }>`
      SELECT chain, entity_id FROM audit_log WHERE action = 'exchange.document_sent' AND entity_id = ANY(${ids}::text[]) ORDER BY seq`.execute(t.db);
    expect(audit.rows.map((r) => r.entity_id)).toEqual(ids);
    expect(new Set(audit.rows.map((r) => r.chain)).size).toBe(1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('audits and announces only the packages a batch recorded, not the re-sends in it', async () => {
    const [a, b, c] = [documentBytes({ from: G22, to: [H49] }), documentBytes({ from: G22, to: [H49] }), documentBytes({ from: H29, to: [G15, H49] })];
    const prepare = (d: typeof a) => prepareSend(deps, principal(d.model.from.organId), d.bytes);
    const [first] = (await commitPlainDocuments(deps, [await prepare(a)])) as SendResult[];
    const results = (await commitPlainDocuments(deps, [await prepare(a), await prepare(b), await prepare(c)])) as SendResult[];
    expect(results.map((r) => r.duplicate)).toEqual([true, false, false]);
    expect(results[0]!.package.id).toBe(first!.package.id);
    expect(results[0]!.deliveries.map((d) => d.recipient)).toEqual([H49]);
    expect(results[2]!.deliveries.map((d) => d.recipient)).toEqual([G15, H49]);
    const ids = [first!.package.id, results[1]!.package.id, results[2]!.package.id];
    const count = async (query: ReturnType<typeof sql<{ id: string; n: number }>>) => Object.fromEntries((await query.execute(t.db)).rows.map((r) => [r.id, r.n]));
    const expected = Object.fromEntries(ids.map((id) => [id, 1]));
    expect(await count(sql`SELECT payload->>'packageId' AS id, count(*)::int AS n FROM event_facts WHERE type = 'exchange.sent' AND payload->>'packageId' = ANY(${ids}::text[]) GROUP BY 1`)).toEqual(expected);
    expect(await count(sql`SELECT entity_id AS id, count(*)::int AS n FROM audit_log WHERE action = 'exchange.document_sent' AND entity_id = ANY(${ids}::text[]) GROUP BY 1`)).toEqual(expected);
    expect(await count(sql`SELECT package_id::text AS id, count(*)::int AS n FROM exchange_deliveries WHERE package_id = ANY(${ids}::uuid[]) GROUP BY 1`)).toEqual({ ...expected, [ids[2]!]: 2 });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('answers each new package and its deliveries exactly as they are stored (the statement returns only ids and numbers)', async () => {
    const docs = [documentBytes({ from: G22, to: [H49, G15] }), documentBytes({ from: H29, to: [G15] })];
    const prepared = await Promise.all(docs.map((d) => prepareSend(deps, principal(d.model.from.organId), d.bytes)));
    const results = (await commitPlainDocuments(deps, prepared)) as SendResult[];
    for (const result of results) {
      const stored = await t.exchange.getPackage({ kind: 'system', clientId: 'sys', agencyCode: result.package.senderAgency }, result.package.id);
      expect(result.package).toEqual(stored.package);
      expect(result.deliveries).toEqual(stored.deliveries);
      expect(result.deliveries.every((d) => d.state === 'pending' && d.sequence > 0)).toBe(true);
    }
  });

  it('sends concurrent documents through the batching sender with the same outcome as one by one', async () => {
    const send = createBatchedSender(deps);
    const docs = Array.from({ length: 20 }, () => documentBytes({ from: G22, to: [H49, H29] }));
    const results = await Promise.all(docs.map((d) => send(principal(G22), d.bytes)));
    expect(results.map((r) => [r.package.documentId, r.duplicate, r.deliveries.map((d) => d.recipient)])).toEqual(docs.map((d) => [d.documentId, false, [H29, H49]]));
    const h29 = await deliveriesTo(H29, G22);
    expect(h29.map((d) => d.sequence)).toEqual(h29.map((_, i) => i + 1));
  });

  it('answers copies of one document sent together as duplicates of one package, and a reused DocumentId with an error', async () => {
    const send = createBatchedSender(deps);
    const number = `${Date.now()}/COPY`;
    const doc = documentBytes({ from: G22, to: [H29], number });
    const other = documentBytes({ from: G22, to: [H29], number, subject: 'Một văn bản khác cùng số' });
    const sent = [doc, doc, other, doc];
    const settled = await Promise.allSettled(sent.map((d) => send(principal(G22), d.bytes)));
    // Whichever version was recorded first is the document; the other version is refused.
    const ok = settled.filter((s): s is PromiseFulfilledResult<SendResult> => s.status === 'fulfilled').map((s) => s.value);
    expect(ok.filter((r) => !r.duplicate)).toHaveLength(1);
    const winner = sent[settled.findIndex((s) => s.status === 'fulfilled' && !s.value.duplicate)];
    settled.forEach((s, i) => {
      if (sent[i] === winner) expect(s).toMatchObject({ status: 'fulfilled', value: { package: { id: ok[0]!.package.id } } });
      else expect(s).toMatchObject({ status: 'rejected', reason: { code: 'exchange.document_id_reused' } });
    });
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM exchange_packages WHERE document_id = ${doc.documentId}`.execute(t.db);
    expect(stored.rows[0]?.n).toBe(1);
    const deliveries = await sql<{ n: number }>`SELECT count(*)::int AS n FROM exchange_deliveries WHERE package_id = ${ok[0]!.package.id}::uuid`.execute(t.db);
    expect(deliveries.rows[0]?.n).toBe(1);
  });

  it('records each package on its own when the shared transaction fails, so one problem stays one package’s', async () => {
    let shared = 0;
    const send = createBatchedSender(deps, async () => {
      shared++;
      throw new Error('shared transaction failed');
    });
    const docs = Array.from({ length: 5 }, () => documentBytes({ from: G22, to: [H49] }));
    const results = await Promise.all(docs.map((d) => send(principal(G22), d.bytes)));
    expect(shared).toBeGreaterThan(0);
    expect(results.map((r) => r.package.documentId)).toEqual(docs.map((d) => d.documentId));
    expect(results.every((r) => !r.duplicate && r.deliveries.length === 1)).toBe(true);
    // Sent again: each is recognised as a duplicate.
    const again = await Promise.all(docs.map((d) => send(principal(G22), d.bytes)));
    expect(again.map((r) => [r.package.id, r.duplicate])).toEqual(results.map((r) => [r.package.id, true]));
  });

  it('keeps revocations, updates and statuses out of the shared transaction', async () => {
    const number = `${Date.now()}/REVOKE`;
    const doc = documentBytes({ from: G22, to: [H49], number });
    await t.exchange.send({ kind: 'system', clientId: 'sys', agencyCode: G22 }, doc.bytes);
    let shared = 0;
    const send = createBatchedSender(deps, async () => {
      shared++;
      throw new Error('not expected');
    });
    const revocation = documentBytes({ from: G22, to: [H49], number, bussiness: sampleBussiness.revocation() });
    const result = await send(principal(G22), revocation.bytes);
    expect(result.package.businessType).toBe(1);
    expect(shared).toBe(0);
  });
});
