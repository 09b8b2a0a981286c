import { describe, expect, it } from 'vitest';
import { sharedFixtures } from '../../../platform/testing/index.ts';
import { buildEdxml, parseEdxml, type DocumentPackage, type EdxmlWarning, type ParsedEdxml, type StatusPackage } from './index.ts';

/** The real packages of the Government Office SDK, read from ../shared/fixtures/edxml. */
const edxml = sharedFixtures('edxml');
const read = (name: string) => edxml.read(name);
// Each package is parsed once and shared by the tests that look at it: keeps the suite fast.
const parsed = new Map<string, ParsedEdxml>();
const parse = async (name: string) => parsed.get(name) ?? parsed.set(name, await parseEdxml(read(name))).get(name)!;
const codes = (warnings: EdxmlWarning[]) => warnings.map((w) => `${w.code} ${w.element ?? ''}`.trim());
const doc = async (name: string) => (await parse(name)).package as DocumentPackage;

describe.skipIf(!edxml.present)(edxml.suite('real edXML packages'), () => {
  const files = edxml.files('.edxml');

  it('has the thirteen packages of the SDK example', () => {
    expect(files).toHaveLength(13);
  });

  it.each(files)('%s parses, and parse → build → parse gives the same model', async (name) => {
    const bytes = read(name);
    const copy = Buffer.from(bytes);
    const first = await parseEdxml(bytes);
    expect(bytes.equals(copy)).toBe(true); // the caller's bytes are never touched
    parsed.set(name, first);
    const again = await parseEdxml(buildEdxml(first.package));
    expect(again.package).toEqual(first.package);
    // Rebuilt bytes carry the same flaws, minus the stray bytes that only the original had.
    expect(again.warnings).toEqual(first.warnings.filter((w) => w.code !== 'leading_garbage'));
    // As the hub reads it, without the attachments' content: the same model and flaws.
    const skipped = await parseEdxml(bytes, { attachmentContent: 'skip' });
    const blanked = first.package.kind === 'document' ? { ...first.package, attachments: first.package.attachments.map((a) => ({ ...a, content: '' })) } : first.package;
    expect(skipped).toEqual({ ...first, package: blanked });
    // Read in pieces of any size, a package reads the same.
    for (const chunkBytes of [4096, 97]) expect(await parseEdxml(bytes, { chunkBytes })).toEqual(first);
  });

  it('edoc_new: a new document, accepted with its three flaws flagged', async () => {
    const { package: pkg, warnings } = await parse('edoc_new.edxml');
    expect(pkg.kind).toBe('document');
    const d = pkg as DocumentPackage;
    expect(d.bussiness?.bussinessDocType).toBe(0);
    expect(d.from.organId).toBe('002.00.20.H13');
    expect(d.to.map((o) => o.organId)).toEqual(['28.22.H17']);
    expect(d.to[0]?.organizationInCharge).toBe('UBND xã Hòa Sơn - UBND huyện Hòa Vang - Thành phố Đà Nẵng');
    expect(codes(warnings)).toEqual([
      'leading_garbage',
      'malformed_agency_id MessageHeader/To[1]/OrganId',
      'invalid_date TraceHeaderList/Bussiness/DocumentId',
    ]);
    expect(warnings[0]?.message).toContain('4 byte(s)');
    expect(d.bussiness?.documentId).toEqual({
      raw: '000.00.00.G22,2014/02/30,7806/VPCP-TTĐT',
      issuerOrganId: '000.00.00.G22',
      date: { raw: '2014/02/30', iso: null },
      codeNumberNotation: '7806/VPCP-TTĐT',
    });
  });

  it('edoc_new: header, trace, manifest, attachment and signature are all read', async () => {
    const d = await doc('edoc_new.edxml');
    expect(d.documentId.date?.iso).toBe('2015-09-30');
    expect(d.code).toEqual({ codeNumber: '74fass22', codeNotation: 'VPCP-TTĐT' });
    expect(d.promulgationInfo).toEqual({ place: 'Hà Nội', promulgationDate: { raw: '2019/01/16', iso: '2019-01-16' } });
    expect(d.documentType).toEqual({ type: '1', typeDetail: '0', typeName: 'Công văn' });
    expect(d.signerInfo?.fullName).toBe('Nguyen Thanh Phuc');
    expect(d.dueDate?.iso).toBe('2018-09-28');
    expect(d.otherInfo).toMatchObject({ priority: 0, promulgationAmount: 2, pageAmount: 22, direction: 'false', appendixes: [expect.stringContaining('Công văn')] });
    expect(d.steeringType).toBe('1');
    expect(d.toPlaces).toEqual(['Cac bo va co quan ngang bo', 'Uy ban nhan dan cac tinh, TP']);
    expect(d.traceHeaders).toEqual([{ organId: '000.00.00.G22', timestamp: { raw: '2018/09/28 00:00:00', iso: '2018-09-28T00:00:00+07:00' } }]);
    expect(d.bussiness?.staffInfo?.staff).toBe('Nguyễn Thị Ngọc Trâm');
    expect(d.manifest?.references).toEqual([{ contentId: 'cid:209', contentType: 'application/zip', description: '1896_QD-TTg_m_294779.doc', attachmentName: '1896_QD-TTg_m_294779.doc' }]);

    const text = read('edoc_new.edxml').toString('utf8');
    const base64 = /ContentTransferEncoded[^>]*>([^<]*)</.exec(text)?.[1];
    expect(d.attachments).toHaveLength(1);
    expect(d.attachments[0]?.content).toBe(base64);
    expect(d.attachments[0]?.content.length).toBe(361100);
    // The signature is the element exactly as written (line ends read as LF), for later verification.
    const signature = /<Signature>[\s\S]*<\/Signature>/.exec(text)?.[0].replace(/\r\n/g, '\n');
    expect(d.signature?.xml).toBe(signature);
  });

  it('edoc_update: an update that removes one receiver and adds another', async () => {
    const { package: pkg, warnings } = await parse('edoc_update.edxml');
    const d = pkg as DocumentPackage;
    expect(d.bussiness?.bussinessDocType).toBe(2);
    expect(d.bussiness?.bussinessDocumentInfo).toEqual({
      documentInfo: '1',
      documentReceiver: '1',
      receivers: [
        { organId: '000.00.00.H41', receiverType: 0 },
        { organId: '000.00.00.H14', receiverType: 1 },
      ],
    });
    expect(codes(warnings)).toEqual(['invalid_date TraceHeaderList/Bussiness/DocumentId']);
  });

  it('edoc_revocation: a revocation of the header document, answering an earlier one', async () => {
    const { package: pkg, warnings } = await parse('edoc_revocation.edxml');
    const d = pkg as DocumentPackage;
    expect(d.bussiness?.bussinessDocType).toBe(1);
    expect(d.bussiness?.bussinessDocReason).toBe('Thu hồi văn bản điện tử');
    expect(d.documentId.raw).toBe('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
    expect(d.responseFor).toEqual([
      {
        organId: '000.00.00.H14',
        code: '267/VPCP-TTĐT',
        promulgationDate: { raw: '2018/09/28', iso: '2018-09-28' },
        documentId: { raw: '000.00.04.G14,2012/08/06,267/VPCP-TTĐT', issuerOrganId: '000.00.04.G14', date: { raw: '2012/08/06', iso: '2012-08-06' }, codeNumberNotation: '267/VPCP-TTĐT' },
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('edoc_replacement: a replacement listing the replaced documents and their receivers', async () => {
    const { package: pkg, warnings } = await parse('edoc_replacement.edxml');
    const d = pkg as DocumentPackage;
    expect(d.bussiness?.bussinessDocType).toBe(3);
    expect(d.bussiness?.replacementInfo.map((r) => [r.documentId.raw, r.documentId.date?.iso, r.organIds])).toEqual([
      ['000.00.00.G22,2014/01/30,7806/VPCP-TTĐT', '2014-01-30', ['000.00.00.H41', '000.00.00.H14']],
      ['000.00.00.G22,2014/01/30,7806/VPCP-TTĐT', '2014-01-30', ['000.00.00.H41', '000.00.00.H14']],
    ]);
    expect(d.to).toHaveLength(3);
    expect(warnings).toEqual([]);
  });

  const statuses: [string, string, string, string][] = [
    ['status_inbox_01.edxml', '01', '000.00.00.H41', 'Đã đến'],
    ['status_rejection_02.edxml', '02', '000.00.00.H41', 'Từ chối'],
    ['status_acceptance_03.edxml', '03', '000.00.00.H41', 'Tiếp nhận'],
    ['status_assignment_04.edxml', '04', '000.00.00.H41', 'Phân công'],
    ['status_processing_05.edxml', '05', '000.00.00.H41', 'Đang xử lý'],
    ['status_finish_06.edxml', '06', '000.00.00.H41', 'hoàn thành'],
    ['status_cancellation_13.edxml', '13', '000.00.00.G22', 'lấy lại'],
    ['status_change-acceptance_15.edxml', '15', '000.00.00.H41', 'đồng ý'],
    ['status_change-rejection_16.edxml', '16', '000.00.00.H41', 'từ chối'],
  ];

  it.each(statuses)('%s is status %s from %s', async (name, code, from, description) => {
    const { package: pkg, warnings } = await parse(name);
    expect(pkg.kind).toBe('status');
    const s = pkg as StatusPackage;
    expect(s.statusCode).toBe(code);
    expect(s.from.organId).toBe(from);
    expect(s.description).toContain(description);
    expect(s.responseFor.documentId.raw).toBe('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
    expect(s.responseFor.promulgationDate?.iso).toBe('2015-09-30');
    expect(s.staffInfo).toEqual({ department: 'Phong hanh chinh', staff: 'Nguyen thi ngoc tram', mobile: '84912000001', email: 'ngoctram@nghean.vn' });
    expect(s.timestamp).toEqual({ raw: '2015/09/20 11:08:36', iso: '2015-09-20T11:08:36+07:00' });
    expect(s.signature).toBeNull();
    expect(warnings).toEqual([]);
  });
});
