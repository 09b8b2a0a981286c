import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedFixtures } from '../../platform/testing/index.ts';
import { setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';

const edxml = sharedFixtures('edxml');

const G22 = '000.00.00.G22';
const H41 = '000.00.00.H41';
const H14 = '000.00.00.H14';
const G17 = '000.00.00.G17';
const H13 = '000.00.00.H13';
const DOCUMENT = '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT';

interface SendJson {
  id: string;
  documentId: string;
  duplicate: boolean;
  package: { sha256: string; size: number; signature: string; businessType: number | null; statusCode: string | null };
  deliveries: { recipient: string; withdrawn: string | null }[];
  warnings: { code: string; element: string | null }[];
}

/**
 * The thirteen real packages of the Government Office SDK, sent in the order a real
 * exchange would see them: the documents (from the Cần Thơ unit, then the Government
 * Office's replacement, update and finally revocation), with Nghệ An's statuses between.
 */
describe.skipIf(!edxml.present)(edxml.suite('the real SDK packages go through the hub'), () => {
  let t: ExchangeTestContext;
  beforeAll(async () => {
    t = await setUpExchange();
  });
  afterAll(async () => {
    await t?.close();
  });

  const sent = new Map<string, SendJson>();
  async function send(agency: string, name: string): Promise<SendJson> {
    const response = await t.call(agency, 'POST', '/api/v1/exchange/packages', edxml.read(name));
    expect(response.statusCode, `${name}: ${response.body.slice(0, 300)}`).toBe(201);
    const json = response.json() as SendJson;
    sent.set(name, json);
    return json;
  }

  it('edoc_new: stray bytes and a malformed recipient id are accepted with warnings, the bytes kept as sent', async () => {
    const json = await send(H13, 'edoc_new.edxml');
    expect(json.documentId).toBe(DOCUMENT);
    expect(json.deliveries.map((d) => d.recipient)).toEqual(['28.22.H17']);
    expect(json.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['leading_garbage', 'invalid_date']));
    expect(json.package.signature).toBe('invalid');
    // Read back by the sender (no system can be registered under a malformed id like 28.22.H17).
    const original = await t.call(H13, 'GET', `/api/v1/exchange/packages/${json.id}`, undefined, { accept: 'application/xml' });
    expect(original.rawPayload.equals(edxml.read('edoc_new.edxml'))).toBe(true);
  });

  it('edoc_replacement, then edoc_update: H41 removed, H14 already a recipient', async () => {
    const replacement = await send(G22, 'edoc_replacement.edxml');
    expect(replacement.package.businessType).toBe(3);
    expect(replacement.deliveries.map((d) => d.recipient)).toEqual([G17, H14, H41]);
    const update = await send(G22, 'edoc_update.edxml');
    expect(update.package.businessType).toBe(2);
    const view = await t.call(G22, 'GET', `/api/v1/exchange/packages/${replacement.id}`);
    const deliveries = (view.json() as { deliveries: { recipient: string; withdrawn: string | null }[] }).deliveries;
    expect(deliveries.map((d) => [d.recipient, d.withdrawn])).toEqual([
      [G17, null],
      [H14, null],
      [H41, 'removed'],
    ]);
  });

  const statuses = [
    ['status_inbox_01.edxml', H41, '01'],
    ['status_rejection_02.edxml', H41, '02'],
    ['status_acceptance_03.edxml', H41, '03'],
    ['status_assignment_04.edxml', H41, '04'],
    ['status_processing_05.edxml', H41, '05'],
    ['status_finish_06.edxml', H41, '06'],
    ['status_cancellation_13.edxml', G22, '13'],
    ['status_change-acceptance_15.edxml', H41, '15'],
    ['status_change-rejection_16.edxml', H41, '16'],
  ] as const;

  it.each(statuses)('%s is accepted and routed to the other party', async (name, from, code) => {
    const json = await send(from, name);
    expect(json.package.statusCode).toBe(code);
    expect(json.deliveries.map((d) => d.recipient)).toEqual([from === G22 ? H41 : G22]);
    expect(json.warnings.map((w) => w.code)).not.toContain('original_not_found');
  });

  it('the Government Office sees the status history of its document at Nghệ An, in order', async () => {
    const response = await t.call(G22, 'GET', '/api/v1/exchange/sent?limit=100');
    const items = (response.json() as { items: { package: { id: string }; deliveries: { recipient: string; statuses: { statusCode: string }[] }[] }[] }).items;
    const replacement = items.find((i) => i.package.id === sent.get('edoc_replacement.edxml')?.id);
    const h41 = replacement?.deliveries.find((d) => d.recipient === H41);
    expect(h41?.statuses.map((s) => s.statusCode)).toEqual(['01', '02', '03', '04', '05', '06', '13', '15', '16']);
  });

  it('edoc_revocation revokes every standing delivery of the document', async () => {
    const revocation = await send(G22, 'edoc_revocation.edxml');
    expect(revocation.package.businessType).toBe(1);
    const inbox = await t.call(H14, 'GET', '/api/v1/exchange/inbox');
    const items = (inbox.json() as { items: { package: { id: string }; delivery: { withdrawn: string | null; withdrawnBy: string | null } }[] }).items;
    expect(items.find((i) => i.package.id === sent.get('edoc_replacement.edxml')?.id)?.delivery).toMatchObject({ withdrawn: 'revoked', withdrawnBy: revocation.id });
    expect(items.at(-1)?.package.id).toBe(revocation.id);
  });

  it('a second send of every fixture is recognised, not delivered again', async () => {
    const all: [string, string][] = [['edoc_new.edxml', H13], ['edoc_replacement.edxml', G22], ['edoc_update.edxml', G22], ['edoc_revocation.edxml', G22], ...statuses.map(([name, from]) => [name, from] as [string, string])];
    for (const [name, from] of all) {
      const response = await t.call(from, 'POST', '/api/v1/exchange/packages', edxml.read(name));
      expect(response.statusCode, name).toBe(200);
      expect((response.json() as SendJson).id).toBe(sent.get(name)?.id);
    }
  });
});
