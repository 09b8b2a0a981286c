import { describe, expect, it } from 'vitest';
import { buildEdxml, parseEdxml, type DocumentPackage, type EdxmlError, type ParsedEdxml } from './index.ts';
import { sampleDocument, sampleOrganization } from './samples.ts';

/**
 * Packages made to be read two ways. The hub reads without the attachments' content
 * (`skip`), the recipient's model, the clerk page and `egov edxml validate` with it
 * (`keep`): every input below must give the same model (or the same refusal) in both
 * modes and whatever the size of the pieces the bytes are read in.
 */
const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';

function packageText(from: string, subject = 'Công văn thật'): string {
  const model = sampleDocument();
  return buildEdxml({
    ...model,
    from: sampleOrganization(from, `Cơ quan ${from}`),
    to: [sampleOrganization('000.00.00.H29', 'UBND Thành phố Hồ Chí Minh')],
    subject,
    documentId: { ...model.documentId, raw: `${from},2026/03/02,1/${from}`, issuerOrganId: from },
  }).toString('utf8');
}
const envelopeOf = (text: string) => /<edXML:edXMLEnvelope>[\s\S]*<\/edXML:edXMLEnvelope>/.exec(text)![0];
const honest = packageText(H49);
const [head, tail] = honest.split(envelopeOf(honest)) as [string, string];
const withEnvelopes = (...parts: string[]) => head + parts.join('\n') + tail;
const g22Envelope = envelopeOf(packageText(G22, 'Chỉ thị giả mạo'));
const h49Envelope = envelopeOf(honest);

type Outcome = { ok: true; result: ParsedEdxml } | { ok: false; code: string; element: string | null };

async function outcome(text: string, mode: 'keep' | 'skip', chunkBytes?: number): Promise<Outcome> {
  try {
    const result = await parseEdxml(Buffer.from(text, 'utf8'), { attachmentContent: mode, chunkBytes });
    const pkg = result.package;
    // Attachments are blanked in mode skip: compare the rest.
    const blanked = pkg.kind === 'document' ? { ...pkg, attachments: pkg.attachments.map((a) => ({ ...a, content: '' })) } : pkg;
    return { ok: true, result: { ...result, package: blanked } };
  } catch (error) {
    const { code, element } = error as EdxmlError;
    if (!code) throw error;
    return { ok: false, code, element };
  }
}

/** The one reading of `text`, after checking that every way of reading it agrees. */
async function reading(text: string): Promise<Outcome> {
  const reference = await outcome(text, 'keep');
  for (const mode of ['keep', 'skip'] as const) {
    for (const chunkBytes of [undefined, 4096, 61, 7]) {
      expect(await outcome(text, mode, chunkBytes), `${mode}, pieces of ${chunkBytes ?? 'default'} bytes`).toEqual(reference);
    }
  }
  return reference;
}

const senderOf = (o: Outcome) => (o.ok ? (o.result.package as DocumentPackage).from.organId : `refused: ${o.code} ${o.element ?? ''}`.trim());

describe('one reading of a package, whatever is hidden in it', () => {
  it('a fake ContentTransferEncoded in a comment and its end tag in CDATA cannot hide the Government Office envelope', async () => {
    // The hub once read this as H49's package while the recipient read G22's.
    const forged = withEnvelopes(`<!--<ContentTransferEncoded>--><![CDATA[</ContentTransferEncoded>-->`, h49Envelope, '<!--]]>', g22Envelope, '-->');
    const read = await reading(forged);
    expect(senderOf(read)).toBe(G22);
    expect(read.ok && (read.result.package as DocumentPackage).subject).toBe('Chỉ thị giả mạo');
  });

  it.each([
    ['a processing instruction', `<?x <ContentTransferEncoded>?>`],
    ['an attribute value', `<x a="ContentTransferEncoded>"/>`],
    ['text', `<x>ContentTransferEncoded&gt;</x>`],
  ])('the name ContentTransferEncoded in %s changes nothing', async (_label, decoy) => {
    const text = withEnvelopes(decoy, h49Envelope);
    const read = await reading(text);
    expect(senderOf(read)).toBe(H49);
    expect(read.ok && read.result.warnings.map((w) => w.code)).toEqual(['unknown_element']);
  });

  it.each([
    ['two envelopes in a row', () => withEnvelopes(h49Envelope, g22Envelope), 'edXMLEnvelope'],
    ['an envelope nested in an unknown element', () => withEnvelopes(`<x>${g22Envelope}</x>`, h49Envelope), 'edXMLEnvelope'],
    ['an envelope in another namespace', () => withEnvelopes(h49Envelope, g22Envelope.replaceAll('edXML:', 'evil:').replace('<evil:edXMLEnvelope>', '<evil:edXMLEnvelope xmlns:evil="urn:evil">')), 'edXMLEnvelope'],
    ['an envelope hidden in an attachment element', () => honest.replace('<ContentId>', `<x>${g22Envelope}</x><ContentId>`), 'edXMLEnvelope'],
    ['a second header', () => honest.replace('</edXML:edXMLHeader>', `</edXML:edXMLHeader>${/<edXML:edXMLHeader>[\s\S]*<\/edXML:edXMLHeader>/.exec(g22Envelope)![0]}`), 'edXMLHeader'],
    ['a second MessageHeader', () => honest.replace('</edXML:MessageHeader>', `</edXML:MessageHeader>${/<edXML:MessageHeader>[\s\S]*<\/edXML:MessageHeader>/.exec(g22Envelope)![0]}`), 'MessageHeader'],
    ['a second From', () => honest.replace('</edXML:From>', `</edXML:From>${/<edXML:From>[\s\S]*?<\/edXML:From>/.exec(g22Envelope)![0]}`), 'From'],
    ['a second From/OrganId', () => honest.replace(`<edXML:OrganId>${H49}</edXML:OrganId>`, `<edXML:OrganId>${H49}</edXML:OrganId><edXML:OrganId>${G22}</edXML:OrganId>`), 'MessageHeader/From/OrganId'],
    ['a second DocumentId', () => honest.replace('</edXML:DocumentId>', `</edXML:DocumentId><edXML:DocumentId>${G22},2026/03/02,9/X</edXML:DocumentId>`), 'MessageHeader/DocumentId'],
    ['a second root after the first', () => `${honest}<edXML>${g22Envelope}</edXML>`, 'edXML'],
    ['an envelope after the root', () => `${honest}${g22Envelope}`, 'edXML'],
    ['a second document after the first', () => `${honest}${packageText(G22)}`, 'edXML'],
  ])('%s is refused', async (_label, make, element) => {
    expect(await reading(make())).toEqual({ ok: false, code: 'duplicate_element', element });
  });

  it('markup before the XML cannot be passed off as stray bytes', async () => {
    const read = await reading(`<x>${g22Envelope}</x>${honest}`);
    expect(read.ok).toBe(false);
  });

  it('a DOCTYPE, an encoding or a root written in a comment are not read as such', async () => {
    const text = honest.replace('<edXML ', '<!-- <!DOCTYPE edXML> <?xml version="1.0" encoding="windows-1258"?> <edXML xmlns="urn:other"> --><edXML ');
    expect(senderOf(await reading(text))).toBe(H49);
  });

  it('the signature kept is the header one, not one in a comment or an attachment before it', async () => {
    const signature = '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignatureValue>UkVBTA==</SignatureValue></Signature>';
    const decoy = '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignatureValue>RkFLRQ==</SignatureValue></Signature>';
    const text = honest
      .replace('<edXML:edXMLEnvelope>', `<!-- ${decoy} --><edXML:edXMLEnvelope>`)
      .replace('<edXML:MessageHeader>', `<edXML:MessageHeader><x><![CDATA[${decoy}]]></x>`)
      .replace('</edXML:edXMLHeader>', `${signature}</edXML:edXMLHeader>`);
    const read = await reading(text);
    expect(read.ok && read.result.package.signature).toEqual({ xml: signature });
  });

  it.each([
    ['a reference', 'JVBERi0x&#76;jQ='],
    ['a comment', 'JVBE<!-- x -->Ri0xLjQ='],
    ['an element', 'JVBE<b/>Ri0xLjQ='],
    ['a processing instruction', 'JVBE<?x?>Ri0xLjQ='],
    ['an unclosed CDATA section', 'JVBE<![CDATA[Ri0xLjQ='],
    ['a stray ]]>', 'JVBERi0xLjQ=]]>'],
  ])('attachment content with %s is refused in every mode', async (_label, content) => {
    const text = honest.replace(/(<edXML:ContentTransferEncoded>)[^<]*/, `$1${content}`);
    expect(await reading(text)).toMatchObject({ ok: false });
  });

  it('attachment content in CDATA sections and wrapped lines reads as the plain content', async () => {
    const content = 'JVBERi0xLjQgc2FtcGxlIGZpbGU=';
    const text = honest.replace(/(<edXML:ContentTransferEncoded>)[^<]*/, `$1\r\n<![CDATA[${content.slice(0, 9)}]]>\r\n ${content.slice(9, 20)}<![CDATA[\n${content.slice(20)}]]>\n`);
    const read = await reading(text);
    expect(read.ok).toBe(true);
    expect(((await parseEdxml(Buffer.from(text))).package as DocumentPackage).attachments[0]?.content).toBe(content);
  });

  it('a start tag of the content that the parser does not end where the name does is refused', async () => {
    const text = honest.replace('<edXML:ContentTransferEncoded>', '<edXML:ContentTransferEncoded a=">">');
    expect(await reading(text)).toEqual({ ok: false, code: 'invalid_value', element: 'AttachmentEncoded/Attachment[1]/ContentTransferEncoded' });
  });
});
