import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { sharedFixtures } from '../../platform/testing/index.ts';
import { documentBytes, setUpExchange, statusBytes, type ExchangeTestContext } from './exchange.test-support.ts';
import type { SdkClient } from './exchange.vxp-sdk.test-support.ts';
import { sdkFor } from './exchange.vxp.test-support.ts';

// Issue #20: the whole flow of the official SDK, run by a test client written from the issue
// and the fixture README (exchange.vxp-sdk.test-support.ts), reading every field the SDK reads.

const edxml = sharedFixtures('edxml');

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/;

let t: ExchangeTestContext;
const sdk: Record<string, SdkClient> = {};

beforeAll(async () => {
  t = await setUpExchange();
  for (const agency of [G22, H49, H29]) sdk[agency] = sdkFor(t.app, await t.client(agency));
});
afterAll(async () => {
  await t?.close();
});

const envelope = { status: 'OK', ErrorCode: '0', ErrorDesc: '' };

describe('the SDK flow against egov', () => {
  it('send, count, list received, get, update status, status back, list sent: every field the SDK reads', async () => {
    const doc = documentBytes({ from: G22, to: [H49, H29], subject: 'V/v thử nghiệm liên thông qua SDK' });
    const sent = await sdk[G22]!.sendEdoc(doc.bytes, { from: G22 });
    expect(sent.httpStatus).toBe(200);
    expect(sent.result).toEqual({ ...envelope, DocId: expect.stringMatching(/^[0-9a-f-]{36}$/), duplicate: false, warnings: [] });
    const docId = sent.result.DocId;

    expect((await sdk[H49]!.countReceiveEdoc()).result).toEqual({ ...envelope, total: 1 });

    const received = await sdk[H49]!.getReceivedEdocList('edoc');
    expect(received.result).toMatchObject(envelope);
    expect(received.result.data).toEqual([
      { docId, serviceType: 'eDoc', messageType: 'edoc', created_time: expect.stringMatching(TIME), updated_time: expect.stringMatching(TIME), from: G22, to: H49, status: 'pending', status_desc: 'Chưa nhận' },
    ]);
    expect((await sdk[H49]!.getReceivedEdocList('status')).result.data).toEqual([]);

    const edoc = await sdk[H49]!.getEdoc(docId);
    expect(edoc.result).toMatchObject({ ...envelope, DocId: docId });
    expect(Buffer.from(edoc.result.data, 'base64').equals(doc.bytes)).toBe(true);
    expect((await sdk[H49]!.getReceivedEdocList('edoc')).result.data).toEqual([expect.objectContaining({ docId, status: 'delivered', status_desc: 'Đã tải về' })]);

    expect((await sdk[H49]!.updateStatus(docId, 'done')).result).toEqual({ ...envelope, DocId: docId });
    expect((await sdk[H49]!.updateStatus(docId, 'done')).result).toMatchObject(envelope); // the same answer again changes nothing
    expect((await sdk[H49]!.getReceivedEdocList('edoc')).result.data).toEqual([]);
    expect((await sdk[H49]!.countReceiveEdoc()).result.total).toBe(0);

    const status = await sdk[H49]!.sendEdoc(statusBytes({ from: H49, to: G22, documentId: doc.documentId, code: '03' }), { from: H49, messageType: 'status' });
    expect(status.result).toMatchObject({ ...envelope, DocId: expect.any(String) });
    expect((await sdk[G22]!.getReceivedEdocList('status')).result.data).toEqual([expect.objectContaining({ docId: status.result.DocId, messageType: 'status', from: H49, to: G22 })]);

    const list = await sdk[G22]!.getSentEdocList();
    expect(list.result).toMatchObject(envelope);
    const common = {
      serviceType: 'eDoc',
      receiverDocId: docId,
      senderDocId: docId,
      fromCode: G22,
      title: 'V/v thử nghiệm liên thông qua SDK',
      messageType: 'edoc',
      notation: doc.model.documentId.codeNumberNotation,
      sentTime: expect.stringMatching(TIME),
    };
    expect([...list.result.data].sort((a, b) => a.toCode.localeCompare(b.toCode))).toEqual([
      { ...common, toCode: H29, receivedTime: null, sendStatus: 'pending', sendStatusDesc: 'Chưa nhận', receiveStatus: '', receiveStatusDesc: '' },
      { ...common, toCode: H49, receivedTime: expect.stringMatching(TIME), sendStatus: 'done', sendStatusDesc: 'Đã nhận và xử lý xong', receiveStatus: '03', receiveStatusDesc: 'Đã tiếp nhận, vào sổ' },
    ]);
  });

  it('lists the directory: every agency, those of one QĐ 20 level, and the units of the caller', async () => {
    const all = (await sdk[H49]!.getAgenciesList()).result;
    expect(all).toMatchObject(envelope);
    expect(all.data.find((a) => a.code === H49)).toEqual({ code: H49, id: H49, mail: '', name: expect.stringContaining('Quảng Ninh'), pid: '', oldCode: '' });
    expect(all.data.find((a) => a.code === '000.00.01.H49')).toMatchObject({ pid: H49 });
    const [{ n }] = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM agencies`.execute(t.db)).rows as [{ n: number }];
    expect(all.data).toHaveLength(n);

    const level1 = (await sdk[H49]!.getAgenciesListQD20(1)).result.data;
    expect(level1.map((a) => a.code)).toEqual(expect.arrayContaining([G22, H49, H29]));
    expect(level1.every((a) => a.pid === '')).toBe(true);
    const level2 = (await sdk[H49]!.getAgenciesListQD20(2)).result.data;
    expect(level2.map((a) => a.code)).toContain('000.00.01.H49');
    expect(level2.map((a) => a.code)).not.toContain(H49);
    const bad = await sdk[H49]!.call('getAgenciesListQD20', [['level', 'một']]);
    expect(bad.result).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.vxp_level_invalid' });

    const units = (await sdk[H49]!.getSynchronizeUnit()).result.data.map((a) => a.code);
    expect(units[0]).toBe(H49);
    expect(units).toContain('000.00.01.H49');
    expect(units.every((c) => c.endsWith('.H49'))).toBe(true);
  });

  it('pages through a directory larger than one page', async () => {
    await sql`
      INSERT INTO agencies (code, name, level, level1, parent_code)
      SELECT '000.' || lpad(i::text, 2, '0') || '.99.H49', 'Đơn vị ' || i, 3, 'H49', '000.00.99.H49' FROM generate_series(1, 99) AS i
    `.execute(t.db);
    await sql`
      INSERT INTO agencies (code, name, level, level1, parent_code)
      SELECT lpad(i::text, 3, '0') || '.01.99.H49', 'Tổ ' || i, 4, 'H49', '000.01.99.H49' FROM generate_series(1, 600) AS i
    `.execute(t.db);
    const [{ n }] = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM agencies`.execute(t.db)).rows as [{ n: number }];
    expect(n).toBeGreaterThan(500); // one page is 500
    const all = (await sdk[H29]!.getAgenciesList()).result.data;
    expect(all).toHaveLength(n);
    expect(new Set(all.map((a) => a.code)).size).toBe(n);
    expect((await sdk[H29]!.getAgenciesListQD20(4)).result.data).toHaveLength(600);
    await sql`DELETE FROM agencies WHERE code LIKE '%.99.H49'`.execute(t.db);
  });

  it('deleteAgency removes a unit of the caller, audited, and nothing else', async () => {
    await sql`INSERT INTO agencies (code, name, level, level1, parent_code) VALUES ('000.00.95.H49', 'Ban thử nghiệm', 2, 'H49', ${H49})`.execute(t.db);
    const refused = await sdk[H29]!.deleteAgency('000.00.95.H49');
    expect(refused.httpStatus).toBe(403);
    expect(refused.result).toMatchObject({ status: 'FAIL', ErrorCode: 'agencies.unit_out_of_scope' });
    expect((await sdk[H49]!.deleteAgency(H49)).result).toMatchObject({ status: 'FAIL', ErrorCode: 'agencies.unit_out_of_scope' });
    expect((await sdk[H49]!.call('deleteAgency', [])).result).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.vxp_agency_code_missing' });

    expect((await sdk[H49]!.deleteAgency('000.00.95.H49')).result).toEqual({ ...envelope, AgencyCode: '000.00.95.H49' });
    expect((await sdk[H49]!.getSynchronizeUnit()).result.data.map((a) => a.code)).not.toContain('000.00.95.H49');
    const audit = await sql<{ action: string; actor: string }>`SELECT action, actor FROM audit_log WHERE entity_id = '000.00.95.H49'`.execute(t.db);
    expect(audit.rows).toEqual([{ action: 'agency.removed', actor: (await t.client(H49)).clientId }]);
    expect((await sdk[H49]!.deleteAgency('000.00.95.H49')).result).toMatchObject({ status: 'FAIL', ErrorCode: 'agencies.not_found' });
  });

  it('registerAgency is refused, in the envelope: the directory is kept by its administrators', async () => {
    const answer = await sdk[H49]!.registerAgency({ code: '000.00.96.H49', name: 'Đơn vị mới', pid: H49 });
    expect(answer.httpStatus).toBe(403);
    expect(answer.result).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.vxp_register_not_supported' });
  });

  it('countReceiveEdoc answers as GET too, as the SDK declares it', async () => {
    const request = sdk[H29]!.sign('countReceiveEdoc', []);
    const response = await t.app.inject({ method: 'GET', url: request.url, headers: Object.fromEntries(request.headers) });
    expect(response.json()).toMatchObject({ ...envelope, total: expect.any(Number) });
  });

  it('answers FAIL with a code for garbage, an unknown document and a wrong status', async () => {
    const garbage = await sdk[G22]!.sendEdoc(Buffer.from('not xml at all'), { from: G22 });
    expect(garbage.httpStatus).toBe(400);
    expect(garbage.result).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.edxml_invalid' });
    expect((await sdk[H49]!.getEdoc('00000000-0000-0000-0000-000000000000')).result).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.package_not_found' });
    expect((await sdk[H49]!.updateStatus('00000000-0000-0000-0000-000000000000', 'maybe')).result.ErrorCode).toBe('exchange.vxp_status_invalid');
    expect((await sdk[H49]!.call('getEdoc', [])).result.ErrorCode).toBe('exchange.vxp_docid_missing');
    const wrongType = await sdk[G22]!.sendEdoc(documentBytes({ from: G22, to: [H49] }).bytes, { from: G22, messageType: 'fax' as 'edoc' });
    expect(wrongType.result).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.vxp_messagetype_invalid' });
  });

  it('reads parameters only from signed headers: an unsigned XroadVnpt-docId is not taken', async () => {
    const request = sdk[H49]!.sign('getEdoc', []);
    request.headers.push(['XroadVnpt-docId', '00000000-0000-0000-0000-000000000000']);
    const response = await t.app.inject({ method: 'POST', url: request.url, headers: Object.fromEntries(request.headers) });
    expect(response.json()).toMatchObject({ status: 'FAIL', ErrorCode: 'exchange.vxp_docid_missing' });
  });
});

describe('real-world packages through the SDK (issue #20, item 5)', () => {
  it('a document with an all-empty ResponseFor and a trace header whose OrganId is null is delivered, with a warning for each', async () => {
    const text = documentBytes({ from: G22, to: [H49] })
      .bytes.toString('utf8')
      .replace('<edXML:SteeringType>', '<edXML:ResponseFor><edXML:OrganId/><edXML:Code/><edXML:PromulgationDate/><edXML:DocumentId/></edXML:ResponseFor>\n<edXML:SteeringType>')
      .replace(/(<edXML:TraceHeader>\s*<edXML:OrganId>)[^<]*/, '$1null');
    const sent = await sdk[G22]!.sendEdoc(Buffer.from(text), { from: G22 });
    expect(sent.result).toMatchObject({ ...envelope, duplicate: false });
    expect((sent.result.warnings as { code: string; element: string }[]).map((w) => `${w.code} ${w.element}`)).toEqual([
      'empty_element MessageHeader/ResponseFor[1]',
      'missing_element TraceHeaderList/TraceHeader[1]/OrganId',
    ]);
    const received = (await sdk[H49]!.getReceivedEdocList('edoc')).result.data.map((d) => d.docId);
    expect(received).toContain(sent.result.DocId);
    const view = await t.exchange.readModel({ kind: 'system', clientId: 'test', agencyCode: H49 }, sent.result.DocId);
    expect(view.model).toMatchObject({ responseFor: [], traceHeaders: [{ organId: null, timestamp: { raw: '2026/03/02 08:30:00' } }] });
    await sdk[H49]!.updateStatus(sent.result.DocId, 'done');
  });
});

describe.skipIf(!edxml.present)(edxml.suite('the VXP transport and a real package'), () => {
  it('accepts a real SDK package as the SDK sends it', async () => {
    const sent = await sdk[G22]!.sendEdoc(edxml.read('edoc_replacement.edxml'), { from: G22 });
    expect(sent.result).toMatchObject({ status: 'OK', DocId: expect.any(String) });
  });
});
