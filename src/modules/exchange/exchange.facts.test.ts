import { Compile } from 'typebox/compile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { sampleBussiness } from './edxml/samples.ts';
import { documentBytes, setUpExchange, statusBytes, type ExchangeTestContext } from './exchange.test-support.ts';
import { EXCHANGE_FACTS } from './index.ts';

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';

let t: ExchangeTestContext;
beforeAll(async () => {
  t = await setUpExchange({ maxPackageBytes: 1024 * 1024 });
});
afterAll(async () => {
  await t?.close();
});

describe('the facts the exchange records', () => {
  it('match the payload schemas its door exports, on every path that writes them (SQL-built ones included)', async () => {
    // A new document (the batched one-statement path), a revocation (its own transaction),
    // a status, reading (delivered), first answers (one statement) and a changed answer (read, then write).
    const doc = documentBytes({ from: G22, to: [H49, H29] });
    const sent = (await t.call(G22, 'POST', '/api/v1/exchange/packages', doc.bytes)).json() as { id: string };
    const revoked = documentBytes({ from: G22, to: [H29], number: doc.documentId.split(',')[2], bussiness: sampleBussiness.revocation() });
    expect((await t.call(G22, 'POST', '/api/v1/exchange/packages', revoked.bytes)).statusCode).toBe(201);
    expect((await t.call(H49, 'POST', '/api/v1/exchange/packages', statusBytes({ from: H49, to: G22, documentId: doc.documentId, code: '03' }))).statusCode).toBe(201);
    expect((await t.call(H49, 'GET', `/api/v1/exchange/packages/${sent.id}`)).statusCode).toBe(200);
    expect((await t.call(H49, 'POST', '/api/v1/exchange/acks', { acks: [{ id: sent.id, result: 'processing' }] })).statusCode).toBe(200);
    expect((await t.call(H49, 'POST', '/api/v1/exchange/acks', { acks: [{ id: sent.id, result: 'done' }] })).statusCode).toBe(200);

    const facts = (await sql<{ type: string; payload: unknown }>`SELECT type, payload FROM event_facts ORDER BY id`.execute(t.db)).rows;
    const validators = new Map(Object.entries(EXCHANGE_FACTS).map(([type, schema]) => [type, Compile(schema)]));
    const problems = facts.flatMap((f) => {
      const validator = validators.get(f.type);
      if (!validator) return [`${f.type}: not declared`];
      return validator.Check(f.payload) ? [] : [`${f.type}: ${JSON.stringify(validator.Errors(f.payload)[0])} in ${JSON.stringify(f.payload)}`];
    });
    expect(problems).toEqual([]);
    expect(new Set(facts.map((f) => f.type))).toEqual(new Set(Object.keys(EXCHANGE_FACTS)));
    expect(facts.filter((f) => f.type === 'exchange.acknowledged').map((f) => (f.payload as { result: string }).result)).toEqual(['processing', 'done']);
  });
});
