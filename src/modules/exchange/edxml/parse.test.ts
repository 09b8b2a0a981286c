import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES, EdxmlError, buildEdxml, parseEdxml, type DocumentPackage, type StatusPackage } from './index.ts';
import { sampleBussiness, sampleDocument, sampleStatus } from './samples.ts';
import { readSource } from './source.ts';

const documentXml = () => buildEdxml(sampleDocument(sampleBussiness.new())).toString('utf8');
const statusXml = () => buildEdxml(sampleStatus('03')).toString('utf8');
const parseText = (text: string) => parseEdxml(Buffer.from(text, 'utf8'));
const doc = (text: string) => parseText(text).package as DocumentPackage;

function refusal(input: string | Buffer | Uint8Array, options?: { maxBytes?: number }): EdxmlError {
  try {
    parseEdxml(typeof input === 'string' ? Buffer.from(input, 'utf8') : input, options);
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
  ])('%s → %s', (_label, code, bytes) => {
    expect(refusal(bytes).code).toBe(code);
  });

  it('refuses a declared encoding other than UTF-8', () => {
    const error = refusal(documentXml().replace('encoding="UTF-8"', 'encoding="windows-1258"'));
    expect(error.code).toBe('unsupported_encoding');
    expect(error.message).toContain('windows-1258');
  });

  it('refuses an oversized package before reading it, at the default 50 MB limit and at a configured one', () => {
    const big = new Uint8Array(DEFAULT_MAX_BYTES + 1); // zeros: would be not_xml if it were read
    const error = refusal(big);
    expect(error.code).toBe('too_large');
    expect(error.message).toContain(String(DEFAULT_MAX_BYTES));
    const xml = Buffer.from(documentXml());
    expect(refusal(xml, { maxBytes: xml.length - 1 }).code).toBe('too_large');
    expect(parseEdxml(xml, { maxBytes: xml.length }).package.kind).toBe('document');
  });

  it('refuses absurd nesting with an EdxmlError rather than a crash', () => {
    const deep = `<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</edXML>`;
    expect(refusal(deep).code).toBe('malformed_xml');
  });

  it('refuses a DOCTYPE, so entity expansion cannot happen', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><edXML>&b;</edXML>`;
    expect(refusal(bomb).code).toBe('doctype_forbidden');
  });

  it('refuses a root that is not edXML, and edXML in another namespace', () => {
    expect(refusal('<?xml version="1.0"?><soap:Envelope xmlns:soap="x"/>')).toMatchObject({ code: 'not_edxml', element: 'edXML' });
    const other = documentXml().replace('<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"', '<edXML xmlns="urn:other"');
    expect(refusal(other)).toMatchObject({ code: 'wrong_namespace', element: 'edXML' });
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
  ])('a document without %s names the element', (_label, cut, element) => {
    expect(refusal(cut(documentXml()))).toMatchObject({ code: 'missing_element', element });
  });

  it('an empty required element is refused too', () => {
    const error = refusal(documentXml().replace('<edXML:OrganId>000.00.00.G22</edXML:OrganId>', '<edXML:OrganId/>'));
    expect(error).toMatchObject({ code: 'missing_element', element: 'MessageHeader/From/OrganId' });
  });

  it('a status needs From, ResponseFor with its DocumentId, and a known StatusCode', () => {
    expect(refusal(statusXml().replace(/<edXML:ResponseFor>[\s\S]*<\/edXML:ResponseFor>/, ''))).toMatchObject({ code: 'missing_element', element: 'MessageHeader/ResponseFor' });
    expect(refusal(statusXml().replace(/<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/, ''))).toMatchObject({ element: 'MessageHeader/ResponseFor/DocumentId' });
    const unknown = refusal(statusXml().replace('<edXML:StatusCode>03<', '<edXML:StatusCode>07<'));
    expect(unknown).toMatchObject({ code: 'invalid_value', element: 'MessageHeader/StatusCode' });
    expect(unknown.message).toContain('"07"');
  });

  it('unknown business types and receiver types are refused; a replacement must say what it replaces', () => {
    expect(refusal(documentXml().replace('<edXML:BussinessDocType>0<', '<edXML:BussinessDocType>5<'))).toMatchObject({
      code: 'invalid_value',
      element: 'TraceHeaderList/Bussiness/BussinessDocType',
    });
    const update = buildEdxml(sampleDocument(sampleBussiness.update())).toString();
    expect(refusal(update.replace('<edXML:ReceiverType>1<', '<edXML:ReceiverType>2<'))).toMatchObject({
      code: 'invalid_value',
      element: 'TraceHeaderList/Bussiness/BussinessDocumentInfo/ReceiverList/Receiver[2]/ReceiverType',
    });
    const replacement = buildEdxml(sampleDocument(sampleBussiness.replacement())).toString();
    expect(refusal(replacement.replace(/<edXML:ReplacementInfoList>[\s\S]*<\/edXML:ReplacementInfoList>/, ''))).toMatchObject({
      code: 'missing_element',
      element: 'TraceHeaderList/Bussiness/ReplacementInfoList',
    });
  });

  it('refuses attachment content that is not base64, and text where elements are expected', () => {
    expect(refusal(documentXml().replace(/(<edXML:ContentTransferEncoded>)[^<]*/, '$1not base64!'))).toMatchObject({ code: 'invalid_value' });
    expect(refusal(documentXml().replace(/<edXML:Subject>[^<]*/, '<edXML:Subject><edXML:b>x</edXML:b>'))).toMatchObject({ code: 'invalid_value', element: 'MessageHeader/Subject' });
  });
});

describe('parseEdxml accepts real-world quirks with warnings', () => {
  const warningCodes = (text: string) => parseText(text).warnings.map((w) => w.code);

  it('stray bytes before <?xml are skipped and counted; a BOM or blank lines are not flaws', () => {
    const expected = parseText(documentXml()).package;
    const stray = parseText(`1212${documentXml()}`);
    expect(stray.package).toEqual(expected);
    expect(stray.warnings[0]).toMatchObject({ code: 'leading_garbage', element: null, message: expect.stringContaining('4 byte') });
    expect(warningCodes(`\ufeff\n  ${documentXml()}`)).toEqual([]);
  });

  it('text after the root element is cut with a warning', () => {
    const result = parseText(`${documentXml()}\n--boundary--\n`);
    expect(result.warnings.map((w) => w.code)).toEqual(['trailing_garbage']);
    expect(result.package).toEqual(parseText(documentXml()).package);
  });

  it('is prefix-agnostic: another prefix, or none at all, reads the same', () => {
    const expected = parseText(documentXml()).package;
    const ns0 = documentXml().replaceAll('edXML:', 'ns0:').replace('xmlns:ns0=', 'xmlns:ns0=').replace('<edXML xmlns=', '<ns0:edXML xmlns=').replace('</edXML>', '</ns0:edXML>');
    expect(parseText(ns0.replace('<ns0:edXML xmlns="', '<ns0:edXML xmlns:x="')).package).toEqual(expected);
    const bare = documentXml().replaceAll('edXML:', '').replace(/ xmlns:edXML="[^"]*"/, '');
    expect(parseText(bare).package).toEqual(expected);
  });

  it('a root with no namespace is read, and flagged', () => {
    const bare = documentXml().replaceAll('edXML:', '').replace(/ xmlns(:edXML)?="[^"]*"/g, '');
    expect(warningCodes(bare)).toEqual(['missing_namespace']);
  });

  it('decodes CDATA, numeric references and entities; tabs, CR LF and wrapped base64 are normalised', () => {
    const text = documentXml()
      .replaceAll('\n', '\r\n')
      .replace(/<edXML:Subject>[^<]*/, '<edXML:Subject>\t<![CDATA[a < b & c]]> &#7841;&#x1EA1; &amp;&lt;\t')
      .replace(/<edXML:Content>[^<]*/, '<edXML:Content>dòng 1\r\ndòng 2\rdòng 3')
      .replace(/(<edXML:ContentTransferEncoded>)([^<]*)/, (_m, open: string, b64: string) => `${open}\r\n${b64.slice(0, 8)}\r\n  ${b64.slice(8)}\n`);
    const d = doc(text);
    expect(d.subject).toBe('a < b & c ạạ &<');
    expect(d.content).toBe('dòng 1\ndòng 2\ndòng 3');
    expect(d.attachments[0]?.content).toBe(sampleDocument().attachments[0]?.content);
  });

  it('impossible and unreadable dates keep their text, with a null ISO value', () => {
    const text = documentXml().replace('<edXML:DueDate>2026/03/15<', '<edXML:DueDate>2026/02/29<').replace('2026/03/02 08:30:00', '2026/03/02 25:00:00');
    const d = doc(text);
    expect(d.dueDate).toEqual({ raw: '2026/02/29', iso: null });
    expect(d.traceHeaders[0]?.timestamp).toEqual({ raw: '2026/03/02 25:00:00', iso: null });
    expect(parseText(text).warnings.map((w) => `${w.code} ${w.element}`)).toEqual(['invalid_date MessageHeader/DueDate', 'invalid_date TraceHeaderList/TraceHeader[1]/Timestamp']);
    expect(doc(documentXml().replace('<edXML:DueDate>2026/03/15<', '<edXML:DueDate>15/03/2026<')).dueDate).toEqual({ raw: '15/03/2026', iso: null });
    expect(doc(documentXml().replace('<edXML:DueDate>2026/03/15<', '<edXML:DueDate>2024-02-29<')).dueDate).toEqual({ raw: '2024-02-29', iso: '2024-02-29' });
  });

  it('flags malformed agency ids and document ids wherever they appear', () => {
    const text = documentXml().replace('<edXML:OrganId>000.00.00.H29<', '<edXML:OrganId>h29<').replace(/<edXML:DocumentId>[^<]*/, '<edXML:DocumentId>123/VPCP-KSTT');
    const { package: pkg, warnings } = parseText(text);
    expect((pkg as DocumentPackage).to[1]?.organId).toBe('h29');
    expect((pkg as DocumentPackage).documentId).toEqual({ raw: '123/VPCP-KSTT', issuerOrganId: null, date: null, codeNumberNotation: null });
    expect(warnings.map((w) => `${w.code} ${w.element}`)).toEqual(['malformed_agency_id MessageHeader/To[2]/OrganId', 'malformed_document_id MessageHeader/DocumentId']);
  });

  it('keeps the first of duplicated elements and reports elements the model has no place for', () => {
    const text = documentXml()
      .replace(/(<edXML:Subject>[^<]*<\/edXML:Subject>)/, '$1<edXML:Subject>second</edXML:Subject>')
      .replace('<edXML:SteeringType>', '<edXML:ResponseForTask><edXML:TaskId>7</edXML:TaskId></edXML:ResponseForTask><edXML:SteeringType>');
    const result = parseText(text);
    expect((result.package as DocumentPackage).subject).toBe(sampleDocument().subject);
    expect(result.warnings.map((w) => `${w.code} ${w.element}`)).toEqual(['duplicate_element MessageHeader/Subject', 'unknown_element MessageHeader/ResponseForTask']);
  });

  it('a priority outside 0–4 and a non-numeric page count are dropped with a warning', () => {
    const d = doc(documentXml().replace('<edXML:Priority>1<', '<edXML:Priority>9<').replace('<edXML:PageAmount>2<', '<edXML:PageAmount>hai<'));
    expect(d.otherInfo).toMatchObject({ priority: null, pageAmount: null, promulgationAmount: 5 });
  });

  it('an unpadded status code reads as its two-digit form', () => {
    const result = parseText(statusXml().replace('<edXML:StatusCode>03<', '<edXML:StatusCode>3<'));
    expect((result.package as StatusPackage).statusCode).toBe('03');
    expect(result.warnings.map((w) => w.code)).toEqual(['invalid_value']);
  });

  it('an update that does not say what it changes, and unpadded base64, are flagged', () => {
    const update = sampleDocument({ ...sampleBussiness.update(), bussinessDocumentInfo: null });
    expect(parseEdxml(buildEdxml(update)).warnings.map((w) => `${w.code} ${w.element}`)).toEqual(['missing_element TraceHeaderList/Bussiness/BussinessDocumentInfo']);
    const unpadded = documentXml().replace(/(<edXML:ContentTransferEncoded>[^<=]*)=+/, '$1');
    expect(warningCodes(unpadded)).toEqual(['base64_unpadded']);
  });

  it('reports attachments missing from the manifest and references without an attachment', () => {
    const text = documentXml().replace('<ContentId>cid:1<', '<ContentId>cid:2<');
    expect(parseText(text).warnings.map((w) => `${w.code} ${w.element}`)).toEqual([
      'manifest_mismatch AttachmentEncoded/Attachment[1]',
      'manifest_mismatch edXMLManifest/Reference[1]',
    ]);
  });

  it('keeps a namespaced XML-DSig signature verbatim', () => {
    const signature = '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">\n  <ds:SignedInfo Id="a"/>\n  <ds:SignatureValue>AAAA</ds:SignatureValue>\n</ds:Signature>';
    const text = documentXml().replace('</edXML:edXMLHeader>', `${signature}\n</edXML:edXMLHeader>`);
    expect(doc(text).signature).toEqual({ xml: signature });
    expect(doc(documentXml()).signature).toBeNull();
  });
});

describe('parseEdxml without attachment content (attachmentContent: skip)', () => {
  const skip = (text: string) => parseEdxml(Buffer.from(text, 'utf8'), { attachmentContent: 'skip' });
  const blanked = (text: string) => {
    const kept = parseText(text);
    const pkg = kept.package as DocumentPackage;
    return { ...kept, package: { ...pkg, attachments: pkg.attachments.map((a) => ({ ...a, content: '' })) } };
  };

  it('reads the same model and warnings as a full read, with empty contents', () => {
    const wrapped = documentXml()
      .replaceAll('\n', '\r\n')
      .replace(/(<edXML:ContentTransferEncoded>)([^<]*)/, (_m, open: string, b64: string) => `${open}\r\n<![CDATA[${b64.slice(0, 8)}]]>\r\n  ${b64.slice(8)}\n`);
    const unpadded = documentXml().replace(/(<edXML:ContentTransferEncoded>[^<=]*)=+/, '$1');
    const bare = documentXml().replaceAll('edXML:', '').replace(/ xmlns(:edXML)?="[^"]*"/g, '');
    for (const text of [documentXml(), wrapped, unpadded, bare]) {
      expect(skip(text)).toEqual(blanked(text));
    }
    expect(skip(unpadded).warnings.map((w) => w.message)).toEqual(parseText(unpadded).warnings.map((w) => w.message));
  });

  it('still refuses content that is not base64, or padding in the middle, naming the element', () => {
    for (const content of ['not base64!', 'QUJD=RA==', 'QUJD===', 'QU&#66;D']) {
      const text = documentXml().replace(/(<edXML:ContentTransferEncoded>)[^<]*/, `$1${content}`);
      const error = (() => {
        try {
          skip(text);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, content).toMatchObject({ code: 'invalid_value', element: expect.stringMatching(/ContentTransferEncoded$/) });
      expect(refusal(text)).toMatchObject({ code: 'invalid_value' });
    }
  });

  it('keeps the package in memory once: the text given to the XML parser leaves the content out', () => {
    const big = 'QUJD'.repeat(500_000); // 2 MB of base64
    const text = documentXml().replace(/(<edXML:ContentTransferEncoded>)[^<]*/, `$1${big}`);
    const parsed = skip(text).package as DocumentPackage;
    expect(parsed.attachments[0]?.content).toBe('');
    const header = readSource(Buffer.from(text, 'utf8'), undefined, () => undefined, { skipAttachmentContent: true }).text;
    expect(header.length).toBeLessThan(10_000);
    expect(header).toContain('<edXML:ContentTransferEncoded>#skipped:2000000</edXML:ContentTransferEncoded>');
    expect((parseText(text).package as DocumentPackage).attachments[0]?.content).toBe(big);
  });
});
