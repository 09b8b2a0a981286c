import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentBytes, setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';

let t: ExchangeTestContext;
beforeAll(async () => {
  t = await setUpExchange();
}, 180_000);
afterAll(async () => {
  await t?.close();
});

const system = (agencyCode: string) => ({ kind: 'system' as const, clientId: `test-${agencyCode}`, agencyCode });

describe('findByDocumentId: a document by its edXML DocumentId, for the agencies that sent or receive it', () => {
  it('finds the newest package carrying the DocumentId for its sender and recipients; no one else learns it exists', async () => {
    const { bytes, documentId } = documentBytes({ from: '000.00.00.G15', to: ['000.00.00.G22'], subject: 'Tờ trình dự thảo Nghị định' });
    const sent = await t.exchange.send(system('000.00.00.G15'), bytes);
    const found = await t.exchange.findByDocumentId(system('000.00.00.G22'), ` ${documentId} `);
    expect(found.package.id).toBe(sent.package.id);
    expect(found.package.documentId).toBe(documentId);
    expect(found.model.kind).toBe('document');
    expect(found.deliveries.map((d) => [d.recipient, d.state])).toEqual([['000.00.00.G22', 'delivered']]);
    await expect(t.exchange.findByDocumentId(system('000.00.00.G15'), documentId)).resolves.toMatchObject({ package: { id: sent.package.id } });
    await expect(t.exchange.findByDocumentId(system('000.00.00.G12'), documentId)).rejects.toMatchObject({ code: 'exchange.package_not_found' });
    await expect(t.exchange.findByDocumentId(system('000.00.00.G22'), '000.00.00.G15,2026/03/02,none')).rejects.toMatchObject({ code: 'exchange.package_not_found' });
    await expect(t.exchange.findByDocumentId(system('000.00.00.G22'), '')).rejects.toMatchObject({ code: 'exchange.package_not_found' });
    await expect(t.exchange.findByDocumentId({ kind: 'official', actor: undefined }, documentId)).rejects.toMatchObject({ code: 'exchange.unauthenticated' });
  });
});
