import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingBody, sharedFixtures } from '../../platform/testing/index.ts';
import { documentBytes, setUpExchange, statusBytes, type ExchangeTestContext } from './exchange.test-support.ts';

const edxml = sharedFixtures('edxml');

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';

let t: ExchangeTestContext;

beforeAll(async () => {
  t = await setUpExchange();
});
afterAll(async () => {
  await t?.close();
});

/** A call as the SDK makes it: system id and secret in headers, parameters in headers too. */
async function vxp(agency: string, call: string, headers: Record<string, string> = {}, body?: Buffer) {
  const c = await t.client(agency);
  const response = await t.app.inject({
    method: 'POST',
    url: `/vxp/${call}`,
    headers: { systemid: c.clientId, secret: c.secret, servicetype: 'eDoc', ...headers, ...(body ? { 'content-type': 'application/octet-stream' } : {}) },
    ...(body ? { payload: body } : {}),
  });
  return { status: response.statusCode, json: response.json() as Record<string, unknown> & { status: string; ErrorCode: string; data?: Record<string, unknown>[] } };
}

describe('the VXP transport', () => {
  it('sendEdoc, getReceivedEdocList, getEdoc, updateStatus and getSentEdocList carry a document and its status', async () => {
    const doc = documentBytes({ from: G22, to: [H49] });
    const sent = await vxp(G22, 'sendEdoc', { from: G22, messagetype: 'edoc' }, doc.bytes);
    expect(sent.status).toBe(200);
    expect(sent.json.status).toBe('OK');
    const docId = sent.json.DocID as string;

    const list = await vxp(H49, 'getReceivedEdocList', { messagetype: 'edoc' });
    expect(list.json.data?.map((d) => d.id)).toContain(docId);

    const edoc = await vxp(H49, 'getEdoc', { docid: docId });
    expect(Buffer.from(edoc.json.data as unknown as string, 'base64').equals(doc.bytes)).toBe(true);

    expect((await vxp(H49, 'updateStatus', { docid: docId, status: 'done' })).json.status).toBe('OK');
    expect((await vxp(H49, 'updateStatus', { docid: docId, status: 'done' })).json.status).toBe('OK');
    expect((await vxp(H49, 'getReceivedEdocList', { messagetype: 'edoc' })).json.data?.map((d) => d.id)).not.toContain(docId);

    const status = await vxp(H49, 'sendEdoc', { from: H49, messagetype: 'status' }, statusBytes({ from: H49, to: G22, documentId: doc.documentId, code: '03' }));
    expect(status.json.status).toBe('OK');
    const sentList = await vxp(G22, 'getSentEdocList', { docid: docId });
    expect(sentList.json.data).toEqual([expect.objectContaining({ docId, toCode: H49, status: 'done', statuses: [expect.objectContaining({ code: '03' })] })]);
  });

  it('answers FAIL with a code for a wrong secret, garbage, an unknown document and registerAgency', async () => {
    const c = await t.client(G22);
    const wrong = await t.app.inject({ method: 'POST', url: '/vxp/getReceivedEdocList', headers: { systemid: c.clientId, secret: 'not-the-secret' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.vxp_credentials_invalid' });
    const garbage = await vxp(G22, 'sendEdoc', { messagetype: 'edoc' }, Buffer.from('not xml at all'));
    expect(garbage.json).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.edxml_invalid' });
    expect((await vxp(H49, 'getEdoc', { docid: '00000000-0000-0000-0000-000000000000' })).json.ErrorCode).toBe('exchange.package_not_found');
    expect((await vxp(H49, 'updateStatus', { docid: '00000000-0000-0000-0000-000000000000', status: 'maybe' })).json.ErrorCode).toBe('exchange.vxp_status_invalid');
    expect((await vxp(H49, 'registerAgency')).json.ErrorCode).toBe('exchange.vxp_register_not_supported');
    const agencies = await vxp(H49, 'getAgenciesList');
    expect(agencies.json.data?.map((a) => a.code)).toContain(H49);
  });
});

describe.skipIf(!edxml.present)(edxml.suite('the VXP transport and a real package'), () => {
  it('accepts a real SDK package as sent by the SDK', async () => {
    const sent = await vxp(G22, 'sendEdoc', { from: G22, messagetype: 'edoc' }, edxml.read('edoc_replacement.edxml'));
    expect(sent.json.status).toBe('OK');
  });
});

describe('VXP credentials', () => {
  const LARGE = 8 * 1024 * 1024;

  it('are checked from the headers before the body: a wrong or missing secret is refused without reading a large body', async () => {
    const c = await t.client(G22);
    for (const credentials of [{ systemid: c.clientId, secret: 'not-the-secret' }, { systemid: 'sys_nobody', secret: 'x' }, {}]) {
      for (const call of ['sendEdoc', 'getReceivedEdocList', 'updateStatus']) {
        const body = countingBody(LARGE, Buffer.from('<?xml version="1.0" encoding="UTF-8"?><edXML>'));
        const response = await t.app.inject({
          method: 'POST',
          url: `/vxp/${call}`,
          headers: { ...credentials, messagetype: 'edoc', 'content-type': 'application/octet-stream', 'content-length': String(LARGE) },
          payload: body.stream,
        });
        expect(response.statusCode, call).toBe(401);
        expect(response.json()).toMatchObject({ status: 'FAIL', ErrorCode: 'secret' in credentials ? 'exchange.vxp_credentials_invalid' : 'exchange.vxp_credentials_missing' });
        // At most what was buffered ahead before the refusal, nowhere near the 8 MB sent.
        expect(body.read(), call).toBeLessThan(512 * 1024);
        body.stream.destroy();
      }
    }
  });

  it('still let a good secret send its package', async () => {
    const doc = documentBytes({ from: G22, to: [H49] });
    expect((await vxp(G22, 'sendEdoc', { messagetype: 'edoc' }, doc.bytes)).json.status).toBe('OK');
  });
});
