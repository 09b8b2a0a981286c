import { describe, expect, it } from 'vitest';
import { PARSE_CHUNK_BYTES, PARSE_LIMITS, buildEdxml, parseEdxml, type DocumentPackage } from './index.ts';
import { sampleDocument } from './samples.ts';

const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const root = (inner: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><edXML xmlns="${NS}">${inner}</edXML>`);
const documentXml = () => buildEdxml(sampleDocument()).toString('utf8');

/** Runs `work` while counting the turns of the event loop that other code gets meanwhile. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ turns: number; outcome: T | Error }> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  let outcome: T | Error;
  try {
    outcome = await work();
  } catch (error) {
    outcome = error as Error;
  }
  running = false;
  return { turns, outcome };
}

describe('limits are enforced while the package is read', () => {
  // 12 MB each, as the reported attack: a package under the size limit that used to exhaust the heap or stall the hub.
  it.each([
    ['4,000,000 unclosed elements', root('<a>'.repeat(4_000_000)), 'nested more than 100 deep'],
    ['3,000,000 empty elements', root('<a/>'.repeat(3_000_000)), 'more than 50000 elements'],
  ])('%s are refused in the first chunk, before the event loop had to wait', async (_label, bomb, message) => {
    const { turns, outcome } = await turnsDuring(() => parseEdxml(bomb));
    expect(outcome).toMatchObject({ code: 'limit_exceeded', message: expect.stringContaining(message) });
    expect(turns).toBe(0);
  });

  const long = (n: number) => 'x'.repeat(n + 1);
  it.each([
    ['too many attributes', root(`<a ${Array.from({ length: PARSE_LIMITS.maxAttributes + 1 }, (_, i) => `a${i}=""`).join(' ')}/>`), 'attributes'],
    ['a long attribute value', root(`<a b="${long(PARSE_LIMITS.maxAttributeChars)}"/>`), 'attribute value'],
    ['a long name', root(`<${long(PARSE_LIMITS.maxNameChars)}/>`), 'name is longer'],
    ['names adding up', root(`<${'n'.repeat(500)}/>`.repeat(Math.ceil(PARSE_LIMITS.maxTotalNameChars / 500) + 1)), 'names of the package'],
    ['a long text', Buffer.from(documentXml().replace(/<edXML:Subject>[^<]*/, `<edXML:Subject>${long(PARSE_LIMITS.maxTextChars)}`)), 'longer than'],
    ['a long text in small pieces', root(`<a>${`<!---->${'x'.repeat(1024)}`.repeat(PARSE_LIMITS.maxTextChars / 1024 + 1)}</a>`), 'text of <a>'],
    ['a long comment', root(`<!--${long(PARSE_LIMITS.maxTextChars)}-->`), 'comment is longer'],
    ['a long processing instruction', root(`<?pi ${long(PARSE_LIMITS.maxTextChars)}?>`), 'instruction is longer'],
    // Without an end in sight: refused before the rest is read, whatever is still to come.
    ['an endless comment', root(`<!--${long(2 * PARSE_LIMITS.maxTextChars)}`), 'comment or name is longer'],
    ['an endless DOCTYPE', Buffer.from(`<!DOCTYPE edXML [<!ENTITY a "${long(2 * PARSE_LIMITS.maxTextChars)}">]>`), 'comment or name is longer'],
    ['a long header signature', Buffer.from(documentXml().replace('</edXML:edXMLHeader>', `<Signature>${`<x>${long(PARSE_LIMITS.maxSignatureChars / 2)}</x>`.repeat(3)}</Signature></edXML:edXMLHeader>`)), 'Signature'],
  ])('%s is refused with limit_exceeded', async (_label, bytes, message) => {
    await expect(parseEdxml(bytes)).rejects.toMatchObject({ code: 'limit_exceeded', message: expect.stringContaining(message) });
  });

  it('a package at the edge of every limit is read', async () => {
    const deep = `${'<a>'.repeat(PARSE_LIMITS.maxDepth - 1)}${'</a>'.repeat(PARSE_LIMITS.maxDepth - 1)}`;
    const text = documentXml().replace('<edXML:edXMLEnvelope>', `${deep}<edXML:edXMLEnvelope>`).replace(/<edXML:Content>[^<]*/, `<edXML:Content>${'x'.repeat(PARSE_LIMITS.maxTextChars)}`);
    const parsed = await parseEdxml(Buffer.from(text));
    expect((parsed.package as DocumentPackage).content).toHaveLength(PARSE_LIMITS.maxTextChars);
  });
});

describe('a large package is read in chunks, with turns of the event loop between them', () => {
  it('a small package is read in one go', async () => {
    const { turns, outcome } = await turnsDuring(() => parseEdxml(Buffer.from(documentXml())));
    expect(outcome).toMatchObject({ package: { kind: 'document' } });
    expect(turns).toBe(0);
  });

  it.each(['skip', 'keep'] as const)('8 MB of attachment content (mode %s)', async (mode) => {
    const content = 'QUJD'.repeat(2_000_000);
    const bytes = Buffer.from(documentXml().replace(/(<edXML:ContentTransferEncoded>)[^<]*/, `$1${content}`));
    const { turns, outcome } = await turnsDuring(() => parseEdxml(bytes, { attachmentContent: mode }));
    expect((outcome as { package: DocumentPackage }).package.attachments[0]?.content).toBe(mode === 'keep' ? content : '');
    expect(turns).toBeGreaterThanOrEqual(Math.floor(bytes.length / PARSE_CHUNK_BYTES) - 1);
  });

  it('4 MB of header text', async () => {
    const unknown = `<edXML:Note>${'x'.repeat(1000)}</edXML:Note>`.repeat(4000);
    const bytes = Buffer.from(documentXml().replace('<edXML:SteeringType>', `${unknown}<edXML:SteeringType>`));
    const { turns, outcome } = await turnsDuring(() => parseEdxml(bytes));
    expect((outcome as { warnings: { code: string }[] }).warnings.map((w) => w.code)).toEqual(['unknown_element']);
    expect(turns).toBeGreaterThanOrEqual(Math.floor(bytes.length / PARSE_CHUNK_BYTES) - 1);
  });
});
