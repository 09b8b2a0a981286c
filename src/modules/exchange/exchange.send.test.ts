import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentBytes, setUpExchange, statusBytes, type ExchangeTestContext } from './exchange.test-support.ts';
import { sampleBussiness } from './edxml/samples.ts';
import type { DocumentPackage, ExchangeCaller } from './index.ts';

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';
const G15 = '000.00.00.G15';

const system = (agencyCode: string): ExchangeCaller => ({ kind: 'system', clientId: `sys_test_${agencyCode}`, agencyCode });

let t: ExchangeTestContext;

beforeAll(async () => {
  t = await setUpExchange();
});
afterAll(async () => {
  await t?.close();
});

const envelopeOf = (text: string) => /<edXML:edXMLEnvelope>[\s\S]*<\/edXML:edXMLEnvelope>/.exec(text)![0];

/**
 * H49's own package, with the Government Office's envelope placed so that a reading which
 * skipped anything that looked like attachment content saw H49's envelope, and the full
 * parser G22's.
 */
function forgedFromH49(): Buffer {
  const honest = documentBytes({ from: H49, to: [H29] }).bytes.toString('utf8');
  const forged = envelopeOf(documentBytes({ from: G22, to: [H29], subject: 'Chỉ thị giả mạo' }).bytes.toString('utf8'));
  const [head, tail] = honest.split(envelopeOf(honest)) as [string, string];
  return Buffer.from(`${head}<!--<ContentTransferEncoded>--><![CDATA[</ContentTransferEncoded>-->${envelopeOf(honest)}<!--]]>${forged}-->${tail}`);
}

describe('a package read two ways (finding 1)', () => {
  it("the Government Office's envelope sent with H49's credentials is refused as G22's", async () => {
    await expect(t.exchange.send(system(H49), forgedFromH49())).rejects.toMatchObject({ code: 'exchange.sender_mismatch' });
    const response = await t.call(H49, 'POST', '/api/v1/exchange/packages', forgedFromH49());
    expect(response.statusCode).toBe(403);
    expect((await t.exchange.inbox(system(H29), {})).items).toEqual([]);
  });

  it('sent by G22 itself, it is recorded exactly as the recipient is shown it', async () => {
    const sent = await t.exchange.send(system(G22), forgedFromH49());
    expect(sent.package).toMatchObject({ senderAgency: G22, subject: 'Chỉ thị giả mạo', documentId: expect.stringMatching(/^000\.00\.00\.G22,/) });
    const { model } = await t.exchange.readModel(system(H29), sent.package.id);
    const doc = model as DocumentPackage;
    expect([doc.from.organId, doc.subject, doc.documentId.raw]).toEqual([sent.package.senderAgency, sent.package.subject, sent.package.documentId]);
  });
});

describe('limits while reading (finding 2)', () => {
  const root = (inner: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">${inner}</edXML>`);

  it.each([
    ['unclosed elements nested 1,000,000 deep', root('<a>'.repeat(1_000_000))],
    ['1,000,000 empty elements', root('<a/>'.repeat(1_000_000))],
  ])('%s are refused with limit_exceeded, over REST too', async (_label, bomb) => {
    await expect(t.exchange.send(system(H49), bomb)).rejects.toMatchObject({ code: 'exchange.edxml_invalid', details: { reason: 'limit_exceeded' } });
    const response = await t.call(H49, 'POST', '/api/v1/exchange/packages', bomb);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'exchange.edxml_invalid', details: { reason: 'limit_exceeded' } } });
  });
});

describe('agency ids in their full form (finding 13)', () => {
  it('From=H49 sent by 000.00.00.H49 is recorded from 000.00.00.H49: the same sender for duplicates and the sent list', async () => {
    const short = documentBytes({ from: 'H49', to: [H29], number: '7/SHORT' });
    const first = await t.exchange.send(system(H49), short.bytes);
    expect(first.package.senderAgency).toBe(H49);
    const full = documentBytes({ from: H49, to: [H29], number: '7/SHORT' });
    const again = Buffer.from(full.bytes.toString('utf8').replace(`<edXML:DocumentId>${H49},`, '<edXML:DocumentId>H49,'));
    // Other bytes under the same sender and DocumentId: the hub recognises the document as H49's.
    await expect(t.exchange.send(system(H49), again)).rejects.toMatchObject({ code: 'exchange.document_id_reused' });
    const sentList = await t.exchange.sent(system(H49), {});
    expect(sentList.items.filter((i) => i.package.documentId === short.documentId)).toHaveLength(1);
  });

  it('short recipient ids, ResponseFor, update receivers and replacement lists are taken in their full form', async () => {
    const doc = documentBytes({ from: G22, to: ['H49', '0.0.0.h29'] });
    const sent = await t.exchange.send(system(G22), doc.bytes);
    expect(sent.deliveries.map((d) => d.recipient)).toEqual([H29, H49]);

    const status = await t.exchange.send(system(H49), statusBytes({ from: 'H49', to: 'G22', documentId: doc.documentId, code: '03' }));
    expect(status.package.senderAgency).toBe(H49);
    expect(status.deliveries.map((d) => d.recipient)).toEqual([G22]);
    expect(status.package.warnings.map((w) => w.code)).not.toContain('original_not_found');

    const update = sampleBussiness.update();
    const receivers = [
      { organId: 'H29', receiverType: 0 as const },
      { organId: 'G15', receiverType: 1 as const },
    ];
    const updated = await t.exchange.send(
      system(G22),
      documentBytes({ from: G22, to: [H49], number: doc.documentId.split(',')[2], bussiness: { ...update, bussinessDocumentInfo: { ...update.bussinessDocumentInfo!, receivers } } }).bytes,
    );
    expect(updated.duplicate).toBe(false);
    const view = await t.exchange.getPackage(system(G22), sent.package.id);
    expect(view.deliveries.map((d) => [d.recipient, d.withdrawn])).toEqual([
      [G15, null],
      [H29, 'removed'],
      [H49, null],
    ]);

    const replacement = sampleBussiness.replacement();
    const replacing = await t.exchange.send(
      system(G22),
      documentBytes({ from: G22, to: [H49], bussiness: { ...replacement, replacementInfo: [{ documentId: { ...replacement.replacementInfo[0]!.documentId, raw: doc.documentId }, organIds: ['h49'] }] } }).bytes,
    );
    expect(replacing.duplicate).toBe(false);
    const after = await t.exchange.getPackage(system(G22), sent.package.id);
    expect(after.deliveries.find((d) => d.recipient === H49)?.withdrawn).toBe('replaced');
  });
});
