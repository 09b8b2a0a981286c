import { describe, expect, it } from 'vitest';
import { EDXML_NAMESPACE, EdxmlError, STATUS_CODES, attachmentBytes, buildEdxml, parseEdxml, type DocumentPackage, type EdxmlPackage, type StatusCode } from './index.ts';
import { sampleBussiness, sampleDocument, sampleStatus } from './samples.ts';

const roundTrip = (model: EdxmlPackage) => parseEdxml(buildEdxml(model));

describe('buildEdxml → parseEdxml gives back the model', () => {
  it.each(Object.keys(sampleBussiness) as (keyof typeof sampleBussiness)[])('a %s document', async (kind) => {
    const model = sampleDocument(sampleBussiness[kind]());
    const { package: parsed, warnings } = await roundTrip(model);
    expect(parsed).toEqual(model);
    expect(warnings).toEqual([]);
  });

  it('a document with no Bussiness block, no trace, no manifest and no attachment', async () => {
    const model: DocumentPackage = { ...sampleDocument(), traceHeaders: [], manifest: null, attachments: [] };
    expect((await roundTrip(model)).package).toEqual(model);
  });

  it.each(Object.keys(STATUS_CODES) as StatusCode[])('a status %s', async (code) => {
    const model = sampleStatus(code);
    const { package: parsed, warnings } = await roundTrip(model);
    expect(parsed).toEqual(model);
    expect(warnings).toEqual([]);
  });

  it('the update, replacement and revocation models carry what the hub acts on', async () => {
    const update = (await roundTrip(sampleDocument(sampleBussiness.update()))).package as DocumentPackage;
    const receivers = update.bussiness?.bussinessDocumentInfo?.receivers ?? [];
    expect(receivers.filter((r) => r.receiverType === 1).map((r) => r.organId)).toEqual(['000.00.00.G15']);
    expect(receivers.filter((r) => r.receiverType === 0).map((r) => r.organId)).toEqual(['000.00.00.H29']);
    const replacement = (await roundTrip(sampleDocument(sampleBussiness.replacement()))).package as DocumentPackage;
    expect(replacement.bussiness?.replacementInfo.map((r) => r.documentId.raw)).toEqual(['000.00.00.G22,2026/02/20,98/VPCP-KSTT']);
    const revocation = (await roundTrip(sampleDocument(sampleBussiness.revocation()))).package as DocumentPackage;
    expect(revocation.bussiness?.bussinessDocType).toBe(1);
  });

  it('odd values survive: empty elements, flawed dates and ids, markup characters, CR, no-break spaces', async () => {
    const model = sampleDocument(sampleBussiness.new());
    model.subject = 'Báo cáo <số liệu> & "kiến nghị" \u00a0';
    model.content = 'dòng 1\r\ndòng 2';
    model.from.fax = '';
    model.dueDate = { raw: '2014/02/30', iso: null };
    model.to[0] = { ...model.to[0]!, organId: '28.22.H17' };
    model.documentId = { raw: 'no commas here', issuerOrganId: null, date: null, codeNumberNotation: null };
    const { package: parsed, warnings } = await roundTrip(model);
    expect(parsed).toEqual(model);
    expect(warnings.map((w) => w.code)).toEqual(['malformed_agency_id', 'malformed_document_id', 'invalid_date']);
  });

  it('keeps a signature element verbatim', async () => {
    const xml = '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/><SignatureValue>AAAA</SignatureValue></Signature>';
    const model = { ...sampleDocument(), signature: { xml } };
    expect((await roundTrip(model)).package).toEqual(model);
  });
});

describe('buildEdxml writes the QCVN 102:2016 shape', () => {
  const text = buildEdxml(sampleDocument(sampleBussiness.update())).toString('utf8');

  it('namespace, edXML prefix, envelope → header/body/manifest, attachments outside the envelope', () => {
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<edXML ')).toBe(true);
    expect(text).toContain(`xmlns="${EDXML_NAMESPACE}"`);
    expect(text).toContain(`xmlns:edXML="${EDXML_NAMESPACE}"`);
    const order = ['<edXML:edXMLEnvelope>', '<edXML:edXMLHeader>', '<edXML:MessageHeader>', '<edXML:TraceHeaderList>', '<edXML:Bussiness>', '</edXML:edXMLHeader>', '<edXML:edXMLBody>', '<edXML:edXMLManifest version="1.0">', '</edXML:edXMLEnvelope>', '<AttachmentEncoded>', '<edXML:ContentTransferEncoded>', '</edXML>'];
    const positions = order.map((tag) => text.indexOf(tag));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('keeps the standard spelling "Bussiness" and omits absent elements', () => {
    expect(text).toContain('<edXML:BussinessDocType>2</edXML:BussinessDocType>');
    expect(text).not.toContain('Business');
    expect(text).not.toContain('<edXML:Fax'); // the sample has no fax
    expect(text).not.toContain('<edXML:ResponseFor');
  });

  it('a status package has no body and no attachments', () => {
    const status = buildEdxml(sampleStatus('05')).toString('utf8');
    expect(status).toContain('<edXML:StatusCode>05</edXML:StatusCode>');
    expect(status).not.toContain('edXMLBody');
    expect(status).not.toContain('AttachmentEncoded');
  });

  it('the attachment bytes come back from the base64 unchanged', async () => {
    const parsed = (await parseEdxml(Buffer.from(text))).package as DocumentPackage;
    expect(attachmentBytes(parsed.attachments[0]!).toString()).toBe('%PDF-1.4 sample file');
  });

  it('refuses text that XML cannot carry and content that is not base64', () => {
    const control = { ...sampleDocument(), subject: 'bell \u0007' };
    expect(() => buildEdxml(control)).toThrow(EdxmlError);
    const notBase64 = sampleDocument();
    notBase64.attachments[0] = { ...notBase64.attachments[0]!, content: 'a<b' };
    expect(() => buildEdxml(notBase64)).toThrow(/not base64/);
    expect(() => buildEdxml({ ...sampleDocument(), signature: { xml: '<x/>' } })).toThrow(/Signature/);
  });
});
