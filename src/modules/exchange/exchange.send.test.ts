import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentBytes, setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';
import type { DocumentPackage, ExchangeCaller } from './index.ts';

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';

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
    await expect(t.exchange.send(system(H49), forgedFromH49())).rejects.toMatchObject({ code: 'sender_mismatch' });
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
    await expect(t.exchange.send(system(H49), bomb)).rejects.toMatchObject({ code: 'edxml_invalid', details: { reason: 'limit_exceeded' } });
    const response = await t.call(H49, 'POST', '/api/v1/exchange/packages', bomb);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'edxml_invalid', details: { reason: 'limit_exceeded' } } });
  });
});
