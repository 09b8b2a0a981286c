import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { documentBytes, setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';
import type { ExchangeCaller } from './index.ts';

const G22 = '000.00.00.G22';
const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';

const official = (roles: Actor['roles'], agencyCode = H49): ExchangeCaller => ({
  kind: 'official',
  actor: { accountId: `acc-${roles.join('-')}`, kind: 'official', displayName: 'Cán bộ', agencyCode, roles },
});
const system = (agencyCode: string): ExchangeCaller => ({ kind: 'system', clientId: `sys_test_${agencyCode}`, agencyCode });

let t: ExchangeTestContext;

beforeAll(async () => {
  t = await setUpExchange({ maxPackageBytes: 64 * 1024 });
});
afterAll(async () => {
  await t?.close();
});

describe('authorisation', () => {
  it('lets clerks and leaders act for their agency in the UI, and nobody else', async () => {
    const doc = documentBytes({ from: H49, to: [H29] });
    const sent = await t.exchange.send(official(['exchange_clerk']), doc.bytes);
    expect(sent.package.sentBy).toBe('acc-exchange_clerk');
    await expect(t.exchange.inbox(official(['leader'], H29), {})).resolves.toMatchObject({ items: [expect.objectContaining({ package: expect.objectContaining({ id: sent.package.id }) })] });
    await expect(t.exchange.send(official(['specialist']), doc.bytes)).rejects.toMatchObject({ code: 'exchange.forbidden' });
    await expect(t.exchange.inbox(official(['agency_admin']), {})).rejects.toMatchObject({ code: 'exchange.forbidden' });
    const citizen: ExchangeCaller = { kind: 'official', actor: { accountId: 'c', kind: 'citizen', displayName: 'An', agencyCode: null, roles: [] } };
    await expect(t.exchange.inbox(citizen, {})).rejects.toMatchObject({ code: 'exchange.forbidden' });
    await expect(t.exchange.inbox({ kind: 'official', actor: undefined }, {})).rejects.toMatchObject({ code: 'exchange.unauthenticated' });
  });

  it('reads the inbox of a unit of the caller, never of another agency', async () => {
    const doc = documentBytes({ from: G22, to: ['000.00.01.H49'] });
    const sent = await t.exchange.send(system(G22), doc.bytes);
    const unit = await t.exchange.inbox(system(H49), { agency: '000.00.01.H49' });
    expect(unit.items.map((i) => i.package.id)).toEqual([sent.package.id]);
    await expect(t.exchange.inbox(system(H29), { agency: '000.00.01.H49' })).rejects.toMatchObject({ code: 'exchange.agency_out_of_scope' });
  });
});

describe('robustness', () => {
  it('refuses a package over the configured limit before storing anything', async () => {
    const doc = documentBytes({ from: G22, to: [H49] });
    const big = Buffer.concat([doc.bytes, Buffer.alloc(64 * 1024, 0x20)]);
    await expect(t.exchange.send(system(G22), big)).rejects.toMatchObject({ code: 'exchange.package_too_large', kind: 'invalid' });
  });

  it('yields exactly one package when a sender retries while its first attempt is still running', async () => {
    const doc = documentBytes({ from: G22, to: [H49, H29] });
    const results = await Promise.all(Array.from({ length: 5 }, () => t.exchange.send(system(G22), doc.bytes)));
    expect(new Set(results.map((r) => r.package.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const deliveries = await sql<{ n: number }>`SELECT count(*)::int AS n FROM exchange_deliveries WHERE package_id = ${results[0]!.package.id}::uuid`.execute(t.db);
    expect(deliveries.rows[0]?.n).toBe(2);
  });

  it('numbers concurrent sends of one pair without gaps or repeats', async () => {
    const sender = '000.00.02.H49';
    const docs = Array.from({ length: 8 }, () => documentBytes({ from: sender, to: [H29, G22] }));
    await Promise.all(docs.map((d) => t.exchange.send(system(H49), d.bytes)));
    const rows = await sql<{ sequence: number }>`
      SELECT sequence FROM exchange_deliveries WHERE sender_agency = ${sender} AND recipient_agency = ${H29} ORDER BY id
    `.execute(t.db);
    expect(rows.rows.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('stores the original bytes in the file store under their SHA-256', async () => {
    const doc = documentBytes({ from: G22, to: [H49] });
    const sent = await t.exchange.send(system(G22), doc.bytes);
    expect(sent.package.sizeBytes).toBe(doc.bytes.length);
    expect((await t.ctx.files.read(sent.package.contentSha256)).equals(doc.bytes)).toBe(true);
  });
});

describe('demo data', () => {
  it('puts documents in the demo clerks\' inboxes, once however often it runs', async () => {
    const first: string[] = [];
    await t.registration.seedDemo?.((line) => first.push(line));
    const again: string[] = [];
    await t.registration.seedDemo?.((line) => again.push(line));
    const documents = (lines: string[]) => lines.filter((l) => l.includes('demo document'));
    expect(documents(first)).toHaveLength(2);
    expect(documents(first).every((l) => l.includes('sent'))).toBe(true);
    expect(documents(again).every((l) => l.includes('kept'))).toBe(true);
    // The demo clerks (văn thư) are created once, with the exchange's role.
    expect(first.filter((l) => l.includes('demo clerk'))).toHaveLength(2);
    expect(again.filter((l) => l.includes('demo clerk'))).toEqual([]);
    const inbox = await t.exchange.inbox(system(H49), { limit: 200 });
    const demo = inbox.items.filter((i) => i.package.sentBy === 'seed');
    expect(demo.map((i) => [i.package.senderAgency, i.package.priority])).toEqual([
      [G22, 1],
      ['000.00.00.G15', 3],
    ]);
  });
});
