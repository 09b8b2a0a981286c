import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES, EdxmlError, buildEdxml, parseEdxml, type DocumentPackage, type StatusPackage } from './index.ts';
import { sampleBussiness, sampleDocument, sampleStatus } from './samples.ts';

const documentXml = () => buildEdxml(sampleDocument(sampleBussiness.new())).toString('utf8');
const statusXml = () => buildEdxml(sampleStatus('03')).toString('utf8');
const parseText = (text: string) => parseEdxml(Buffer.from(text, 'utf8'));
const doc = async (text: string) => (await parseText(text)).package as DocumentPackage;

async function refusal(input: string | Buffer | Uint8Array, options?: { maxBytes?: number }): Promise<EdxmlError> {
  try {
    await parseEdxml(typeof input === 'string' ? Buffer.from(input, 'utf8') : input, options);
  } catch (error) {
    if (error instanceof EdxmlError) return error;
    throw error;
  }
  throw new Error('the package was accepted');
}

describe('parseEdxml refuses what cannot be understood', () => {
  it.each([
    ['empty input', 'not_xml', Buffer.alloc(0)],
    ['binary noise', 'not_xml', Buffer.from([0x00, 0x13, 0x37, 0xfe, 0x01, 0x02])],
    ['a PNG image', 'not_xml', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
    ['plain text', 'not_xml', Buffer.from('hello, this is not a package')],
    ['UTF-16', 'unsupported_encoding', Buffer.from('\ufeff<edXML/>', 'utf16le')],
    ['invalid UTF-8 inside XML', 'unsupported_encoding', Buffer.concat([Buffer.from('<edXML>'), Buffer.from([0xc3, 0x28]), Buffer.from('</edXML>')])],
    ['truncated XML', 'malformed_xml', Buffer.from(documentXml().slice(0, 2000))],
    ['mismatched tags', 'malformed_xml', Buffer.from('<edXML><a></b></edXML>')],
    // Both slipped past the old validator; a DOCTYPE inside the root would have defined entities.
    ['a bare & in an attribute', 'malformed_xml', Buffer.from('<edXML><a b="x & y"/></edXML>')],
    ['a DOCTYPE inside the root', 'malformed_xml', Buffer.from('<edXML><!DOCTYPE x [<!ENTITY e "boom">]><a>&e;</a></edXML>')],
  ])('%s → %s', async (_label, code, bytes) => {
    expect((await refusal(bytes)).code).toBe(code);
  });

  it('refuses a declared encoding other than UTF-8', async () => {
    const error = await refusal(documentXml().replace('encoding="UTF-8"', 'encoding="windows-1258"'));
    expect(error.code).toBe('unsupported_encoding');
    expect(error.message).toContain('windows-1258');
  });

  it('refuses an oversized package before reading it, at the default 50 MB limit and at a configured one', async () => {
    const big = new Uint8Array(DEFAULT_MAX_BYTES + 1); // zeros: would be not_xml if it were read
    const error = await refusal(big);
    expect(error.code).toBe('too_large');
    expect(error.message).toContain(String(DEFAULT_MAX_BYTES));
    const xml = Buffer.from(documentXml());
    expect((await refusal(xml, { maxBytes: xml.length - 1 })).code).toBe('too_large');
    expect((await parseEdxml(xml, { maxBytes: xml.length })).package.kind).toBe('document');
  });

  it('refuses absurd nesting with an EdxmlError rather than a crash', async () => {
    const deep = `<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</edXML>`;
    expect(await refusal(deep)).toMatchObject({ code: 'limit_exceeded', message: expect.stringContaining('nested more than 100 deep') });
  });

  it('refuses a DOCTYPE, so entity expansion cannot happen', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><edXML>&b;</edXML>`;
    expect((await refusal(bomb)).code).toBe('doctype_forbidden');
  });

  it('refuses a root that is not edXML, and edXML in another namespace', async () => {
    expect(await refusal('<?xml version="1.0"?><soap:Envelope xmlns:soap="x"/>')).toMatchObject({ code: 'not_edxml', element: 'edXML' });
    const other = documentXml().replace('<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"', '<edXML xmlns="urn:other"');
    expect(await refusal(other)).toMatchObject({ code: 'wrong_namespace', element: 'edXML' });
  });

  it.each([
    ['the envelope', (x: string) => x.replace(/<edXML:edXMLEnvelope>[\s\S]*<\/edXML:edXMLEnvelope>/, ''), 'edXMLEnvelope'],
    ['MessageHeader', (x: string) => x.replace(/<edXML:MessageHeader>[\s\S]*<\/edXML:MessageHeader>/, ''), 'MessageHeader'],
    ['From', (x: string) => x.replace(/<edXML:From>[\s\S]*?<\/edXML:From>/, ''), 'MessageHeader/From'],
    ['From/OrganId', (x: string) => x.replace('<edXML:OrganId>000.00.00.G22</edXML:OrganId>', ''), 'MessageHeader/From/OrganId'],
    ['every To', (x: string) => x.replace(/<edXML:To>[\s\S]*<\/edXML:To>/, ''), 'MessageHeader/To'],
    ['the second To/OrganId', (x: string) => x.replace('<edXML:OrganId>000.00.00.H29</edXML:OrganId>', ''), 'MessageHeader/To[2]/OrganId'],
    ['DocumentId', (x: string) => x.replace(/<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/, ''), 'MessageHeader/DocumentId'],
    ['the attachment content', (x: string) => x.replace(/<edXML:ContentTransferEncoded>[^<]*<\/edXML:ContentTransferEncoded>/, ''), 'AttachmentEncoded/Attachment[1]/ContentTransferEncoded'],
  ])('a document without %s names the element', async (_label, cut, element) => {
    expect(await refusal(cut(documentXml()))).toMatchObject({ code: 'missing_element', element });
  });

  it('an empty required element is refused too', async () => {
    const error = await refusal(documentXml().replace('<edXML:OrganId>000.00.00.G22</edXML:OrganId>', '<edXML:OrganId/>'));
    expect(error).toMatchObject({ code: 'missing_element', element: 'MessageHeader/From/OrganId' });
  });

  it('a status needs From, ResponseFor with its DocumentId, and a known StatusCode', async () => {
    expect(await refusal(statusXml().replace(/<edXML:ResponseFor>[\s\S]*<\/edXML:ResponseFor>/, ''))).toMatchObject({ code: 'missing_element', element: 'MessageHeader/ResponseFor' });
    expect(await refusal(statusXml().replace(/<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/, ''))).toMatchObject({ element: 'MessageHeader/ResponseFor/DocumentId' });
    const unknown = await refusal(statusXml().replace('<edXML:StatusCode>03<', '<edXML:StatusCode>07<'));
    expect(unknown).toMatchObject({ code: 'invalid_value', element: 'MessageHeader/StatusCode' });
    expect(unknown.message).toContain('"07"');
  });

  it('unknown business types and receiver types are refused; a replacement must say what it replaces', async () => {
    expect(await refusal(documentXml().replace('<edXML:BussinessDocType>0<', '<edXML:BussinessDocType>5<'))).toMatchObject({
      code: 'invalid_value',
      element: 'TraceHeaderList/Bussiness/BussinessDocType',
    });
    const update = buildEdxml(sampleDocument(sampleBussiness.update())).toString();
    expect(await refusal(update.replace('<edXML:ReceiverType>1<', '<edXML:ReceiverType>2<'))).toMatchObject({
      code: 'invalid_value',
      element: 'TraceHeaderList/Bussiness/BussinessDocumentInfo/ReceiverList/Receiver[2]/ReceiverType',
    });
    const replacement = buildEdxml(sampleDocument(sampleBussiness.replacement())).toString();
    expect(await refusal(replacement.replace(/<edXML:ReplacementInfoList>[\s\S]*<\/edXML:ReplacementInfoList>/, ''))).toMatchObject({
      code: 'missing_element',
      element: 'TraceHeaderList/Bussiness/ReplacementInfoList',
    });
  });

  it('refuses attachment content that is not base64, and text where elements are expected', async () => {
    expect(await refusal(documentXml().replace(/(<edXML:ContentTransferEncoded>)[^<]*/, '$1not base64!'))).toMatchObject({ code: 'invalid_value' });
    expect(await refusal(documentXml().replace(/<edXML:Subject>[^<]*/, '<edXML:Subject><edXML:b>x</edXML:b>'))).toMatchObject({ code: 'invalid_value', element: 'MessageHeader/Subject' });
  });
});

describe('parseEdxml accepts real-world quirks with warnings', () => {
  const warningCodes = async (text: string) => (await parseText(text)).warnings.map((w) => w.code);

  it('stray bytes before <?xml are skipped and counted; a BOM or blank lines are not flaws', async () => {
    const expected = (await parseText(documentXml())).package;
    const stray = await parseText(`1212${documentXml()}`);
    expect(stray.package).toEqual(expected);
    expect(stray.warnings[0]).toMatchObject({ code: 'leading_garbage', element: null, message: expect.stringContaining('4 byte') });
    expect(await warningCodes(`\ufeff\n  ${documentXml()}`)).toEqual([]);
  });

  it('text after the root element is cut with a warning', async () => {
    const result = await parseText(`${documentXml()}\n--boundary--\n`);
    expect(result.warnings.map((w) => w.code)).toEqual(['trailing_garbage']);
    expect(result.package).toEqual((await parseText(documentXml())).package);
  });

  it('is prefix-agnostic: another prefix, or none at all, reads the same', async () => {
    const expected = (await parseText(documentXml())).package;
    const ns0 = documentXml().replaceAll('edXML:', 'ns0:').replace('xmlns:ns0=', 'xmlns:ns0=').replace('<edXML xmlns=', '<ns0:edXML xmlns=').replace('</edXML>', '</ns0:edXML>');
    expect((await parseText(ns0.replace('<ns0:edXML xmlns="', '<ns0:edXML xmlns:x="'))).package).toEqual(expected);
    const bare = documentXml().replaceAll('edXML:', '').replace(/ xmlns:edXML="[^"]*"/, '');
    expect((await parseText(bare)).package).toEqual(expected);
  });

  it('a root with no namespace is read, and flagged', async () => {
    const bare = documentXml().replaceAll('edXML:', '').replace(/ xmlns(:edXML)?="[^"]*"/g, '');
    expect(await warningCodes(bare)).toEqual(['missing_namespace']);
  });

  it('decodes CDATA, numeric references and entities; tabs, CR LF and wrapped base64 are normalised', async () => {
    const text = documentXml()
      .replaceAll('\n', '\r\n')
      .replace(/<edXML:Subject>[^<]*/, '<edXML:Subject>\t<![CDATA[a < b & c]]> &#7841;&#x1EA1; &amp;&lt;\t')
      .replace(/<edXML:Content>[^<]*/, '<edXML:Content>dòng 1\r\ndòng 2\rdòng 3')
      .replace(/(<edXML:ContentTransferEncoded>)([^<]*)/, (_m, open: string, b64: string) => `${open}\r\n${b64.slice(0, 8)}\r\n  ${b64.slice(8)}\n`);
    const d = await doc(text);
    expect(d.subject).toBe('a < b & c ạạ &<');
    expect(d.content).toBe('dòng 1\ndòng 2\ndòng 3');
    expect(d.attachments[0]?.content).toBe(sampleDocument().attachments[0]?.content);
  });

  it('impossible and unreadable dates keep their text, with a null ISO value', async () => {
    const text = documentXml().replace('<edXML:DueDate>2026/03/15<', '<edXML:DueDate>2026/02/29<').replace('2026/03/02 08:30:00', '2026/03/02 25:00:00');
    const d = await doc(text);
    expect(d.dueDate).toEqual({ raw: '2026/02/29', iso: null });
    expect(d.traceHeaders[0]?.timestamp).toEqual({ raw: '2026/03/02 25:00:00', iso: null });
    expect((await parseText(text)).warnings.map((w) => `${w.code} ${w.element}`)).toEqual(['invalid_date MessageHeader/DueDate', 'invalid_date TraceHeaderList/TraceHeader[1]/Timestamp']);
    expect((await doc(documentXml().replace('<edXML:DueDate>2026/03/15<', '<edXML:DueDate>15/03/2026<'))).dueDate).toEqual({ raw: '15/03/2026', iso: null });
    expect((await doc(documentXml().replace('<edXML:DueDate>2026/03/15<', '<edXML:DueDate>2024-02-29<'))).dueDate).toEqual({ raw: '2024-02-29', iso: '2024-02-29' });
  });

  it('flags malformed agency ids and document ids wherever they appear', async () => {
    const text = documentXml().replace('<edXML:OrganId>000.00.00.H29<', '<edXML:OrganId>h29<').replace(/<edXML:DocumentId>[^<]*/, '<edXML:DocumentId>123/VPCP-KSTT');
    const { package: pkg, warnings } = await parseText(text);
    expect((pkg as DocumentPackage).to[1]?.organId).toBe('h29');
    expect((pkg as DocumentPackage).documentId).toEqual({ raw: '123/VPCP-KSTT', issuerOrganId: null, date: null, codeNumberNotation: null });
    expect(warnings.map((w) => `${w.code} ${w.element}`)).toEqual(['malformed_agency_id MessageHeader/To[2]/OrganId', 'malformed_document_id MessageHeader/DocumentId']);
  });

  it('keeps the first of duplicated elements and reports elements the model has no place for', async () => {
    const text = documentXml()
      .replace(/(<edXML:Subject>[^<]*<\/edXML:Subject>)/, '$1<edXML:Subject>second</edXML:Subject>')
      .replace('<edXML:SteeringType>', '<edXML:ResponseForTask><edXML:TaskId>7</edXML:TaskId></edXML:ResponseForTask><edXML:SteeringType>');
    const result = await parseText(text);
    expect((result.package as DocumentPackage).subject).toBe(sampleDocument().subject);
    expect(result.warnings.map((w) => `${w.code} ${w.element}`)).toEqual(['duplicate_element MessageHeader/Subject', 'unknown_element MessageHeader/ResponseForTask']);
  });

  it('a priority outside 0–4 and a non-numeric page count are dropped with a warning', async () => {
    const d = await doc(documentXml().replace('<edXML:Priority>1<', '<edXML:Priority>9<').replace('<edXML:PageAmount>2<', '<edXML:PageAmount>hai<'));
    expect(d.otherInfo).toMatchObject({ priority: null, pageAmount: null, promulgationAmount: 5 });
  });

  it('an unpadded status code reads as its two-digit form', async () => {
    const result = await parseText(statusXml().replace('<edXML:StatusCode>03<', '<edXML:StatusCode>3<'));
    expect((result.package as StatusPackage).statusCode).toBe('03');
    expect(result.warnings.map((w) => w.code)).toEqual(['invalid_value']);
  });

  it('an update that does not say what it changes, and unpadded base64, are flagged', async () => {
    const update = sampleDocument({ ...sampleBussiness.update(), bussinessDocumentInfo: null });
    expect((await parseEdxml(buildEdxml(update))).warnings.map((w) => `${w.code} ${w.element}`)).toEqual(['missing_element TraceHeaderList/Bussiness/BussinessDocumentInfo']);
    const unpadded = documentXml().replace(/(<edXML:ContentTransferEncoded>[^<=]*)=+/, '$1');
    expect(await warningCodes(unpadded)).toEqual(['base64_unpadded']);
  });

  it('reports attachments missing from the manifest and references without an attachment', async () => {
    const text = documentXml().replace('<ContentId>cid:1<', '<ContentId>cid:2<');
    expect((await parseText(text)).warnings.map((w) => `${w.code} ${w.element}`)).toEqual([
      'manifest_mismatch AttachmentEncoded/Attachment[1]',
      'manifest_mismatch edXMLManifest/Reference[1]',
    ]);
  });

  it('keeps a namespaced XML-DSig signature verbatim', async () => {
    const signature = '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">\n  <ds:SignedInfo Id="a"/>\n  <ds:SignatureValue>AAAA</ds:SignatureValue>\n</ds:Signature>';
    const text = documentXml().replace('</edXML:edXMLHeader>', `${signature}\n</edXML:edXMLHeader>`);
    expect((await doc(text)).signature).toEqual({ xml: signature });
    expect((await doc(documentXml())).signature).toBeNull();
  });
});

describe('parseEdxml without attachment content (attachmentContent: skip)', () => {
  const skip = (text: string) => parseEdxml(Buffer.from(text, 'utf8'), { attachmentContent: 'skip' });
  const blanked = async (text: string) => {
    const kept = await parseText(text);
    const pkg = kept.package as DocumentPackage;
    return { ...kept, package: { ...pkg, attachments: pkg.attachments.map((a) => ({ ...a, content: '' })) } };
  };

  it('reads the same model and warnings as a full read, with empty contents', async () => {
    const wrapped = documentXml()
      .replaceAll('\n', '\r\n')
      .replace(/(<edXML:ContentTransferEncoded>)([^<]*)/, (_m, open: string, b64: string) => `${open}\r\n<![CDATA[${b64.slice(0, 8)}]]>\r\n  ${b64.slice(8)}\n`);
    const unpadded = documentXml().replace(/(<edXML:ContentTransferEncoded>[^<=]*)=+/, '$1');
    const bare = documentXml().replaceAll('edXML:', '').replace(/ xmlns(:edXML)?="[^"]*"/g, '');
    for (const text of [documentXml(), wrapped, unpadded, bare]) {
      expect(await skip(text)).toEqual(await blanked(text));
    }
    expect((await skip(unpadded)).warnings.map((w) => w.message)).toEqual((await parseText(unpadded)).warnings.map((w) => w.message));
  });

  it('still refuses content that is not base64, or padding in the middle, naming the element', async () => {
    for (const content of ['not base64!', 'QUJD=RA==', 'QUJD===', 'QU&#66;D']) {
      const text = documentXml().replace(/(<edXML:ContentTransferEncoded>)[^<]*/, `$1${content}`);
      const error: unknown = await skip(text).catch((e: unknown) => e);
      expect(error, content).toMatchObject({ code: 'invalid_value', element: expect.stringMatching(/ContentTransferEncoded$/) });
      expect(await refusal(text)).toMatchObject({ code: 'invalid_value' });
    }
  });

  it('keeps a large content only when asked to, with the same warnings either way', async () => {
    const big = 'QUJD'.repeat(500_000).slice(1); // 2 MB of base64, one character short
    const text = documentXml().replace(/(<edXML:ContentTransferEncoded>)[^<]*/, `$1${big}`);
    const skipped = await skip(text);
    expect((skipped.package as DocumentPackage).attachments[0]?.content).toBe('');
    expect(skipped.warnings.map((w) => w.message)).toEqual([expect.stringContaining('1999999 base64 characters')]);
    const kept = await parseText(text);
    expect((kept.package as DocumentPackage).attachments[0]?.content).toBe(big);
    expect(kept.warnings).toEqual(skipped.warnings);
  });
});
