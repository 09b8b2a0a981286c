import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { createFactConsumers } from '../../platform/events/index.ts';
import { sampleBussiness } from './edxml/samples.ts';
import { EXCHANGE_FACTS } from './exchange.facts.ts';
import { registersConsumer } from './exchange.registers-consumer.ts';
import { sendPackage } from './exchange.send.ts';
import { documentBytes, exchangeDepsOf, setUpExchange, statusBytes, type ExchangeTestContext } from './exchange.test-support.ts';
import type { ExchangeCaller } from './index.ts';

// Documents that agencies' own systems send and accept through the API get their register
// numbers too (the consumer `exchange.registers`), and a number is written in the send's own
// transaction when the clerk's pages send.

const H49 = '000.00.00.H49';
const G15 = '000.00.00.G15';
const H29 = '000.00.00.H29';
const system = (agencyCode: string): ExchangeCaller => ({ kind: 'system', clientId: `sys_test_${agencyCode}`, agencyCode });

let t: ExchangeTestContext;
beforeAll(async () => {
  t = await setUpExchange();
});
afterAll(async () => {
  await t?.close();
});

const consumers = () => createFactConsumers({ database: t.ctx.database, consumers: [registersConsumer], schemas: new Map(Object.entries(EXCHANGE_FACTS)), logger: t.ctx.logger });

interface Line {
  agency_code: string;
  direction: string;
  number: number;
  code_notation: string | null;
  document_date: string | null;
  counterparts: string[];
  registered_by: string;
}
async function linesOf(packageId: string): Promise<Line[]> {
  const rows = await sql<Line>`
    SELECT agency_code, direction, number, code_notation, document_date::text AS document_date, counterparts, registered_by
    FROM exchange_register_entries WHERE package_id = ${packageId} ORDER BY direction DESC, agency_code`.execute(t.db);
  return rows.rows;
}

describe('registers of documents sent and accepted through the API', () => {
  it('number a document sent by an agency system (outgoing) and accepted by another (incoming), once each', async () => {
    const doc = documentBytes({ from: H49, to: [G15, H29], number: '77/UBND-VP' });
    const sent = await t.exchange.send(system(H49), doc.bytes);
    const runner = consumers();
    await runner.drain();
    const out = await linesOf(sent.package.id);
    expect(out).toEqual([
      { agency_code: H49, direction: 'out', number: expect.any(Number), code_notation: '77/UBND-VP', document_date: '2026-03-02', counterparts: [G15, H29], registered_by: 'sys_test_000.00.00.H49' },
    ]);
    // Only the recipient that reports it accepted (03) registers it; a "received" (01) does not.
    await t.exchange.send(system(H29), statusBytes({ from: H29, to: H49, documentId: doc.documentId, code: '01' }));
    await t.exchange.send(system(G15), statusBytes({ from: G15, to: H49, documentId: doc.documentId, code: '03' }));
    await runner.drain();
    const lines = await linesOf(sent.package.id);
    expect(lines.map((l) => [l.agency_code, l.direction, l.counterparts])).toEqual([
      [H49, 'out', [G15, H29]],
      [G15, 'in', [H49]],
    ]);
    // The same acceptance reported again, and a replay of the whole log, give no second number.
    await t.exchange.send(system(G15), statusBytes({ from: G15, to: H49, documentId: doc.documentId, code: '03', description: 'lần nữa' }));
    await runner.replay('exchange.registers');
    await runner.drain();
    expect(await linesOf(sent.package.id)).toEqual(lines);
    const audited = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${sent.package.id} AND action LIKE 'exchange.registered_%'`.execute(t.db);
    expect(audited.rows[0]?.n).toBe(2);
  });

  it('give numbers in order without gaps, per agency and direction', async () => {
    const before = await sql<{ n: number }>`SELECT COALESCE(MAX(number), 0)::int AS n FROM exchange_register_entries WHERE agency_code = ${H29} AND direction = 'out'`.execute(t.db);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await t.exchange.send(system(H29), documentBytes({ from: H29, to: [G15] }).bytes)).package.id);
    await consumers().drain();
    const numbers = await Promise.all(ids.map(async (id) => (await linesOf(id))[0]?.number));
    const first = (before.rows[0]?.n ?? 0) + 1;
    expect(numbers).toEqual([first, first + 1, first + 2]);
  });

  it('leave revocations out of the register (they bring no document of their own)', async () => {
    const doc = documentBytes({ from: H49, to: [G15] });
    await t.exchange.send(system(H49), doc.bytes);
    const revocation = documentBytes({ from: H49, to: [G15], number: doc.documentId.split(',')[2], bussiness: sampleBussiness.revocation() });
    const revoked = await t.exchange.send(system(H49), revocation.bytes);
    await consumers().drain();
    expect(await linesOf(revoked.package.id)).toEqual([]);
  });
});

describe('a number written in the send’s own transaction', () => {
  it('is not given, and nothing is sent, when the registration fails', async () => {
    const doc = documentBytes({ from: H49, to: [G15] });
    await expect(
      sendPackage(exchangeDepsOf(t), { agencyCode: H49, principalId: 'clerk-test' }, doc.bytes, async () => {
        throw new Error('register unavailable');
      }),
    ).rejects.toThrow('register unavailable');
    const packages = await sql<{ n: number }>`SELECT count(*)::int AS n FROM exchange_packages WHERE document_id = ${doc.documentId}`.execute(t.db);
    expect(packages.rows[0]?.n).toBe(0);
    // Sent again, it goes through as new (the failed attempt left no package behind).
    const sent = await sendPackage(exchangeDepsOf(t), { agencyCode: H49, principalId: 'clerk-test' }, doc.bytes);
    expect(sent.duplicate).toBe(false);
  });
});
