import { describe, expect, it } from 'vitest';
import { sharedFixtures } from '../../../platform/testing/index.ts';
import { buildEdxml, EdxmlError, parseEdxml, type DocumentPackage, type StatusPackage } from './index.ts';
import { sampleDocument, sampleStatus } from './samples.ts';

// Issue #20, item 5: two shapes of real packages that the SDK accepts and egov refused.
// Both have a clear meaning; each is accepted with a warning that says what was read.

const EMPTY_RESPONSE_FOR = [
  '<edXML:ResponseFor>',
  '  <edXML:OrganId></edXML:OrganId>',
  '  <edXML:Code/>',
  '  <edXML:PromulgationDate>  </edXML:PromulgationDate>',
  '  <edXML:DocumentId></edXML:DocumentId>',
  '</edXML:ResponseFor>',
].join('\n');

const documentXml = () => buildEdxml(sampleDocument()).toString('utf8');
const statusXml = () => buildEdxml(sampleStatus('03')).toString('utf8');
/** The document with `block` where a ResponseFor goes (before SteeringType, as the SDK writes it). */
const withResponseFor = (xml: string, block: string) => xml.replace('<edXML:SteeringType>', `${block}\n<edXML:SteeringType>`);
const parse = (text: string) => parseEdxml(Buffer.from(text, 'utf8'));
const codes = (warnings: { code: string; element: string | null }[]) => warnings.map((w) => `${w.code} ${w.element ?? ''}`.trim());

describe('a ResponseFor whose fields are all empty', () => {
  it('means no response-for: a new document, accepted with a warning', async () => {
    const { package: pkg, warnings } = await parse(withResponseFor(documentXml(), EMPTY_RESPONSE_FOR));
    expect(pkg).toEqual(sampleDocument());
    expect(codes(warnings)).toEqual(['empty_element MessageHeader/ResponseFor[1]']);
    expect(warnings[0]?.message).toContain('no ResponseFor');
  });

  it('is the same when the block has no child at all, or only blanks', async () => {
    for (const block of ['<edXML:ResponseFor/>', '<edXML:ResponseFor>\n  \n</edXML:ResponseFor>']) {
      const { package: pkg, warnings } = await parse(withResponseFor(documentXml(), block));
      expect((pkg as DocumentPackage).responseFor, block).toEqual([]);
      expect(codes(warnings)).toEqual(['empty_element MessageHeader/ResponseFor[1]']);
    }
  });

  it('is dropped alone: a real ResponseFor beside it is kept', async () => {
    const real = '<edXML:ResponseFor><edXML:OrganId>000.00.00.H49</edXML:OrganId><edXML:DocumentId>000.00.00.H49,2026/02/01,45/UBND-VX</edXML:DocumentId></edXML:ResponseFor>';
    const { package: pkg, warnings } = await parse(withResponseFor(documentXml(), `${EMPTY_RESPONSE_FOR}\n${real}`));
    expect((pkg as DocumentPackage).responseFor.map((r) => r.documentId.raw)).toEqual(['000.00.00.H49,2026/02/01,45/UBND-VX']);
    expect(codes(warnings)).toEqual(['empty_element MessageHeader/ResponseFor[1]']);
  });

  it('is not empty when one field has a value: a ResponseFor without its DocumentId is still refused', async () => {
    const partial = EMPTY_RESPONSE_FOR.replace('<edXML:OrganId></edXML:OrganId>', '<edXML:OrganId>000.00.00.H49</edXML:OrganId>');
    await expect(parse(withResponseFor(documentXml(), partial))).rejects.toMatchObject({ code: 'missing_element', element: 'MessageHeader/ResponseFor[1]/DocumentId' });
  });

  it('cannot stand for the document a status answers: a status with it is refused', async () => {
    const status = statusXml().replace(/<edXML:ResponseFor>[\s\S]*<\/edXML:ResponseFor>/, EMPTY_RESPONSE_FOR);
    const error: unknown = await parse(status).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdxmlError);
    expect(error).toMatchObject({ code: 'missing_element', element: 'MessageHeader/ResponseFor/DocumentId' });
  });
});

describe('a TraceHeader without an OrganId, or with the text null', () => {
  /** The first trace header's OrganId replaced (null: removed). */
  const traceOf = (xml: string, organId: string | null) =>
    xml.replace(/(<edXML:TraceHeader>\s*)<edXML:OrganId>[^<]*<\/edXML:OrganId>/, (_m, open: string) => `${open}${organId === null ? '' : `<edXML:OrganId>${organId}</edXML:OrganId>`}`);

  it.each([
    ['no OrganId element', null],
    ['an empty OrganId', ''],
    ['the text null', 'null'],
    ['the text NULL', 'NULL'],
  ])('keeps the timestamp and records the gap: %s', async (_label, organId) => {
    const xml = traceOf(documentXml(), organId);
    expect(xml).not.toBe(documentXml()); // the trace header was found and changed
    const { package: pkg, warnings } = await parse(xml);
    const d = pkg as DocumentPackage;
    expect(d.traceHeaders).toEqual([{ organId: null, timestamp: { raw: '2026/03/02 08:30:00', iso: '2026-03-02T08:30:00+07:00' } }]);
    expect(codes(warnings)).toEqual(['missing_element TraceHeaderList/TraceHeader[1]/OrganId']);
    expect(warnings[0]?.message).toContain('timestamp is kept');
    // Everything else reads as the package without the flaw.
    expect({ ...d, traceHeaders: [] }).toEqual({ ...sampleDocument(), traceHeaders: [] });
  });

  it('rebuilds as a trace header without OrganId, which reads back the same', async () => {
    const first = await parse(traceOf(documentXml(), 'null'));
    const again = await parseEdxml(buildEdxml(first.package));
    expect(again.package).toEqual(first.package);
    expect(codes(again.warnings)).toEqual(codes(first.warnings));
  });

  it('is read the same in a status package', async () => {
    const status: StatusPackage = { ...sampleStatus('05'), traceHeaders: [{ organId: '000.00.00.H49', timestamp: { raw: '2026/03/03 09:00:00', iso: '2026-03-03T09:00:00+07:00' } }] };
    const xml = traceOf(buildEdxml(status).toString('utf8'), 'null');
    const { package: pkg, warnings } = await parse(xml);
    expect((pkg as StatusPackage).traceHeaders).toEqual([{ organId: null, timestamp: status.traceHeaders[0]?.timestamp }]);
    expect(codes(warnings)).toEqual(['missing_element TraceHeaderList/TraceHeader[1]/OrganId']);
  });
});

const edxml = sharedFixtures('edxml');

describe.skipIf(!edxml.present)(edxml.suite('the two quirks in a real package of the SDK'), () => {
  it('edoc_new with an all-empty ResponseFor and a trace header whose OrganId is null is accepted, with one warning each', async () => {
    const original = edxml.read('edoc_new.edxml').toString('utf8');
    const quirky = original
      .replace(/(<edXML:SteeringType>)/, `${EMPTY_RESPONSE_FOR}\n$1`)
      .replace(/(<edXML:TraceHeader>\s*<edXML:OrganId>)000\.00\.00\.G22(<\/edXML:OrganId>)/, '$1null$2');
    expect(quirky).not.toBe(original);
    const before = await parseEdxml(Buffer.from(original, 'utf8'));
    const { package: pkg, warnings } = await parseEdxml(Buffer.from(quirky, 'utf8'));
    const d = pkg as DocumentPackage;
    expect(d.responseFor).toEqual([]);
    expect(d.traceHeaders).toEqual([{ organId: null, timestamp: { raw: '2018/09/28 00:00:00', iso: '2018-09-28T00:00:00+07:00' } }]);
    // The package's own flaws as before, and one warning for each quirk, in the order of the package.
    expect(codes(before.warnings)).toEqual(['leading_garbage', 'malformed_agency_id MessageHeader/To[1]/OrganId', 'invalid_date TraceHeaderList/Bussiness/DocumentId']);
    expect(codes(warnings)).toEqual([
      'leading_garbage',
      'malformed_agency_id MessageHeader/To[1]/OrganId',
      'empty_element MessageHeader/ResponseFor[1]',
      'missing_element TraceHeaderList/TraceHeader[1]/OrganId',
      'invalid_date TraceHeaderList/Bussiness/DocumentId',
    ]);
  });
});
