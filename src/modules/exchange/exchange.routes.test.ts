import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import { presentDelivery, presentPackage } from './exchange.routes.ts';
import { restCalls, type InboxJson } from './exchange.rest.test-support.ts';
import { documentBytes, setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';
const G15 = '000.00.00.G15';
const MAX = 1024 * 1024;

let t: ExchangeTestContext;

beforeAll(async () => {
  t = await setUpExchange({ maxPackageBytes: MAX });
});
afterAll(async () => {
  await t?.close();
});

const { send, inbox, ack, drain } = restCalls(() => t);

describe('sending a document', () => {
  it('fans out one delivery per recipient, each first in its sender→recipient order, and audits and publishes it', async () => {
    await drain(H49);
    await drain(H29);
    const doc = documentBytes({ from: G22, to: [H49, H29] });
    const { status, json } = await send(G22, doc.bytes);
    expect(status).toBe(201);
    expect(json.documentId).toBe(doc.documentId);
    expect(json.duplicate).toBe(false);
    expect(json.deliveries.map((d) => [d.recipient, d.state])).toEqual([
      [H29, 'pending'],
      [H49, 'pending'],
    ]);
    const h49 = await inbox(H49);
    expect(h49.items.map((i) => i.package.id)).toEqual([json.id]);
    // The inbox row is the stored package and delivery, field for field.
    const stored = await t.exchange.getPackage({ kind: 'system', clientId: 'sys', agencyCode: H49 }, json.id);
    expect(h49.items[0]!.package).toEqual(presentPackage(stored.package));
    // (Reading it as the recipient marked it delivered; the inbox showed it before.)
    expect(h49.items[0]!.delivery).toEqual({ ...presentDelivery(stored.deliveries[0]!), state: 'pending', deliveredAt: null });
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${json.id} AND action = 'exchange.document_sent'`.execute(t.db);
    expect(audit.rows[0]?.n).toBe(1);
    const events = await sql<{ payload: { recipients: string[] } }>`SELECT payload FROM event_facts WHERE type = 'exchange.sent' AND payload->>'packageId' = ${json.id}`.execute(t.db);
    expect(events.rows.map((r) => r.payload.recipients)).toEqual([[H29, H49]]);
  });

  it('returns the stored package on a re-send instead of delivering it twice', async () => {
    await drain(H49);
    const doc = documentBytes({ from: G22, to: [H49] });
    const first = await send(G22, doc.bytes);
    const again = await send(G22, doc.bytes);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.json.duplicate).toBe(true);
    expect(again.json.id).toBe(first.json.id);
    expect((await inbox(H49)).items).toHaveLength(1);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM exchange_packages WHERE document_id = ${doc.documentId}`.execute(t.db);
    expect(count.rows[0]?.n).toBe(1);
  });

  it('refuses different bytes under a DocumentId already sent as a new document', async () => {
    const doc = documentBytes({ from: G22, to: [H49], number: '77/REUSE' });
    const first = await send(G22, doc.bytes);
    const other = documentBytes({ from: G22, to: [H49], number: '77/REUSE', subject: 'Nội dung khác' });
    const second = await send(G22, other.bytes);
    expect(second.status).toBe(409);
    expect(second.json.error?.code).toBe('exchange.document_id_reused');
    expect(second.json.error?.details?.existingId).toBe(first.json.id);
  });

  it('refuses unknown recipients with the list of their ids, and stores nothing', async () => {
    const doc = documentBytes({ from: G22, to: [H49, '000.00.00.H99', '000.00.99.H49'] });
    const { status, json } = await send(G22, doc.bytes);
    expect(status).toBe(400);
    expect(json.error?.code).toBe('exchange.unknown_recipients');
    expect(json.error?.details?.organIds).toEqual(['000.00.00.H99', '000.00.99.H49']);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM exchange_packages WHERE document_id = ${doc.documentId}`.execute(t.db);
    expect(count.rows[0]?.n).toBe(0);
  });

  it('refuses a package whose sender is not the calling agency', async () => {
    const doc = documentBytes({ from: G22, to: [H29] });
    const { status, json } = await send(H49, doc.bytes);
    expect(status).toBe(403);
    expect(json.error?.code).toBe('exchange.sender_mismatch');
  });

  it('accepts a package from a unit of the calling agency', async () => {
    const doc = documentBytes({ from: '000.00.01.H49', to: [H29] });
    const { status, json } = await send(H49, doc.bytes);
    expect(status).toBe(201);
    expect(json.deliveries.map((d) => d.recipient)).toEqual([H29]);
  });

  it('refuses garbage bytes and XML that is not edXML, naming what is wrong', async () => {
    const garbage = await send(G22, randomBytes(2048));
    expect(garbage.status).toBe(400);
    expect(garbage.json.error?.code).toBe('exchange.edxml_invalid');
    const notEdxml = await send(G22, Buffer.from('<?xml version="1.0"?><note><to>x</to></note>'));
    expect(notEdxml.status).toBe(400);
    expect(notEdxml.json.error?.details?.reason).toBe('not_edxml');
  });

  it('refuses a package over the size limit', async () => {
    const doc = documentBytes({ from: G22, to: [H49] });
    const big = { ...doc.model, attachments: [{ ...doc.model.attachments[0]!, content: randomBytes(MAX).toString('base64') }] };
    const { buildEdxml } = await import('./edxml/index.ts');
    const response = await t.call(G22, 'POST', '/api/v1/exchange/packages', buildEdxml(big));
    expect(response.statusCode).toBe(413);
  });
});

describe('receiving', () => {
  it('serves the original bytes unchanged and the model as JSON, and marks the delivery delivered', async () => {
    await drain(H49);
    const doc = documentBytes({ from: G22, to: [H49] });
    const { json } = await send(G22, doc.bytes);
    const xml = await t.call(H49, 'GET', `/api/v1/exchange/packages/${json.id}`, undefined, { accept: 'application/xml' });
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toMatch(/application\/xml/);
    expect(xml.rawPayload.equals(doc.bytes)).toBe(true);
    const model = await t.call(H49, 'GET', `/api/v1/exchange/packages/${json.id}`);
    expect(model.statusCode).toBe(200);
    const body = model.json() as { model: { documentId: { raw: string } }; deliveries: { recipient: string; state: string }[] };
    expect(body.model.documentId.raw).toBe(doc.documentId);
    expect(body.deliveries).toEqual([expect.objectContaining({ recipient: H49, state: 'delivered' })]);
    // Still in the inbox until acknowledged: a crash after reading must not lose it.
    expect((await inbox(H49)).items.map((i) => i.delivery.state)).toEqual(['delivered']);
    // An agency that is neither sender nor recipient learns nothing.
    expect((await t.call(H29, 'GET', `/api/v1/exchange/packages/${json.id}`)).statusCode).toBe(404);
    expect((await t.call(H29, 'GET', '/api/v1/exchange/packages/not-a-uuid')).statusCode).toBe(404);
  });

  it('treats a repeated ack as success and refuses a contradicting one', async () => {
    const doc = documentBytes({ from: G22, to: [H49, H29] });
    const { json } = await send(G22, doc.bytes);
    const processing = await ack(H49, json.id, 'processing');
    expect(processing.json()).toMatchObject({ state: 'acknowledged', ackResult: 'processing' });
    expect((await inbox(H49)).items.map((i) => i.package.id)).not.toContain(json.id);
    expect((await ack(H49, json.id, 'done')).json()).toMatchObject({ ackResult: 'done' });
    const twice = await ack(H49, json.id, 'done');
    expect(twice.statusCode).toBe(200);
    expect(twice.json()).toMatchObject({ ackResult: 'done' });
    // A late "processing" does not undo the final answer.
    expect((await ack(H49, json.id, 'processing')).json()).toMatchObject({ ackResult: 'done' });
    const contradiction = await ack(H49, json.id, 'fail');
    expect(contradiction.statusCode).toBe(409);
    const acks = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${json.id} AND action = 'exchange.acknowledged'`.execute(t.db);
    expect(acks.rows[0]?.n).toBe(2);
    // Only a recipient acknowledges.
    expect((await ack(G15, json.id, 'done')).statusCode).toBe(404);
    expect((await ack(H49, json.id, 'maybe')).statusCode).toBe(400);
    expect((await ack(H49, 'not-a-uuid', 'done')).statusCode).toBe(404);
  });

  it('acknowledges a page of the inbox in one request, each answer on its own', async () => {
    await drain(H49);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await send(G22, documentBytes({ from: G22, to: [H49, H29] }).bytes)).json.id);
    const [a, b, c, d] = ids as [string, string, string, string];
    expect((await ack(H49, d, 'done')).statusCode).toBe(200);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const response = await t.call(H49, 'POST', '/api/v1/exchange/acks', {
      acks: [
        { id: a, result: 'done' },
        { id: b, result: 'processing' },
        { id: unknown, result: 'done' },
        { id: b, result: 'fail' }, // processing, then the final answer, in one batch
        { id: c, result: 'done' },
        { id: c, result: 'done' }, // repeated: harmless
        { id: d, result: 'fail' }, // contradicts the earlier single ack
      ],
    });
    expect(response.statusCode).toBe(200);
    const items = (response.json() as { items: { id: string; ok: boolean; delivery?: { ackResult: string; recipient: string }; error?: { code: string } }[] }).items;
    expect(items.map((i) => [i.id, i.ok, i.delivery?.ackResult ?? i.error?.code])).toEqual([
      [a, true, 'done'],
      [b, true, 'fail'],
      [unknown, false, 'exchange.package_not_found'],
      [b, true, 'fail'],
      [c, true, 'done'],
      [c, true, 'done'],
      [d, false, 'exchange.already_acknowledged'],
    ]);
    expect(items[0]?.delivery?.recipient).toBe(H49);
    expect((await inbox(H49)).items).toEqual([]);
    // H29's deliveries of the same packages are untouched.
    expect((await inbox(H29)).items.map((i) => i.package.id)).toEqual(expect.arrayContaining(ids));
    const audit = await sql<{ entity_id: string; result: string }>`
      SELECT entity_id, data->>'result' AS result FROM audit_log WHERE action = 'exchange.acknowledged' AND entity_id = ANY(${[a, b, c]}::text[]) ORDER BY seq`.execute(t.db);
    expect(audit.rows.map((r) => [r.entity_id, r.result])).toEqual([
      [a, 'done'],
      [b, 'processing'],
      [b, 'fail'],
      [c, 'done'],
    ]);
    const events = await sql<{ n: number }>`SELECT count(*)::int AS n FROM event_facts WHERE type = 'exchange.acknowledged' AND payload->>'packageId' = ANY(${[a, b, c]}::text[])`.execute(t.db);
    expect(events.rows[0]?.n).toBe(4);
    await drain(H29);
  });

  it('refuses an empty, oversized or malformed batch of acknowledgements and records nothing', async () => {
    const { json } = await send(G22, documentBytes({ from: G22, to: [H49] }).bytes);
    const tooMany = Array.from({ length: 501 }, () => ({ id: json.id, result: 'done' }));
    for (const body of [{ acks: [] }, { acks: tooMany }, { acks: [{ id: 'not-a-uuid', result: 'done' }] }, { acks: [{ id: json.id, result: 'maybe' }] }, {}]) {
      expect((await t.call(H49, 'POST', '/api/v1/exchange/acks', body)).statusCode).toBe(400);
    }
    expect((await inbox(H49)).items.map((i) => i.package.id)).toContain(json.id);
    await drain(H49);
  });

  it('keeps every package for a receiving system that was down, in send order per sender', async () => {
    await drain(H49);
    const fromG22 = [];
    const fromH29 = [];
    for (let i = 0; i < 5; i++) {
      fromG22.push((await send(G22, documentBytes({ from: G22, to: [H49] }).bytes)).json.id);
      fromH29.push((await send(H29, documentBytes({ from: H29, to: [H49] }).bytes)).json.id);
    }
    // The system comes back and pages through its inbox, two at a time.
    const seen: InboxJson['items'] = [];
    let after: number | null = null;
    do {
      const page: InboxJson = await inbox(H49, `?limit=2${after === null ? '' : `&after=${after}`}`);
      seen.push(...page.items);
      after = page.nextAfter;
    } while (after !== null);
    expect(seen.filter((i) => i.package.sender === G22).map((i) => i.package.id)).toEqual(fromG22);
    expect(seen.filter((i) => i.package.sender === H29).map((i) => i.package.id)).toEqual(fromH29);
    const sequences = seen.filter((i) => i.package.sender === G22).map((i) => i.delivery.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    for (const item of seen) await ack(H49, item.package.id, 'done');
    expect((await inbox(H49)).items).toEqual([]);
  });
});

describe('OpenAPI', () => {
  it('documents every exchange endpoint', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys((response.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/exchange/packages',
        '/api/v1/exchange/inbox',
        '/api/v1/exchange/packages/{id}',
        '/api/v1/exchange/packages/{id}/ack',
        '/api/v1/exchange/sent',
        '/api/v1/exchange/agencies',
        '/api/v1/exchange/certificates',
        '/api/v1/exchange/policy',
      ]),
    );
  });
});

describe('directory', () => {
  it('lists agencies for choosing recipients, and refuses unsigned calls', async () => {
    const response = await t.call(H49, 'GET', '/api/v1/exchange/agencies?q=Quang%20Ninh');
    expect(response.statusCode).toBe(200);
    expect((response.json() as { items: { code: string }[] }).items.map((a) => a.code)).toContain(H49);
    const unsigned = await t.app.inject({ method: 'GET', url: '/api/v1/exchange/inbox' });
    expect(unsigned.statusCode).toBe(401);
  });
});
