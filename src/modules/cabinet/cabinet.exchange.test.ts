import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { ExchangeApi } from '../exchange/index.ts';
import { documentBytes } from '../exchange/exchange.test-support.ts';
import { member, secretariat, setUpCabinet } from './cabinet.test-support.ts';

type Setup = Awaited<ReturnType<typeof setUpCabinet>>;
let t: Setup;
beforeAll(async () => {
  t = await setUpCabinet('2026-12-07T01:00:00Z');
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('pulling a document into a dossier by its edXML DocumentId', () => {
  it('the secretariat (no clerk role needed) pulls a document the Government Office received; one it did not receive is not found; members cannot', async () => {
    const exchange = t.platform.api<ExchangeApi>('exchange');
    const justice = { kind: 'system' as const, clientId: 'moj', agencyCode: '000.00.00.G15' };
    const toVpcp = documentBytes({ from: '000.00.00.G15', to: ['000.00.00.G22'], subject: 'Tờ trình dự thảo Nghị định' });
    const elsewhere = documentBytes({ from: '000.00.00.G15', to: ['000.00.00.G12'], subject: 'Công văn khác' });
    await exchange.send(justice, toVpcp.bytes);
    await exchange.send(justice, elsewhere.bytes);
    const { id } = await t.api.createSession(secretariat, { kind: 'regular', title: 'Phiên họp', startsAt: '2026-12-09T08:00', positionsCutoff: '2026-12-08T17:00' });
    const { id: itemId } = await t.api.addItem(secretariat, id, { title: 'Nghị định' });
    await expect(t.api.addDocumentsByDocumentId(member('pm'), itemId, toVpcp.documentId)).rejects.toMatchObject({ code: 'cabinet.secretariat_only' });
    await expect(t.api.addDocumentsByDocumentId(secretariat, itemId, '  ')).rejects.toMatchObject({ code: 'cabinet.invalid_input' });
    await expect(t.api.addDocumentsByDocumentId(secretariat, itemId, elsewhere.documentId)).rejects.toMatchObject({ code: 'exchange.package_not_found' });
    const pulled = await t.api.addDocumentsByDocumentId(secretariat, itemId, toVpcp.documentId);
    expect(pulled.documentId).toBe(toVpcp.documentId);
    const view = await t.api.getSession(secretariat, id);
    expect(view.items[0]!.documents.map((d) => d.fileName)).toEqual(['123-VPCP-KSTT.pdf']);
    const audit = (await sql<{ data: { documentId: string; packageId: string } }>`SELECT data FROM audit_log WHERE action = 'cabinet.documents_pulled' AND entity_id = ${String(itemId)}`.execute(t.db)).rows;
    expect(audit).toEqual([{ data: expect.objectContaining({ documentId: toVpcp.documentId, packageId: pulled.packageId }) }]);
  });
});
