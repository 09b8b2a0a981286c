import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleBussiness } from './edxml/samples.ts';
import { restCalls } from './exchange.rest.test-support.ts';
import { documentBytes, setUpExchange, statusBytes, type ExchangeTestContext } from './exchange.test-support.ts';

// Packages that follow a document over the REST transport: its revocation, update and
// replacement, and the status packages its recipients send back.

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';
const G15 = '000.00.00.G15';

let t: ExchangeTestContext;

beforeAll(async () => {
  t = await setUpExchange();
});
afterAll(async () => {
  await t?.close();
});

const { send, inbox, ack, drain } = restCalls(() => t);

describe('revocation, update and replacement', () => {
  it('revocation marks the original revoked in every recipient inbox and delivers the revocation', async () => {
    await drain(H49);
    await drain(H29);
    const doc = documentBytes({ from: G22, to: [H49, H29], number: '10/REVOKE' });
    const original = await send(G22, doc.bytes);
    await ack(H29, original.json.id, 'done');
    const revocation = documentBytes({ from: G22, to: [H49, H29], number: '10/REVOKE', bussiness: sampleBussiness.revocation() });
    const sent = await send(G22, revocation.bytes);
    expect(sent.status).toBe(201);
    expect(sent.json.warnings.map((w) => w.code)).not.toContain('original_not_found');
    const h49 = await inbox(H49);
    expect(h49.items.map((i) => [i.package.id, i.delivery.withdrawn, i.delivery.withdrawnBy])).toEqual([
      [original.json.id, 'revoked', sent.json.id],
      [sent.json.id, null, null],
    ]);
    const view = await t.call(G22, 'GET', `/api/v1/exchange/packages/${original.json.id}`);
    const deliveries = (view.json() as { deliveries: { recipient: string; withdrawn: string | null; ackResult: string | null }[] }).deliveries;
    expect(deliveries.map((d) => [d.recipient, d.withdrawn, d.ackResult])).toEqual([
      [H29, 'revoked', 'done'],
      [H49, 'revoked', null],
    ]);
  });

  it('update removes a receiver and adds one, who then receives the original document', async () => {
    await drain(H49);
    await drain(G15);
    const doc = documentBytes({ from: G22, to: [H49, H29], number: '20/UPDATE' });
    const original = await send(G22, doc.bytes);
    // sampleBussiness.update removes H29 and adds G15.
    const update = documentBytes({ from: G22, to: [H49, G15], number: '20/UPDATE', bussiness: sampleBussiness.update() });
    const sent = await send(G22, update.bytes);
    expect(sent.status).toBe(201);
    const g15 = await inbox(G15);
    expect(g15.items.map((i) => i.package.id)).toEqual([original.json.id, sent.json.id]);
    const view = await t.call(G22, 'GET', `/api/v1/exchange/packages/${original.json.id}`);
    const deliveries = (view.json() as { deliveries: { recipient: string; withdrawn: string | null }[] }).deliveries;
    expect(deliveries.map((d) => [d.recipient, d.withdrawn])).toEqual([
      [G15, null],
      [H29, 'removed'],
      [H49, null],
    ]);
    // Adding H29 back restores its delivery of the original.
    const readd = sampleBussiness.update();
    readd.bussinessDocumentInfo = { documentInfo: '0', documentReceiver: '1', receivers: [{ organId: H29, receiverType: 1 }] };
    const again = await send(G22, documentBytes({ from: G22, to: [H29], number: '20/UPDATE', bussiness: readd }).bytes);
    expect(again.status).toBe(201);
    const h29 = await inbox(H29);
    expect(h29.items.find((i) => i.package.id === original.json.id)?.delivery.withdrawn).toBeNull();
  });

  it('replacement marks the replaced document replaced for the listed agencies and delivers the new one', async () => {
    await drain(H49);
    await drain(H29);
    const old = documentBytes({ from: G22, to: [H49, H29], number: '98/VPCP-KSTT' });
    // The sample replacement names 000.00.00.G22,2026/02/20,98/VPCP-KSTT for H49 and H29; narrow it to H49.
    const bussiness = sampleBussiness.replacement();
    bussiness.replacementInfo = [{ ...bussiness.replacementInfo[0]!, documentId: { ...bussiness.replacementInfo[0]!.documentId, raw: old.documentId }, organIds: [H49] }];
    const oldSent = await send(G22, old.bytes);
    const replacement = await send(G22, documentBytes({ from: G22, to: [H49, H29], bussiness }).bytes);
    expect(replacement.status).toBe(201);
    const h49 = await inbox(H49);
    expect(h49.items.map((i) => [i.package.id, i.delivery.withdrawn])).toEqual([
      [oldSent.json.id, 'replaced'],
      [replacement.json.id, null],
    ]);
    const h29 = await inbox(H29);
    expect(h29.items.find((i) => i.package.id === oldSent.json.id)?.delivery.withdrawn).toBeNull();
  });
});

describe('status packages', () => {
  it('travel back to the sender and build a status history per document and recipient', async () => {
    await drain(G22);
    const doc = documentBytes({ from: G22, to: [H49, H29], number: '30/STATUS' });
    const original = await send(G22, doc.bytes);
    for (const code of ['01', '03', '04', '06'] as const) {
      const r = await send(H49, statusBytes({ from: H49, to: G22, documentId: doc.documentId, code }));
      expect(r.status).toBe(201);
      expect(r.json.deliveries.map((d) => d.recipient)).toEqual([G22]);
    }
    await send(H29, statusBytes({ from: H29, to: G22, documentId: doc.documentId, code: '02', description: 'Không thuộc thẩm quyền' }));
    // The sender's own request to take the document back (13) is about H29's copy.
    await send(G22, statusBytes({ from: G22, to: H29, documentId: doc.documentId, code: '13' }));
    await send(H29, statusBytes({ from: H29, to: G22, documentId: doc.documentId, code: '15' }));

    const statusesInInbox = (await inbox(G22)).items.filter((i) => i.package.documentId === doc.documentId);
    expect(statusesInInbox).toHaveLength(6);
    const sent = await t.call(G22, 'GET', '/api/v1/exchange/sent?limit=100');
    expect(sent.statusCode).toBe(200);
    const item = (sent.json() as { items: { package: { id: string }; deliveries: { recipient: string; statuses: { statusCode: string; reporter: string; description: string | null }[] }[] }[] }).items.find(
      (i) => i.package.id === original.json.id,
    );
    expect(item?.deliveries.map((d) => [d.recipient, d.statuses.map((s) => s.statusCode)])).toEqual([
      [H29, ['02', '13', '15']],
      [H49, ['01', '03', '04', '06']],
    ]);
    expect(item?.deliveries[0]?.statuses[0]?.description).toBe('Không thuộc thẩm quyền');
    expect(item?.deliveries[0]?.statuses[1]?.reporter).toBe(G22);
  });

  it('accepts a status about a document the hub never carried, with a warning', async () => {
    const r = await send(H49, statusBytes({ from: H49, to: G22, documentId: `${G22},2020/01/01,1/UNKNOWN`, code: '01' }));
    expect(r.status).toBe(201);
    expect(r.json.warnings.map((w) => w.code)).toContain('original_not_found');
  });
});
